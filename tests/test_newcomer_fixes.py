"""What a newcomer found walking every role in English and Chinese (issue 10, second walk): honest wording after
an exposure and an anomaly lock, translated labels, plain names where a user page is out of reach, wording that
follows a request's state, redaction badges, an admin index that shows what a role can use, read-only legal
holds, confirm links checked before the button, a favicon."""

from __future__ import annotations

import html as htmllib
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.anomaly import Breach, access_lock
from supportrecords import roles
from supportrecords.models import Ticket
from supportrecords.services import ticket_assign
from tests.auth import staff_login
from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


def _visible(response) -> str:
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _exposed_ticket_page(client, make_user) -> str:
    agent = make_user(roles.AGENT)
    ticket = TicketFactory()
    ticket_assign(ticket=ticket, agent=agent, actor=None)
    Ticket.objects.filter(pk=ticket.pk).update(secret_exposed=True, secret_exposed_at=timezone.now())
    staff_login(client, agent)
    return _visible(client.get(reverse("admin:supportrecords_ticket_change", args=[ticket.pk])))


def test_an_exposure_without_security_contacts_does_not_claim_security_was_alerted(client, make_user, settings):
    settings.CUSTOS_SECURITY_CONTACTS = []
    text = _exposed_ticket_page(client, make_user)
    assert "security was alerted" not in text
    assert "no security contact is configured" in text


def test_an_exposure_with_security_contacts_says_they_are_being_emailed(client, make_user, settings):
    settings.CUSTOS_SECURITY_CONTACTS = ["sec@example.com"]
    text = _exposed_ticket_page(client, make_user)
    assert "The security contacts are being emailed." in text


def test_the_automatic_exposure_reply_makes_no_claim_about_the_security_team(db):
    from supportrecords.exposure import auto_reply_text, reply_template_get

    text = auto_reply_text(reply_template_get())
    assert "has been told" not in text and "已收到通知" not in text
    assert "marked as a security case" in text


def test_a_locked_account_is_told_what_happened_and_whom_to_ask(client, make_user, settings):
    settings.CUSTOS_SECURITY_CONTACTS = []
    agent = make_user(roles.AGENT)
    ticket = TicketFactory()
    ticket_assign(ticket=ticket, agent=agent, actor=None)
    access_lock(user=agent, breach=Breach(rule="reveals", evidence={"reveals": 500}))
    staff_login(client, agent)
    response = client.get(reverse("admin:supportrecords_ticket_change", args=[ticket.pk]))
    assert response.status_code == 403
    text = _visible(response)
    assert "Your access to customer content is locked" in text
    assert "No security contact is configured" in text


