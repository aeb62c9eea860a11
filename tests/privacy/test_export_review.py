"""Access export review: staff preview the export before release and withhold items with a reason (audited);
AML and suspicious-activity material needs a compliance officer's decision; a tipping-off withholding leaves no
trace in the export."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.urls import reverse

from audit.models import AuditEvent
from audit.selectors import customer_accesses_disclosable
from audit.services import audit_record
from encryption.envelope import value_decrypt
from privacy import access as privacy_access
from privacy import dispatch
from privacy import erasure as privacy_erasure
from privacy import services as privacy_services
from privacy.exceptions import InvalidTransition, NotComplianceOfficer, ReasonRequired
from privacy.models import AccessExport, PrivacyRequestKind, PrivacyRequestStatus
from supportrecords import services as records
from supportrecords.models import Ticket
from tests.auth import staff_login
from tests.privacy.helpers import make_customer, make_ticket, verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def oncommit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def no_execution(monkeypatch):
    monkeypatch.setattr(dispatch, "request_execute_enqueue", lambda *, request_id: None)


def _zip_of(request):
    privacy_access.access_export_build(request_id=request.pk)
    export = AccessExport.objects.get(request=request)
    with default_storage.open(export.storage_name, "rb") as handle:
        blob = handle.read()
    content = value_decrypt(
        data_key_id=request.data_key_id, context=privacy_access._context(export.storage_name), blob=blob
    )
    archive = zipfile.ZipFile(io.BytesIO(content))
    return {"json": json.loads(archive.read("records.json")), "html": archive.read("records.html").decode()}


def test_the_officer_withholds_an_item_with_a_reason_and_the_customer_is_told(
    privacy_settings, oncommit, privacy_officer, no_execution
):
    customer = make_customer()
    keep, withhold = make_ticket(customer), make_ticket(customer, subject="About my brother's account")
    request = verified(customer, oncommit, kind=PrivacyRequestKind.ACCESS)
    preview = privacy_access.access_export_preview(request=request)
    assert [item.ticket_id for item in preview] == [keep.pk, withhold.pk]
    privacy_access.access_export_item_withhold(
        request_id=request.pk,
        actor=privacy_officer,
        ticket_id=withhold.pk,
        reason="Holds a third party's personal data",
    )
    event = AuditEvent.objects.get(action="privacy_request.export_withhold")
    assert event.actor_id == privacy_officer.pk and event.details["ticket_id"] == withhold.pk
    privacy_services.privacy_request_approve(request_id=request.pk, actor=privacy_officer)
    exported = _zip_of(request)
    assert [t["id"] for t in exported["json"]["tickets"]] == [keep.pk]
    assert exported["json"]["withheld"] == [
        {
            "id": withhold.pk,
            "category": "general-enquiry",
            "category_label": "General enquiry",
            "reason": "Holds a third party's personal data",
        }
    ]
    assert "brother" not in json.dumps(exported["json"]) and "third party" in exported["html"]
    assert all(a["action"] != "privacy_request.export_withhold" for a in exported["json"]["accesses"])


def test_aml_material_needs_a_compliance_decision_and_tipping_off_leaves_no_trace(
    privacy_settings, oncommit, privacy_officer, compliance_officer, no_execution
):
    customer = make_customer()
    general = make_ticket(customer)
    aml = make_ticket(customer, category="aml-suspicious-activity", subject="Source of funds")
    records.ticket_content_open(user=compliance_officer, ticket=aml)
    request = verified(customer, oncommit, kind=PrivacyRequestKind.ACCESS)
    approved = privacy_services.privacy_request_approve(request_id=request.pk, actor=privacy_officer)
    assert approved.status == PrivacyRequestStatus.AWAITING_SECOND_APPROVAL
    with pytest.raises(NotComplianceOfficer):
        privacy_access.access_export_item_withhold(
            request_id=request.pk, actor=privacy_officer, ticket_id=aml.pk, reason="SAR filed", tipping_off=True
        )
    privacy_access.access_export_item_withhold(
        request_id=request.pk, actor=compliance_officer, ticket_id=aml.pk, reason="SAR filed", tipping_off=True
    )
    privacy_services.privacy_request_approve_second(request_id=request.pk, actor=compliance_officer)
    exported = _zip_of(request)
    text = json.dumps(exported["json"]) + exported["html"]
    assert [t["id"] for t in exported["json"]["tickets"]] == [general.pk]
    assert exported["json"]["withheld"] == []
    assert "SAR" not in text and "aml" not in text.lower() and "suspicious" not in text.lower()
    assert f"#{aml.pk} " not in exported["html"]
    assert "Records we did not include" not in exported["html"]
    assert all(a["action"] != "ticket.view_content" for a in exported["json"]["accesses"])


def test_withholding_needs_a_reason_and_a_request_in_review(privacy_settings, oncommit, privacy_officer, no_execution):
    customer = make_customer()
    ticket = make_ticket(customer)
    request = verified(customer, oncommit, kind=PrivacyRequestKind.ACCESS)
    with pytest.raises(ReasonRequired):
        privacy_access.access_export_item_withhold(
            request_id=request.pk, actor=privacy_officer, ticket_id=ticket.pk, reason=" "
        )
    privacy_services.privacy_request_approve(request_id=request.pk, actor=privacy_officer)
    with pytest.raises(InvalidTransition):
        privacy_access.access_export_item_withhold(
            request_id=request.pk, actor=privacy_officer, ticket_id=ticket.pk, reason="x"
        )
    other = make_ticket(make_customer())
    request2 = verified(customer, oncommit, kind=PrivacyRequestKind.ACCESS)
    with pytest.raises(Ticket.DoesNotExist):  # another customer's ticket
        privacy_access.access_export_item_withhold(
            request_id=request2.pk, actor=privacy_officer, ticket_id=other.pk, reason="x"
        )


def test_the_review_page_previews_metadata_and_withholds_through_the_admin(
    client, privacy_settings, oncommit, privacy_officer, no_execution
):
    customer = make_customer()
    ticket = make_ticket(customer, subject="Secret subject text")
    request = verified(customer, oncommit, kind=PrivacyRequestKind.ACCESS)
    mail.outbox.clear()
    staff_login(client, privacy_officer)
    page = client.get(reverse("admin:privacy_privacyrequest_change", args=[request.pk])).content.decode()
    assert 'id="export-preview"' in page and f"#{ticket.pk}" in page and "Secret subject text" not in page
    url = reverse("admin:privacy_privacyrequest_withhold", args=[request.pk])
    response = client.post(url, {"ticket_id": ticket.pk, "reason": ""}, follow=True)
    assert "Give a reason" in response.content.decode()
    response = client.post(url, {"ticket_id": ticket.pk, "reason": "Third party data"}, follow=True)
    assert "Withheld from the export" in response.content.decode()
    assert request.withholdings.get().reason == "Third party data"


def test_an_export_approved_by_privacy_and_compliance_shows_no_compliance_trace(
    privacy_settings, oncommit, privacy_officer, compliance_officer, no_execution
):
    customer = make_customer()
    make_ticket(customer)
    make_ticket(customer, category="aml-suspicious-activity", subject="Source of funds")
    plain_customer = make_customer()
    make_ticket(plain_customer)
    request = verified(customer, oncommit, kind=PrivacyRequestKind.ACCESS, language="zh-hans")
    plain = verified(plain_customer, oncommit, kind=PrivacyRequestKind.ACCESS)
    assert privacy_services.privacy_request_approve(request_id=request.pk, actor=privacy_officer).needs_second_approval
    privacy_services.privacy_request_approve_second(request_id=request.pk, actor=compliance_officer)
    privacy_services.privacy_request_approve(request_id=plain.pk, actor=privacy_officer)

    second = AuditEvent.objects.get(action="privacy_request.approve_second")
    assert second.actor_id == compliance_officer.pk and second.target_id == str(request.pk)
    exported = _zip_of(request)
    accesses = exported["json"]["accesses"]
    text = json.dumps(exported["json"], ensure_ascii=False) + exported["html"]
    # The same single approval as a request that needed no compliance decision, by the privacy officer.
    approvals = [a for a in accesses if a["action"].startswith("privacy_request.approve")]
    assert [(a["action"], a["role"]) for a in approvals] == [("privacy_request.approve", "privacy officer")]
    assert [a["action"] for a in _zip_of(plain)["json"]["accesses"]] == [a["action"] for a in accesses]
    assert "compliance" not in text.lower() and "合规" not in text and "approve_second" not in text
    assert all(a["role"] != "compliance officer" for a in accesses)


def test_a_compliance_officers_disclosable_access_is_shown_as_staff(
    privacy_settings, oncommit, privacy_officer, compliance_officer, no_execution
):
    customer = make_customer()
    ticket = make_ticket(customer)
    records.ticket_content_open(user=compliance_officer, ticket=ticket)
    request = verified(customer, oncommit, kind=PrivacyRequestKind.ACCESS, language="zh-hans")
    privacy_services.privacy_request_approve(request_id=request.pk, actor=privacy_officer)
    exported = _zip_of(request)
    opened = [a for a in exported["json"]["accesses"] if a["action"] == "ticket.view_content"]
    assert [(a["role"], a["role_label"]) for a in opened] == [("staff", "工作人员")]


def test_a_second_approval_recorded_before_the_fix_is_not_disclosed(privacy_settings, oncommit, compliance_officer):
    customer = make_customer()
    audit_record(
        actor=compliance_officer, action="privacy_request.approve", target_type="deletion.privacyrequest",
        target_id=1, customer_id=customer.pk, details={"kind": "access", "second": True},
    )  # fmt: skip
    audit_record(
        actor=compliance_officer, action="privacy_request.approve", target_type="deletion.privacyrequest",
        target_id=2, customer_id=customer.pk, details={"kind": "access", "second": False},
    )  # fmt: skip
    assert [a.target_id for a in customer_accesses_disclosable(customer_id=customer.pk)] == ["2"]


def test_an_access_request_after_an_erasure_says_why_its_export_is_empty(
    client, privacy_settings, oncommit, privacy_officer, compliance_officer, no_execution
):
    """A newcomer asked for access and erasure together; the erasure ran first and the export was empty, with
    nothing on the review page or in the customer's copy to say why."""
    customer = make_customer()
    make_ticket(customer, messages=2)
    access_request = verified(customer, oncommit, kind=PrivacyRequestKind.ACCESS)
    erasure = verified(customer, oncommit, kind=PrivacyRequestKind.ERASURE)
    erasure = privacy_services.privacy_request_approve(request_id=erasure.pk, actor=privacy_officer)
    with oncommit(execute=True):
        privacy_erasure.privacy_erasure_execute(request_id=erasure.pk)
    erasure.refresh_from_db()
    assert erasure.status == PrivacyRequestStatus.COMPLETED and erasure.completed_at is not None
    assert privacy_access.access_export_preview(request=access_request) == []

    staff_login(client, privacy_officer)
    page = client.get(reverse("admin:privacy_privacyrequest_change", args=[access_request.pk])).content.decode()
    assert f'id="earlier-erasure-{erasure.pk}"' in page
    assert f"erasure request #{erasure.pk}</a> was completed on" in page
    # The erasure's own page names no earlier erasure.
    page = client.get(reverse("admin:privacy_privacyrequest_change", args=[erasure.pk])).content.decode()
    assert "earlier-erasure-" not in page

    privacy_services.privacy_request_approve(request_id=access_request.pk, actor=privacy_officer)
    exported = _zip_of(access_request)
    assert exported["json"]["customer"] is None and exported["json"]["tickets"] == []
    assert exported["json"]["erasures"] == [
        {
            "request": str(erasure.uid),
            "completed_at": erasure.completed_at.isoformat(),
            "completed_on": exported["json"]["erasures"][0]["completed_on"],
        }
    ]
    assert "We carried out your erasure request on" in exported["html"]


def test_an_access_export_without_an_earlier_erasure_names_none(
    privacy_settings, oncommit, privacy_officer, no_execution
):
    customer = make_customer()
    make_ticket(customer)
    request = verified(customer, oncommit, kind=PrivacyRequestKind.ACCESS)
    privacy_services.privacy_request_approve(request_id=request.pk, actor=privacy_officer)
    exported = _zip_of(request)
    assert exported["json"]["erasures"] == []
    assert "erasure request" not in exported["html"]
