"""Writes of retention and deletion: policies, legal holds, purge runs, file deletions and ledger replay.

Every deletion goes through `deletion.engine.tickets_purge`; this module decides what to give it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from audit import targets
from audit.services import audit_record
from audit.types import Actor, signed_in
from deletion import ledger, selectors
from deletion.engine import BatchResult, tickets_purge
from deletion.exceptions import (
    LegalHoldAlreadyReleased,
    LegalHoldScopeNotFound,
    NotComplianceOfficer,
    NotPrivacyOfficer,
    PurgeAlreadyRunning,
)
from deletion.locks import run_lock
from deletion.models import (
    FileDeletion,
    LegalHold,
    LegalHoldKind,
    PurgeBatch,
    PurgeRun,
    PurgeRunStatus,
    RetentionPolicy,
)
from encryption.models import DataKey
from encryption.services import data_keys_destroy
from supportrecords import roles
from supportrecords.models import Customer, Ticket

logger = logging.getLogger(__name__)

DISPATCH_LOCK = "purge-dispatch"
BATCH_COUNTS = ("tickets", "messages", "attachments", "customers", "keys_destroyed", "anonymised", "held_back")


# Retention policies


def retention_policy_save(*, policy: RetentionPolicy, actor: Actor, reason: str) -> RetentionPolicy:
    """Create or change a retention policy; the history keeps who, when and why."""
    if not roles.is_privacy_officer(actor):
        raise NotPrivacyOfficer("only a privacy officer changes retention policies")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the policy changes."})
    policy.full_clean()
    created = policy.pk is None
    with transaction.atomic():
        policy._change_reason = reason.strip()[:100]  # type: ignore[attr-defined]  # read by simple-history
        policy._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        policy.save()
        audit_record(
            actor=actor,
            action="retention_policy.create" if created else "retention_policy.change",
            target_type=targets.RETENTION_POLICY,
            target_id=policy.pk,
            details={
                "category_id": policy.category_id,
                "jurisdiction": policy.jurisdiction,
                "retention_days": policy.retention_days,
                "clock": policy.clock,
                "action": policy.action,
                "is_active": policy.is_active,
            },
        )
    return policy


# Legal holds


def legal_hold_place(
    *,
    actor: Actor,
    kind: str,
    reason: str,
    customer_id: int | None = None,
    ticket_id: int | None = None,
    ends_at: datetime | None = None,
    ip: str | None = None,
) -> LegalHold:
    """Place a hold on a customer or a ticket. The scope row is locked, so a purge in flight either sees it or
    has committed before (then the ticket is gone and LegalHoldScopeNotFound is raised)."""
    if not roles.is_compliance_officer(actor):
        raise NotComplianceOfficer("only a compliance officer places legal holds")
    if (customer_id is None) == (ticket_id is None):
        raise ValidationError("A hold covers either a customer or a ticket.")
    if kind not in LegalHoldKind.values:
        raise ValidationError({"kind": f"Unknown kind; one of {', '.join(LegalHoldKind.values)}."})
    if not reason.strip():
        raise ValidationError({"reason": "A hold needs a reason."})
    if ends_at is not None and ends_at <= timezone.now():
        raise ValidationError({"ends_at": "The end date must be in the future."})
    with transaction.atomic():
        if ticket_id is not None:
            found = list(
                Ticket.objects.select_for_update(of=("self",))
                .filter(pk=ticket_id)
                .values_list("customer_id", flat=True)
            )
            if not found:
                raise LegalHoldScopeNotFound(f"ticket {ticket_id} does not exist")
            scope_customer = found[0]
        else:
            assert customer_id is not None  # noqa: S101  # one of the two scopes is set, checked above
            if not list(Customer.objects.select_for_update().filter(pk=customer_id).values_list("pk", flat=True)):
                raise LegalHoldScopeNotFound(f"customer {customer_id} does not exist")
            scope_customer = customer_id
        hold = LegalHold(
            customer_id=customer_id,
            ticket_id=ticket_id,
            kind=kind,
            reason=reason.strip(),
            placed_by=signed_in(actor),
            ends_at=ends_at,
        )
        hold.full_clean()
        hold._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        hold.save()
        audit_record(
            actor=actor,
            action="legal_hold.place",
            target_type=targets.LEGAL_HOLD,
            target_id=hold.pk,
            customer_id=scope_customer,
            ip=ip,
            details={"kind": kind, "ticket_id": ticket_id, "ends_at": ends_at.isoformat() if ends_at else None},
        )
    return hold


def legal_hold_release(*, hold_id: int, actor: Actor, reason: str, ip: str | None = None) -> LegalHold:
    """Release a hold: only a compliance officer, always with a reason."""
    if not roles.is_compliance_officer(actor):
        raise NotComplianceOfficer("only a compliance officer releases legal holds")
    if not reason.strip():
        raise ValidationError({"reason": "A release needs a reason."})
    with transaction.atomic():
        hold = LegalHold.objects.select_for_update().get(pk=hold_id)
        if hold.released_at is not None:
            raise LegalHoldAlreadyReleased(f"legal hold {hold_id} was released already")
        hold.released_at = timezone.now()
        hold.released_by = signed_in(actor)
        hold.release_reason = reason.strip()
        hold._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        hold._change_reason = "released"  # type: ignore[attr-defined]  # read by simple-history
        hold.save()
        audit_record(
            actor=actor,
            action="legal_hold.release",
            target_type=targets.LEGAL_HOLD,
            target_id=hold.pk,
            customer_id=hold.customer_id,
            ip=ip,
            details={"kind": hold.kind, "ticket_id": hold.ticket_id},
        )
    return hold


# Stored files


@dataclass(frozen=True)
class FileDeletionReport:
    deleted: int
    failed: int


def file_deletions_process(*, storage_names: Sequence[str] | None = None, limit: int = 1000) -> FileDeletionReport:
    """Delete queued files from storage; a failure stays queued with exponential backoff (never forgotten)."""
    if storage_names is not None:
        pending = list(FileDeletion.objects.filter(storage_name__in=list(storage_names)))
    else:
        pending = selectors.file_deletions_due(limit=limit)
    done: list[int] = []
    failed = 0
    base = int(settings.CUSTOS_FILE_DELETION_RETRY_SECONDS)
    for item in pending:
        try:
            default_storage.delete(item.storage_name)
        except Exception as exc:  # any storage backend error: keep the file queued and say which kind
            failed += 1
            delay = timedelta(seconds=min(base * 2 ** min(item.attempts, 10), 86_400))
            FileDeletion.objects.filter(pk=item.pk).update(
                attempts=F("attempts") + 1,
                next_attempt_at=timezone.now() + delay,
                last_error=exc.__class__.__name__[:200],
            )
            logger.warning("file deletion %s failed (%s); retried later", item.pk, exc.__class__.__name__)
        else:
            done.append(item.pk)
    if done:
        FileDeletion.objects.filter(pk__in=done).delete()
    return FileDeletionReport(deleted=len(done), failed=failed)


# Purge runs

ChunkSender = Callable[[dict[str, Any]], None]


def purge_run_start(*, trigger: str, reason: str) -> PurgeRun:
    return PurgeRun.objects.create(trigger=trigger[:30], reason=reason[:200])


def purge_chunk_execute(
    *,
    run_id: int,
    seq: int,
    ticket_ids: Sequence[int],
    customer_ids: Sequence[int] = (),
    policy_id: int | None = None,
) -> BatchResult:
    """Purge one chunk of a run (idempotent per run and seq), delete its files, and finish the run if it was last."""
    run = PurgeRun.objects.get(pk=run_id)
    policy = RetentionPolicy.objects.select_related("category").filter(pk=policy_id).first() if policy_id else None
    if policy_id and policy is None:
        raise ValidationError(f"retention policy {policy_id} does not exist")
    result = tickets_purge(
        ticket_ids=ticket_ids, customer_ids=customer_ids, policy=policy, run_id=run_id, seq=seq, reason=run.reason
    )
    if result.storage_names:
        file_deletions_process(storage_names=result.storage_names)
    purge_run_finalise(run_id=run_id)
    return result


def purge_batch_fail(*, run_id: int, seq: int, error: str) -> None:
    """Record that a chunk gave up after its retries; its tickets are found again by the next run."""
    PurgeBatch.objects.get_or_create(run_id=run_id, seq=seq, defaults={"failed": True, "error": error[:200]})
    purge_run_finalise(run_id=run_id)


def purge_run_finalise(*, run_id: int) -> PurgeRun:
    """Close a run whose chunks have all been recorded: totals, status, duration, audit event. Idempotent."""
    # A cheap look first, without a row lock (and its commit): most chunks are not the last one.
    total = PurgeRun.objects.filter(pk=run_id, status=PurgeRunStatus.RUNNING).values_list("chunks_total", flat=True)
    if not total or total[0] is None or PurgeBatch.objects.filter(run_id=run_id).count() < total[0]:
        return PurgeRun.objects.get(pk=run_id)
    with transaction.atomic():
        run = PurgeRun.objects.select_for_update().get(pk=run_id)
        if run.status != PurgeRunStatus.RUNNING or run.chunks_total is None:
            return run
        batches = PurgeBatch.objects.filter(run_id=run_id)
        if batches.count() < run.chunks_total:
            return run
        totals = batches.aggregate(**{name: Sum(name) for name in BATCH_COUNTS})
        # The dispatcher left what holds kept out of the run in counts_by_category; batches add what they met.
        held_at_dispatch = {slug: int(c.get("held_back", 0)) for slug, c in (run.counts_by_category or {}).items()}
        by_category: dict[str, dict[str, int]] = {
            slug: {**dict.fromkeys(BATCH_COUNTS, 0), "held_back": held} for slug, held in held_at_dispatch.items()
        }
        for row in batches.values("category").annotate(**{name: Sum(name) for name in BATCH_COUNTS}):
            counts = {name: int(row[name] or 0) for name in BATCH_COUNTS}
            counts["held_back"] += held_at_dispatch.get(row["category"], 0)
            by_category[row["category"] or "customers"] = counts
        errors = [
            {"seq": seq, "error": error} for seq, error in batches.filter(failed=True).values_list("seq", "error")
        ]
        files_failed = FileDeletion.objects.filter(run_id=run_id, attempts__gt=0).count()
        run.tickets_deleted = totals["tickets"] or 0
        run.messages_deleted = totals["messages"] or 0
        run.attachments_deleted = totals["attachments"] or 0
        run.customers_deleted = totals["customers"] or 0
        run.keys_destroyed = totals["keys_destroyed"] or 0
        run.anonymised = totals["anonymised"] or 0
        run.held_back = (totals["held_back"] or 0) + sum(held_at_dispatch.values())
        run.counts_by_category = by_category
        run.files_failed = files_failed
        run.errors = errors + ([{"error": f"{files_failed} file deletions queued for retry"}] if files_failed else [])
        run.status = PurgeRunStatus.COMPLETED_WITH_ERRORS if run.errors else PurgeRunStatus.SUCCEEDED
        run.finished_at = timezone.now()
        run.save()
        audit_record(
            actor=None,
            action="purge.run",
            target_type=targets.PURGE_RUN,
            target_id=run.pk,
            details={
                "trigger": run.trigger,
                "status": run.status,
                "chunks": run.chunks_total,
                "duration_seconds": run.duration_seconds,
                "files_failed": files_failed,
                "by_category": by_category,
                **{name: int(totals[name] or 0) for name in BATCH_COUNTS},
                "held_back": run.held_back,
            },
        )
    return run


def purge_runs_abandon_stale() -> int:
    """Mark runs that never finished (a lost chunk, a dead dispatcher) abandoned; the next run redoes their work."""
    stale = timedelta(seconds=int(settings.CUSTOS_PURGE_RUN_STALE_SECONDS))
    return PurgeRun.objects.filter(status=PurgeRunStatus.RUNNING, started_at__lte=timezone.now() - stale).update(
        status=PurgeRunStatus.ABANDONED, finished_at=timezone.now()
    )


def _chunks(ids: list[int], size: int) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def purge_dispatch(
    *,
    trigger: str,
    send: ChunkSender | None = None,
    category: str | None = None,
    limit: int | None = None,
    chunk_size: int | None = None,
) -> PurgeRun:
    """Start a purge run: find expired ids by keyset pagination and hand them out in chunks.

    `send` queues one chunk (the Celery fan-out); without it each chunk runs here, in this process.
    Runs once at a time: raises PurgeAlreadyRunning if another dispatcher holds the lock or a run is unfinished.
    """
    size = chunk_size or int(settings.CUSTOS_PURGE_CHUNK_TICKETS)
    page_size = max(int(settings.CUSTOS_PURGE_PAGE_SIZE), size)
    stale = timedelta(seconds=int(settings.CUSTOS_PURGE_RUN_STALE_SECONDS))
    with run_lock(name=DISPATCH_LOCK, ttl_seconds=int(stale.total_seconds())) as acquired:
        if not acquired:
            raise PurgeAlreadyRunning("another dispatcher holds the purge lock")
        purge_runs_abandon_stale()
        unfinished = selectors.purge_run_unfinished(stale_after=stale)
        if unfinished is not None:
            raise PurgeAlreadyRunning(f"purge run {unfinished.pk} is not finished yet")
        file_deletions_process()
        run = purge_run_start(trigger=trigger, reason=f"retention ({trigger})")

        def dispatch(chunk: dict[str, Any]) -> None:
            if send is None:
                purge_chunk_execute(**chunk)
            else:
                send(chunk)

        seq = 0
        remaining = limit
        policies = list(selectors.retention_policies_active())
        if category:
            policies = [p for p in policies if p.category.slug == category]
        held: dict[str, dict[str, int]] = {}
        for policy in policies:
            count = selectors.policy_expired_held_tickets(policy=policy, now=run.started_at).count()
            if count:
                held.setdefault(policy.category.slug, {"held_back": 0})["held_back"] += count
        PurgeRun.objects.filter(pk=run.pk).update(counts_by_category=held)
        for policy in policies:
            if remaining is not None and remaining <= 0:
                break
            for page in selectors.policy_expired_ticket_id_pages(
                policy=policy, now=run.started_at, page_size=page_size, limit=remaining
            ):
                for ids in _chunks(page, size):
                    dispatch({"run_id": run.pk, "seq": seq, "ticket_ids": ids, "policy_id": policy.pk})
                    seq += 1
                if remaining is not None:
                    remaining -= len(page)
        if not category and limit is None:
            customers = selectors.customers_without_tickets_ended()
            for page in selectors.customer_id_pages(customers=customers, page_size=page_size):
                for ids in _chunks(page, size):
                    dispatch({"run_id": run.pk, "seq": seq, "ticket_ids": [], "customer_ids": ids})
                    seq += 1
        PurgeRun.objects.filter(pk=run.pk).update(chunks_total=seq, dispatched_at=timezone.now())
        audit_record(
            actor=None,
            action="purge.dispatch",
            target_type=targets.PURGE_RUN,
            target_id=run.pk,
            details={"trigger": trigger, "chunks": seq, "category": category, "limit": limit},
        )
    return purge_run_finalise(run_id=run.pk)


# Replay


@dataclass(frozen=True)
class ReplayReport:
    tickets_named: int
    tickets_deleted: int
    customers_deleted: int
    keys_destroyed: int
    held: list[int]


def ledger_replay(*, since: datetime | None = None, dry_run: bool = False, chunk_size: int = 1000) -> ReplayReport:
    """Re-apply the ledger after a backup restore: what it names is deleted again and its keys destroyed.

    Holds are still enforced: a ticket held in the restored database is reported, not deleted.
    """
    contents = ledger.ledger_read(since=since)
    present = sorted(
        Ticket.objects.filter(pk__in=sorted(contents.ticket_ids)).values_list("pk", flat=True)
        if contents.ticket_ids
        else []
    )
    customers = sorted(
        Customer.objects.filter(pk__in=sorted(contents.customer_ids)).values_list("pk", flat=True)
        if contents.customer_ids
        else []
    )
    keys = sorted(
        DataKey.objects.filter(pk__in=sorted(contents.data_key_ids), wrapped_key__isnull=False).values_list(
            "pk", flat=True
        )
        if contents.data_key_ids
        else []
    )
    if dry_run:
        held_tickets, _ = selectors.legal_holds_covering(ticket_ids=present, customer_ids=[])
        return ReplayReport(len(contents.ticket_ids), len(present), len(customers), len(keys), sorted(held_tickets))
    tickets_deleted = customers_deleted = keys_destroyed = 0
    held: list[int] = []
    for ids in _chunks(present, chunk_size) or [[]]:
        result = tickets_purge(ticket_ids=ids, customer_ids=[], reason="ledger replay after restore")
        tickets_deleted += result.tickets
        customers_deleted += result.customers
        keys_destroyed += result.keys_destroyed
        if result.storage_names:
            file_deletions_process(storage_names=result.storage_names)
        held.extend(sorted(set(ids) - set(result.ticket_ids)))
    for ids in _chunks(customers, chunk_size):
        result = tickets_purge(
            ticket_ids=[], customer_ids=ids, customers_require_ended=False, reason="ledger replay after restore"
        )
        customers_deleted += result.customers
        keys_destroyed += result.keys_destroyed
    keys_destroyed += data_keys_destroy(data_key_ids=keys, reason="ledger replay after restore")
    audit_record(
        actor=None,
        action="ledger.replay",
        target_type=targets.LEDGER,
        target_id="replay",
        details={
            "tickets_named": len(contents.ticket_ids),
            "tickets_deleted": tickets_deleted,
            "customers_deleted": customers_deleted,
            "keys_destroyed": keys_destroyed,
            "held": len(held),
        },
    )
    return ReplayReport(len(contents.ticket_ids), tickets_deleted, customers_deleted, keys_destroyed, held)
