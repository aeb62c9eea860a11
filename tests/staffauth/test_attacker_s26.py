"""An attacker's pass of 2026-12-07's fourth session over staff sign-in, turned into tests."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from audit.models import AuditEvent
from staffauth import services
from staffauth.models import SealedTOTPDevice
from staffauth.services import REAUTH_SESSION_KEY
from supportrecords import roles
from tests.auth import staff_login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _stale(client: Client) -> None:
    session = client.session
    session[REAUTH_SESSION_KEY] = time.time() - 3600
    session.save()


def test_replacing_an_enrolled_authenticator_asks_for_a_fresh_code_first():
    # A verified session more than five minutes old could enrol a new authenticator (and get new backup codes)
    # with no code from the old one: a stolen cookie became a permanent second factor.
    user = UserFactory(role=roles.AGENT)
    client = Client()
    staff_login(client, user)
    old = SealedTOTPDevice.objects.get(user=user)
    _stale(client)
    response = client.get("/admin/otp/enrol/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/otp/reauth/")
    assert client.post("/admin/otp/enrol/", {"code": "123456"}).status_code == 302
    assert list(SealedTOTPDevice.objects.filter(user=user)) == [old]
    # With a fresh code from the enrolled authenticator, the replacement goes ahead.
    assert client.post("/admin/otp/reauth/?next=/admin/otp/enrol/", {"code": services.totp_code_current(user=user)})[
        "Location"
    ].endswith("/admin/otp/enrol/")
    assert client.get("/admin/otp/enrol/").status_code == 200


def test_new_backup_codes_are_audited():
    user = UserFactory(role=roles.AGENT)
    client = Client()
    staff_login(client, user)
    assert client.post("/admin/otp/backup-codes/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.backup_codes", actor_id=user.pk).count() == 1


def test_a_superuser_removing_a_device_is_audited_and_filters_on_the_key_are_refused():
    owner = UserFactory(role=roles.AUDITOR)
    device = services.totp_device_ensure(user=owner)
    admin = UserFactory(is_superuser=True, is_staff=True)
    client = Client()
    staff_login(client, admin)
    assert client.get("/admin/staffauth/sealedtotpdevice/?key=a").status_code == 400
    assert client.get("/admin/staffauth/sealedtotpdevice/?confirmed__exact=1").status_code == 200
    response = client.post(f"/admin/staffauth/sealedtotpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not SealedTOTPDevice.objects.filter(pk=device.pk).exists()
    event = AuditEvent.objects.get(action="auth.otp_device_delete")
    assert event.actor_id == admin.pk and event.target_id == str(owner.pk)


def test_a_new_integrations_token_never_travels_in_a_cookie():
    admin = UserFactory(is_superuser=True, is_staff=True)
    client = Client()
    staff_login(client, admin)
    response = client.post(
        "/admin/supportrecords/integration/add/", {"name": "atk2", "rate_limit": "600/min"}, follow=False
    )
    assert response.status_code == 302
    assert "messages" not in response.cookies
    assert all("cst_" not in morsel.value for morsel in response.cookies.values())
    page = client.get(response["Location"]).content.decode()
    assert "cst_" in page  # shown once, on the next page


def test_a_wrong_code_counts_against_one_device_and_a_backup_code_in_capitals_signs_in():
    # django-otp's match_token tried every device: one wrong code throttled the authenticator and the backup codes,
    # so someone with the password alone kept the owner's backup codes unusable.
    from staffauth.models import HashedStaticDevice

    user = UserFactory(role=roles.AGENT, password="correct horse battery staple 9")
    services.totp_device_ensure(user=user)
    codes = services.backup_codes_replace(user=user)
    client = Client()
    assert client.post("/admin/login/", {"username": user.username, "password": "correct horse battery staple 9"})
    assert client.post("/admin/otp/", {"code": "000000"}).status_code == 400
    assert SealedTOTPDevice.objects.get(user=user).throttling_failure_count == 1
    assert HashedStaticDevice.objects.get(user=user).throttling_failure_count == 0
    assert client.post("/admin/otp/", {"code": codes[0].upper()}).status_code == 302
