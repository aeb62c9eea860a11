"""Executing an approved erasure through the purge engine, and its signed certificate.

Steps, each idempotent and each in its own transaction, so that a worker dying anywhere leaves nothing half done
and a retry (the same task redelivered, or re-queued by the stuck check) resumes where the last commit left off:

1. restrict what the snapshotted rules keep (legal holds, legal retention obligations): hidden from agents,
   readable by compliance officers only, deleted by the retention purge when the obligation ends;
2. delete the rest in chunks with `deletion.engine.tickets_purge` (rows, history, files, permissions, admin log),
   counting what each chunk removed in the same transaction as the deletion;
3. delete the customer and destroy their data key once no record is kept;
4. forget the customer's earlier requests' contact details and exports;
5. notify the downstream processors, and complete (with the certificate) once they have all confirmed.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from audit import targets
from audit.services import audit_record
from deletion.engine import HistoricalTicket, tickets_purge
from deletion.services import file_deletions_process
from privacy import certificates, selectors
from privacy.access import access_export_delete
from privacy.exceptions import InvalidTransition
from privacy.lifecycle import event_record, privacy_request_complete, privacy_request_contact_forget, progress_mark
from privacy.models import (
    FINAL_STATUSES,
    NotificationStatus,
    PrivacyEventKind,
    PrivacyRequest,
    PrivacyRequestKind,
    PrivacyRequestStatus,
    SupplementaryStatement,
)
from privacy.processors import processor_notifications_create
from supportrecords.models import (
    Attachment,
    Customer,
    DataCategory,
    Message,
    Ticket,
    TicketGroupObjectPermission,
    TicketUserObjectPermission,
)

logger = logging.getLogger(__name__)

STORES = (
    "tickets",
    "messages",
    "attachments",
    "files",
    "history_rows",
    "permissions",
    "admin_log_entries",
    "statements",
    "customers",
    "data_keys_destroyed",
    "earlier_requests_forgotten",
)


class ErasureIncomplete(Exception):
    """Some records were locked by another transaction: the erasure is retried shortly."""


def _reason(request: PrivacyRequest) -> str:
    return f"erasure: privacy request {request.pk}"


def _chunk_size() -> int:
    return max(1, int(getattr(settings, "CUSTOS_PURGE_CHUNK_TICKETS", 1000)))


def _per_ticket(queryset: Any, column: str) -> dict[int, int]:
    return {row[column]: row["n"] for row in queryset.values(column).annotate(n=Count("pk")).order_by()}


def _chunk_counts(ticket_ids: list[int]) -> dict[int, dict[str, Any]]:
    """What deleting each of these tickets removes, read under the engine's locks (same transaction)."""
    categories = dict(Ticket.objects.filter(pk__in=ticket_ids).values_list("pk", "category__slug"))
    messages = _per_ticket(Message.objects.filter(ticket_id__in=ticket_ids), "ticket_id")
    attachments = _per_ticket(Attachment.objects.filter(message__ticket_id__in=ticket_ids), "message__ticket_id")
    history = _per_ticket(HistoricalTicket._default_manager.filter(id__in=ticket_ids), "id")
    user_perms = _per_ticket(
        TicketUserObjectPermission.objects.filter(content_object_id__in=ticket_ids), "content_object_id"
    )
    group_perms = _per_ticket(
        TicketGroupObjectPermission.objects.filter(content_object_id__in=ticket_ids), "content_object_id"
    )
    logs = {
        int(k): v
        for k, v in _per_ticket(
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(Ticket), object_id__in=[str(i) for i in ticket_ids]
            ),
            "object_id",
        ).items()
    }
    statements = _per_ticket(SupplementaryStatement.objects.filter(ticket_id__in=ticket_ids), "ticket_id")
    return {
        ticket_id: {
            "category": category,
            "messages": messages.get(ticket_id, 0),
            "attachments": attachments.get(ticket_id, 0),
            "history_rows": history.get(ticket_id, 0),
            "permissions": user_perms.get(ticket_id, 0) + group_perms.get(ticket_id, 0),
            "admin_log_entries": logs.get(ticket_id, 0),
            "statements": statements.get(ticket_id, 0),
        }
        for ticket_id, category in categories.items()
    }


