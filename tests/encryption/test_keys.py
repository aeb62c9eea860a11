from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from encryption.exceptions import KeyUnwrapError, UnknownKek
from encryption.keyring import key_cache
from encryption.models import DataKey
from encryption.services import data_key_create
from supportrecords.models import Customer

ROOT = Path(__file__).resolve().parents[2]


def _key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def _configure_keks(settings, keks: dict[str, bytes]) -> None:
    settings.CUSTOS_KEKS = keks
    settings.CUSTOS_ACTIVE_KEK_ID = next(iter(keks))
    key_cache.clear()  # as in a process started with the new configuration


def test_data_key_is_stored_only_wrapped(db):
    data_key = data_key_create()
    stored = DataKey.objects.get(pk=data_key.pk)
    assert stored.kek_id and stored.wrapped_key and len(bytes(stored.wrapped_key)) == 1 + 12 + 32 + 16


def test_wrong_kek_fails_loudly(settings, customer):
    _configure_keks(settings, {customer.data_key.kek_id: os.urandom(32)})
    with pytest.raises(KeyUnwrapError):
        _ = Customer.objects.get(pk=customer.pk).email


def test_unconfigured_kek_is_named_in_the_error(settings, customer):
    _configure_keks(settings, {"other": os.urandom(32)})
    with pytest.raises(UnknownKek, match=customer.data_key.kek_id):
        _ = Customer.objects.get(pk=customer.pk).email


def test_rotate_keks_rewraps_every_key_and_data_stays_readable(settings, customer, capsys):
    old_id = customer.data_key.kek_id
    old_keks = dict(settings.CUSTOS_KEKS)
    others = [data_key_create() for _ in range(4)]
    new_key = os.urandom(32)
    _configure_keks(settings, {"rotated-2": new_key, **old_keks})

    call_command("rotate_keks", "--batch-size", "2", "--limit", "3")
    assert DataKey.objects.filter(kek_id="rotated-2").count() == 3  # stopped part way: resumable
    call_command("rotate_keks", "--batch-size", "2")
    assert "0 remain" in capsys.readouterr().out
    assert not DataKey.objects.filter(kek_id=old_id).exists()
    assert {k.kek_id for k in DataKey.objects.filter(pk__in=[o.pk for o in others])} == {"rotated-2"}

    # With only the new KEK configured, everything still decrypts.
    _configure_keks(settings, {"rotated-2": new_key})
    assert Customer.objects.get(pk=customer.pk).email == customer.email


def test_rotate_keks_dry_run_changes_nothing(settings, customer, capsys):
    _configure_keks(settings, {"rotated-3": os.urandom(32), **settings.CUSTOS_KEKS})
    call_command("rotate_keks", "--dry-run")
    assert "1 data keys would be rewrapped" in capsys.readouterr().out
    assert DataKey.objects.get(pk=customer.data_key_id).kek_id != "rotated-3"


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("CUSTOS_", "SECRET_KEY", "DEBUG"))}
    base.update(
        CUSTOS_ENV_FILE="/nonexistent",
        SECRET_KEY="x" * 60 + "yz0123456789abcdefghij",
        CUSTOS_KEKS=f"k1:{_key()}",
        CUSTOS_BLIND_INDEX_KEY=_key(),
        CUSTOS_CERTIFICATE_SIGNING_KEY=_key(),
    )
    base.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"CUSTOS_KEKS": ""}, "CUSTOS_KEKS"),
        ({"CUSTOS_KEKS": "k1:not-base64!!"}, "CUSTOS_KEKS"),
        ({"CUSTOS_KEKS": "k1:" + base64.b64encode(b"short").decode()}, "CUSTOS_KEKS"),
        ({"CUSTOS_KEKS": "nokeyid"}, "CUSTOS_KEKS"),
        ({"CUSTOS_BLIND_INDEX_KEY": ""}, "CUSTOS_BLIND_INDEX_KEY"),
        ({"CUSTOS_BLIND_INDEX_KEY": "AAAA"}, "CUSTOS_BLIND_INDEX_KEY"),
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"CUSTOS_CERTIFICATE_SIGNING_KEY": "", "DEBUG": "false"}, "CUSTOS_CERTIFICATE_SIGNING_KEY"),
        ({"CUSTOS_CERTIFICATE_SIGNING_KEY": "c2hvcnQ="}, "CUSTOS_CERTIFICATE_SIGNING_KEY"),
    ],
)
def test_missing_or_malformed_key_fails_at_start_up_naming_the_variable(env, named):
    result = _manage("check", **env)
    assert result.returncode != 0
    assert named in result.stderr
    for value in env.values():
        if len(value) > 8:
            assert value not in result.stderr  # the bad key itself is never echoed


def test_check_deploy_is_clean_with_debug_off_and_documented_variables_set():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", DEBUG="false", ALLOWED_HOSTS="custos.example")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "WARNINGS" not in result.stderr
