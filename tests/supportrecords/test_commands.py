from __future__ import annotations

import io
import json
import sys
from typing import Any

import pytest
from django.core.management import call_command

from supportrecords import rescan
from supportrecords.models import AuthorKind, Message
from supportrecords.redaction import DETECTOR_VERSION
from supportrecords.services import message_create
from tests.supportrecords.conftest import SEED


def scan(monkeypatch, lines: list[str]) -> list[Any]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("\n".join(lines).encode())))
    out, err = io.StringIO(), io.StringIO()
    call_command("scan_text", stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_scan_text_reports_findings_and_redaction(monkeypatch):
    text = f"mail jane@example.com {SEED}"
    [result] = scan(monkeypatch, [json.dumps({"id": "a1", "text": text})])
    assert result["id"] == "a1"
    assert [f["kind"] for f in result["findings"]] == ["email", "seed_phrase"]
    email = result["findings"][0]
    assert text[email["start"] : email["end"]] == "jane@example.com"
    assert result["redacted"] == "mail jane@example.com [REDACTED:seed_phrase]"


def test_scan_text_answers_every_line_even_bad_ones(monkeypatch):
    results = scan(monkeypatch, ['{"id": 1, "text": "hi"}', "nope", '{"id": 3}', '{"id": 4, "text": "中文"}'])
    assert [r["id"] for r in results] == [1, None, 3, 4]
    assert "error" in results[1] and "error" in results[2] and results[3]["findings"] == []


@pytest.mark.django_db
def test_rescan_redacts_what_an_older_detector_missed(ticket, monkeypatch):
    message = message_create(ticket=ticket, author_kind=AuthorKind.CUSTOMER, body="old text")
    # Simulate a row stored by an older detector that missed a seed phrase.
    message.body = f"old text {SEED}"
    Message.objects.filter(pk=message.pk).update(
        body_ciphertext=getattr(message, "body_ciphertext"),  # noqa: B009  # the column's attname
        detector_version=DETECTOR_VERSION - 1,
        findings=[],
    )
    out = io.StringIO()
    call_command("rescan_records", "--dry-run", stdout=out)
    assert "would rewrite 1" in out.getvalue()
    assert "abandon" in Message.objects.get(pk=message.pk).body
    report = rescan.records_rescan()
    assert report.rewritten == 1 and report.exposed_tickets == {ticket.pk}
    stored = Message.objects.get(pk=message.pk)
    assert "abandon" not in stored.body and "[REDACTED:seed_phrase]" in stored.body
    assert stored.detector_version == DETECTOR_VERSION and stored.findings[0][0] == "seed_phrase"
    ticket.refresh_from_db()
    assert ticket.secret_exposed
    assert rescan.records_rescan().scanned == 0  # nothing stale is left
