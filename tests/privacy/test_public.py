"""The public pages: request form, confirmation link, status page; enumeration, CSRF, rate limits, bad input."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.core import mail, signing
from django.test import Client

from audit.models import AuditEvent
from privacy.models import PrivacyRequest, PrivacyRequestStatus
from privacy.tokens import VERIFY_SALT, nonce_new, track_token_make
from tests.auth import staff_login
from tests.privacy.helpers import client, links_in, make_customer, path_of, submitted, token_of

pytestmark = pytest.mark.django_db


def _form(customer, **overrides):
    data = {
        "kind": "erasure",
        "exchange_account_id": customer.exchange_account_id,
        "email": customer.email,
        "language": "en",
        "rectification_wrong": "",
        "rectification_correct": "",
    }
    data.update(overrides)
    return data


def test_the_form_renders_in_english_and_chinese_without_javascript(privacy_settings):
    english = client().get("/privacy/")
    assert english.status_code == 200
    assert b"<script" not in english.content and b'lang="en"' in english.content
    chinese = client().get("/privacy/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert 'lang="zh-hans"' in chinese.content.decode()
    assert "发送请求" in chinese.content.decode()


def test_a_matching_submission_emails_a_single_use_link(privacy_settings, django_capture_on_commit_callbacks, eager):
    customer = make_customer()
    with django_capture_on_commit_callbacks(execute=True):
        response = client().post("/privacy/", _form(customer, language="zh-hans"))
    assert response.status_code == 302 and response["Location"] == "/privacy/sent/"
    request = PrivacyRequest.objects.get(customer_id=customer.pk)
    assert request.status == PrivacyRequestStatus.UNVERIFIED and request.language == "zh-hans"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [customer.email]
    assert "确认" in mail.outbox[0].subject
    link = path_of(links_in(mail.outbox[0])[0])
    assert link.startswith("/privacy/confirm/")
    # What the customer typed is stored encrypted under the request's own key, never in the clear.
    assert customer.email.encode() not in bytes(request.email_ciphertext)  # type: ignore[attr-defined]


def test_unknown_accounts_and_mismatched_emails_get_the_same_answer(
    privacy_settings, django_capture_on_commit_callbacks, eager
):
    customer = make_customer()
    answers = []
    for data in (
        _form(customer),
        _form(customer, exchange_account_id="UID-DOES-NOT-EXIST"),
        _form(customer, email="someone.else@example.com"),
    ):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = client().post("/privacy/", data, follow=True)
        answers.append(re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode()))
        assert len(mail.outbox) == 1 and mail.outbox[0].to == [data["email"]]
    assert answers[0] == answers[1] == answers[2]
    assert PrivacyRequest.objects.count() == 1
    assert AuditEvent.objects.filter(action="privacy_request.submit_unmatched").count() == 2


def test_the_confirmation_link_is_confirmed_by_post_only_and_leads_to_the_status_page(
    privacy_settings, django_capture_on_commit_callbacks, eager
):
    customer = make_customer()
    request, link = submitted(customer, django_capture_on_commit_callbacks)
    page = client().get(link)
    assert page.status_code == 200 and b'method="post"' in page.content
    request.refresh_from_db()
    assert request.status == PrivacyRequestStatus.UNVERIFIED  # a mail scanner's GET confirms nothing
    browser = client()
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = browser.post(link)
    assert confirmed.status_code == 302 and confirmed["Location"] == "/privacy/status/"  # no token in the address
    request.refresh_from_db()
    assert request.status == PrivacyRequestStatus.PENDING_REVIEW and request.deadline_at is not None
    status = browser.get(confirmed["Location"])
    assert status.status_code == 200 and b'data-status="pending_review"' in status.content
    assert request.deadline_at.strftime("%Y-%m-%d").encode() in status.content
    assert any("confirmed" in m.subject for m in mail.outbox)  # the "verified" email, sent by the task


def test_a_used_link_replayed_confirms_nothing_twice_and_shows_the_request(
    privacy_settings, django_capture_on_commit_callbacks, eager
):
    """Issue 9, case 3: a confirmation retried (after an error, a broker outage) is not a 409 and not a second
    confirmation: the request's page, with its one "verified" event and email."""
    customer = make_customer()
    request, link = submitted(customer, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assert client().post(link).status_code == 302
    verified_mails = len(mail.outbox)
    browser = client()
    with django_capture_on_commit_callbacks(execute=True):
        replay = browser.post(link)
    assert replay.status_code == 302 and replay["Location"] == "/privacy/status/"
    assert b'data-status="pending_review"' in browser.get("/privacy/status/").content
    assert request.events.filter(kind="verified").count() == 1 and len(mail.outbox) == verified_mails


def test_an_expired_link_is_refused(privacy_settings, django_capture_on_commit_callbacks, monkeypatch):
    customer = make_customer()
    _request, link = submitted(customer, django_capture_on_commit_callbacks)
    import time as real_time

    later = real_time.time() + 25 * 3600
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: later))
    response = client().post(link)
    assert response.status_code == 410 and b"expired" in response.content


def test_forged_and_altered_links_are_refused(privacy_settings, django_capture_on_commit_callbacks):
    customer = make_customer()
    request, link = submitted(customer, django_capture_on_commit_callbacks)
    token = token_of(link)
    nonce, _digest = nonce_new()
    forged = signing.dumps({"r": str(request.uid), "n": nonce}, salt=VERIFY_SALT, key="not-our-secret-key" * 3)
    wrong_nonce = signing.dumps({"r": str(request.uid), "n": nonce}, salt=VERIFY_SALT)
    other_purpose = track_token_make(request_uid=str(request.uid))
    for bad in (forged, wrong_nonce, other_purpose, token[:-2] + "xx", "x" * 500):
        assert client().post(f"/privacy/confirm/{bad}/").status_code == 400
    request.refresh_from_db()
    assert request.status == PrivacyRequestStatus.UNVERIFIED


