"""Reads of retention and deletion: which policy applies, what has expired, what holds keep back."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from deletion.models import FileDeletion, LegalHold, PurgeRun, PurgeRunStatus, RetentionClock, RetentionPolicy
from supportrecords.models import Customer, Message, Ticket


def legal_hold_active_q(*, now: datetime | None = None) -> Q:
    """Holds in force: not released, and not past their end date."""
    now = now or timezone.now()
    return Q(released_at__isnull=True) & (Q(ends_at__isnull=True) | Q(ends_at__gt=now))


def legal_holds_active(*, now: datetime | None = None) -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(legal_hold_active_q(now=now))


def legal_holds_covering(
    *, ticket_ids: Iterable[int], customer_ids: Iterable[int], now: datetime | None = None
) -> tuple[set[int], set[int]]:
    """The held ticket ids and held customer ids among those given."""
    ticket_ids, customer_ids = list(ticket_ids), list(customer_ids)
    rows = legal_holds_active(now=now).filter(Q(ticket_id__in=ticket_ids) | Q(customer_id__in=customer_ids))
    held_tickets: set[int] = set()
    held_customers: set[int] = set()
    for ticket_id, customer_id in rows.values_list("ticket_id", "customer_id"):
        if ticket_id is not None:
            held_tickets.add(ticket_id)
        if customer_id is not None:
            held_customers.add(customer_id)
    return held_tickets, held_customers


def _held_ticket_q(*, now: datetime) -> Q:
    holds = legal_holds_active(now=now)
    return Q(Exists(holds.filter(ticket_id=OuterRef("pk")))) | Q(
        Exists(holds.filter(customer_id=OuterRef("customer_id")))
    )


def retention_policies_active() -> QuerySet[RetentionPolicy]:
    return (
        RetentionPolicy.objects.filter(is_active=True)
        .select_related("category")
        .order_by("category__slug", "jurisdiction")
    )


def policy_tickets(*, policy: RetentionPolicy) -> QuerySet[Ticket]:
    """The tickets a policy governs: its category, and its jurisdiction (or every one without its own policy)."""
    tickets = Ticket.objects.filter(category_id=policy.category_id)
    if policy.jurisdiction:
        return tickets.filter(customer__jurisdiction=policy.jurisdiction)
    specific = RetentionPolicy.objects.filter(category_id=policy.category_id).exclude(jurisdiction="")
    return tickets.exclude(customer__jurisdiction__in=specific.values("jurisdiction"))


def policy_expired_q(*, policy: RetentionPolicy, now: datetime) -> Q:
    """Tickets whose retention period under this policy has ended."""
    cutoff = now - timedelta(days=policy.retention_days)
    if policy.clock == RetentionClock.RELATIONSHIP_ENDED:
        return Q(customer__relationship_ended_at__lte=cutoff)
    return Q(closed_at__lte=cutoff)


def policy_expired_tickets(*, policy: RetentionPolicy, now: datetime, include_held: bool = False) -> QuerySet[Ticket]:
    tickets = policy_tickets(policy=policy).filter(policy_expired_q(policy=policy, now=now))
    return tickets if include_held else tickets.exclude(_held_ticket_q(now=now))


def policy_expired_held_tickets(*, policy: RetentionPolicy, now: datetime) -> QuerySet[Ticket]:
    return (
        policy_tickets(policy=policy).filter(policy_expired_q(policy=policy, now=now)).filter(_held_ticket_q(now=now))
    )


def policy_expired_ticket_id_pages(
    *, policy: RetentionPolicy, now: datetime, page_size: int, limit: int | None = None
) -> Iterator[list[int]]:
    """Expired, unheld ticket ids of a policy by keyset pagination (never OFFSET), in ascending id order."""
    tickets = policy_expired_tickets(policy=policy, now=now)
    after, found = 0, 0
    while limit is None or found < limit:
        size = page_size if limit is None else min(page_size, limit - found)
        page = list(tickets.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:size])
        if not page:
            return
        yield page
        found += len(page)
        after = page[-1]


def customers_without_tickets_ended() -> QuerySet[Customer]:
    """Customers whose relationship ended and who have no ticket left: deleted with their data key."""
    now = timezone.now()
    holds = legal_holds_active(now=now)
    return (
        Customer.objects.filter(relationship_ended_at__isnull=False, relationship_ended_at__lte=now)
        .exclude(Exists(Ticket.objects.filter(customer_id=OuterRef("pk"))))
        .exclude(Exists(holds.filter(customer_id=OuterRef("pk"))))
    )


def customer_id_pages(*, customers: QuerySet[Customer], page_size: int) -> Iterator[list[int]]:
    after = 0
    while True:
        page = list(customers.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:page_size])
        if not page:
            return
        yield page
        after = page[-1]


@dataclass(frozen=True)
class PolicyPreview:
    policy: RetentionPolicy
    tickets: int
    messages: int
    held_tickets: int

    @property
    def category(self) -> str:
        return self.policy.category.slug


@dataclass(frozen=True)
class PurgePreview:
    policies: list[PolicyPreview]
    customers: int
    held_by_kind: dict[str, int]
    files_pending: int

    @property
    def tickets(self) -> int:
        return sum(p.tickets for p in self.policies)

    @property
    def messages(self) -> int:
        return sum(p.messages for p in self.policies)

    @property
    def held_tickets(self) -> int:
        return sum(p.held_tickets for p in self.policies)


def purge_preview(*, now: datetime | None = None, category: str | None = None) -> PurgePreview:
    """What the next run will delete per policy, and what legal holds keep back."""
    now = now or timezone.now()
    policies = retention_policies_active()
    if category:
        policies = policies.filter(category__slug=category)
    rows: list[PolicyPreview] = []
    held_ids: set[int] = set()
    for policy in policies:
        expired = policy_expired_tickets(policy=policy, now=now)
        held = policy_expired_held_tickets(policy=policy, now=now)
        held_ids.update(held.values_list("pk", flat=True)[:100_000])
        rows.append(
            PolicyPreview(
                policy=policy,
                tickets=expired.count(),
                messages=Message.objects.filter(ticket__in=expired.values("pk")).count(),
                held_tickets=held.count(),
            )
        )
    held_by_kind: dict[str, int] = {}
    if held_ids:
        customer_ids = Ticket.objects.filter(pk__in=held_ids).values("customer_id")
        for kind in (
            legal_holds_active(now=now)
            .filter(Q(ticket_id__in=held_ids) | Q(customer_id__in=customer_ids))
            .values_list("kind", flat=True)
        ):
            held_by_kind[kind] = held_by_kind.get(kind, 0) + 1
    return PurgePreview(
        policies=rows,
        customers=customers_without_tickets_ended().count() if not category else 0,
        held_by_kind=held_by_kind,
        files_pending=FileDeletion.objects.count(),
    )


def purge_run_unfinished(*, stale_after: timedelta) -> PurgeRun | None:
    """A run still in progress and not yet stale, if any."""
    return (
        PurgeRun.objects.filter(status=PurgeRunStatus.RUNNING, started_at__gt=timezone.now() - stale_after)
        .order_by("-started_at")
        .first()
    )


def file_deletions_due(*, now: datetime | None = None, limit: int = 1000) -> list[FileDeletion]:
    return list(FileDeletion.objects.filter(next_attempt_at__lte=now or timezone.now()).order_by("pk")[:limit])
