"""Apply a newer detector to stored text: records scanned by an older DETECTOR_VERSION are scanned again.

A secret the older detector missed is redacted now (the stored text is rewritten, re-encrypted) and, for a
customer's text, the ticket is flagged and security alerted as at ingestion (no automatic reply this late).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q

from audit.services import audit_record
from encryption.exceptions import EncryptionError
from supportrecords import exposure
from supportrecords.models import AuthorKind, Message, Ticket
from supportrecords.redaction import DETECTOR_VERSION
from supportrecords.scanning import text_scan


@dataclass
class RescanReport:
    scanned: int = 0
    rewritten: int = 0
    unreadable: int = 0
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
    return report


def _rescan_rows(*, rows: list[Any], report: RescanReport, dry_run: bool) -> None:
    text_field = "subject" if rows and isinstance(rows[0], Ticket) else "body"
    changed: list[Any] = []
    posted: list[exposure.Posted] = []
    rewritten = 0
    for row in rows:
        report.scanned += 1
        try:
            text: str = getattr(row, text_field) or ""
        except EncryptionError:
            report.unreadable += 1
            continue
        scanned = text_scan(text)
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
    fields = ["findings", "detector_version", text_field]
    model.objects.bulk_update(changed, fields)
    exposure.texts_react(posted=posted, auto_reply=False)
    audit_record(
        actor=None,
        action="records.rescan",
        target_type=model._meta.label_lower,
        target_id=f"{changed[0].pk}-{changed[-1].pk}",
        details={"count": len(changed), "rewritten": rewritten, "detector_version": DETECTOR_VERSION},
    )
