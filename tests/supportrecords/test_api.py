from __future__ import annotations

import json
from uuid import uuid4

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from audit.models import AuditEvent
from supportrecords.ingest import integration_create
from supportrecords.models import Customer, Integration, Message, Ticket
from tests.supportrecords.conftest import SEED

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """Throttle and audit windows per IP live in the cache: each test gets an empty one."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": str(uuid4())}
    }


def batch(api, messages):
    return api.post("/api/messages/batch/", {"messages": messages}, format="json")


def msg(external_id, body="Where is my deposit?", ticket="t-1", author_kind="customer"):
    return {"external_id": external_id, "ticket_external_id": ticket, "author_kind": author_kind, "body": body}


def test_request_without_token_is_401_and_audited(db):
    response = APIClient().post("/api/customers/", {}, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert AuditEvent.objects.filter(action="api.reject", details__status=401).exists()


def test_wrong_or_disabled_token_is_401(integration_and_token):
    integration, token = integration_and_token
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer cst_wrong")
    assert client.post("/api/customers/", {}, format="json").status_code == 401
    Integration.objects.filter(pk=integration.pk).update(active=False)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.post("/api/customers/", {}, format="json").status_code == 401


def test_token_is_stored_only_as_its_digest(integration_and_token):
    integration, token = integration_and_token
    assert token not in integration.token_sha256 and len(integration.token_sha256) == 64


def test_customer_ticket_message_flow_is_idempotent(api, api_ticket):
    again = api.post(
        "/api/customers/",
        {"external_id": "u-1", "exchange_account_id": "UID777001", "email": "li.wei@example.com", "jurisdiction": "cn"},
        format="json",
    )
    assert again.status_code == 200 and again.json()["created"] is False
    first = api.post("/api/messages/", msg("m-1"), format="json")
    retry = api.post("/api/messages/", msg("m-1"), format="json")
    assert first.status_code == 201 and retry.status_code == 200
    assert retry.json()["results"][0]["id"] == first.json()["results"][0]["id"]
    assert Customer.objects.count() == 1 and Ticket.objects.count() == 1 and Message.objects.count() == 1


def test_batch_retry_creates_nothing(api, api_ticket):
    items = [msg(f"m-{i}") for i in range(20)]
    first = batch(api, items)
    assert first.status_code == 200, first.content
    assert first.json()["created"] == 20
    second = batch(api, items)
    assert second.json()["created"] == 0 and second.json()["existing"] == 20
    assert Message.objects.count() == 20


def test_batch_of_501_is_refused(api, api_ticket):
    response = batch(api, [msg(f"m-{i}") for i in range(501)])
    assert response.status_code == 400 and "messages" in response.json()
    assert Message.objects.count() == 0


def test_batch_with_one_bad_item_stores_nothing_and_names_the_item(api, api_ticket):
    response = batch(api, [msg("m-1"), msg("m-2", ticket="no-such-ticket"), msg("m-3", body="")])
    assert response.status_code == 400
    errors = response.json()["messages"]
    assert set(errors) == {"2"}  # shape errors first: the blank body
    response = batch(api, [msg("m-1"), msg("m-2", ticket="no-such-ticket")])
    assert response.json() == {"messages": {"1": {"ticket_external_id": ["No ticket with this external id."]}}}
    assert Message.objects.count() == 0


def test_malformed_json_is_400(api):
    response = api.post("/api/messages/batch/", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert api.post("/api/messages/batch/", data="[]", content_type="application/json").status_code == 400


def test_field_errors_for_bad_customer(api):
    response = api.post(
        "/api/customers/",
        {"external_id": "", "exchange_account_id": "x" * 65, "email": "nope", "jurisdiction": "mars"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"external_id", "exchange_account_id", "email", "jurisdiction"}


def test_oversized_body_is_refused_unread(api, api_ticket, settings):
    settings.CUSTOS_API_MAX_REQUEST_BYTES = 1000
    response = batch(api, [msg("m-1", body="x" * 2000)])
    assert response.status_code == 413
    assert Message.objects.count() == 0


def test_message_longer_than_the_limit_is_400(api, api_ticket):
    response = batch(api, [msg("m-1", body="x" * 100_001)])
    assert response.status_code == 400 and "body" in response.json()["messages"]["0"]


def test_html_and_script_are_stored_as_inert_text(api, api_ticket):
    body = '<script>alert("x")</script><img src=x onerror=alert(1)> hi'
    assert batch(api, [msg("m-1", body=body)]).status_code == 200
    assert Message.objects.get().body == body  # stored verbatim; the admin escapes on display


@pytest.mark.parametrize(
    "body",
    ["rtl \u202eevil\u202c text", "zero\u200bwidth", "emoji 🧨 and 中文 and combining é", "\ufeffbom"],
)
def test_odd_but_valid_unicode_is_kept_exactly(api, api_ticket, body):
    assert batch(api, [msg("m-1", body=body)]).status_code == 200
    assert Message.objects.get().body == body


@pytest.mark.parametrize("body", ["nul \x00 byte", "lone \ud800 surrogate"])
def test_nul_and_lone_surrogates_are_400(api, api_ticket, body):
    payload = json.dumps({"messages": [msg("m-1", body=body)]})  # escaped as \\u0000 / \\ud800: valid JSON
    response = api.post("/api/messages/batch/", data=payload, content_type="application/json")
    assert response.status_code == 400
    assert "body" in response.json()["messages"]["0"]
    assert Message.objects.count() == 0


def test_external_id_with_control_characters_is_400(api, api_ticket):
    response = batch(api, [msg("m\u200b1")])
    assert response.status_code == 400 and "external_id" in response.json()["messages"]["0"]


def test_secret_never_reaches_the_database_or_the_audit_trail(api, api_ticket):
    response = batch(api, [msg("m-1", body=f"my phrase is {SEED}")])
    assert response.status_code == 200
    message = Message.objects.get(external_id="m-1")
    assert "[REDACTED:seed_phrase]" in message.body and "abandon abandon" not in message.body
    assert message.detector_version is not None
    assert all("abandon" not in str(e.details) for e in AuditEvent.objects.all())
    assert response.json()["secret_exposed_tickets"] == ["t-1"]
    assert response.json()["auto_replies"][0]["ticket_external_id"] == "t-1"


def test_secret_in_ticket_subject_is_redacted_and_flags_the_ticket(api, api_customer):
    response = api.post(
        "/api/tickets/",
        {
            "external_id": "t-9",
            "customer_external_id": "u-1",
            "category": "general-enquiry",
            "channel": "web",
            "subject": f"help {SEED}",
        },
        format="json",
    )
    assert response.status_code == 201 and response.json()["secret_exposed"] is True
    assert "abandon" not in Ticket.objects.get().subject


def test_every_successful_call_is_audited_with_the_integration(api, api_ticket, integration):
    batch(api, [msg("m-1")])
    actions = list(AuditEvent.objects.values_list("action", "actor_label"))
    assert ("customer.ingest", "integration:zendesk-test") in actions
    assert ("ticket.ingest", "integration:zendesk-test") in actions
    assert ("message.ingest_batch", "integration:zendesk-test") in actions


def test_rate_limit_per_integration_is_429(db, settings):
    cache.clear()
    integration, token = integration_create(name="slow", rate_limit="2/min")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    codes = [client.post("/api/customers/", {}, format="json").status_code for _ in range(3)]
    assert codes == [400, 400, 429]
    _, other_token = integration_create(name="other", rate_limit="2/min")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {other_token}")
    assert client.post("/api/customers/", {}, format="json").status_code == 400  # its own budget
    assert AuditEvent.objects.filter(action="api.reject", details__status=429).count() == 1


def test_attachment_upload_is_idempotent(api, api_ticket):
    batch(api, [msg("m-1")])
    from django.core.files.uploadedfile import SimpleUploadedFile

    def upload():
        return api.post(
            "/api/attachments/",
            {
                "external_id": "a-1",
                "message_external_id": "m-1",
                "file": SimpleUploadedFile("note.txt", b"plain note", content_type="text/plain"),
            },
            format="multipart",
        )

    first, second = upload(), upload()
    assert first.status_code == 201 and second.status_code == 200
    assert first.json()["scanned"] is True and first.json()["text_redacted"] is False
    assert first.json()["id"] == second.json()["id"]


def test_attachment_for_unknown_message_is_400(api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = api.post(
        "/api/attachments/",
        {"external_id": "a-1", "message_external_id": "nope", "file": SimpleUploadedFile("a.txt", b"x")},
        format="multipart",
    )
    assert response.status_code == 400 and "message_external_id" in response.json()


def test_openapi_schema_lists_the_endpoints(client):
    response = client.get("/api/schema/", secure=True)
    assert response.status_code == 200
    text = response.content.decode()
    for path in ("/api/customers/", "/api/tickets/", "/api/messages/batch/", "/api/attachments/"):
        assert path in text
    assert "IntegrationToken" in text


def test_deeply_nested_json_is_a_json_400_and_audited(api):
    response = api.post("/api/messages/batch/", "[" * 100_000, content_type="application/json")
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]
    assert AuditEvent.objects.filter(action="api.reject", details__status=400).exists()


def test_a_body_between_django_form_limit_and_the_documented_16_mib_is_accepted(api, api_ticket):
    # 1,000,000 characters (a batch's most, ingest.MAX_BATCH_CHARACTERS), 3 MB of UTF-8: over Django's 2.5 MiB.
    messages = [msg(f"m-{i}", body="测" * 25_000) for i in range(40)]
    body = json.dumps({"messages": messages}, ensure_ascii=False).encode()
    assert len(body) > 2.5 * 1024 * 1024
    response = api.post("/api/messages/batch/", body, content_type="application/json")
    assert response.status_code == 200, response.content[:300]
    assert Message.objects.count() == 40


def test_a_body_over_the_limit_is_a_json_413_and_audited(api, settings):
    settings.CUSTOS_API_MAX_REQUEST_BYTES = 3_000_000
    body = json.dumps({"messages": [msg(f"m-{i}", body="x" * 90_000) for i in range(40)]})
    response = api.post("/api/messages/batch/", body, content_type="application/json")
    assert response.status_code == 413 and response["Content-Type"] == "application/json"
    assert AuditEvent.objects.filter(action="api.reject", details__status=413).exists()


def test_bad_tokens_are_throttled_per_ip_and_audited_in_aggregate(integration_and_token, settings):
    settings.CUSTOS_API_BAD_TOKEN_RATE = "20/min"
    attacker = APIClient(REMOTE_ADDR="198.51.100.23")
    statuses = []
    for i in range(30):
        attacker.credentials(HTTP_AUTHORIZATION=f"Bearer cst_guess_{i}")
        statuses.append(attacker.post("/api/customers/", {}, format="json").status_code)
    assert statuses[:20] == [401] * 20 and set(statuses[20:]) == {429}
    assert AuditEvent.objects.filter(action="api.reject", ip="198.51.100.23").count() == 1
    # Another address is not affected, and the right token still works from the throttled one's neighbours.
    other = APIClient(REMOTE_ADDR="198.51.100.24")
    other.credentials(HTTP_AUTHORIZATION=f"Bearer {integration_and_token[1]}")
    assert other.post("/api/customers/", {}, format="json").status_code == 400
    # An integration behind the guessing address (a NAT, a proxy) keeps working: only wrong tokens are throttled.
    neighbour = APIClient(REMOTE_ADDR="198.51.100.23")
    neighbour.credentials(HTTP_AUTHORIZATION=f"Bearer {integration_and_token[1]}")
    assert neighbour.post("/api/customers/", {}, format="json").status_code == 400
