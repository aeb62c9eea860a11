from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management import call_command

from supportrecords.external_ids import external_id_key
from supportrecords.models import AuthorKind, Customer, Message, Ticket, TicketStatus
from tests.supportrecords.conftest import SEED

pytestmark = pytest.mark.django_db

USERS = [
    {"id": 501, "name": "Li Wei", "email": "li.wei@example.com", "phone": "+8613800138000", "external_id": "UID501"},
    {"id": 9001, "name": "Agent Smith", "email": "agent@custos.example", "role": "agent"},
]
TICKET: dict[str, Any] = {
    "id": 35436,
    "subject": "Withdrawal stuck",
    "raw_subject": "Withdrawal stuck",
    "description": "My withdrawal is stuck",
    "status": "solved",
    "requester_id": 501,
    "submitter_id": 501,
    "via": {"channel": "email"},
    "created_at": "2024-05-20T22:55:29Z",
    "updated_at": "2024-05-25T01:23:45Z",
    "comments": [
        {
            "id": 1274,
            "type": "Comment",
            "body": "My withdrawal is stuck",
            "html_body": "<p>My withdrawal is stuck</p>",
            "plain_body": "My withdrawal is stuck",
            "public": True,
            "author_id": 501,
            "created_at": "2024-05-20T22:55:29Z",
            "attachments": [{"id": 1, "file_name": "s.png", "content_url": "https://example.zendesk.com/a/1"}],
        },
        {
            "id": 1275,
            "body": "We are checking.",
            "public": True,
            "author_id": 9001,
            "created_at": "2024-05-21T08:00:00Z",
        },
        {"id": 1276, "body": f"here are my words {SEED}", "author_id": 501, "created_at": "2024-05-21T09:00:00Z"},
    ],
}


def run(tmp_path, content: str, *args: str) -> str:
    path = tmp_path / "export.json"
    path.write_text(content, encoding="utf-8")
    from io import StringIO

    out = StringIO()
    call_command("import_zendesk", str(path), *args, stdout=out)
    return out.getvalue()


def test_tickets_api_document_with_comments_and_sideloaded_users(tmp_path):
    output = run(tmp_path, json.dumps({"tickets": [TICKET], "users": USERS}))
    assert "tickets created 1" in output and "messages created 3" in output and "rejected 0" in output
    assert "attachments not downloaded 1" in output
    ticket = Ticket.objects.get(source="zendesk", external_id="35436")
    assert ticket.status == TicketStatus.SOLVED and ticket.subject == "Withdrawal stuck"
    assert ticket.customer.exchange_account_id == "UID501" and ticket.customer.email == "li.wei@example.com"
    kinds = dict(Message.objects.filter(source="zendesk").values_list("external_id", "author_kind"))
    # Stored external ids are keyed hashes (issue 8): compare in that form.
    assert kinds == {
        external_id_key("1274"): AuthorKind.CUSTOMER,
        external_id_key("1275"): AuthorKind.AGENT,
        external_id_key("1276"): AuthorKind.CUSTOMER,
    }
    assert "abandon" not in Message.objects.get(external_id="1276").body
    assert ticket.__class__.objects.get(pk=ticket.pk).secret_exposed


def test_rerun_is_idempotent(tmp_path):
    content = json.dumps({"tickets": [TICKET], "users": USERS})
    run(tmp_path, content)
    output = run(tmp_path, content)
    assert "tickets created 0, already imported 1" in output and "messages created 0, already imported 3" in output
    assert Ticket.objects.count() == 1 and Customer.objects.count() == 1
    assert Message.objects.filter(source="zendesk").count() == 3


def test_incremental_json_lines_with_bad_lines_never_abort(tmp_path):
    second = {**TICKET, "id": 2, "comments": None, "description": "only a description", "status": "open"}
    lines = [
        json.dumps(USERS[0]),
        json.dumps({**TICKET, "comments": TICKET["comments"][:2]}),
        "{this is not json",
        json.dumps({**TICKET, "id": 3, "requester_id": 777}),  # unknown requester
        json.dumps({**TICKET, "id": 4, "status": "deleted"}),
        json.dumps([1, 2]),
        json.dumps(second),
    ]
    output = run(tmp_path, "\n".join(lines))
    assert "tickets created 2" in output and "rejected 4" in output
    assert "rejected line 3: invalid JSON at column 2" in output
    assert "rejected line 4 ticket 3: requester 777 unknown" in output
    assert "rejected line 5 ticket 4: unsupported status 'deleted'" in output
    assert "line 6: not a JSON object" in output
    assert Message.objects.get(external_id="2:description").body == "only a description"
    assert "abandon" not in output


def test_incremental_ticket_events_add_comments(tmp_path):
    run(tmp_path, json.dumps({"tickets": [{**TICKET, "comments": []}], "users": USERS}))
    event = {
        "id": 99,
        "ticket_id": 35436,
        "updater_id": 501,
        "created_at": "2024-05-22T10:00:00Z",
        "event_type": "Audit",
        "child_events": [
            {"id": 5555, "event_type": "Comment", "body": "any news?", "public": True},
            {"id": 5556, "event_type": "Change", "field_name": "status", "value": "open"},
        ],
    }
    output = run(tmp_path, json.dumps({"ticket_events": [event]}))
    assert "messages created 1" in output
    assert Message.objects.get(external_id="5555").author_kind == AuthorKind.CUSTOMER


def test_account_id_from_a_user_field(tmp_path):
    user = {**USERS[0], "external_id": None, "user_fields": {"exchange_uid": "UIDFIELD1"}}
    run(tmp_path, json.dumps({"tickets": [TICKET], "users": [user]}), "--account-field", "exchange_uid")
    assert Customer.objects.get().exchange_account_id == "UIDFIELD1"


def test_requester_without_account_id_is_rejected_with_its_reason(tmp_path):
    user = {**USERS[0], "external_id": None}
    output = run(tmp_path, json.dumps({"tickets": [TICKET], "users": [user]}))
    assert "requester 501 has no exchange account id" in output
    assert "li.wei" not in output  # reasons carry ids, never content
    assert Ticket.objects.count() == 0
