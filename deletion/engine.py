"""The purge engine: the one service that deletes support records, used by every deletion path in the product.

One call is one batch in one transaction:

1. claim the tickets with `SELECT ... FOR UPDATE SKIP LOCKED` (re-checking expiry when a policy drives the purge),
   and take a share lock on their customers (`FOR SHARE SKIP LOCKED`), so that a legal hold being placed (which
   locks the ticket or customer `FOR UPDATE`) either finishes first or waits for this batch;
2. re-read the legal holds *under those locks* and drop every held ticket and customer;
3. keep anonymised statistics when the policy says so, then delete set-based: attachments (their files are queued
   in `FileDeletion` in the same transaction and removed from storage after commit), messages, guardian
   permissions, history rows, admin log entries, any other row that points at a ticket, and the tickets;
4. delete each customer left with no ticket whose relationship has ended (and is not held), and destroy their data
   key (crypto-shredding);
5. record the batch (`PurgeBatch`, an audit event) and write the ledger's `prepare` record before the commit.

A crash at any point rolls the whole batch back; running it again deletes what is left and nothing twice.
"""

# ruff: noqa: S608  # SQL is built only from model metadata (quoted table and column names); values are parameters

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models.fields.reverse_related import ForeignObjectRel
from django.utils import timezone

from audit import targets
from audit.services import audit_record
from audit.types import Actor
from deletion import ledger, selectors
from deletion.exceptions import DeletionError
from deletion.models import (
    AnonymisedTicket,
    FileDeletion,
    LegalHold,
    PurgeBatch,
    RetentionAction,
    RetentionClock,
    RetentionPolicy,
)
from encryption.services import data_keys_destroy
from supportrecords.models import (
    Attachment,
    Customer,
    Message,
    Ticket,
    TicketGroupObjectPermission,
    TicketUserObjectPermission,
)

logger = logging.getLogger(__name__)

HistoricalTicket: type[models.Model] = Ticket.history.model

# Relations the engine deletes explicitly; any other row pointing at these models is handled generically.
_HANDLED = {
    (Attachment, "message"),
    (Message, "ticket"),
    (TicketUserObjectPermission, "content_object"),
    (TicketGroupObjectPermission, "content_object"),
    (Ticket, "customer"),
    (HistoricalTicket, "customer"),
}

Where = Callable[[str], tuple[str, list[Any]]]
CLAIM_COLUMNS = ("id", "customer_id", "category_id", "channel", "opened_at", "closed_at")


@dataclass
class BatchResult:
    batch: str
    tickets: int = 0
    messages: int = 0
    attachments: int = 0
    customers: int = 0
    keys_destroyed: int = 0
    anonymised: int = 0
    held_back: int = 0
    skipped_locked: int = 0
    already_done: bool = False
    ticket_ids: list[int] = field(default_factory=list)
    customer_ids: list[int] = field(default_factory=list)
    data_key_ids: list[int] = field(default_factory=list)
    storage_names: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "tickets": self.tickets,
            "messages": self.messages,
            "attachments": self.attachments,
            "customers": self.customers,
            "keys_destroyed": self.keys_destroyed,
            "anonymised": self.anonymised,
            "held_back": self.held_back,
            "skipped_locked": self.skipped_locked,
        }


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _table(model: type[models.Model]) -> str:
    return _q(model._meta.db_table)


def _in(values: Sequence[Any], *, cast: str = "bigint") -> Where:
    """A `column IN values` condition: one array parameter on PostgreSQL, expanded placeholders elsewhere."""

    def where(column: str) -> tuple[str, list[Any]]:
        if connection.vendor == "postgresql":
            return f"{column} = ANY(%s::{cast}[])", [list(values)]
        return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)

    return where


def _in_select(model: type[models.Model], parent_column: str, parent: Where) -> Where:
    """A `column IN (SELECT id FROM model WHERE parent_column IN ...)` condition."""

    def where(column: str) -> tuple[str, list[Any]]:
        sql, params = parent(f"{_table(model)}.{_q(parent_column)}")
        return f"{column} IN (SELECT {_table(model)}.{_q('id')} FROM {_table(model)} WHERE {sql})", params

    return where


def _delete(cursor: Any, model: type[models.Model], column: str, where: Where, returning: str = "") -> Any:
    sql, params = where(_q(column))
    cursor.execute(f"DELETE FROM {_table(model)} WHERE {sql}{' RETURNING ' + returning if returning else ''}", params)
    return cursor.fetchall() if returning else cursor.rowcount


