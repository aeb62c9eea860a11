"""Two answers of the customer endpoint found by an attacker on a fresh clone (2026-12-07): an external id that was
never registered was answered "created": false, and the JSON integer -0 was stored as the id "0"."""

from __future__ import annotations

import pytest

from supportrecords.external_ids import external_id_key
from supportrecords.models import Customer, IntegrationCustomerGrant

pytestmark = pytest.mark.django_db


def _customer(external_id, account="UID88880001"):
    return {"external_id": external_id, "exchange_account_id": account, "email": "a@example.com", "jurisdiction": "cn"}


def test_an_account_registered_under_another_id_of_the_same_integration_is_a_409(api, integration):
    assert api.post("/api/customers/", _customer("u-1"), format="json").status_code == 201
    response = api.post("/api/customers/", _customer("u-2"), format="json")
    assert response.status_code == 409, response.content
    assert list(response.json()) == ["exchange_account_id"]
    assert "UID8888" not in response.content.decode()  # the account id is not repeated
    # Nothing was registered under u-2: the grant stays the one of u-1, and a retry of u-1 is still "not created".
    assert list(IntegrationCustomerGrant.objects.values_list("external_id", flat=True)) == [external_id_key("u-1")]
    again = api.post("/api/customers/", _customer("u-1"), format="json")
    assert again.status_code == 200 and again.json()["created"] is False
    assert Customer.objects.count() == 1


def test_a_ticket_under_the_refused_id_finds_no_customer(api, integration):
    api.post("/api/customers/", _customer("u-1"), format="json")
    api.post("/api/customers/", _customer("u-2"), format="json")
    ticket = {"external_id": "t-1", "customer_external_id": "u-2", "category": "deposit-withdrawal"}
    response = api.post("/api/tickets/", {**ticket, "channel": "email", "subject": "Deposit"}, format="json")
    assert response.status_code == 400
    assert "customer_external_id" in response.json()


@pytest.mark.parametrize(("literal", "stored"), [("-0", "-0"), ("0", "0"), ("-12", "-12"), ("7", "7")])
def test_an_integer_id_is_stored_as_written(api, integration, literal, stored):
    body = '{"external_id": %s, "exchange_account_id": "UID88880002", "email": "a@example.com", "jurisdiction": "cn"}'
    response = api.post("/api/customers/", data=body % literal, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["external_id"] == stored
    assert IntegrationCustomerGrant.objects.get().external_id == external_id_key(stored)


def test_minus_zero_and_zero_are_two_ids(api, integration):
    body = '{"external_id": %s, "exchange_account_id": "%s", "email": "a@example.com", "jurisdiction": "cn"}'
    first = api.post("/api/customers/", data=body % ("-0", "UID88880003"), content_type="application/json")
    second = api.post("/api/customers/", data=body % ("0", "UID88880004"), content_type="application/json")
    assert (first.status_code, second.status_code) == (201, 201)
    assert IntegrationCustomerGrant.objects.count() == 2


def test_a_held_grant_under_the_same_id_found_late_is_the_answer(api, integration, monkeypatch):
    """The branch the race reaches: the first looks for this integration's grant missed a sibling's, which
    committed before the last look. The same external id: "not created", never a 409."""
    from supportrecords import ingest

    assert api.post("/api/customers/", _customer("u-1"), format="json").status_code == 201
    real = ingest._grant_of
    calls = {"n": 0}

    def late(**kwargs):
        calls["n"] += 1
        return None if calls["n"] <= 2 else real(**kwargs)

    monkeypatch.setattr(ingest, "_grant_of", late)
    response = api.post("/api/customers/", _customer("u-1"), format="json")
    assert response.status_code == 200, response.content
    assert response.json()["created"] is False


def test_a_revoked_grants_external_id_sent_with_another_account_is_a_409(api, integration):
    """An attacker's finding (2026-12-07): after the admin revoked a grant, the integration sent the same external
    id with another account id and was granted the first customer again; that account's tickets were filed under
    the first person."""
    assert api.post("/api/customers/", _customer("a1", account="ACC1001"), format="json").status_code == 201
    IntegrationCustomerGrant.objects.all().delete()
    response = api.post("/api/customers/", _customer("a1", account="ZZZUNRELATED1"), format="json")
    assert response.status_code == 409, response.content
    assert list(response.json()) == ["external_id"]
    assert not IntegrationCustomerGrant.objects.exists()
    assert Customer.objects.count() == 1


def test_a_batch_of_long_hostile_bodies_is_refused_before_it_is_scanned(api, api_ticket):
    """An attacker's finding (2026-12-07): 12 bodies of 100,000 characters of hex groups took 4 s each to scan and
    the web worker was killed at its timeout (an HTML 500)."""
    import random

    rng = random.Random(6)
    body = " ".join("".join(rng.choice("0123456789abcdef") for _ in range(4)) for _ in range(19_999))
    items = [
        {"external_id": f"m-{n}", "ticket_external_id": "t-1", "author_kind": "customer", "body": body}
        for n in range(12)
    ]
    response = api.post("/api/messages/batch/", {"messages": items}, format="json")
    assert response.status_code == 400
    assert "smaller batches" in str(response.json())
    from supportrecords.models import Message

    assert not Message.objects.exists()
