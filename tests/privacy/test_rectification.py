"""Rectification: corrections with history, supplementary statements for records that must stay unaltered."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from privacy import services as privacy_services
from privacy.exceptions import InvalidTransition, RecordMustStayUnaltered
from privacy.models import PrivacyRequestKind, PrivacyRequestStatus, Rectification, SupplementaryStatement
from supportrecords.models import Customer, Ticket
from supportrecords.selectors import customer_find_by_email
from tests.privacy.helpers import make_customer, make_ticket, verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(privacy_settings, django_capture_on_commit_callbacks, privacy_officer):
    customer = make_customer()
    general = make_ticket(customer, subject="Wrong nmae on my account")
    aml = make_ticket(customer, category="deposit-withdrawal", subject="Deposit from Jon")
    request = verified(
        customer,
        django_capture_on_commit_callbacks,
        kind=PrivacyRequestKind.RECTIFICATION,
        rectification_wrong="My name is misspelt",
        rectification_correct="Jane Doe-Smith",
    )
    privacy_services.privacy_request_approve(request_id=request.pk, actor=privacy_officer)
    return request, customer, general, aml


def test_a_customer_field_is_corrected_and_the_previous_value_kept_in_history(approved, privacy_officer):
    request, customer, _general, _aml = approved
    privacy_services.privacy_request_rectify_customer(
        request_id=request.pk, actor=privacy_officer, field="name", value="Jane Doe-Smith"
    )
    privacy_services.privacy_request_rectify_customer(
        request_id=request.pk, actor=privacy_officer, field="email", value="jane.new@example.com"
    )
    customer = Customer.objects.get(pk=customer.pk)
    assert customer.name == "Jane Doe-Smith"
    assert list(customer_find_by_email(email="Jane.New@example.com")) == [customer]
    history = {r.field: r.previous_value for r in Rectification.objects.filter(request=request)}
    assert history == {"name": "Jane Doe", "email": history["email"]} and history["email"].startswith("jane.doe")
    assert AuditEvent.objects.filter(action="privacy_request.rectify", customer_id=customer.pk).count() == 2
    assert "Jane Doe-Smith" not in str(list(AuditEvent.objects.values_list("details", flat=True)))


def test_an_aml_record_gets_a_supplementary_statement_instead_of_an_overwrite(
    approved, privacy_officer, django_capture_on_commit_callbacks
):
    request, _customer, general, aml = approved
    with pytest.raises(RecordMustStayUnaltered):
        privacy_services.privacy_request_rectify_ticket_subject(
            request_id=request.pk, actor=privacy_officer, ticket_id=aml.pk, value="Deposit from John"
        )
    assert Ticket.objects.get(pk=aml.pk).subject == "Deposit from Jon"
    privacy_services.privacy_request_add_statement(
        request_id=request.pk, actor=privacy_officer, ticket_id=aml.pk, text="The sender's name is John, not Jon."
    )
    assert SupplementaryStatement.objects.get(ticket=aml).text == "The sender's name is John, not Jon."
    privacy_services.privacy_request_rectify_ticket_subject(
        request_id=request.pk, actor=privacy_officer, ticket_id=general.pk, value="Wrong name on my account"
    )
    assert Ticket.objects.get(pk=general.pk).subject == "Wrong name on my account"
    with django_capture_on_commit_callbacks(execute=True):
        privacy_services.privacy_request_rectification_complete(request_id=request.pk, actor=privacy_officer)
    request.refresh_from_db()
    assert request.status == PrivacyRequestStatus.COMPLETED and request.certificate is None


def test_a_rectification_cannot_be_completed_before_a_correction_nor_touch_another_customer(approved, privacy_officer):
    request, _customer, _general, _aml = approved
    with pytest.raises(InvalidTransition):
        privacy_services.privacy_request_rectification_complete(request_id=request.pk, actor=privacy_officer)
    stranger = make_ticket(make_customer())
    with pytest.raises(Ticket.DoesNotExist):
        privacy_services.privacy_request_add_statement(
            request_id=request.pk, actor=privacy_officer, ticket_id=stranger.pk, text="x"
        )
