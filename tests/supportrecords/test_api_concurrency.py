"""Two identical requests at once create one record: the unique constraints decide, not a prior check."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connections
from rest_framework.test import APIClient

from supportrecords.ingest import integration_create
from supportrecords.models import Customer, DataCategory, Message, Ticket

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("requires_postgres")]


def _at_once(token: str, path: str, payload: Any, n: int = 2) -> list[int]:
    barrier = threading.Barrier(n)
    codes: list[int] = []

    def call() -> None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        barrier.wait()
        try:
            codes.append(client.post(path, payload, format="json").status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=call) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(codes)


def test_identical_concurrent_requests_create_one_customer_ticket_and_message_set():
    # A transactional test may follow another that flushed the rows the data migrations seed.
    DataCategory.objects.get_or_create(
        slug="general-enquiry", defaults={"name": "General enquiry", "sensitivity": "internal"}
    )
    _, token = integration_create(name="race", rate_limit="1000/min")
    customer = {"external_id": "u-1", "exchange_account_id": "UIDRACE1", "email": "r@example.com", "jurisdiction": "eu"}
    assert _at_once(token, "/api/customers/", customer) == [200, 201]
    ticket = {
        "external_id": "t-1",
        "customer_external_id": "u-1",
        "category": "general-enquiry",
        "channel": "chat",
        "subject": "race",
    }
    assert _at_once(token, "/api/tickets/", ticket) == [200, 201]
    messages = {
        "messages": [
            {"external_id": f"m-{i}", "ticket_external_id": "t-1", "author_kind": "customer", "body": f"message {i}"}
            for i in range(50)
        ]
    }
    assert _at_once(token, "/api/messages/batch/", messages, n=3) == [200, 200, 200]
    assert Customer.objects.count() == 1
    assert Ticket.objects.count() == 1
    assert Message.objects.count() == 50


def test_two_integrations_naming_one_new_account_at_once_both_get_a_grant_to_one_customer():
    from supportrecords.models import IntegrationCustomerGrant

    tokens = [integration_create(name=f"race-{n}", rate_limit="1000/min")[1] for n in range(2)]
    barrier = threading.Barrier(2)
    codes: list[int] = []

    def call(token: str) -> None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        payload = {
            "external_id": "u-1",
            "exchange_account_id": "UIDRACE2",
            "email": "r@example.com",
            "jurisdiction": "eu",
        }
        barrier.wait()
        try:
            codes.append(client.post("/api/customers/", payload, format="json").status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=call, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert codes == [201, 201]  # neither learns that the other was first
    customer = Customer.objects.get()
    assert sorted(IntegrationCustomerGrant.objects.values_list("origin", flat=True)) == ["created", "ingested"]
    assert set(IntegrationCustomerGrant.objects.values_list("customer_id", flat=True)) == {customer.pk}


def test_identical_concurrent_requests_for_an_account_another_integration_holds_answer_like_a_new_one():
    """An attacker's oracle (2026-12-07): among 30 identical requests for an account another integration held,
    one was now and then told 409 "registered under another external id" (a sibling's grant committed between two
    looks), which a new account never was."""
    _, token_a = integration_create(name="holder", rate_limit="1000/min")
    _, token_b = integration_create(name="prober", rate_limit="1000/min")
    for trial in range(4):
        held = {"external_id": f"a-{trial}", "exchange_account_id": f"UIDHELD{trial}", "email": "h@example.com"}
        held["jurisdiction"] = "eu"
        assert _at_once(token_a, "/api/customers/", held, n=1) == [201]
        probe = {**held, "external_id": f"b-{trial}"}
        codes = _at_once(token_b, "/api/customers/", probe, n=8)
        assert 409 not in codes and set(codes) <= {200, 201}, codes
        fresh = {**held, "external_id": f"n-{trial}", "exchange_account_id": f"UIDFRESH{trial}"}
        assert set(_at_once(token_b, "/api/customers/", fresh, n=8)) <= {200, 201}