def _counts_add(request: PrivacyRequest, *, per_ticket: dict[int, dict[str, Any]], deleted: list[int]) -> None:
    counts: dict[str, Any] = request.erasure_counts or {}
    categories: dict[str, dict[str, int]] = counts.setdefault("categories", {})
    stores: dict[str, int] = counts.setdefault("stores", dict.fromkeys(STORES, 0))
    for ticket_id in deleted:
        row = per_ticket.get(ticket_id)
        if row is None:
            continue
        category = categories.setdefault(row["category"], {"tickets": 0, "messages": 0, "attachments": 0})
        category["tickets"] += 1
        category["messages"] += row["messages"]
        category["attachments"] += row["attachments"]
        stores["tickets"] += 1
        stores["messages"] += row["messages"]
        stores["attachments"] += row["attachments"]
        stores["files"] += row["attachments"]
        for name in ("history_rows", "permissions", "admin_log_entries", "statements"):
            stores[name] += row[name]
    request.erasure_counts = counts


def _event(request: PrivacyRequest, kind: str, **details: Any) -> None:
    event_record(request=request, kind=kind, details=details)


def _start(request_id: int) -> PrivacyRequest | None:
    with transaction.atomic():
        request = PrivacyRequest.objects.select_for_update().get(pk=request_id)
        if request.kind != PrivacyRequestKind.ERASURE:
            raise InvalidTransition(f"privacy request {request.pk} is not an erasure")
        if request.status not in (PrivacyRequestStatus.APPROVED, PrivacyRequestStatus.EXECUTING):
            return None  # done already (or not approved): a redelivered task changes nothing
        request.attempts += 1
        progress_mark(request, status=PrivacyRequestStatus.EXECUTING)
        return request


def tickets_restrict(*, request: PrivacyRequest, ticket_ids: list[int]) -> int:
    """Restrict kept tickets: hidden from agents and supervisors, readable by compliance officers only."""
    if not ticket_ids:
        return 0
    restricted = Ticket.objects.filter(pk__in=ticket_ids, restricted=False).update(restricted=True)
    if restricted:
        audit_record(
            actor=None,
            action="ticket.restrict",
            target_type=targets.PRIVACY_REQUEST,
            target_id=request.pk,
            customer_id=request.customer_id,
            details={"tickets": restricted, "reason": "kept after erasure"},
        )
    return restricted


def privacy_erasure_execute(*, request_id: int) -> str:
    """Run or resume an approved erasure; returns the request's status afterwards."""
    request = _start(request_id)
    if request is None:
        return PrivacyRequest.objects.filter(pk=request_id).values_list("status", flat=True).get()
    rules = request.rules_snapshot
    now = timezone.now()

    # 1. Restrict what is kept.
    with transaction.atomic():
        locked = PrivacyRequest.objects.select_for_update().get(pk=request_id)
        plan = selectors.erasure_plan(customer_id=locked.customer_id, rules=rules, now=now)
        if plan.touches_restricted and locked.second_approved_at is None:
            # Four eyes, checked again now: records of a restricted category arrived after the approval, so the
            # erasure waits for a compliance officer's second approval before anything is deleted.
            locked.needs_second_approval = True
            locked.status = PrivacyRequestStatus.AWAITING_SECOND_APPROVAL
            locked.save()
            _event(locked, PrivacyEventKind.FIRST_APPROVAL, scope_grew=True)
            audit_record(
                actor=None,
                action="privacy_request.scope_grew",
                target_type=targets.PRIVACY_REQUEST,
                target_id=locked.pk,
                customer_id=locked.customer_id,
                details={"needs_second_approval": True},
            )
            return str(locked.status)
        restricted = tickets_restrict(request=locked, ticket_ids=plan.ticket_ids_kept)
        if restricted:
            _event(locked, PrivacyEventKind.RESTRICTED, tickets=restricted)
        to_delete = plan.ticket_ids_to_delete

    # 2. Delete the rest, chunk by chunk.
    size = _chunk_size()
    locked_out = 0
    for start in range(0, len(to_delete), size):
        chunk = to_delete[start : start + size]
        locked_out += _chunk_erase(request_id=request_id, ticket_ids=chunk)
    if locked_out:
        raise ErasureIncomplete(f"privacy request {request_id}: {locked_out} tickets were locked; retrying")

    # 3.-5. The customer and key, earlier requests, processors, completion.
    return _finish(request_id=request_id)


