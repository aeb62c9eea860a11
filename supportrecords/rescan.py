"""Apply a newer detector to stored text: records scanned by an older DETECTOR_VERSION are scanned again.

A secret the older detector missed is redacted now (the stored text is rewritten, re-encrypted; an attachment's
file is replaced by its redacted text as at upload) and, for a customer's text, the ticket is flagged and security
alerted as at ingestion (no automatic reply this late).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q

from audit import targets
from audit.services import audit_record
from encryption.exceptions import EncryptionError
from supportrecords import exposure, selectors
from supportrecords.exceptions import AttachmentCorrupted
from supportrecords.models import Attachment, AuthorKind, Message, Ticket
from supportrecords.redaction import DETECTOR_VERSION
from supportrecords.scanning import (
    SPLIT_TURNS,
    ScannedText,
    file_scan,
    findings_counts,
    findings_merge,
    split_secrets_redact,
    text_scan,
)
from supportrecords.services import (
    attachment_content,
    attachment_file_store,
    attachment_redacted_rendition,
    message_split_secrets_redact,
)
from supportrecords.textextract import attachment_text_possible

# Stored audit labels of the rescanned kinds (never `_meta.label_lower`).
RESCAN_TARGETS: dict[type[Ticket | Message | Attachment], str] = {
    Ticket: targets.TICKET,
    Message: targets.MESSAGE,
    Attachment: targets.ATTACHMENT,
}


@dataclass
class RescanReport:
    scanned: int = 0
    rewritten: int = 0
    unreadable: int = 0
    attachments_scanned: int = 0
    attachments_redacted: int = 0
    exposed_tickets: set[int] = field(default_factory=set)


def _stale() -> Q:
    return Q(detector_version__isnull=True) | Q(detector_version__lt=DETECTOR_VERSION)


def records_rescan(*, batch_size: int = 500, dry_run: bool = False, limit: int | None = None) -> RescanReport:
    """Rescan stale ticket subjects and message bodies, one transaction per batch; safe to stop and rerun."""
    report = RescanReport()
    models: tuple[type[Any], ...] = (Ticket, Message)
    for model in models:
        last_pk = 0
        while limit is None or report.scanned < limit:
            size = batch_size if limit is None else min(batch_size, limit - report.scanned)
            with transaction.atomic():
                rows = list(
                    model.objects.select_for_update(skip_locked=True)
                    .filter(_stale(), pk__gt=last_pk, data_key__destroyed_at__isnull=True)
                    .order_by("pk")[:size]
                )
                if not rows:
                    break
                last_pk = rows[-1].pk
                _rescan_rows(rows=rows, report=report, dry_run=dry_run)
    _attachments_rescan(batch_size=batch_size, dry_run=dry_run, limit=limit, report=report)
    return report


def _attachments_rescan(*, batch_size: int, dry_run: bool, limit: int | None, report: RescanReport) -> None:
    """Rescan stale attachments that may hold text, one transaction (and one stored file) each."""
    last_pk = 0
    while True:
        rows = list(
            Attachment.objects.filter(_stale(), pk__gt=last_pk, data_key__destroyed_at__isnull=True)
            .order_by("pk")
            .only("pk", "content_type", "filename", "data_key")[:batch_size]
        )
        if not rows:
            return
        last_pk = rows[-1].pk
        for row in rows:
            if limit is not None and report.scanned + report.attachments_scanned >= limit:
                return
            try:
                possible = attachment_text_possible(content_type=row.content_type, filename=row.filename or "")
            except EncryptionError:
                report.unreadable += 1
                continue
            if possible:
                _attachment_rescan(attachment_id=row.pk, report=report, dry_run=dry_run)


def _attachment_rescan(*, attachment_id: int, report: RescanReport, dry_run: bool) -> None:
    saved_name: str | None = None
    try:
        with transaction.atomic():
            attachment = (
                Attachment.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("message__ticket")
                .filter(_stale(), pk=attachment_id, data_key__destroyed_at__isnull=True)
                .first()
            )
            if attachment is None:
                return  # rescanned meanwhile, erased, or locked by another run
            try:
                filename: str = attachment.filename or ""
                content = attachment_content(attachment=attachment)
            except (EncryptionError, AttachmentCorrupted, OSError):
                report.unreadable += 1
                return
            message = attachment.message
            # As at upload: the conversation up to and with the message the file came with.
            turns = [
                selectors.message_turn_context(message=m)
                for m in [*selectors.message_previous(message=message, limit=selectors.RECENT_TURNS - 1), message]
            ]
            scanned_file = file_scan(
                content=content,
                content_type=attachment.content_type,
                filename=filename,
                turns=turns,
                jurisdiction=message.ticket.customer.jurisdiction,
            )
            if scanned_file is None:
                return  # nothing to read whole after all (an image, an unreadable PDF): stays unscanned
            report.attachments_scanned += 1
            scanned = scanned_file.scanned
            if scanned.has_secret:
                report.attachments_redacted += 1
                if message.author_kind == AuthorKind.CUSTOMER:
                    report.exposed_tickets.add(message.ticket_id)
            if dry_run:
                return
            fields = ["findings", "detector_version", "quarantined"]
            attachment.findings, attachment.detector_version = scanned.findings, scanned.detector_version
            attachment.quarantined = False  # scanned now: no longer waits for a compliance officer
            old_name = attachment.storage_name
            if scanned.has_secret:
                redacted, content_type, new_filename = attachment_redacted_rendition(scanned=scanned, filename=filename)
                saved_name, ciphertext = attachment_file_store(data_key_id=attachment.data_key_id, content=redacted)
                attachment.storage_name, attachment.size = saved_name, len(redacted)
                attachment.content_type = content_type
                attachment.ciphertext_sha256 = hashlib.sha256(ciphertext).hexdigest()
                if not attachment.text_redacted:  # an earlier rendition keeps its name
                    attachment.filename = new_filename[:255]
                attachment.text_redacted = True
                fields += ["storage_name", "size", "content_type", "ciphertext_sha256", "filename", "text_redacted"]
            attachment.save(update_fields=fields)
            if scanned.has_secret:
                exposure.texts_react(
                    posted=[
                        exposure.Posted(
                            ticket=message.ticket, author_kind=message.author_kind, scanned=scanned, message=None
                        )
                    ],
                    auto_reply=False,
                )
                # Robust: a file left behind is still ciphertext under the customer's key (shredded with it).
                transaction.on_commit(lambda: default_storage.delete(old_name), robust=True)
            audit_record(
                actor=None,
                action="attachment.rescan",
                target_type=targets.ATTACHMENT,
                target_id=attachment.pk,
                customer_id=message.ticket.customer_id,
                details={
                    "detector_version": DETECTOR_VERSION,
                    "redacted": scanned.has_secret,
                    "findings": findings_counts(scanned.findings),
                },
            )
    except BaseException:
        if saved_name is not None:
            default_storage.delete(saved_name)
        raise


def _message_scan(*, row: Message, text: str, batch: dict[int, Message], dry_run: bool) -> ScannedText:
    """Scan a stored message as ingestion did: the ticket's previous turns, the customer's jurisdiction, and a
    secret split with the same author's previous messages (rewritten too, unless dry_run)."""
    jurisdiction = row.ticket.customer.jurisdiction
    # The batch's own rows stand for themselves: a rewrite of one must reach the row that bulk_update writes.
    previous = [batch.get(m.pk, m) for m in selectors.message_previous(message=row)]
    turns = [selectors.message_turn_context(message=m) for m in previous]
    scanned = text_scan(text, turns=turns, jurisdiction=jurisdiction)
    earlier = [m for m in previous if m.author_kind == row.author_kind]
    if not dry_run:
        return message_split_secrets_redact(message=row, body=text, scanned=scanned, earlier=earlier, turns=turns)
    split = split_secrets_redact(
        [m.body or "" for m in earlier[-SPLIT_TURNS:]] + [text], turns=turns, jurisdiction=jurisdiction
    )
    if split is None or not earlier:
        return scanned
    return findings_merge(text_scan(split[-1][0], turns=turns, jurisdiction=jurisdiction), split[-1][1])