_tables: set[str] = set()


def _table_exists(model: type[models.Model]) -> bool:
    """Whether the model's table exists (a model whose migration has not run yet holds no rows to delete)."""
    if model._meta.db_table not in _tables:
        _tables.update(connection.introspection.table_names())
        if model._meta.db_table not in _tables:
            logger.warning("purge: %s has no table yet; nothing of it to delete", model._meta.label)
            return False
    return True


def _unhandled_relations(model: type[models.Model]) -> list[ForeignObjectRel]:
    return [
        rel
        for rel in model._meta.get_fields(include_hidden=True)
        if isinstance(rel, ForeignObjectRel)
        and rel.auto_created
        and not rel.many_to_many
        and rel.related_model is not None
        and (rel.related_model, rel.field.name) not in _HANDLED
        and _table_exists(rel.related_model)  # type: ignore[arg-type]  # a model class, checked above
    ]


def _relations_clear(cursor: Any, model: type[models.Model], parent: Where) -> None:
    """Delete or unlink rows of other apps' models that point at the rows being deleted, set-based."""
    for rel in _unhandled_relations(model):
        related: type[models.Model] = rel.related_model  # type: ignore[assignment]  # checked above
        column = rel.field.column
        on_delete = rel.on_delete
        if on_delete in (models.CASCADE, models.DO_NOTHING):
            # DO_NOTHING without a constraint is how history mirrors point at their object: they name it, so go.
            nested = [r for r in _unhandled_relations(related) if r.on_delete is not models.DO_NOTHING]
            if nested:
                _relations_clear(cursor, related, _in_select(related, column, parent))
            _delete(cursor, related, column, parent)
        elif on_delete is models.SET_NULL:
            sql, params = parent(_q(column))
            cursor.execute(f"UPDATE {_table(related)} SET {_q(column)} = NULL WHERE {sql}", params)
        else:
            sql, params = parent(_q(column))
            cursor.execute(f"SELECT 1 FROM {_table(related)} WHERE {sql} LIMIT 1", params)
            if cursor.fetchone():
                raise DeletionError(f"{related._meta.label} protects rows of {model._meta.label} from deletion")


def _admin_log_delete(cursor: Any, model: type[models.Model], ids: Sequence[int]) -> None:
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    where = _in([str(i) for i in ids], cast="text")
    sql, params = where(_q("object_id"))
    cursor.execute(
        f"DELETE FROM {_table(LogEntry)} WHERE {_q('content_type_id')} = %s AND {sql}", [content_type.pk, *params]
    )


def _held(*, ticket_ids: Sequence[int], customer_ids: Sequence[int]) -> tuple[set[int], set[int]]:
    """Held ticket and customer ids among those given (the active-hold rule of selectors.legal_hold_active_q)."""
    conditions, params = [], []
    for column, ids in (("ticket_id", ticket_ids), ("customer_id", customer_ids)):
        if ids:
            sql, p = _in(list(ids))(_q(column))
            conditions.append(sql)
            params.extend(p)
    if not conditions:
        return set(), set()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_q('ticket_id')}, {_q('customer_id')} FROM {_table(LegalHold)}"
            f" WHERE {_q('released_at')} IS NULL AND ({_q('ends_at')} IS NULL OR {_q('ends_at')} > %s)"
            f" AND ({' OR '.join(conditions)})",
            [timezone.now(), *params],
        )
        rows = cursor.fetchall()
    return {t for t, _c in rows if t is not None}, {c for _t, c in rows if c is not None}


def _claim(*, ticket_ids: Sequence[int], policy: RetentionPolicy | None, now: datetime) -> list[tuple[Any, ...]]:
    """Lock the tickets without waiting (SKIP LOCKED); with a policy, only those still expired under it."""
    if not ticket_ids:
        return []
    if connection.vendor != "postgresql":  # no row locks: SQLite serialises writers anyway
        claimed = Ticket.objects.filter(pk__in=list(ticket_ids))
        if policy is not None:
            claimed = claimed.filter(selectors.policy_expired_q(policy=policy, now=now))
        return list(claimed.order_by("pk").values_list(*CLAIM_COLUMNS))
    # Raw SQL with one array parameter: a thousand-id IN list costs more to build in the ORM than to run.
    # The expiry condition is selectors.policy_expired_q's, in SQL.
    where, params = _in(sorted(set(ticket_ids)))(f"t.{_q('id')}")
    join = ""
    if policy is not None:
        if policy.clock == RetentionClock.RELATIONSHIP_ENDED:
            join = f" JOIN {_table(Customer)} c ON c.{_q('id')} = t.{_q('customer_id')}"
            where += f" AND c.{_q('relationship_ended_at')} <= %s"
        else:
            where += f" AND t.{_q('closed_at')} <= %s"
        params.append(now - timedelta(days=policy.retention_days))
    columns = ", ".join(f"t.{_q(c)}" for c in CLAIM_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {_table(Ticket)} t{join} WHERE {where}"
            f" ORDER BY t.{_q('id')} FOR UPDATE OF t SKIP LOCKED",
            params,
        )
        return list(cursor.fetchall())