def _chunk_erase(*, request_id: int, ticket_ids: list[int]) -> int:
    """Delete one chunk in one transaction with its counts and progress; returns how many were locked out."""
    storage_names: list[str] = []
    with transaction.atomic():
        request = PrivacyRequest.objects.select_for_update().get(pk=request_id)
        present = list(Ticket.objects.filter(pk__in=ticket_ids).values_list("pk", flat=True))
        if not present:
            return 0
        per_ticket = _chunk_counts(present)
        result = tickets_purge(
            ticket_ids=present,
            reason=_reason(request),
            request_id=request.pk,
            customers_require_ended=False,
        )
        _counts_add(request, per_ticket=per_ticket, deleted=result.ticket_ids)
        # The engine deletes the customer (and destroys the key) with their last ticket.
        stores = request.erasure_counts["stores"]
        stores["customers"] = stores.get("customers", 0) + result.customers
        stores["data_keys_destroyed"] = stores.get("data_keys_destroyed", 0) + result.keys_destroyed
        if result.held_back:
            # A hold placed after approval wins: what it covers is kept, restricted.
            held = sorted(set(present) - set(result.ticket_ids))
            still = list(Ticket.objects.filter(pk__in=held).values_list("pk", flat=True))
            tickets_restrict(request=request, ticket_ids=still)
        request.erasure_seq += 1
        request.progress_at = timezone.now()
        request.stuck_since = None
        request.save(update_fields=["erasure_counts", "erasure_seq", "progress_at", "stuck_since"])
        if result.tickets:
            _event(
                request,
                PrivacyEventKind.ERASED,
                tickets=result.tickets,
                messages=result.messages,
                attachments=result.attachments,
            )
        storage_names = result.storage_names
        locked_out = result.skipped_locked
    if storage_names:
        file_deletions_process(storage_names=storage_names)
    return locked_out


def _finish(*, request_id: int) -> str:
    # 3. The customer, with their data key, once nothing of theirs is kept.
    with transaction.atomic():
        request = PrivacyRequest.objects.select_for_update().get(pk=request_id)
        if request.status != PrivacyRequestStatus.EXECUTING:
            return request.status
        _customer_erase_if_empty(request)
        request.save(update_fields=["erasure_counts"])

    # 4. Earlier requests of the same customer: their exports and contact details.
    earlier = list(
        PrivacyRequest.objects.filter(customer_id=request.customer_id, status__in=FINAL_STATUSES)
        .exclude(pk=request_id)
        .filter(contact_forgotten_at__isnull=True)
        .values_list("pk", flat=True)
    )
    forgotten = 0
    for other_id in earlier:
        access_export_delete(request_id=other_id)
        forgotten += int(privacy_request_contact_forget(request_id=other_id, reason="customer erased"))

    # 5. Processors, then completion.
    with transaction.atomic():
        request = PrivacyRequest.objects.select_for_update().get(pk=request_id)
        if request.status != PrivacyRequestStatus.EXECUTING:
            return request.status
        stores = request.erasure_counts.setdefault("stores", dict.fromkeys(STORES, 0))
        stores["earlier_requests_forgotten"] = stores.get("earlier_requests_forgotten", 0) + forgotten
        request.erasure_counts["kept"] = _kept_summary(request)
        pending = processor_notifications_create(request=request)
        if pending:
            request.status = PrivacyRequestStatus.AWAITING_PROCESSORS
            request.progress_at = timezone.now()
            request.save()
        else:
            privacy_request_complete(request=request)
        return request.status


