"""Issue 9, case 7: staff sign in with a password and then a second factor; lockout; audit; idle timeout."""

from __future__ import annotations

import re
import time

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from staffauth import services
from staffauth.models import HashedStaticCode, SealedTOTPDevice, backup_code_digest
from supportrecords import roles
from supportrecords.services import ticket_assign
from tests.auth import staff_login
from tests.factories import TicketFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def _password_step(client: Client, user, *, next_url: str = "/admin/") -> None:
    response = client.post(
        f"/admin/login/?next={next_url}", {"username": user.username, "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302, response.content[:500]


def test_a_password_alone_opens_no_admin_page():
    user = UserFactory(role=roles.PRIVACY_OFFICER)
    services.totp_device_ensure(user=user)
    client = Client()
    _password_step(client, user)
    for path in ("/admin/", "/admin/privacy/privacyrequest/", "/admin/audit/auditevent/"):
        response = client.get(path, follow=True)
        assert response.redirect_chain[-1][0].startswith("/admin/otp/"), path
    assert AuditEvent.objects.filter(action="auth.login", actor_id=user.pk).exists()


def test_the_code_step_refuses_a_wrong_code_and_accepts_the_current_one():
    user = UserFactory(role=roles.PRIVACY_OFFICER)
    services.totp_device_ensure(user=user)
    client = Client()
    _password_step(client, user, next_url="/admin/privacy/privacyrequest/")
    wrong = client.post("/admin/otp/", {"code": "000000", "next": "/admin/privacy/privacyrequest/"})
    assert wrong.status_code == 400
    assert AuditEvent.objects.filter(action="auth.otp_fail", actor_id=user.pk).exists()
    # django-otp throttles after a failure: wait out its 1 s back-off
    time.sleep(1.1)
    code = services.totp_code_current(user=user)
    right = client.post("/admin/otp/", {"code": code, "next": "/admin/privacy/privacyrequest/"})
    assert right.status_code == 302 and right["Location"] == "/admin/privacy/privacyrequest/"
    assert client.get("/admin/privacy/privacyrequest/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.otp", actor_id=user.pk).exists()
    time.sleep(0)  # the same code cannot be replayed in another session
    other = Client()
    _password_step(other, user)
    assert other.post("/admin/otp/", {"code": code}).status_code == 400


def test_enrolment_shows_a_qr_code_then_gives_backup_codes_that_work_once():
    user = UserFactory(role=roles.AUDITOR)
    client = Client()
    _password_step(client, user)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/admin/otp/enrol/")
    html = response.content.decode()
    assert "<svg" in html and "<script>" not in html  # the QR code is inline SVG, no inline script
    secret = re.search(r'id="otp-secret">([A-Z2-7]+)<', html)
    assert secret is not None
    device = SealedTOTPDevice.objects.get(user=user, confirmed=False)
    device.confirmed = True  # only to compute the code the app would show
    device.save()
    code = services.totp_code_current(user=user)
    device.confirmed = False
    device.save()
    done = client.post("/admin/otp/enrol/", {"code": code})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == services.BACKUP_CODE_COUNT
    assert client.get("/admin/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.otp_enrol", actor_id=user.pk).exists()

    again = Client()
    _password_step(again, user)
    assert again.post("/admin/otp/", {"code": codes[0]}).status_code == 302
    assert again.get("/admin/").status_code == 200
    assert not HashedStaticCode.objects.filter(digest=backup_code_digest(codes[0])).exists()
    assert HashedStaticCode.objects.filter(device__user=user).count() == services.BACKUP_CODE_COUNT - 1
    third = Client()
    _password_step(third, user)
    assert third.post("/admin/otp/", {"code": codes[0]}).status_code == 400


def test_fifty_wrong_passwords_lock_the_account_out_and_are_audited():
    user = UserFactory(role=roles.PRIVACY_OFFICER)
    services.totp_device_ensure(user=user)
    client = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(50):
        response = client.post("/admin/login/", {"username": user.username, "password": "wrong password!"})
        assert response.status_code in {200, 429}
    right = client.post("/admin/login/?next=/admin/", {"username": user.username, "password": PASSWORD})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.login_fail", target_id=str(user.pk)).count() >= 5
    assert AuditEvent.objects.filter(action="auth.lockout", target_id=str(user.pk)).exists()
    assert not AuditEvent.objects.filter(action="auth.login", actor_id=user.pk).exists()


def test_a_failed_login_for_an_unknown_name_stores_no_name():
    Client().post("/admin/login/", {"username": "my secret password", "password": "x"})
    event = AuditEvent.objects.get(action="auth.login_fail")
    assert event.target_id == "unknown" and "secret" not in str(event.details)


def test_a_reveal_asks_for_a_fresh_code(client):
    agent = UserFactory(role=roles.AGENT)
    ticket = TicketFactory()
    ticket_assign(ticket=ticket, agent=agent, actor=None)
    staff_login(client, agent)
    session = client.session
    session[services.REAUTH_SESSION_KEY] = time.time() - 3600
    session.save()
    url = reverse("admin:supportrecords_customer_reveal", args=[ticket.customer.pk, "phone"])
    change = reverse("admin:supportrecords_customer_change", args=[ticket.customer.pk])
    response = client.post(url, HTTP_REFERER=f"http://testserver{change}")
    assert response.status_code == 302 and response["Location"].startswith("/admin/otp/reauth/")
    assert not AuditEvent.objects.filter(action="customer.reveal").exists()
    code = services.totp_code_current(user=agent)
    assert client.post("/admin/otp/reauth/", {"code": code, "next": change}).status_code == 302
    assert client.post(url).status_code == 200
    assert AuditEvent.objects.filter(action="auth.reauth", actor_id=agent.pk).exists()


def test_an_idle_session_ends_after_thirty_minutes(client, settings):
    assert settings.CUSTOS_STAFF_IDLE_SECONDS == 1800
    user = UserFactory(role=roles.AUDITOR)
    staff_login(client, user)
    assert client.get("/admin/").status_code == 200
    session = client.session
    session[services.ACTIVITY_SESSION_KEY] = time.time() - 1801
    session.save()
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in client.session


def test_the_demo_command_prints_a_code_that_signs_in(settings, capsys):
    user = UserFactory(role=roles.AUDITOR)
    services.totp_device_ensure(user=user)
    with pytest.raises(CommandError):
        call_command("otp_code", user.username)
    settings.CUSTOS_DEMO_OTP = True
    call_command("otp_code", user.username)
    code = capsys.readouterr().out.strip()
    assert re.fullmatch(r"\d{6}", code)
    client = Client()
    _password_step(client, user)
    assert client.post("/admin/otp/", {"code": code}).status_code == 302