def _lock_customers(ids: Sequence[int], *, share: bool) -> set[int]:
    """Lock customer rows without waiting; returns those locked (all of them where there are no row locks)."""
    if not ids or connection.vendor != "postgresql":
        return set(ids)
    mode = "SHARE" if share else "UPDATE"
    with connection.cursor() as cursor:
        sql, params = _in(ids)(_q("id"))
        cursor.execute(f"SELECT {_q('id')} FROM {_table(Customer)} WHERE {sql} FOR {mode} SKIP LOCKED", params)
        return {row[0] for row in cursor.fetchall()}


def tickets_purge(
    *,
    ticket_ids: Sequence[int],
    reason: str,
    customer_ids: Sequence[int] = (),
    policy: RetentionPolicy | None = None,
    run_id: int | None = None,
    seq: int | None = None,
    request_id: int | None = None,
    customers_require_ended: bool = True,
    actor: Actor = None,
) -> BatchResult:
    """Delete tickets (with every copy) and emptied customers in one transaction; held records are never touched.

    `policy`: re-check expiry under the lock and anonymise if the policy says so. `run_id`/`seq`: the batch's
    identity in a run, so that a redelivered chunk is a no-op. `customer_ids`: customers to delete as well if
    they have no ticket left (and, unless `customers_require_ended` is False, their relationship has ended).
    """
    result = BatchResult(batch=str(uuid.uuid4()))
    now = timezone.now()
    with transaction.atomic():
        if run_id is not None and seq is not None and PurgeBatch.objects.filter(run_id=run_id, seq=seq).exists():
            result.already_done = True
            return result

        # 1. Claim.
        rows = _claim(ticket_ids=ticket_ids, policy=policy, now=now)
        customers_of = {row[0]: row[1] for row in rows}
        locked_customers = _lock_customers(sorted(set(customers_of.values())), share=True)
        # Not claimed: locked by another transaction, gone already, or (with a policy) no longer expired.
        result.skipped_locked = len(set(ticket_ids)) - len(rows)
        unlocked = [t for t, c in customers_of.items() if c not in locked_customers]
        result.skipped_locked += len(unlocked)

        # 2. Holds, read after the locks were granted.
        held_tickets, held_customers = _held(
            ticket_ids=list(customers_of), customer_ids=sorted(set(customers_of.values()) | set(customer_ids))
        )
        ids = [
            t
            for t, c in customers_of.items()
            if c in locked_customers and t not in held_tickets and c not in held_customers
        ]
        result.held_back = sum(1 for t, c in customers_of.items() if t in held_tickets or c in held_customers)

        with connection.cursor() as cursor:
            if ids:
                _tickets_delete(cursor, ids=ids, rows=rows, policy=policy, run_id=run_id, result=result)

            # 4. Customers left with no ticket.
            candidates = sorted(({customers_of[t] for t in ids} | set(customer_ids)) - held_customers)
            if candidates:
                _customers_delete(cursor, candidates=candidates, require_ended=customers_require_ended, result=result)

        if result.data_key_ids:
            result.keys_destroyed = data_keys_destroy(
                data_key_ids=result.data_key_ids, reason=f"purge: {reason}"[:200], actor=actor
            )

        # 5. Proof, in the same transaction; the ledger record is durable before the commit.
        if run_id is not None and seq is not None:
            PurgeBatch.objects.create(
                run_id=run_id,
                seq=seq,
                uid=result.batch,
                policy=policy,
                category=policy.category.slug if policy is not None else "",
                **{k: v for k, v in result.counts().items()},
            )
        if result.tickets or result.customers or result.held_back:
            audit_record(
                actor=actor,
                action="purge.batch",
                target_type=targets.PURGE_RUN if run_id is not None else targets.PURGE_BATCH,
                target_id=run_id if run_id is not None else result.batch,
                details={
                    **result.counts(),
                    "batch": result.batch,
                    "reason": reason[:200],
                    "policy_id": policy.pk if policy is not None else None,
                    "request_id": request_id,
                },
            )
        if result.ticket_ids or result.customer_ids:
            ledger.ledger_prepare(
                batch=result.batch,
                reason=reason,
                ticket_ids=result.ticket_ids,
                customer_ids=result.customer_ids,
                data_key_ids=result.data_key_ids,
                run_id=run_id,
                policy_id=policy.pk if policy is not None else None,
                request_id=request_id,
            )
            batch_uid = result.batch
            transaction.on_commit(lambda: ledger.ledger_commit(batch=batch_uid))
    return result