def _customer_erase_if_empty(request: PrivacyRequest) -> None:
    if not Customer.objects.filter(pk=request.customer_id).exists():
        return
    if Ticket.objects.filter(customer_id=request.customer_id).exists():
        return
    result = tickets_purge(
        ticket_ids=[],
        customer_ids=[request.customer_id],
        customers_require_ended=False,
        reason=_reason(request),
        request_id=request.pk,
    )
    stores = request.erasure_counts.setdefault("stores", dict.fromkeys(STORES, 0))
    stores["customers"] = stores.get("customers", 0) + result.customers
    stores["data_keys_destroyed"] = stores.get("data_keys_destroyed", 0) + result.keys_destroyed


def _kept_summary(request: PrivacyRequest) -> list[dict[str, Any]]:
    """What the erasure kept, per category and basis, with the end date (None: until the clock starts)."""
    plan = selectors.erasure_plan(customer_id=request.customer_id, rules=request.rules_snapshot, now=timezone.now())
    holds = {h.hold_id: h for h in plan.holds}
    groups: dict[tuple[str, str, str, str], int] = Counter()
    until_of: dict[tuple[str, str, str, str], datetime | None] = {}
    for item in plan.plans:
        if item.action == selectors.PlanAction.DELETE:
            continue
        if item.action == selectors.PlanAction.HOLD:
            kinds = [holds[h] for h in item.hold_ids if h in holds]
            hold = kinds[0] if kinds else None
            basis = f"legal hold:{hold.kind}" if hold else "legal hold"
            ends = hold.ends_at if hold else None
            key = (item.category, basis, "hold", "")
        else:
            ends = item.until
            key = (item.category, item.legal_basis, item.clock, str(item.retention_days))
        groups[key] += 1
        until_of[key] = ends
    return [
        {
            "category": category,
            "tickets": count,
            "legal_basis": basis,
            "clock": clock,
            "retention_days": int(days) if days else None,
            "until": until_of[(category, basis, clock, days)].isoformat()  # type: ignore[union-attr]  # checked
            if until_of[(category, basis, clock, days)] is not None
            else None,
        }
        for (category, basis, clock, days), count in sorted(groups.items())
    ]


# The certificate's words for records kept under a legal hold (stated in English in the signed document, and
# translated on the pages that show it).
KEPT_BY_LAW = "kept where the law requires us"
KEPT_BY_LAW_NAME = "Other records"