def test_a_double_submit_keeps_one_request_and_only_the_newest_link_works(
    privacy_settings, django_capture_on_commit_callbacks
):
    customer = make_customer()
    first, first_link = submitted(customer, django_capture_on_commit_callbacks)
    second, second_link = submitted(customer, django_capture_on_commit_callbacks)
    assert first.pk == second.pk and PrivacyRequest.objects.count() == 1
    assert client().post(first_link).status_code == 400
    assert client().post(second_link).status_code == 302


def test_rate_limits_per_ip_and_per_email_show_a_try_later_page(privacy_settings):
    privacy_settings.CUSTOS_PRIVACY_RATE_PER_IP = "3/h"
    privacy_settings.CUSTOS_PRIVACY_RATE_PER_EMAIL = "2/h"
    customer = make_customer()
    responses = [client().post("/privacy/", _form(customer)).status_code for _ in range(3)]
    assert responses == [302, 302, 429]
    other_ip = Client(REMOTE_ADDR="198.51.100.7")
    assert other_ip.post("/privacy/", _form(customer, email="new@example.com")).status_code == 302
    limited = Client(REMOTE_ADDR="198.51.100.8").post("/privacy/", _form(customer))
    assert limited.status_code == 429 and "try again" in limited.content.decode().lower()


def test_the_form_needs_a_csrf_token(privacy_settings):
    customer = make_customer()
    strict = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.9")
    assert strict.post("/privacy/", _form(customer)).status_code == 403
    assert PrivacyRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"exchange_account_id": "U" * 65}, "exchange_account_id"),
        ({"email": "not-an-email"}, "email"),
        ({"kind": "rectification"}, "rectification_wrong"),
        (
            {"kind": "rectification", "rectification_wrong": "x" * 2001, "rectification_correct": "y"},
            "rectification_wrong",
        ),
        ({"exchange_account_id": "UID1\x07evil"}, "exchange_account_id"),  # a bidi override is removed instead
        ({"kind": "delete-everything"}, "kind"),
    ],
)
def test_bad_input_is_refused_with_a_message(privacy_settings, overrides, field):
    customer = make_customer()
    response = client().post("/privacy/", _form(customer, **overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert PrivacyRequest.objects.count() == 0


def test_html_and_unusual_unicode_in_fields_are_stored_as_text_and_escaped(
    privacy_settings, django_capture_on_commit_callbacks, privacy_officer, eager
):
    customer = make_customer()
    wrong = "<script>alert('x')</script> 名字写错了 Zoë ﷽ 🙂"
    with django_capture_on_commit_callbacks(execute=True):
        response = client().post(
            "/privacy/",
            _form(customer, kind="rectification", rectification_wrong=wrong, rectification_correct="<b>Li</b>"),
        )
    assert response.status_code == 302
    request = PrivacyRequest.objects.get()
    assert request.rectification_wrong == wrong
    staff = Client()
    staff_login(staff, privacy_officer)
    page = staff.get(f"/admin/privacy/privacyrequest/{request.pk}/change/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page and "名字写错了" in page


def test_the_status_page_of_an_unknown_or_forged_tracking_link_is_404(privacy_settings):
    assert client().get("/privacy/status/nope/").status_code == 404
    assert client().get(f"/privacy/status/{track_token_make(request_uid='not-a-uuid')}/").status_code == 404


def test_a_status_link_is_exchanged_for_a_short_session_and_a_token_free_address(
    privacy_settings, django_capture_on_commit_callbacks, eager
):
    """Issue 9, case 2: the token leaves the address bar (history, Referer) after the first request."""
    from privacy.views import LINK_SESSION_SECONDS

    customer = make_customer()
    request, link = submitted(customer, django_capture_on_commit_callbacks)
    token = track_token_make(request_uid=str(request.uid))
    browser = client()
    first = browser.get(f"/privacy/status/{token}/")
    assert first.status_code == 302 and first["Location"] == "/privacy/status/"
    page = browser.get("/privacy/status/")
    assert page.status_code == 200 and token not in page.content.decode()
    assert browser.session.get_expiry_age() <= LINK_SESSION_SECONDS
    assert client().get("/privacy/status/").status_code == 404  # another browser has no session


def test_many_confirmations_from_one_address_are_never_refused_but_guesses_are(
    privacy_settings, django_capture_on_commit_callbacks, eager, settings
):
    # Found by a newcomer: a dozen confirmations from one address (an office, a proxy, another tester) used up the
    # address's limit, and a customer's genuine link was answered 429.
    links = [submitted(make_customer(), django_capture_on_commit_callbacks) for _ in range(5)]
    settings.CUSTOS_PRIVACY_RATE_PER_IP = "3/h"
    browser = client()
    for request, link in links:
        with django_capture_on_commit_callbacks(execute=True):
            assert browser.post(link).status_code == 302
        request.refresh_from_db()
        assert request.status == PrivacyRequestStatus.PENDING_REVIEW
    answers = [browser.post(f"/privacy/confirm/not-a-real-token-{n}/").status_code for n in range(5)]
    assert answers[:3] == [400, 400, 400] and answers[3:] == [429, 429]
