"""Issue 9, HTTP: a strict Content-Security-Policy (no inline script anywhere we render) and security headers."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.auth import staff_login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def _check(response) -> None:
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html)
    assert not EVENT_HANDLER.search(html), EVENT_HANDLER.search(html)


@pytest.mark.parametrize("path", ["/privacy/", "/privacy/certificates/verify/", "/admin/login/"])
def test_public_pages_send_a_strict_policy_and_have_no_inline_script(path):
    response = Client().get(path)
    assert response.status_code == 200
    _check(response)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/supportrecords/ticket/",
        "/admin/supportrecords/customer/",
        "/admin/privacy/privacyrequest/",
        "/admin/audit/auditevent/",
        "/admin/otp/backup-codes/",
    ],
)
def test_admin_pages_send_a_strict_policy_and_have_no_inline_script(client, path):
    staff_login(client, UserFactory(is_superuser=True))
    response = client.get(path)
    assert response.status_code == 200, path
    _check(response)


def test_the_enrolment_page_shows_its_qr_code_without_script():
    user = UserFactory()
    client = Client()
    client.post("/admin/login/", {"username": user.username, "password": "correct horse battery staple"})
    response = client.get("/admin/otp/enrol/")
    assert response.status_code == 200 and "<svg" in response.content.decode()
    _check(response)