def certificate_payload(*, request: PrivacyRequest) -> dict[str, Any]:
    """What the certificate states. Records kept under any legal hold are counted together, in words that never
    tip off: no category, kind, reason or date of the hold (a suspicious-activity report must stay secret)."""
    counts = request.erasure_counts or {}
    names = dict(DataCategory.objects.values_list("slug", "name"))
    kept = [
        {**row, "name": names.get(row["category"], row["category"])}
        for row in counts.get("kept", [])
        if not str(row["legal_basis"]).startswith("legal hold")
    ]
    held = sum(
        int(row["tickets"]) for row in counts.get("kept", []) if str(row["legal_basis"]).startswith("legal hold")
    )
    if held:
        kept.append(
            {
                "category": "",
                "name": KEPT_BY_LAW_NAME,
                "tickets": held,
                "legal_basis": KEPT_BY_LAW,
                "clock": "obligation",
                "retention_days": None,
                "until": None,
            }
        )
    processors = [
        {
            "name": n.processor.name,
            "status": n.status,
            "confirmed_at": n.confirmed_at.isoformat() if n.confirmed_at else None,
        }
        for n in request.notifications.select_related("processor").order_by("processor__name")
    ]
    stores = dict(counts.get("stores", {}))
    data_key_status = "kept while records are retained" if counts.get("kept") else "destroyed"
    return {
        "type": certificates.CERTIFICATE_TYPE,
        "version": certificates.CERTIFICATE_VERSION,
        "issuer": settings.CUSTOS_CERTIFICATE_ISSUER,
        "request": str(request.uid),
        "subject": {
            "account_fingerprint": certificates.account_fingerprint(
                request_uid=str(request.uid), exchange_account_id=request.exchange_account_id or ""
            ),
            "fingerprint_method": certificates.FINGERPRINT_METHOD,
            "jurisdiction": request.jurisdiction,
        },
        "received_at": request.submitted_at.isoformat(),
        "verified_at": request.verified_at.isoformat() if request.verified_at else None,
        "approved_at": request.approved_at.isoformat() if request.approved_at else None,
        "completed_at": (request.completed_at or timezone.now()).isoformat(),
        "deleted": {
            "categories": [
                {"category": slug, "name": names.get(slug, slug), **values}
                for slug, values in sorted(counts.get("categories", {}).items())
            ],
            "stores": {
                "database_rows": {
                    name: stores.get(name, 0)
                    for name in ("tickets", "messages", "attachments", "statements", "customers")
                },
                "history_rows": stores.get("history_rows", 0),
                "files": stores.get("files", 0),
                "permissions": stores.get("permissions", 0),
                "admin_log_entries": stores.get("admin_log_entries", 0),
                "data_key": data_key_status,
                "earlier_requests_forgotten": stores.get("earlier_requests_forgotten", 0),
                "processors": processors,
            },
        },
        "kept": kept,
    }


def certificate_issue(*, request: PrivacyRequest) -> None:
    """Sign and attach the certificate (the caller holds the row lock and saves)."""
    if request.certificate:
        return
    request.completed_at = request.completed_at or timezone.now()
    payload = certificate_payload(request=request)
    request.certificate = payload
    request.certificate_signature = certificates.certificate_sign(payload=payload)
    audit_record(
        actor=None,
        action="privacy_request.certificate",
        target_type=targets.PRIVACY_REQUEST,
        target_id=request.pk,
        customer_id=request.customer_id,
        details={"key_id": certificates.key_id()},
    )


def privacy_erasures_follow_up() -> int:
    """For completed erasures whose customer still exists (records were kept): delete what is no longer covered
    (a hold released, an obligation ended) and, once nothing is kept, the customer and their data key."""
    done = 0
    requests = PrivacyRequest.objects.filter(
        kind=PrivacyRequestKind.ERASURE,
        status__in=[PrivacyRequestStatus.COMPLETED, PrivacyRequestStatus.AWAITING_PROCESSORS],
        customer_id__in=Customer.objects.values("pk"),
    ).order_by("pk")
    for request in requests:
        plan = selectors.erasure_plan(customer_id=request.customer_id, rules=request.rules_snapshot, now=timezone.now())
        ids = plan.ticket_ids_to_delete
        for start in range(0, len(ids), _chunk_size()):
            _chunk_erase(request_id=request.pk, ticket_ids=ids[start : start + _chunk_size()])
        with transaction.atomic():
            locked = PrivacyRequest.objects.select_for_update().get(pk=request.pk)
            before = dict(locked.erasure_counts.get("stores", {}))
            _customer_erase_if_empty(locked)
            locked.save(update_fields=["erasure_counts"])
            if locked.erasure_counts.get("stores", {}) != before:
                _event(locked, PrivacyEventKind.ERASED, customer=True)
        done += 1
    return done


def processors_pending(*, request: PrivacyRequest) -> int:
    return request.notifications.exclude(status=NotificationStatus.CONFIRMED).count()


__all__ = ["ErasureIncomplete", "certificate_issue", "privacy_erasure_execute", "privacy_erasures_follow_up"]
