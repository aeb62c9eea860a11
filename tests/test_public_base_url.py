"""Links in emails and printed URLs follow the bound address unless CUSTOS_PUBLIC_BASE_URL says otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRINT = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.CUSTOS_PUBLIC_BASE_URL, s.CUSTOS_ADMIN_BASE_URL)"
)


def _base_urls(**env: str) -> list[str]:
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CUSTOS_PUBLIC_BASE_URL", "CUSTOS_ADMIN_BASE_URL", "CUSTOS_BIND")
    }
    environ.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    out = subprocess.run(
        [sys.executable, "-c", PRINT], cwd=ROOT, env=environ, capture_output=True, text=True, check=True
    )
    return out.stdout.split()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"CUSTOS_BIND": "127.0.0.1:8110"}, ["http://127.0.0.1:8110", "http://127.0.0.1:8110"]),
        ({"CUSTOS_BIND": "0.0.0.0:9000"}, ["http://127.0.0.1:9000", "http://127.0.0.1:9000"]),
        ({}, ["http://127.0.0.1:8000", "http://127.0.0.1:8000"]),
        (
            {"CUSTOS_BIND": "127.0.0.1:8110", "CUSTOS_PUBLIC_BASE_URL": "https://privacy.example.com/"},
            ["https://privacy.example.com", "https://privacy.example.com"],
        ),
        (
            {"CUSTOS_PUBLIC_BASE_URL": "https://privacy.example.com", "CUSTOS_ADMIN_BASE_URL": "https://staff.example"},
            ["https://privacy.example.com", "https://staff.example"],
        ),
    ],
)
def test_base_urls_default_to_the_bound_address(env, expected):
    assert _base_urls(**env) == expected


def test_the_privacy_emails_link_to_the_public_base_url(settings):
    from privacy.emails import public_url

    settings.CUSTOS_PUBLIC_BASE_URL = "http://127.0.0.1:8110"
    assert public_url("/privacy/status/x/") == "http://127.0.0.1:8110/privacy/status/x/"
