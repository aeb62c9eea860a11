"""Issue 9, case 6: an integration sees only the customers it created or was granted; no existence oracle."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from audit.models import AuditEvent
from supportrecords import ingest
from supportrecords.external_ids import external_id_key
from supportrecords.ingest import integration_create
from supportrecords.models import Customer, IntegrationCustomerGrant, Ticket

pytestmark = pytest.mark.django_db


def _client(name: str) -> APIClient:
    _integration, token = integration_create(name=name, rate_limit="1000/min")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def _customer(client: APIClient, external_id: str, account_id: str):
    return client.post(
        "/api/customers/",
        {"external_id": external_id, "exchange_account_id": account_id, "email": "x@example.com", "jurisdiction": "cn"},
        format="json",
    )


def _ticket(client: APIClient, external_id: str, customer_external_id: str):
    return client.post(
        "/api/tickets/",
        {
            "external_id": external_id,
            "customer_external_id": customer_external_id,
            "category": "deposit-withdrawal",
            "channel": "email",
            "subject": "Deposit missing",
        },
        format="json",
    )


def _shape(response) -> tuple[int, list[str], bool]:
    body = response.json()
    return response.status_code, sorted(body), body["created"]


@pytest.mark.parametrize("account_id", ["UID12345678", "UID１２３４５６７８"])
def test_another_integrations_customer_answers_like_an_unknown_one(account_id):
    a, b = _client("helpdesk-a"), _client("helpdesk-b")
    created = _customer(a, "a-1", "UID12345678")
    assert created.status_code == 201
    internal_id = Customer.objects.get().pk

    known = _customer(b, "b-1", account_id)
    unknown = _customer(b, "b-2", "UID87654321")
    assert _shape(known) == _shape(unknown) == (201, ["created", "external_id", "id"], True)
    # The id B sees is its own grant's, never the customer's internal id.
    grant = IntegrationCustomerGrant.objects.get(pk=known.json()["id"])
    assert (
        grant.customer_id == internal_id and grant.origin == "ingested" and grant.external_id == external_id_key("b-1")
    )
    assert known.json()["id"] != internal_id
    # The account id stays one customer (normalised: full-width digits are the same account).
    assert Customer.objects.count() == 2
    retry = _customer(b, "b-1", account_id)
    assert retry.status_code == 200 and retry.json()["id"] == known.json()["id"]


def test_ticket_for_a_customer_out_of_scope_answers_like_an_unknown_customer():
    a, b = _client("helpdesk-a"), _client("helpdesk-b")
    assert _customer(a, "a-1", "UID12345678").status_code == 201
    foreign = _ticket(b, "t-1", "a-1")  # A's external id for its customer
    unknown = _ticket(b, "t-2", "no-such-customer")
    assert foreign.status_code == unknown.status_code == 400
    assert foreign.json() == unknown.json() == {"customer_external_id": ["No customer with this external id."]}
    assert Ticket.objects.count() == 0


def test_customer_named_by_a_second_integration_receives_its_tickets_on_the_one_customer():
    a, b = _client("helpdesk-a"), _client("helpdesk-b")
    assert _customer(a, "a-1", "UID12345678").status_code == 201
    assert _customer(b, "b-1", "UID１２３４５６７８").status_code == 201
    assert _ticket(b, "t-1", "b-1").status_code == 201
    customer = Customer.objects.get()
    assert Ticket.objects.get().customer_id == customer.pk  # erasure and export of the account cover it
    assert set(customer.integration_grants.values_list("origin", flat=True)) == {"created", "ingested"}
    assert AuditEvent.objects.filter(action="customer.grant", customer_id=customer.pk).count() == 1


def test_messages_and_attachments_stop_when_the_grant_is_revoked():
    b = _client("helpdesk-b")
    assert _customer(b, "b-1", "UID12345678").status_code == 201
    assert _ticket(b, "t-1", "b-1").status_code == 201
    message = {"external_id": "m-1", "ticket_external_id": "t-1", "author_kind": "customer", "body": "hello"}
    assert b.post("/api/messages/", message, format="json").status_code == 201
    ingest.integration_customer_revoke(grant=IntegrationCustomerGrant.objects.get(), actor=None)

    revoked = b.post("/api/messages/", {**message, "external_id": "m-2"}, format="json")
    unknown = b.post("/api/messages/", {**message, "external_id": "m-3", "ticket_external_id": "t-9"}, format="json")
    assert revoked.status_code == unknown.status_code == 400
    assert revoked.json() == unknown.json() == {"ticket_external_id": ["No ticket with this external id."]}
    upload = SimpleUploadedFile("note.txt", b"hello", content_type="text/plain")
    attached = b.post("/api/attachments/", {"external_id": "f-1", "message_external_id": "m-1", "file": upload})
    assert attached.status_code == 400
    assert attached.json() == {"message_external_id": ["No message with this external id."]}
    assert _ticket(b, "t-2", "b-1").status_code == 400
