"""Holes an attacker found in the ingestion API from outside, each kept closed by a test."""

from __future__ import annotations

import http.client
import json
from uuid import uuid4

import pytest
from django.urls import reverse

from encryption.keyring import key_cache
from supportrecords.ingest import integration_create
from supportrecords.models import Customer, IntegrationCustomerGrant, Message, Ticket
from supportrecords.services import REVEALABLE_FIELDS
from tests.auth import staff_login
from tests.web import gunicorn

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """Throttle and audit windows per IP live in the cache: each test gets an empty one."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": str(uuid4())}
    }


def msg(external_id, body="Where is my deposit?", ticket="t-1"):
    return {"external_id": external_id, "ticket_external_id": ticket, "author_kind": "customer", "body": body}


def _customer(api, external_id, account_id, email="li.wei@example.com", **extra):
    body = {"external_id": external_id, "exchange_account_id": account_id, "email": email, "jurisdiction": "cn"}
    return api.post("/api/customers/", {**body, **extra}, format="json")


def _customer_of(integration, external_id: str) -> Customer:
    return IntegrationCustomerGrant.objects.get(integration=integration, external_id=external_id).customer


def test_customer_after_a_duplicate_account_reads_back_everything(api, integration, client, admin_user):
    assert _customer(api, "u-1", "UID70000001").status_code == 201
    # This integration holds the account as u-1 already: a 409, and the row built for it is rolled back.
    assert _customer(api, "u-2", "UID70000001", email="other@example.com").status_code == 409
    response = _customer(api, "u-3", "UID70000003", email="third@example.com", name="Third", phone="+8613812345678")
    assert response.status_code == 201, response.content
    ticket = api.post(
        "/api/tickets/",
        {
            "external_id": "t-3",
            "customer_external_id": "u-3",
            "category": "deposit-withdrawal",
            "channel": "email",
            "subject": "Deposit missing",
        },
        format="json",
    )
    assert ticket.status_code == 201, ticket.content
    key_cache.clear()  # as another process (the admin's) reads them
    customer = Customer.objects.get(pk=_customer_of(integration, "u-3").pk)
    assert {field: getattr(customer, field) for field in REVEALABLE_FIELDS} == {
        "exchange_account_id": "UID70000003",
        "email": "third@example.com",
        "name": "Third",
        "phone": "+8613812345678",
    }
    assert Ticket.objects.get(customer=customer).subject == "Deposit missing"
    staff_login(client, admin_user)
    key_cache.clear()
    page = client.get(reverse("admin:supportrecords_customer_change", args=[customer.pk]))
    assert page.status_code == 200  # was a 500: the fields failed authentication


def test_a_batch_with_an_external_id_twice_is_a_400_naming_the_repeat_by_position(api, api_ticket):
    items = [msg(f"m-{i}") for i in range(5)] + [msg("m-secret-3", body="other"), msg("m-1"), msg("m-secret-3")]
    response = api.post("/api/messages/batch/", {"messages": items}, format="json")
    assert response.status_code == 400
    errors = response.json()["messages"]
    assert set(errors) == {"6", "7"}
    assert errors["6"] == {"external_id": ["Item 6 repeats the external id of item 1."]}
    assert errors["7"] == {"external_id": ["Item 7 repeats the external id of item 5."]}
    assert "m-secret-3" not in response.content.decode()
    assert not Message.objects.exists()  # nothing of the batch is stored


def _ticket(api, external_id, **extra):
    body = {
        "external_id": external_id,
        "customer_external_id": "u-1",
        "category": "deposit-withdrawal",
        "channel": "email",
        "subject": "Deposit missing",
        "status": "closed",
    }
    return api.post("/api/tickets/", {**body, **extra}, format="json")


def test_a_ticket_closed_before_it_was_opened_is_a_400(api, api_customer):
    response = _ticket(api, "t-9", opened_at="2026-03-02T10:00:00Z", closed_at="2026-03-01T10:00:00Z")
    assert response.status_code == 400
    assert list(response.json()) == ["closed_at"]
    assert not Ticket.objects.exists()
    later = _ticket(api, "t-10", opened_at="2026-03-01T10:00:00Z", closed_at="2026-03-01T10:00:00Z")
    assert later.status_code == 201, later.content  # closed the moment it opened: fine


def test_a_chunked_body_is_refused_with_a_json_411_not_ignored(api):
    body = json.dumps({"external_id": "u-1", "exchange_account_id": "UID1", "email": "a@example.com"})
    response = api.post("/api/customers/", data=body, content_type="application/json", HTTP_TRANSFER_ENCODING="chunked")
    assert response.status_code == 411
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("Send the body with a Content-Length header")
    assert not Customer.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_chunked_request_to_the_live_server_is_a_411(tmp_path):
    _, token = integration_create(name="chunked-test", rate_limit="1000/min")
    body = {"external_id": "u-1", "exchange_account_id": "UID1", "email": "a@example.com", "jurisdiction": "cn"}
    with gunicorn(tmp_path) as web:
        connection = http.client.HTTPConnection(web.base_url.removeprefix("http://"), timeout=30)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        connection.request(
            "POST", "/api/customers/", body=iter([json.dumps(body).encode()]), headers=headers, encode_chunked=True
        )
        response = connection.getresponse()
        answer = response.read()
        connection.close()
    assert response.status == 411, answer[:300]
    assert json.loads(answer)["detail"].startswith("Send the body with a Content-Length header")
    assert not Customer.objects.exists()


SECRET_EMAILS = [
    "abandon.math.mimic.master.filter.design.carbon.crystal.rookie.group.knife.young@example.com",
    "e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35@example.com",
]


@pytest.mark.parametrize("email", SECRET_EMAILS)
def test_an_email_holding_a_phrase_or_key_is_a_400_that_does_not_repeat_it(api, email):
    """Found from outside: a phrase joined by dots is a valid address; it was stored, and mailed to in clear."""
    response = _customer(api, "u-secret-mail", "UID70000099", email=email)
    assert response.status_code == 400
    assert "private key or recovery phrase" in response.content.decode()
    assert email.split("@")[0] not in response.content.decode()
    assert not Customer.objects.exists()


def test_an_ordinary_email_of_wordlist_words_is_kept(api):
    response = _customer(api, "u-plain-mail", "UID70000098", email="happy.support.team@example.com")
    assert response.status_code == 201