def _rescan_rows(*, rows: list[Any], report: RescanReport, dry_run: bool) -> None:
    text_field = "subject" if rows and isinstance(rows[0], Ticket) else "body"
    changed: list[Any] = []
    posted: list[exposure.Posted] = []
    rewritten = 0
    batch = {row.pk: row for row in rows} if text_field == "body" else {}
    for row in rows:
        report.scanned += 1
        try:
            text: str = getattr(row, text_field) or ""
            if isinstance(row, Message):
                scanned = _message_scan(row=row, text=text, batch=batch, dry_run=dry_run)
            else:
                scanned = text_scan(text, jurisdiction=row.customer.jurisdiction)
        except EncryptionError:
            report.unreadable += 1
            continue
        if scanned.text != text:
            rewritten += 1
            if not dry_run:
                setattr(row, text_field, scanned.text)
        row.findings, row.detector_version = scanned.findings, scanned.detector_version
        changed.append(row)
        if scanned.has_secret:
            ticket = row if isinstance(row, Ticket) else row.ticket
            author_kind = AuthorKind.CUSTOMER if isinstance(row, Ticket) else row.author_kind
            if author_kind == AuthorKind.CUSTOMER:
                report.exposed_tickets.add(ticket.pk)
            posted.append(exposure.Posted(ticket=ticket, author_kind=author_kind, scanned=scanned, message=None))
    report.rewritten += rewritten
    if dry_run or not changed:
        return
    model: Any = type(changed[0])
    fields = ["findings", "detector_version", text_field] + (["context_flags"] if text_field == "body" else [])
    model.objects.bulk_update(changed, fields)
    exposure.texts_react(posted=posted, auto_reply=False)
    audit_record(
        actor=None,
        action="records.rescan",
        target_type=RESCAN_TARGETS[model],
        target_id=f"{changed[0].pk}-{changed[-1].pk}",
        details={
            "ids": [row.pk for row in changed],
            "count": len(changed),
            "rewritten": rewritten,
            "detector_version": DETECTOR_VERSION,
        },
    )
