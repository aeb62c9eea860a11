"""Review of privacy requests: approval, four eyes, rejection, extension, cancellation, and the admin queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from privacy import dispatch
from privacy import services as privacy_services
from privacy.exceptions import (
    ExtensionNotAllowed,
    InvalidTransition,
    NotComplianceOfficer,
    NotPrivacyOfficer,
    ReasonRequired,
    SameApprover,
)
from privacy.models import PrivacyRequest, PrivacyRequestKind, PrivacyRequestStatus
from supportrecords import roles
from supportrecords.models import Jurisdiction
from tests.auth import staff_login
from tests.factories import UserFactory
from tests.privacy.helpers import make_customer, make_ticket, verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def oncommit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_an_access_request_is_approved_by_one_privacy_officer(privacy_settings, oncommit, privacy_officer, monkeypatch):
    queued = []
    monkeypatch.setattr(dispatch, "request_execute_enqueue", lambda *, request_id: queued.append(request_id))
    customer = make_customer()
    request = verified(customer, oncommit, kind=PrivacyRequestKind.ACCESS)
    request = privacy_services.privacy_request_approve(request_id=request.pk, actor=privacy_officer)
    assert request.status == PrivacyRequestStatus.APPROVED and request.approved_by == privacy_officer
    assert queued == [request.pk]
    assert AuditEvent.objects.filter(action="privacy_request.approve", target_id=str(request.pk)).exists()


def test_an_erasure_touching_a_restricted_category_needs_a_second_approver(
    privacy_settings, oncommit, privacy_officer, compliance_officer, monkeypatch
):
    queued = []
    monkeypatch.setattr(dispatch, "request_execute_enqueue", lambda *, request_id: queued.append(request_id))
    customer = make_customer()
    make_ticket(customer, category="kyc-identity")
    request = verified(customer, oncommit)
    request = privacy_services.privacy_request_approve(request_id=request.pk, actor=privacy_officer)
    assert request.status == PrivacyRequestStatus.AWAITING_SECOND_APPROVAL and queued == []
    assert request.rules_snapshot["policies"], "the rules in force are snapshotted at the first approval"
    with pytest.raises(NotComplianceOfficer):
        privacy_services.privacy_request_approve_second(request_id=request.pk, actor=privacy_officer)
    both = UserFactory(role=roles.COMPLIANCE_OFFICER)
    both.groups.add(*privacy_officer.groups.all())
    request.approved_by = both
    request.save(update_fields=["approved_by"])
    with pytest.raises(SameApprover):
        privacy_services.privacy_request_approve_second(request_id=request.pk, actor=both)
    request = privacy_services.privacy_request_approve_second(request_id=request.pk, actor=compliance_officer)
    assert request.status == PrivacyRequestStatus.APPROVED
    assert (request.approved_by, request.second_approved_by) == (both, compliance_officer)
    assert queued == [request.pk]


def test_an_erasure_without_restricted_categories_needs_one_approval(
    privacy_settings, oncommit, privacy_officer, monkeypatch
):
    monkeypatch.setattr(dispatch, "request_execute_enqueue", lambda *, request_id: None)
    customer = make_customer()
    make_ticket(customer, category="general-enquiry")
    request = verified(customer, oncommit)
    request = privacy_services.privacy_request_approve(request_id=request.pk, actor=privacy_officer)
    assert request.status == PrivacyRequestStatus.APPROVED and not request.needs_second_approval


def test_the_database_refuses_the_same_person_as_both_approvers(privacy_settings, oncommit, privacy_officer):
    request = verified(make_customer(), oncommit)
    PrivacyRequest.objects.filter(pk=request.pk).update(approved_by=privacy_officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        PrivacyRequest.objects.filter(pk=request.pk).update(second_approved_by=privacy_officer)


def test_only_privacy_officers_review_and_a_decision_is_taken_once(
    privacy_settings, oncommit, privacy_officer, monkeypatch
):
    monkeypatch.setattr(dispatch, "request_execute_enqueue", lambda *, request_id: None)
    request = verified(make_customer(), oncommit, kind=PrivacyRequestKind.ACCESS)
    agent = UserFactory(role=roles.AGENT)
    with pytest.raises(NotPrivacyOfficer):
        privacy_services.privacy_request_approve(request_id=request.pk, actor=agent)
    privacy_services.privacy_request_approve(request_id=request.pk, actor=privacy_officer)
    with pytest.raises(InvalidTransition):
        privacy_services.privacy_request_approve(request_id=request.pk, actor=privacy_officer)
    with pytest.raises(InvalidTransition):
        privacy_services.privacy_request_reject(request_id=request.pk, actor=privacy_officer, reason="late")


def test_a_rejection_needs_a_reason_and_the_customer_is_told_it(privacy_settings, oncommit, privacy_officer, eager):
    request = verified(make_customer(), oncommit, language="zh-hans")
    with pytest.raises(ReasonRequired):
        privacy_services.privacy_request_reject(request_id=request.pk, actor=privacy_officer, reason="   ")
    mail.outbox.clear()
    with oncommit(execute=True):
        privacy_services.privacy_request_reject(
            request_id=request.pk, actor=privacy_officer, reason="账户仍有未结清的交易 <b>x</b>"
        )
    request.refresh_from_db()
    assert request.status == PrivacyRequestStatus.REJECTED and request.decided_by == privacy_officer
    assert len(mail.outbox) == 1 and "未获批准" in mail.outbox[0].subject
    assert "账户仍有未结清的交易 <b>x</b>" in mail.outbox[0].body


def test_the_deadline_is_extended_once_within_the_first_period_with_a_reason(
    privacy_settings, oncommit, privacy_officer, eager
):
    request = verified(make_customer(jurisdiction=Jurisdiction.EU), oncommit)
    first = request.deadline_at
    with pytest.raises(ReasonRequired):
        privacy_services.privacy_request_extend(request_id=request.pk, actor=privacy_officer, reason="")
    mail.outbox.clear()
    with oncommit(execute=True):
        privacy_services.privacy_request_extend(
            request_id=request.pk, actor=privacy_officer, reason="Many records to review"
        )
    request.refresh_from_db()
    assert request.deadline_at is not None and first is not None
    assert request.deadline_at > first + timedelta(days=55) and request.original_deadline_at == first
    assert len(mail.outbox) == 1 and "Many records to review" in mail.outbox[0].body
    with pytest.raises(ExtensionNotAllowed):
        privacy_services.privacy_request_extend(request_id=request.pk, actor=privacy_officer, reason="again")


def test_no_extension_after_the_first_period_or_where_the_law_allows_none(privacy_settings, oncommit, privacy_officer):
    late = verified(make_customer(), oncommit)
    PrivacyRequest.objects.filter(pk=late.pk).update(deadline_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(ExtensionNotAllowed):
        privacy_services.privacy_request_extend(request_id=late.pk, actor=privacy_officer, reason="too late")
    pipl = verified(make_customer(jurisdiction=Jurisdiction.CN), oncommit)
    with pytest.raises(ExtensionNotAllowed):
        privacy_services.privacy_request_extend(request_id=pipl.pk, actor=privacy_officer, reason="PIPL has none")


def test_a_request_can_be_cancelled_before_execution_only(privacy_settings, oncommit, privacy_officer, monkeypatch):
    monkeypatch.setattr(dispatch, "request_execute_enqueue", lambda *, request_id: None)
    request = verified(make_customer(), oncommit, kind=PrivacyRequestKind.ACCESS)
    privacy_services.privacy_request_cancel(request_id=request.pk, actor=privacy_officer)
    request.refresh_from_db()
    assert request.status == PrivacyRequestStatus.CANCELLED and request.closed_at is not None
    other = verified(make_customer(), oncommit, kind=PrivacyRequestKind.ACCESS)
    privacy_services.privacy_request_approve(request_id=other.pk, actor=privacy_officer)
    with pytest.raises(InvalidTransition):
        privacy_services.privacy_request_cancel(request_id=other.pk, actor=privacy_officer)


def test_the_admin_queue_is_ordered_by_deadline_and_highlights_the_overdue(privacy_settings, oncommit, privacy_officer):
    soon = verified(make_customer(), oncommit)
    overdue = verified(make_customer(), oncommit)
    later = verified(make_customer(), oncommit)
    now = timezone.now()
    PrivacyRequest.objects.filter(pk=overdue.pk).update(deadline_at=now - timedelta(days=1))
    PrivacyRequest.objects.filter(pk=soon.pk).update(deadline_at=now + timedelta(days=1))
    PrivacyRequest.objects.filter(pk=later.pk).update(deadline_at=now + timedelta(days=20))
    client = Client()
    staff_login(client, privacy_officer)
    page = client.get("/admin/privacy/privacyrequest/")
    assert page.status_code == 200
    ids = [r.pk for r in page.context["cl"].result_list]
    assert ids == [overdue.pk, soon.pk, later.pk]
    assert page.content.decode().count("custos-overdue") == 1
    agent = UserFactory(role=roles.AGENT)
    staff_login(client, agent)
    assert client.get("/admin/privacy/privacyrequest/").status_code == 403


def test_the_admin_page_shows_the_scope_and_approves_through_the_service(
    privacy_settings, oncommit, privacy_officer, compliance_officer, monkeypatch
):
    monkeypatch.setattr(dispatch, "request_execute_enqueue", lambda *, request_id: None)
    customer = make_customer()
    make_ticket(customer, category="general-enquiry", messages=3)
    make_ticket(customer, category="deposit-withdrawal", messages=1)
    make_ticket(customer, category="kyc-identity", messages=1)
    request = verified(customer, oncommit)
    client = Client()
    staff_login(client, privacy_officer)
    page = client.get(f"/admin/privacy/privacyrequest/{request.pk}/change/").content.decode()
    assert 'id="privacy-scope"' in page and "KYC and identity" in page and "AML" in page
    scope = client.get(f"/admin/privacy/privacyrequest/{request.pk}/change/").context["scope"]
    by = {c.slug: c for c in scope.categories}
    assert (by["general-enquiry"].to_delete, by["general-enquiry"].messages) == (1, 3)
    assert by["deposit-withdrawal"].retained == 1 and by["kyc-identity"].retained == 1
    response = client.post(f"/admin/privacy/privacyrequest/{request.pk}/approve/")
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == PrivacyRequestStatus.AWAITING_SECOND_APPROVAL
    again = client.post(f"/admin/privacy/privacyrequest/{request.pk}/approve/", follow=True)
    assert "no longer in a status" in again.content.decode()
    staff_login(client, compliance_officer)
    page = client.get(f"/admin/privacy/privacyrequest/{request.pk}/change/").content.decode()
    assert "approve_second" in page
    client.post(f"/admin/privacy/privacyrequest/{request.pk}/approve-second/")
    request.refresh_from_db()
    assert request.status == PrivacyRequestStatus.APPROVED and request.second_approved_by == compliance_officer
    rejected = client.post(f"/admin/privacy/privacyrequest/{request.pk}/reject/", {"reason": ""}, follow=True)
    assert "Only a privacy officer" in rejected.content.decode()


def _second_approval_row(client: Client, request: PrivacyRequest) -> str:
    import re

    page = client.get(f"/admin/privacy/privacyrequest/{request.pk}/change/").content.decode()
    row = page.split("field-second_approval", 1)[1].split("form-row", 1)[0]
    assert "field-needs_second_approval" not in page  # one indicator, not a bare yes/no icon beside it
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row))


def test_the_review_page_states_the_second_approval_in_one_truthful_line(
    privacy_settings, oncommit, privacy_officer, compliance_officer, monkeypatch
):
    monkeypatch.setattr(dispatch, "request_execute_enqueue", lambda *, request_id: None)
    client = Client()
    staff_login(client, privacy_officer)
    customer = make_customer()
    make_ticket(customer, category="kyc-identity")
    request = verified(customer, oncommit)
    row = _second_approval_row(client, request)
    assert "Needed after the first approval" in row and "icon-no" not in row
    page = client.get(f"/admin/privacy/privacyrequest/{request.pk}/change/").content.decode()
    assert "must give a second approval" in page  # the scope's note agrees with the line
    request = privacy_services.privacy_request_approve(request_id=request.pk, actor=privacy_officer)
    assert "Needed: a compliance officer" in _second_approval_row(client, request)
    request = privacy_services.privacy_request_approve_second(request_id=request.pk, actor=compliance_officer)
    assert f"Given by {compliance_officer}" in _second_approval_row(client, request)
    plain = verified(make_customer(), oncommit)
    assert "Not needed." in _second_approval_row(client, plain)


def test_the_review_page_lists_retention_obligations_translated_or_says_none(
    privacy_settings, oncommit, privacy_officer
):
    client = Client()
    staff_login(client, privacy_officer)
    kept = make_customer()
    make_ticket(kept, category="deposit-withdrawal")
    request = verified(kept, oncommit)
    page = client.get(f"/admin/privacy/privacyrequest/{request.pk}/change/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    retained = page.content.decode().split('id="privacy-retained">', 1)[1].split("</ul>", 1)[0]
    assert "反洗钱交易记录" in retained and "AML transaction records" not in retained and "）：" in retained
    plain = verified(make_customer(), oncommit)
    page = client.get(f"/admin/privacy/privacyrequest/{plain.pk}/change/")
    retained = page.content.decode().split('id="privacy-retained">', 1)[1].split("</ul>", 1)[0]
    assert "None." in retained
