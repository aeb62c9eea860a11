"""Issue 8 tried from outside: what the API, the batch endpoint and scan_text store or answer."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from mnemonic import Mnemonic

from supportrecords.models import Customer, Message, Ticket
from tests.supportrecords.test_api import batch, msg

pytestmark = pytest.mark.django_db

PHRASE = "abandon math mimic master filter design carbon crystal rookie group knife young"
ZH_24 = "".join(Mnemonic("chinese_simplified").to_mnemonic(bytes(range(1, 33))).split())


@pytest.mark.parametrize(
    "body",
    [
        f"Hello support team I wrote down these words {PHRASE}",
        f"please send your seed phrase {PHRASE}",
        f"Hello support team I wrote down these words {PHRASE.replace('master', 'mastter')}",
    ],
)
def test_the_issues_phrase_in_a_sentence_is_never_stored(api, api_ticket, body):
    response = api.post("/api/messages/", msg("m-1", body=body), format="json")
    assert response.status_code == 201
    assert response.json()["secret_exposed_tickets"]
    stored = Message.objects.get(external_id="m-1").body
    assert "[REDACTED:seed_phrase]" in stored
    for word in ("mimic", "rookie", "knife", "crystal"):
        assert word not in stored


def test_a_passport_number_answering_the_agents_question_is_a_finding(api, api_ticket):
    response = batch(
        api,
        [
            msg("m-1", body="Could you confirm your passport number?", author_kind="agent"),
            msg("m-2", body="Sure: E12345678"),
        ],
    )
    assert response.status_code == 200
    answer = Message.objects.get(external_id="m-2")
    assert answer.findings and answer.findings[0][0] == "passport"
    # And when the question was stored by an earlier request.
    api.post("/api/messages/", msg("m-3", body="E87654321 as well"), format="json")
    assert Message.objects.get(external_id="m-3").findings[0][0] == "passport"


def test_a_chinese_phrase_with_a_word_missing_after_the_agents_request(api, api_ticket):
    api.post("/api/messages/", msg("m-1", body="请提供助记词", author_kind="agent"), format="json")
    response = api.post("/api/messages/", msg("m-2", body=f"好的 {ZH_24[:-1]} 谢谢"), format="json")
    assert response.json()["secret_exposed_tickets"]
    stored = Message.objects.get(external_id="m-2").body
    assert ZH_24[2:10] not in stored


def test_subject_national_numbers_follow_the_customers_jurisdiction(api, api_ticket):
    # The customer of api_ticket is in mainland China; a UK customer's number is read as British.
    api.post(
        "/api/customers/",
        {"external_id": "u-2", "exchange_account_id": "UID777002", "email": "a@example.co.uk", "jurisdiction": "uk"},
        format="json",
    )
    response = api.post(
        "/api/tickets/",
        {
            "external_id": "t-2",
            "customer_external_id": "u-2",
            "category": "deposit-withdrawal",
            "channel": "email",
            "subject": "call me on 07700 900123",
        },
        format="json",
    )
    assert response.status_code == 201
    assert Ticket.objects.get(external_id="t-2").findings[0][0] == "phone"


def test_scan_text_reads_previous_turns_and_region(monkeypatch):
    lines = [
        {"id": 1, "text": "Sure: E12345678", "previous": ["confirm your passport number please"]},
        {"id": 2, "text": "call 07700 900123", "region": "gb"},
        {"id": 3, "text": "x", "previous": "not a list"},
    ]
    stdin = io.TextIOWrapper(io.BytesIO("\n".join(json.dumps(line) for line in lines).encode()), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stdin)
    out = io.StringIO()
    call_command("scan_text", stdout=out, stderr=io.StringIO())
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert results[0]["findings"][0]["kind"] == "passport"
    assert results[1]["findings"][0]["kind"] == "phone"
    assert "error" in results[2]


@pytest.mark.parametrize(
    "external_id",
    ["li.wei@example.com", "a b", "x" * 65, "工单1", "id\u200b1", "", "h1:" + "0" * 64],
)
def test_an_external_id_that_is_not_opaque_is_refused_with_a_clear_400(api, external_id):
    response = api.post(
        "/api/customers/",
        {"external_id": external_id, "exchange_account_id": "UID1", "email": "a@example.com", "jurisdiction": "cn"},
        format="json",
    )
    assert response.status_code == 400
    assert "external_id" in response.json()
    assert Customer.objects.count() == 0


def test_external_ids_are_stored_keyed_never_in_clear(api, api_ticket):
    from django.db import connection

    api.post("/api/messages/", msg("zd-msg:42"), format="json")
    with connection.cursor() as cursor:
        for table in ("customer", "ticket", "message"):
            cursor.execute(f"SELECT external_id FROM supportrecords_{table}")  # noqa: S608 - fixed names
            values = [row[0] for row in cursor.fetchall()]
            assert values and all(v.startswith("h1:") and len(v) == 67 for v in values)
            assert not {"u-1", "t-1", "zd-msg:42"} & set(values)
    # Lookups and retries still work on the keyed form, and the answers name the ids as sent.
    retry = api.post("/api/messages/", msg("zd-msg:42"), format="json")
    assert retry.status_code == 200 and retry.json()["results"][0]["external_id"] == "zd-msg:42"
    assert Message.objects.filter(external_id="zd-msg:42").count() == 1


def test_risk_evidence_is_stored_encrypted_under_the_customers_key(api, api_ticket):
    from django.db import connection

    from encryption.services import data_keys_destroy
    from supportrecords.models import RiskFlag

    api.post(
        "/api/messages/", msg("m-1", body="URGENT my account will be frozen, see custos-exchange.net"), format="json"
    )
    ticket = Ticket.objects.get(external_id="t-1")
    assert ticket.risk_flags and all(set(flag) == {"rule", "at"} for flag in ticket.risk_flags)
    rows = list(RiskFlag.objects.filter(ticket=ticket))
    assert rows and all(row.data_key_id == ticket.data_key_id for row in rows)
    assert "custos-exchange.net" in " ".join(row.evidence for row in rows)
    with connection.cursor() as cursor:
        cursor.execute("SELECT evidence FROM supportrecords_riskflag")
        stored = b" ".join(bytes(row[0]) for row in cursor.fetchall())
        cursor.execute("SELECT CAST(risk_flags AS TEXT) FROM supportrecords_ticket")
        flags = " ".join(row[0] for row in cursor.fetchall())
    assert b"custos-exchange" not in stored and b"frozen" not in stored
    assert "custos-exchange" not in flags and "frozen" not in flags
    data_keys_destroy(data_key_ids=[ticket.data_key_id], reason="test")
    from encryption.exceptions import KeyDestroyed

    with pytest.raises(KeyDestroyed):
        _ = RiskFlag.objects.filter(ticket=ticket).first().evidence  # type: ignore[union-attr]


def test_the_automatic_exposure_reply_is_not_redacted(db):
    # Found from outside: the reply's Chinese half talks about 助记词, and a sentence of it was taken for a phrase.
    from supportrecords.exposure import auto_reply_text
    from supportrecords.models import ReplyTemplate
    from supportrecords.redaction import detect

    text = auto_reply_text(ReplyTemplate.objects.get(slug=ReplyTemplate.SECRET_EXPOSED))
    assert [f.kind for f in detect(text)] == []
    assert [f.kind for f in detect(text, previous=["请提供助记词"])] == []


@pytest.mark.parametrize(
    ("name", "content", "content_type", "redacted", "quarantined"),
    [
        ("notepad.txt", f"my words: {PHRASE}".encode("utf-16"), "text/plain", True, False),
        ("words.docx", f"seed {PHRASE}".encode(), "application/vnd.openxmlformats-officedocument", True, False),
        ("blob", f"{PHRASE}".encode(), "application/octet-stream", True, False),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "image/png", False, True),
    ],
)
def test_attachments_from_outside(api, api_ticket, name, content, content_type, redacted, quarantined):
    from django.core.files.uploadedfile import SimpleUploadedFile

    api.post("/api/messages/", msg("m-1", body="see the file"), format="json")
    response = api.post(
        "/api/attachments/",
        {"external_id": "a-1", "message_external_id": "m-1", "file": SimpleUploadedFile(name, content, content_type)},
        format="multipart",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["text_redacted"] is redacted and body["quarantined"] is quarantined
    assert body["scanned"] is not quarantined


def test_turns_are_read_from_stored_flags_or_else_from_the_body(api, api_ticket):
    api.post(
        "/api/messages/", msg("m-1", body="Please confirm your passport number", author_kind="agent"), format="json"
    )
    question = Message.objects.get(external_id="m-1")
    assert question.context_flags == "p"
    api.post("/api/messages/", msg("m-2", body="E12345678"), format="json")
    assert Message.objects.get(external_id="m-2").findings[0][0] == "passport"
    # A message stored before the flags existed is read from its body.
    Message.objects.filter(pk=question.pk).update(context_flags=None)
    Message.objects.filter(external_id="m-2").update(context_flags=None)
    api.post("/api/messages/", msg("m-3", body="or G7654321 on the old one"), format="json")
    assert Message.objects.get(external_id="m-3").findings[0][0] == "passport"
