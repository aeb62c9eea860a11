"""Second-factor secrets are never stored in clear: an authenticator's key is encrypted under a data key of its
own, a backup code is stored as a keyed hash. Before, django-otp's devices kept both as typed: a database dump
(or a backup) gave every staff member's second factor."""

from __future__ import annotations

import base64
import re

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test import Client
from django_otp.oath import totp  # type: ignore[import-untyped]  # ships no type information
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken  # type: ignore[import-untyped]  # ships no type information
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]  # ships no type information

from encryption.services import data_keys_rewrap
from staffauth import services
from staffauth.models import HashedStaticDevice, SealedTOTPDevice
from supportrecords import roles
from tests.auth import staff_login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple 9"


def _dump() -> str:
    """Every row of the second-factor tables, as a database dump would show them."""
    rows: list[str] = []
    with connection.cursor() as cursor:
        for model in (SealedTOTPDevice, HashedStaticDevice, HashedStaticDevice.codes.rel.related_model):
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")  # noqa: S608  # a model's own table name
            for row in cursor.fetchall():
                rows.append(" ".join(bytes(v).hex() if isinstance(v, bytes | memoryview) else str(v) for v in row))
    return "\n".join(rows)


def test_an_enrolled_key_and_backup_codes_are_not_in_the_database():
    user = UserFactory(role=roles.AUDITOR)
    device = services.totp_device_ensure(user=user)
    codes = services.backup_codes_replace(user=user)
    key_hex = device.key
    key_b32 = base64.b32encode(device.bin_key).decode()
    dump = _dump().lower()
    assert key_hex.lower() not in dump
    assert key_b32.lower() not in dump
    assert device.bin_key.hex() not in dump
    for code in codes:
        assert code.lower() not in dump
    # Read back through the model, the key is the same and a fresh code from it is accepted.
    reloaded = SealedTOTPDevice.objects.get(pk=device.pk)
    assert reloaded.key == key_hex
    assert reloaded.verify_token(services.totp_code_current(user=user))


def test_a_code_is_accepted_once_and_a_backup_code_once():
    user = UserFactory(role=roles.AUDITOR, password=PASSWORD)
    services.totp_device_ensure(user=user)
    codes = services.backup_codes_replace(user=user)
    code = services.totp_code_current(user=user)
    device = SealedTOTPDevice.objects.get(user=user)
    assert device.verify_token(code)
    assert not SealedTOTPDevice.objects.get(pk=device.pk).verify_token(code), "a used code is refused (replay)"
    backup = HashedStaticDevice.objects.get(user=user)
    assert backup.verify_token(codes[3].upper())  # typed in capitals, as read off paper
    assert not HashedStaticDevice.objects.get(pk=backup.pk).verify_token(codes[3])
    assert backup.codes.count() == len(codes) - 1


def test_a_wrong_backup_code_is_throttled():
    user = UserFactory(role=roles.AUDITOR)
    codes = services.backup_codes_replace(user=user)
    device = HashedStaticDevice.objects.get(user=user)
    assert not device.verify_token("zzzzzzzz")
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert not device.verify_token(codes[0]), "a right code right after a wrong one waits out the throttle"
    assert device.codes.count() == len(codes)


def test_a_key_rotation_rewraps_the_authenticators_data_key(settings):
    user = UserFactory(role=roles.AUDITOR)
    device = services.totp_device_ensure(user=user)
    key = device.key
    settings.CUSTOS_KEKS = {**settings.CUSTOS_KEKS, "rotated": b"\x07" * 32}
    settings.CUSTOS_ACTIVE_KEK_ID = "rotated"
    data_keys_rewrap()
    assert device.data_key.__class__.objects.get(pk=device.data_key_id).kek_id == "rotated"
    from encryption.keyring import key_cache

    key_cache.clear()
    assert SealedTOTPDevice.objects.get(pk=device.pk).key == key


def test_the_migration_moves_plain_devices_and_staff_keep_their_app_and_codes():
    """A deployment enrolled before the sealed devices: the same authenticator app and the same unused backup
    codes still sign in, and the plain rows are gone."""
    migration = __import__("staffauth.migrations.0002_move_otp_devices", fromlist=["forwards"])
    user = UserFactory(role=roles.AUDITOR, password=PASSWORD)
    plain = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    static = StaticDevice.objects.create(user=user, name="backup codes", confirmed=True)
    StaticToken.objects.create(device=static, token="abcd2345")
    StaticToken.objects.create(device=static, token="efgh6789")
    app_code = str(totp(plain.bin_key, step=30, t0=0, digits=6)).zfill(6)

    migration.forwards(django_apps, None)

    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists() and not StaticToken.objects.exists()
    dump = _dump().lower()
    assert plain.key.lower() not in dump and "abcd2345" not in dump and "efgh6789" not in dump
    client = Client()
    assert client.post("/admin/login/", {"username": user.username, "password": PASSWORD}).status_code == 302
    assert client.post("/admin/otp/", {"code": app_code}).status_code == 302
    other = Client()
    other.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert other.post("/admin/otp/", {"code": "efgh6789"}).status_code == 302


def test_the_admin_lists_devices_without_any_secret_and_django_otps_pages_are_gone():
    owner = UserFactory(role=roles.AUDITOR)
    device = services.totp_device_ensure(user=owner)
    codes = services.backup_codes_replace(user=owner)
    admin = UserFactory(is_superuser=True, is_staff=True)
    client = Client()
    staff_login(client, admin)
    for url in ("/admin/staffauth/sealedtotpdevice/", f"/admin/staffauth/sealedtotpdevice/{device.pk}/change/"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert owner.username in html
        assert device.key not in html and base64.b32encode(device.bin_key).decode() not in html
    response = client.get("/admin/staffauth/hashedstaticdevice/")
    assert response.status_code == 200
    assert not any(code in response.content.decode() for code in codes)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert client.get("/admin/otp_static/staticdevice/").status_code == 404
    assert client.get("/admin/staffauth/sealedtotpdevice/add/").status_code == 403
    index = client.get("/admin/").content.decode()
    assert re.search(r"Enrolled authenticators", index)