def test_a_locked_accounts_empty_ticket_list_says_why(client, make_user):
    # Found by a newcomer: "0 tickets" and no reason, until a ticket was opened from elsewhere.
    agent = make_user(roles.AGENT)
    ticket_assign(ticket=TicketFactory(), agent=agent, actor=None)
    staff_login(client, agent)
    assert "is locked" not in _visible(client.get(reverse("admin:supportrecords_ticket_changelist")))
    access_lock(user=agent, breach=Breach(rule="reveals", evidence={"reveals": 500}))
    text = _visible(client.get(reverse("admin:supportrecords_ticket_changelist")))
    assert "Your access to customer content is locked" in text and "Access locks" in text
    chinese = _visible(client.get(reverse("admin:supportrecords_ticket_changelist"), HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert "访问锁定" in chinese


def test_the_sign_in_lockout_is_a_translated_admin_page_saying_when_and_whom_to_ask(settings):
    from django.test import Client

    from tests.factories import UserFactory

    settings.AXES_FAILURE_LIMIT = 2
    user = UserFactory(role=roles.AGENT)
    for language, expected in (("en", "You can try again after"), ("zh-hans", "您可以在")):
        client = Client(REMOTE_ADDR="198.51.100.8", HTTP_ACCEPT_LANGUAGE=language)
        response = None
        for _ in range(3):
            response = client.post("/admin/login/", {"username": user.username, "password": "wrong password!"})
        assert response is not None and response.status_code == 429
        html = response.content.decode()
        assert 'id="header"' in html  # the admin's look, not bare text
        assert expected in _visible(response)
    assert "administrator" in _visible(
        Client(REMOTE_ADDR="198.51.100.8").post("/admin/login/", {"username": user.username, "password": "x"})
    )


def test_the_privacy_request_page_reads_in_chinese(client, make_user, settings):
    from deletion.services import legal_hold_place
    from privacy.models import PrivacyRequest, PrivacyRequestEvent, PrivacyRequestStatus
    from privacy.services import privacy_request_submit

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "zh"}}
    ticket = TicketFactory()
    compliance = make_user(roles.COMPLIANCE_OFFICER)
    legal_hold_place(actor=compliance, kind="litigation", reason="Case 4", customer_id=ticket.customer_id)
    outcome = privacy_request_submit(
        kind="erasure",
        exchange_account_id=ticket.customer.exchange_account_id,
        email=ticket.customer.email,
        language="zh-hans",
        ip="203.0.113.9",
    )
    assert outcome.request_id is not None
    PrivacyRequest.objects.filter(pk=outcome.request_id).update(
        status=PrivacyRequestStatus.PENDING_REVIEW, verified_at=timezone.now()
    )
    officer = make_user(roles.PRIVACY_OFFICER)
    PrivacyRequestEvent.objects.create(request_id=outcome.request_id, kind="received", actor=officer)
    staff_login(client, officer)
    url = reverse("admin:privacy_privacyrequest_change", args=[outcome.request_id])
    text = _visible(client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans"))
    for english in ("Extended by", "ACTOR", "Actor", "PROCESSOR", "Processor", "hold on", "(customer)", "(ticket)"):
        assert english not in text, english
    assert "延期人" in text and "操作人" in text and "诉讼（该客户的全部记录）" in text


def test_a_legal_hold_and_the_demo_teams_have_chinese_names(db):
    from django.utils import translation

    from deletion.models import LegalHold
    from supportrecords.models import Team

    hold = LegalHold(kind="litigation", customer_id=33)
    with translation.override("zh-hans"):
        assert str(hold) == "对客户 #33 的诉讼保全"
        assert str(Team(name="Greater China")) == "大中华区" and str(Team(name="Europe")) == "欧洲"
        assert str(Team(name="Night shift")) == "Night shift"
    with translation.override("en"):
        assert str(hold) == "Litigation hold on customer #33"


def test_audit_details_are_labelled_in_chinese(db):
    from django.utils import translation

    from audit.admin import details_label

    with translation.override("zh-hans"):
        shown = details_label({"assigned": False, "awaiting_second": True, "tipping_off": True})
    assert "assigned" not in shown and "awaiting" not in shown and "tipping" not in shown
    assert "否" in shown


def test_names_of_users_are_links_only_for_viewers_who_may_open_users(client, make_user, settings):
    from privacy.models import PrivacyRequest, PrivacyRequestStatus
    from privacy.services import privacy_request_submit

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ln"}}
    ticket = TicketFactory()
    officer = make_user(roles.PRIVACY_OFFICER)
    outcome = privacy_request_submit(
        kind="access",
        exchange_account_id=ticket.customer.exchange_account_id,
        email=ticket.customer.email,
        language="en",
        ip="203.0.113.9",
    )
    assert outcome.request_id is not None
    PrivacyRequest.objects.filter(pk=outcome.request_id).update(
        status=PrivacyRequestStatus.REJECTED, decided_by=officer, verified_at=timezone.now()
    )
    url = reverse("admin:privacy_privacyrequest_change", args=[outcome.request_id])
    user_url = reverse("admin:auth_user_change", args=[officer.pk])
    staff_login(client, officer)
    html = client.get(url).content.decode()
    assert officer.username in html and user_url not in html
    assert client.get(user_url).status_code == 403
    client.logout()
    staff_login(client, make_user(None, is_superuser=True, is_staff=True))
    assert user_url in client.get(url).content.decode()


def test_a_bogus_confirm_link_is_refused_before_any_button(client, db, settings):
    from privacy.models import PrivacyRequest, PrivacyRequestStatus
    from privacy.services import privacy_request_submit
    from privacy.tokens import nonce_new, verify_token_make

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cf"}}
    bogus = client.get("/privacy/confirm/abc.def:ghi/")
    assert bogus.status_code == 400
    assert "This link is not valid" in _visible(bogus) and "Confirm my request" not in _visible(bogus)
    ticket = TicketFactory()
    outcome = privacy_request_submit(
        kind="access",
        exchange_account_id=ticket.customer.exchange_account_id,
        email=ticket.customer.email,
        language="en",
        ip="203.0.113.9",
    )
    assert outcome.request_id is not None
    request = PrivacyRequest.objects.get(pk=outcome.request_id)
    nonce, digest = nonce_new()
    PrivacyRequest.objects.filter(pk=request.pk).update(verification_digest=digest)
    token = verify_token_make(request_uid=str(request.uid), nonce=nonce)
    tampered = client.get(f"/privacy/confirm/{token[:-2]}xx/")
    assert tampered.status_code == 400 and "Confirm my request" not in _visible(tampered)
    superseded = client.get(f"/privacy/confirm/{verify_token_make(request_uid=str(request.uid), nonce='old')}/")
    assert superseded.status_code == 400
    genuine = client.get(f"/privacy/confirm/{token}/")
    assert genuine.status_code == 200 and "Confirm my request" in _visible(genuine)
    request.refresh_from_db()
    assert request.status == PrivacyRequestStatus.UNVERIFIED  # GET confirms nothing


def _finished_erasure(make_user, settings):
    from privacy.models import PrivacyRequest, PrivacyRequestEvent, PrivacyRequestStatus
    from privacy.services import privacy_request_submit

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fin"}}
    ticket = TicketFactory()
    outcome = privacy_request_submit(
        kind="erasure",
        exchange_account_id=ticket.customer.exchange_account_id,
        email=ticket.customer.email,
        language="en",
        ip="203.0.113.9",
    )
    assert outcome.request_id is not None
    now = timezone.now()
    PrivacyRequest.objects.filter(pk=outcome.request_id).update(
        approved_by=make_user(roles.PRIVACY_OFFICER),
        approved_at=now,
        started_at=now,
        status=PrivacyRequestStatus.COMPLETED,
        verified_at=now,
        deadline_at=now + timedelta(days=30),
        completed_at=now,
        closed_at=now,
    )
    for tickets in (2, 3):  # an erasure in two chunks
        PrivacyRequestEvent.objects.create(request_id=outcome.request_id, kind="erased", details={"tickets": tickets})
    PrivacyRequestEvent.objects.create(request_id=outcome.request_id, kind="completed")
    return PrivacyRequest.objects.get(pk=outcome.request_id)


def test_a_finished_request_is_worded_as_finished_for_staff_and_customer(client, make_user, settings):
    from privacy.tokens import track_token_make

    request = _finished_erasure(make_user, settings)
    staff_login(client, make_user(roles.PRIVACY_OFFICER))
    staff = _visible(client.get(reverse("admin:privacy_privacyrequest_change", args=[request.pk])))
    assert "Completed on" in staff and "nothing has run yet" not in staff
    client.logout()
    client.get(reverse("privacy:status", args=[track_token_make(request_uid=str(request.uid))]))
    page = _visible(client.get(reverse("privacy:status_current")))
    assert "Completed on" in page and "We answer by" not in page
    assert page.count("Records erased") == 1 and "(5 tickets)" in page  # two chunks, one step


def test_the_history_button_comes_before_the_review_tables(client, make_user, settings):
    request = _finished_erasure(make_user, settings)
    staff_login(client, make_user(roles.PRIVACY_OFFICER))
    html = client.get(reverse("admin:privacy_privacyrequest_change", args=[request.pk])).content.decode()
    assert html.count('class="object-tools"') == 1
    assert html.index('class="object-tools"') < html.index('id="privacy-scope"')


def test_redaction_markers_read_as_translated_badges_and_stay_stored(client, make_user):
    from django.utils import translation

    from supportrecords.markers import markers_as_badges, markers_as_words
    from supportrecords.models import Message
    from supportrecords.services import message_create

    agent = make_user(roles.AGENT)
    ticket = TicketFactory()
    ticket_assign(ticket=ticket, agent=agent, actor=None)
    message = message_create(ticket=ticket, author_kind="customer", body="my words: [REDACTED:seed_phrase] <b>help</b>")
    staff_login(client, agent)
    html = client.get(reverse("admin:supportrecords_ticket_change", args=[ticket.pk])).content.decode()
    assert "[REDACTED:seed_phrase]" not in html and "[recovery phrase removed]" in html
    assert "&lt;b&gt;help&lt;/b&gt;" in html  # the rest of the text is still escaped
    assert "[REDACTED:seed_phrase]" in Message.objects.get(pk=message.pk).body
    with translation.override("zh-hans"):
        assert markers_as_words("a [REDACTED:seed_phrase] b") == "a [已删除助记词] b"
        assert "[已删除私钥]" in markers_as_badges("[REDACTED:private_key]")


def test_the_admin_index_shows_each_role_what_it_can_use_under_human_names(client, make_user):
    from django.contrib.auth.models import Permission

    auditor = make_user(roles.AUDITOR)
    auditor.user_permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["axes", "otp_static", "staffauth"])
    )
    staff_login(client, auditor)
    text = _visible(client.get(reverse("admin:index")))
    assert "Support records" not in text and "What your role can open" in text
    assert "Axes" not in text and "AXES" not in text and "Otp_Static" not in text and "Static devices" not in text
    assert "Two-factor devices" not in text
    client.logout()
    staff_login(client, make_user(None, is_superuser=True, is_staff=True))
    text = _visible(client.get(reverse("admin:index")))
    assert "Sign-in lockouts" in text and "Two-factor devices" in text and "Axes" not in text
    assert "Enrolled authenticators" in text and "Backup code sets" in text and "Staffauth" not in text
    zh = _visible(client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert "登录锁定" in zh and "双重验证设备" in zh and "Static devices" not in zh


def test_a_placed_legal_hold_reads_without_save_buttons_and_filters_by_state(client, make_user):
    from deletion.services import legal_hold_place

    compliance = make_user(roles.COMPLIANCE_OFFICER)
    ticket = TicketFactory()
    hold = legal_hold_place(actor=compliance, kind="litigation", reason="Case 9", ticket_id=ticket.pk)
    staff_login(client, compliance)
    page = client.get(reverse("admin:deletion_legalhold_change", args=[hold.pk])).content.decode()
    assert 'name="_save"' not in page and 'name="_continue"' not in page and "Litigation" in page
    listing = client.get(reverse("admin:deletion_legalhold_changelist"))
    text = _visible(listing)
    assert "Empty" not in text and "Not empty" not in text
    assert "Active" in text and "Released" in text and "Litigation" in text
    assert hold.pk in [
        h.pk
        for h in client.get(reverse("admin:deletion_legalhold_changelist") + "?state=active").context["cl"].result_list
    ]
    assert not client.get(reverse("admin:deletion_legalhold_changelist") + "?state=released").context["cl"].result_list
    zh = _visible(client.get(reverse("admin:deletion_legalhold_changelist"), HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert "生效中" in zh and "已解除" in zh


def test_the_favicon_is_served_and_linked(client, make_user):
    from django.contrib.staticfiles import finders

    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith(".ico")
    assert finders.find("custos/favicon.ico")
    assert 'rel="icon"' in client.get("/privacy/").content.decode()
    staff_login(client, make_user(roles.AGENT))
    assert 'rel="icon"' in client.get(reverse("admin:index")).content.decode()


def test_translated_strings_go_through_names_makemessages_extracts():
    """`gettext as _t` hid "Release this hold…" from makemessages: it stayed English in Chinese."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    extracted = {
        "_",
        "gettext",
        "gettext_lazy",
        "ngettext",
        "ngettext_lazy",
        "pgettext",
        "pgettext_lazy",
        "gettext_noop",
    }
    bad = []
    for path in root.rglob("*.py"):
        parts = set(path.relative_to(root).parts)
        if parts & {".venv", "var", "tests", "bench", "node_modules"}:
            continue
        for match in re.finditer(r"from django\.utils\.translation import (\w+) as (\w+)", path.read_text("utf-8")):
            if match.group(2) not in extracted:
                bad.append(f"{path.relative_to(root)}: {match.group(0)}")
    assert not bad, bad


def test_the_public_forms_help_texts_are_the_ones_their_fields_point_to(client):
    """A newcomer's walk (2026-12-07): aria-describedby named "id_exchange_account_id_helptext", the paragraph was
    "id_exchange_account_id-help"."""
    import re

    page = client.get("/privacy/").content.decode()
    described = set(re.findall(r'aria-describedby="([^"]+)"', page))
    ids = set(re.findall(r'id="([^"]+)"', page))
    assert described and all(set(value.split()) <= ids for value in described), described - ids
