from __future__ import annotations

import hashlib
import io
import json
import sys
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from supportrecords import rescan
from supportrecords.models import Attachment, AuthorKind, Message, Ticket
from supportrecords.redaction import DETECTOR_VERSION
from supportrecords.services import attachment_content, attachment_create, attachment_file_store, message_create
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


def _attachment_from_older_detector(message: Message, *, filename: str, text: str) -> Attachment:
    """An attachment stored before the current detector: its file kept as uploaded, scanned by an older one."""
    attachment = attachment_create(
        message=message, filename=filename, content=b"placeholder", content_type="text/plain"
    )
    saved_name, ciphertext = attachment_file_store(data_key_id=attachment.data_key_id, content=text.encode())
    default_storage.delete(attachment.storage_name)
    Attachment.objects.filter(pk=attachment.pk).update(
        storage_name=saved_name,
        size=len(text.encode()),
        ciphertext_sha256=hashlib.sha256(ciphertext).hexdigest(),
        detector_version=DETECTOR_VERSION - 1,
        findings=[],
    )
    return Attachment.objects.get(pk=attachment.pk)


@pytest.mark.django_db
def test_rescan_replaces_an_attachment_holding_a_secret_by_its_redacted_text(
    ticket, django_capture_on_commit_callbacks
):
    message = message_create(ticket=ticket, author_kind=AuthorKind.CUSTOMER, body="see the file")
    old = _attachment_from_older_detector(message, filename="wallet.txt", text=f"my words: {SEED}")
    with django_capture_on_commit_callbacks(execute=True):
        report = rescan.records_rescan()
    assert report.attachments_scanned == 1 and report.attachments_redacted == 1
    assert report.exposed_tickets == {ticket.pk}
    stored = Attachment.objects.get(pk=old.pk)
    assert stored.text_redacted and stored.detector_version == DETECTOR_VERSION
    assert stored.filename == "wallet.txt.redacted.txt" and stored.content_type == "text/plain; charset=utf-8"
    assert stored.findings[0][0] == "seed_phrase" and stored.storage_name != old.storage_name
    content = attachment_content(attachment=stored).decode()
    assert "abandon" not in content and "[REDACTED:seed_phrase]" in content
    assert not default_storage.exists(old.storage_name)
    ticket.refresh_from_db()
    assert ticket.secret_exposed


@pytest.mark.django_db
def test_rescan_of_a_clean_attachment_only_bumps_its_detector_version(ticket):
    message = message_create(ticket=ticket, author_kind=AuthorKind.CUSTOMER, body="see the file")
    old = _attachment_from_older_detector(message, filename="notes.txt", text="nothing secret here")
    report = rescan.records_rescan()
    assert report.attachments_scanned == 1 and report.attachments_redacted == 0
    stored = Attachment.objects.get(pk=old.pk)
    assert stored.detector_version == DETECTOR_VERSION and not stored.text_redacted
    assert (stored.storage_name, stored.ciphertext_sha256, stored.filename) == (
        old.storage_name,
        old.ciphertext_sha256,
        "notes.txt",
    )
    assert attachment_content(attachment=stored) == b"nothing secret here"


@pytest.mark.django_db
def test_rescan_dry_run_changes_no_attachment_and_a_second_run_changes_nothing(
    ticket, django_capture_on_commit_callbacks
):
    message = message_create(ticket=ticket, author_kind=AuthorKind.CUSTOMER, body="see the file")
    old = _attachment_from_older_detector(message, filename="wallet.txt", text=SEED)
    out = io.StringIO()
    call_command("rescan_records", "--dry-run", stdout=out)
    assert "would replace 1 by their redacted text" in out.getvalue()
    unchanged = Attachment.objects.get(pk=old.pk)
    assert (unchanged.storage_name, unchanged.detector_version, unchanged.text_redacted) == (
        old.storage_name,
        DETECTOR_VERSION - 1,
        False,
    )
    assert not Ticket.objects.get(pk=ticket.pk).secret_exposed
    with django_capture_on_commit_callbacks(execute=True):
        assert rescan.records_rescan().attachments_redacted == 1
    after_first = Attachment.objects.values().get(pk=old.pk)
    second = rescan.records_rescan()
    assert (second.attachments_scanned, second.attachments_redacted) == (0, 0)
    assert Attachment.objects.values().get(pk=old.pk) == after_first
