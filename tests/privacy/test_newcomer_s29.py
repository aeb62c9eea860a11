"""What a newcomer met walking the README's customer and reviewer paths (2026-12-07): a correction after an erasure
was a 500 and stayed open, the second approver could only say yes, a withholding's reason reached the customer
unannounced, an erasure that kept everything said it held nothing, a correction read as an erasure, and an export
deleted by an erasure said "expired"."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from privacy import access as privacy_access
from privacy import dispatch
from privacy import erasure as privacy_erasure
from privacy import services as privacy_services
from privacy.exceptions import CustomerErased, InvalidTransition, NotPrivacyOfficer
from privacy.models import PrivacyRequestKind, PrivacyRequestStatus
from privacy.tokens import export_token_make
from supportrecords.models import Customer
from tests.auth import staff_login
from tests.privacy.helpers import links_in, make_customer, make_ticket, path_of, submitted, verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def oncommit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def no_execution(monkeypatch):
    monkeypatch.setattr(dispatch, "request_execute_enqueue", lambda *, request_id: None)


def _erase(customer, oncommit, privacy_officer, compliance_officer):
    erasure = verified(customer, oncommit, kind=PrivacyRequestKind.ERASURE)
    erasure = privacy_services.privacy_request_approve(request_id=erasure.pk, actor=privacy_officer)
    if erasure.status == PrivacyRequestStatus.AWAITING_SECOND_APPROVAL:
        privacy_services.privacy_request_approve_second(request_id=erasure.pk, actor=compliance_officer)
    with oncommit(execute=True):
        privacy_erasure.privacy_erasure_execute(request_id=erasure.pk)
    erasure.refresh_from_db()
    return erasure


def _approved_correction(customer, oncommit, privacy_officer):
    correction = verified(
        customer,
        oncommit,
        kind=PrivacyRequestKind.RECTIFICATION,
        rectification_wrong="My name is misspelt",
        rectification_correct="Jane Roe",
    )
    privacy_services.privacy_request_approve(request_id=correction.pk, actor=privacy_officer)
    return correction


def test_a_correction_after_the_customer_was_erased_says_so_and_completes(
    client, privacy_settings, oncommit, privacy_officer, compliance_officer, no_execution
):
    customer = make_customer()
    make_ticket(customer)
    correction = _approved_correction(customer, oncommit, privacy_officer)
    _erase(customer, oncommit, privacy_officer, compliance_officer)
    assert not Customer.objects.filter(pk=customer.pk).exists()
    with pytest.raises(CustomerErased):
        privacy_services.privacy_request_rectify_customer(
            request_id=correction.pk, actor=privacy_officer, field="name", value="Jane Roe"
        )

    staff_login(client, privacy_officer)
    page = client.get(reverse("admin:privacy_privacyrequest_change", args=[correction.pk])).content.decode()
    assert "The customer's records (a correction deletes nothing)" in page
    assert "what an erasure would do" not in page
    response = client.post(
        reverse("admin:privacy_privacyrequest_rectify", args=[correction.pk]),
        {"field": "name", "value": "Jane Roe"},
        follow=True,
    )
    assert response.status_code == 200
    assert "nothing is left to correct" in response.content.decode()
    response = client.post(reverse("admin:privacy_privacyrequest_complete", args=[correction.pk]), follow=True)
    assert response.status_code == 200
    correction.refresh_from_db()
    assert correction.status in (PrivacyRequestStatus.COMPLETED, PrivacyRequestStatus.AWAITING_PROCESSORS)


def test_a_correction_of_a_customer_who_is_still_there_needs_a_correction_first(
    privacy_settings, oncommit, privacy_officer, no_execution
):
    customer = make_customer()
    correction = _approved_correction(customer, oncommit, privacy_officer)
    with pytest.raises(InvalidTransition):
        privacy_services.privacy_request_rectification_complete(request_id=correction.pk, actor=privacy_officer)


def test_the_compliance_officer_can_refuse_the_second_approval_and_the_customer_is_told(
    client, privacy_settings, oncommit, privacy_officer, compliance_officer, no_execution, eager
):
    customer = make_customer()
    make_ticket(customer, category="kyc-identity")
    request = verified(customer, oncommit)
    # Not before the privacy officer's review: the compliance officer gives (or refuses) the second approval only.
    with pytest.raises(NotPrivacyOfficer):
        privacy_services.privacy_request_reject(request_id=request.pk, actor=compliance_officer, reason="no")
    request = privacy_services.privacy_request_approve(request_id=request.pk, actor=privacy_officer)
    assert request.status == PrivacyRequestStatus.AWAITING_SECOND_APPROVAL

    staff_login(client, compliance_officer)
    page = client.get(reverse("admin:privacy_privacyrequest_change", args=[request.pk])).content.decode()
    assert 'name="approve_second"' in page and 'name="reject"' in page
    mail.outbox.clear()
    with oncommit(execute=True):
        response = client.post(
            reverse("admin:privacy_privacyrequest_reject", args=[request.pk]),
            {"reason": "A court order requires these records to be kept."},
            follow=True,
        )
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.status == PrivacyRequestStatus.REJECTED
    assert any("court order" in m.body for m in mail.outbox)
    # Staff see afterwards what the customer was told (the newcomer's second walk could not).
    page = client.get(reverse("admin:privacy_privacyrequest_change", args=[request.pk])).content.decode()
    assert 'id="privacy-rejection"' in page and "A court order requires these records to be kept." in page


def test_the_withhold_form_says_the_reason_is_shown_and_an_aml_row_defaults_to_no_trace(
    client, privacy_settings, oncommit, privacy_officer, compliance_officer, no_execution
):
    customer = make_customer()
    plain = make_ticket(customer)
    aml = make_ticket(customer, category="aml-suspicious-activity")
    request = verified(customer, oncommit, kind=PrivacyRequestKind.ACCESS)
    privacy_services.privacy_request_approve(request_id=request.pk, actor=privacy_officer)
    staff_login(client, compliance_officer)
    page = client.get(reverse("admin:privacy_privacyrequest_change", args=[request.pk])).content.decode()
    assert 'id="withhold-help"' in page and "word for word" in page
    assert page.count('title="Shown to the customer, unless no trace is ticked; audited either way"') == 2
    rows = {ticket: page[page.index(f'value="{ticket.pk}"') :][:900] for ticket in (plain, aml)}
    assert 'name="tipping_off" checked' in rows[aml]
    assert 'name="tipping_off" checked' not in rows[plain]


def test_a_certificate_that_kept_everything_does_not_say_it_held_nothing(
    privacy_settings, oncommit, privacy_officer, compliance_officer
):
    customer = make_customer()
    make_ticket(customer, category="deposit-withdrawal")
    erasure = _erase(customer, oncommit, privacy_officer, compliance_officer)
    page = Client().get(f"/privacy/certificates/{erasure.uid}/").content.decode()
    assert "We held no support conversations of yours" not in page
    assert "None of your support conversations could be deleted yet" in page


def test_an_export_deleted_by_an_erasure_says_so_not_expired(
    privacy_settings, oncommit, privacy_officer, compliance_officer, monkeypatch, eager
):
    customer = make_customer()
    make_ticket(customer)
    monkeypatch.setattr(dispatch, "request_execute_enqueue", lambda *, request_id: None)
    request = verified(customer, oncommit, kind=PrivacyRequestKind.ACCESS)
    privacy_services.privacy_request_approve(request_id=request.pk, actor=privacy_officer)
    mail.outbox.clear()
    with oncommit(execute=True):
        privacy_access.access_export_build(request_id=request.pk)
    link = path_of(next(u for m in mail.outbox for u in links_in(m) if "/privacy/export/" in u))
    _erase(customer, oncommit, privacy_officer, compliance_officer)
    response = Client().get(link, follow=True)
    assert response.status_code == 410
    assert "deleted with them when we carried out your erasure request" in response.content.decode()
    # A forged link to the same export is still only "invalid".
    assert Client().get(f"/privacy/export/{export_token_make(export_uid='x')}/", follow=True).status_code in (400, 404)


def test_a_chinese_requests_pages_are_chinese_in_an_english_browser(privacy_settings, oncommit, no_execution):
    """A newcomer's Chinese request, opened from its Chinese e-mails in an English browser, showed English pages:
    the language chosen on the form comes before the browser's; the switcher's choice before both."""
    customer = make_customer()
    _request, link = submitted(customer, oncommit, kind=PrivacyRequestKind.ACCESS, language="zh-hans")
    browser = Client(REMOTE_ADDR="203.0.113.9", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = browser.get(link).content.decode()
    assert '<html lang="zh-hans">' in page and "确认您的请求" in page
    status = browser.post(link, follow=True).content.decode()
    assert '<html lang="zh-hans">' in status
    switched = Client(REMOTE_ADDR="203.0.113.9", HTTP_ACCEPT_LANGUAGE="zh-CN")
    switched.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _request, link = submitted(customer, oncommit, kind=PrivacyRequestKind.ERASURE, language="zh-hans")
    assert '<html lang="en">' in switched.get(link).content.decode()


def test_a_refused_requests_status_page_says_where_to_complain(privacy_settings, oncommit, privacy_officer, eager):
    """The refusal e-mail pointed to the status page for complaint details it did not have."""
    customer = make_customer()
    request, link = submitted(customer, oncommit, kind=PrivacyRequestKind.ACCESS)
    browser = Client(REMOTE_ADDR="203.0.113.9")
    browser.post(link, follow=True)
    privacy_services.privacy_request_reject(request_id=request.pk, actor=privacy_officer, reason="Not your account")
    page = browser.get(reverse("privacy:status_current")).content.decode()
    assert 'id="complaint"' in page and "data protection authority" in page