def _tickets_delete(
    cursor: Any,
    *,
    ids: list[int],
    rows: list[tuple[Any, ...]],
    policy: RetentionPolicy | None,
    run_id: int | None,
    result: BatchResult,
) -> None:
    tickets = _in(ids)
    if policy is not None and policy.action == RetentionAction.ANONYMISE:
        keep = set(ids)
        jurisdictions = dict(
            Customer.objects.filter(pk__in={row[1] for row in rows if row[0] in keep}).values_list("pk", "jurisdiction")
        )
        today = timezone.now().date()
        AnonymisedTicket.objects.bulk_create(
            [
                AnonymisedTicket(
                    category_id=category_id,
                    channel=channel,
                    jurisdiction=jurisdictions.get(customer_id, ""),
                    opened_on=opened_at.date(),
                    closed_on=closed_at.date() if closed_at else None,
                    anonymised_on=today,
                )
                for ticket_id, customer_id, category_id, channel, opened_at, closed_at in rows
                if ticket_id in keep
            ]
        )
        result.anonymised = len(ids)

    messages = _in_select(Message, "ticket_id", tickets)
    _relations_clear(cursor, Attachment, _in_select(Attachment, "message_id", messages))
    names = _delete(cursor, Attachment, "message_id", messages, returning=_q("storage_name"))
    result.attachments = len(names)
    result.storage_names = [row[0] for row in names]
    if result.storage_names:
        FileDeletion.objects.bulk_create(
            [FileDeletion(storage_name=name, run_id=run_id) for name in result.storage_names], ignore_conflicts=True
        )
    _relations_clear(cursor, Message, messages)
    result.messages = _delete(cursor, Message, "ticket_id", tickets)
    _delete(cursor, TicketUserObjectPermission, "content_object_id", tickets)
    _delete(cursor, TicketGroupObjectPermission, "content_object_id", tickets)
    _delete(cursor, HistoricalTicket, "id", tickets)
    _admin_log_delete(cursor, Ticket, ids)
    _relations_clear(cursor, Ticket, tickets)
    result.tickets = _delete(cursor, Ticket, "id", tickets)
    result.ticket_ids = list(ids)


def _customers_delete(cursor: Any, *, candidates: list[int], require_ended: bool, result: BatchResult) -> None:
    locked = sorted(_lock_customers(candidates, share=False))
    # Holds again, under the exclusive lock: a customer hold committed since the first read wins.
    _held_tickets, held = _held(ticket_ids=(), customer_ids=locked)
    locked = [c for c in locked if c not in held]
    if not locked:
        return
    # A separate statement after the lock: it sees every ticket committed before the lock was granted.
    sql, params = _in(locked)(f"c.{_q('id')}")
    ended = f" AND c.{_q('relationship_ended_at')} IS NOT NULL" if require_ended else ""
    cursor.execute(
        f"SELECT c.{_q('id')}, c.{_q('data_key_id')} FROM {_table(Customer)} c WHERE {sql}{ended}"
        f" AND NOT EXISTS (SELECT 1 FROM {_table(Ticket)} t WHERE t.{_q('customer_id')} = c.{_q('id')})",
        params,
    )
    deletable = cursor.fetchall()
    if not deletable:
        return
    ids = [row[0] for row in deletable]
    customers = _in(ids)
    _delete(cursor, HistoricalTicket, "customer_id", customers)
    _admin_log_delete(cursor, Customer, ids)
    _relations_clear(cursor, Customer, customers)
    result.customers = _delete(cursor, Customer, "id", customers)
    result.customer_ids = ids
    result.data_key_ids = [row[1] for row in deletable]
