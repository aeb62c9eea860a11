"""Reads of privacy requests: the review queue, a request's scope (what an erasure would delete and keep, and why),
the customer's timeline, deadlines due, stuck requests, and what an access export contains."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from deletion.models import LegalHold, LegalHoldKind, RetentionClock, RetentionPolicy
from deletion.selectors import legal_hold_active_q
from privacy.models import (
    FINAL_STATUSES,
    OPEN_STATUSES,
    RUNNING_STATUSES,
    PrivacyEventKind,
    PrivacyRequest,
    PrivacyRequestEvent,
    PrivacyRequestKind,
    PrivacyRequestStatus,
)
from supportrecords.models import (
    SEEDED_CATEGORY_NAMES,
    Attachment,
    Customer,
    DataCategory,
    Message,
    Sensitivity,
    Ticket,
    category_label,
)

HOLD_KIND_SUSPICIOUS_ACTIVITY = LegalHoldKind.AML_SAR
# Tickets of this category go into an access export only after a compliance officer's decision (tipping-off).
SUSPICIOUS_ACTIVITY_CATEGORY = "aml-suspicious-activity"


def privacy_request_queue() -> QuerySet[PrivacyRequest]:
    """Open requests, earliest deadline first (the admin highlights the overdue)."""
    return PrivacyRequest.objects.filter(status__in=OPEN_STATUSES).order_by("deadline_at", "submitted_at", "id")


def privacy_request_get(*, uid: str) -> PrivacyRequest | None:
    try:
        parsed = uuid.UUID(str(uid))
    except (ValueError, TypeError, AttributeError):
        return None
    return PrivacyRequest.objects.filter(uid=parsed).first()


# Steps recorded once per chunk of work: the customer reads one line for each, with the counts added up.
_SUMMED_STEPS = (PrivacyEventKind.ERASED, PrivacyEventKind.RESTRICTED)
_SUMMED_COUNTS = ("tickets", "messages", "attachments")


def privacy_request_public_events(*, request: PrivacyRequest) -> list[PrivacyRequestEvent]:
    """The customer's timeline: one line per step. An erasure in several chunks is one "Records erased" with the
    counts added up (the events are not saved back); the later deletion of the account itself stays its own step."""
    shown: list[PrivacyRequestEvent] = []
    first: dict[str, PrivacyRequestEvent] = {}
    for event in request.events.order_by("at", "id"):
        if not event.is_public:
            continue
        details = event.details or {}
        if event.kind in _SUMMED_STEPS and not details.get("customer"):
            earlier = first.get(event.kind)
            if earlier is not None:
                earlier.details = {
                    **earlier.details,
                    **{k: int(earlier.details.get(k) or 0) + int(details.get(k) or 0) for k in _SUMMED_COUNTS},
                }
                continue
            first[event.kind] = event
        shown.append(event)
    return shown


def privacy_request_state_line(*, request: PrivacyRequest) -> str:
    """Where a request stands, in words that follow its state: due dates while open, the closing date after."""
    status = request.status
    due = date_format(request.deadline_at, "DATE_FORMAT") if request.deadline_at else None
    closed = request.completed_at or request.closed_at
    on = {"date": date_format(closed, "DATE_FORMAT")} if closed else None
    if status == PrivacyRequestStatus.COMPLETED and on:
        return gettext("Completed on %(date)s.") % on
    if status == PrivacyRequestStatus.REJECTED and on:
        return gettext("Refused on %(date)s; the reason was sent to the customer.") % on
    if status == PrivacyRequestStatus.CANCELLED and on:
        return gettext("Cancelled on %(date)s.") % on
    if status == PrivacyRequestStatus.ABANDONED:
        return gettext("Closed: the customer never confirmed the request.")
    if status == PrivacyRequestStatus.UNVERIFIED:
        return gettext("Waiting for the customer to confirm the request by email.")
    if status == PrivacyRequestStatus.PENDING_REVIEW:
        return gettext("Waiting for review; answer due by %(date)s.") % {"date": due} if due else gettext("In review.")
    if status == PrivacyRequestStatus.AWAITING_SECOND_APPROVAL:
        return gettext("Waiting for a compliance officer's second approval; answer due by %(date)s.") % {
            "date": due or "—"
        }
    return gettext("Approved, being carried out; answer due by %(date)s.") % {"date": due or "—"}


def privacy_requests_due(*, now: datetime, within: timedelta) -> tuple[list[PrivacyRequest], list[PrivacyRequest]]:
    """(overdue, due within `within`) among the requests still waiting for an answer."""
    waiting = PrivacyRequest.objects.filter(
        status__in=[s for s in OPEN_STATUSES if s != PrivacyRequestStatus.AWAITING_PROCESSORS],
        deadline_at__isnull=False,
    ).order_by("deadline_at", "id")
    overdue = list(waiting.filter(deadline_at__lt=now))
    due = list(waiting.filter(deadline_at__gte=now, deadline_at__lte=now + within))
    return overdue, due


def privacy_requests_stuck(*, now: datetime, after: timedelta) -> QuerySet[PrivacyRequest]:
    """Requests being executed whose last progress is older than `after`."""
    return PrivacyRequest.objects.filter(status__in=RUNNING_STATUSES).filter(
        Q(progress_at__lt=now - after) | Q(progress_at__isnull=True, approved_at__lt=now - after)
    )


def privacy_requests_to_minimise(*, now: datetime, after: timedelta) -> QuerySet[PrivacyRequest]:
    return PrivacyRequest.objects.filter(
        status__in=FINAL_STATUSES, minimised_at__isnull=True, closed_at__lt=now - after
    )


def privacy_requests_unverified_expired(*, now: datetime, after: timedelta) -> QuerySet[PrivacyRequest]:
    return PrivacyRequest.objects.filter(status=PrivacyRequestStatus.UNVERIFIED, submitted_at__lt=now - after)


# --- Retention rules and the erasure plan -------------------------------------------------------------------------


def retention_rules_snapshot(*, now: datetime) -> dict[str, Any]:
    """The retention rules in force: what an erasure keeps because the law obliges us to (policies with a legal
    basis). Stored on the request at approval, so that a retry applies the same rules."""
    policies = [
        {
            "id": policy.pk,
            "category": policy.category.slug,
            "jurisdiction": policy.jurisdiction,
            "retention_days": policy.retention_days,
            "clock": policy.clock,
            "legal_basis": policy.legal_basis,
        }
        for policy in RetentionPolicy.objects.filter(is_active=True).select_related("category").order_by("pk")
    ]
    return {
        "taken_at": now.isoformat(),
        "policies": policies,
        "obligation_categories": sorted(settings.CUSTOS_PRIVACY_RETAINED_CATEGORIES),
    }


def obligation_categories(*, rules: dict[str, Any]) -> set[str]:
    """Categories whose retention is a legal obligation that an erasure cannot override (AML records)."""
    return set(rules.get("obligation_categories", []))


def _rule_for(rules: dict[str, Any], *, category: str, jurisdiction: str) -> dict[str, Any] | None:
    specific = general = None
    for rule in rules.get("policies", []):
        if rule["category"] != category:
            continue
        if rule["jurisdiction"] == jurisdiction:
            specific = rule
        elif rule["jurisdiction"] == "":
            general = rule
    return specific or general


def obligation_until(
    *, rule: dict[str, Any], closed_at: datetime | None, relationship_ended_at: datetime | None
) -> datetime | None:
    """When a legal retention obligation ends for a record; None while its clock has not started."""
    start = relationship_ended_at if rule["clock"] == RetentionClock.RELATIONSHIP_ENDED else closed_at
    return None if start is None else start + timedelta(days=int(rule["retention_days"]))


@dataclass(frozen=True)
class HoldInfo:
    hold_id: int
    kind: str
    kind_label: str
    reason: str
    ends_at: datetime | None
    scope: str  # "customer" or "ticket"
    ticket_id: int | None = None

    @property
    def scope_label(self) -> str:
        if self.ticket_id is None:
            return gettext("all of the customer's records")
        return gettext("ticket #%(id)s") % {"id": self.ticket_id}


class PlanAction(StrEnum):
    """What an erasure does with one ticket: delete it, keep it under a legal hold, or retain it for a legal
    obligation."""

    DELETE = "delete"
    HOLD = "hold"
    RETAIN = "retain"


@dataclass(frozen=True)
class TicketPlan:
    ticket_id: int
    category: str
    action: PlanAction
    legal_basis: str = ""
    until: datetime | None = None
    clock: str = ""
    retention_days: int = 0
    hold_ids: tuple[int, ...] = ()

    @property
    def category_label(self) -> str:
        label = SEEDED_CATEGORY_NAMES.get(self.category)
        return str(label) if label is not None else self.category


@dataclass
class CategoryScope:
    slug: str
    name: str
    sensitivity: str
    tickets: int = 0
    messages: int = 0
    attachments: int = 0
    to_delete: int = 0
    held: int = 0
    retained: int = 0
    reasons: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        return category_label(slug=self.slug, name=self.name)

    @property
    def sensitivity_label(self) -> str:
        return str(Sensitivity(self.sensitivity).label) if self.sensitivity in Sensitivity.values else self.sensitivity


@dataclass
class ErasureScope:
    customer_exists: bool
    categories: list[CategoryScope]
    plans: list[TicketPlan]
    holds: list[HoldInfo]

    @property
    def touches_restricted(self) -> bool:
        return any(c.sensitivity == Sensitivity.RESTRICTED and c.tickets for c in self.categories)

    @property
    def ticket_ids_to_delete(self) -> list[int]:
        return [p.ticket_id for p in self.plans if p.action == PlanAction.DELETE]

    @property
    def ticket_ids_kept(self) -> list[int]:
        return [p.ticket_id for p in self.plans if p.action != PlanAction.DELETE]


def legal_holds_of_customer(*, customer_id: int, ticket_ids: Iterable[int], now: datetime) -> list[HoldInfo]:
    holds = LegalHold.objects.filter(legal_hold_active_q(now=now)).filter(
        Q(customer_id=customer_id) | Q(ticket_id__in=list(ticket_ids))
    )
    return [
        HoldInfo(
            hold_id=hold.pk,
            kind=hold.kind,
            kind_label=str(hold.get_kind_display()),
            reason=hold.reason,
            ends_at=hold.ends_at,
            scope="customer" if hold.customer_id else "ticket",
            ticket_id=hold.ticket_id,
        )
        for hold in holds.order_by("placed_at", "id")
    ]


def erasure_plan(*, customer_id: int, rules: dict[str, Any], now: datetime) -> ErasureScope:
    """What erasing a customer does to each of their tickets under `rules`: delete, keep for a hold, or keep (and
    restrict) for a legal retention obligation, with the basis and end date."""
    customer = Customer.objects.filter(pk=customer_id).values("jurisdiction", "relationship_ended_at").first()
    if customer is None:
        return ErasureScope(customer_exists=False, categories=[], plans=[], holds=[])
    tickets = list(
        Ticket.objects.filter(customer_id=customer_id).order_by("pk").values_list("pk", "category_id", "closed_at")
    )
    ticket_ids = [t[0] for t in tickets]
    holds = legal_holds_of_customer(customer_id=customer_id, ticket_ids=ticket_ids, now=now)
    customer_hold_ids = tuple(h.hold_id for h in holds if h.scope == "customer")
    ticket_holds: dict[int, list[int]] = defaultdict(list)
    if holds:
        for hold_id, ticket_id in LegalHold.objects.filter(
            pk__in=[h.hold_id for h in holds if h.scope == "ticket"]
        ).values_list("pk", "ticket_id"):
            if ticket_id is not None:
                ticket_holds[ticket_id].append(hold_id)
    categories = {c.pk: c for c in DataCategory.objects.filter(pk__in={t[1] for t in tickets})}
    message_counts = dict(
        Message.objects.filter(ticket_id__in=ticket_ids)
        .values("ticket_id")
        .annotate(n=Count("pk"))
        .values_list("ticket_id", "n")
    )
    attachment_counts = dict(
        Attachment.objects.filter(message__ticket_id__in=ticket_ids)
        .values("message__ticket_id")
        .annotate(n=Count("pk"))
        .values_list("message__ticket_id", "n")
    )
    scopes: dict[str, CategoryScope] = {}
    plans: list[TicketPlan] = []
    obligations = obligation_categories(rules=rules)
    for ticket_id, category_id, closed_at in tickets:
        category = categories[category_id]
        scope = scopes.setdefault(
            category.slug, CategoryScope(slug=category.slug, name=category.name, sensitivity=category.sensitivity)
        )
        scope.tickets += 1
        scope.messages += message_counts.get(ticket_id, 0)
        scope.attachments += attachment_counts.get(ticket_id, 0)
        hold_ids = customer_hold_ids + tuple(ticket_holds.get(ticket_id, ()))
        rule = _rule_for(rules, category=category.slug, jurisdiction=customer["jurisdiction"])
        if hold_ids:
            scope.held += 1
            for hold_id in hold_ids:
                scope.reasons.add(f"hold:{hold_id}")
            plans.append(
                TicketPlan(ticket_id=ticket_id, category=category.slug, action=PlanAction.HOLD, hold_ids=hold_ids)
            )
            continue
        if rule is not None and category.slug in obligations:
            until = obligation_until(
                rule=rule, closed_at=closed_at, relationship_ended_at=customer["relationship_ended_at"]
            )
            if until is None or until > now:
                scope.retained += 1
                scope.reasons.add(f"policy:{rule['id']}")
                plans.append(
                    TicketPlan(
                        ticket_id=ticket_id,
                        category=category.slug,
                        action=PlanAction.RETAIN,
                        legal_basis=str(rule["legal_basis"]),
                        until=until,
                        clock=str(rule["clock"]),
                        retention_days=int(rule["retention_days"]),
                    )
                )
                continue
        scope.to_delete += 1
        plans.append(TicketPlan(ticket_id=ticket_id, category=category.slug, action=PlanAction.DELETE))
    return ErasureScope(
        customer_exists=True,
        categories=sorted(scopes.values(), key=lambda c: c.name),
        plans=plans,
        holds=holds,
    )


def privacy_request_scope(*, request: PrivacyRequest, now: datetime | None = None) -> ErasureScope:
    """The scope shown before anything runs: with the snapshot once approved, with the rules in force before."""
    now = now or timezone.now()
    rules = request.rules_snapshot or retention_rules_snapshot(now=now)
    return erasure_plan(customer_id=request.customer_id, rules=rules, now=now)


def retention_description_for(*, category: str, jurisdiction: str, rules: dict[str, Any]) -> dict[str, Any] | None:
    rule = _rule_for(rules, category=category, jurisdiction=jurisdiction)
    if rule is None:
        return None
    return {
        "retention_days": rule["retention_days"],
        "clock": rule["clock"],
        "legal_basis": rule["legal_basis"],
    }


def suspicious_activity_held(*, customer_id: int, now: datetime) -> tuple[bool, set[int]]:
    """(customer under a suspicious-activity hold, ticket ids under one): never disclosed to the customer."""
    rows = LegalHold.objects.filter(legal_hold_active_q(now=now), kind=HOLD_KIND_SUSPICIOUS_ACTIVITY).filter(
        Q(customer_id=customer_id) | Q(ticket_id__in=Ticket.objects.filter(customer_id=customer_id).values("pk"))
    )
    customer_held = False
    tickets: set[int] = set()
    for hold_customer_id, ticket_id in rows.values_list("customer_id", "ticket_id"):
        if hold_customer_id is not None:
            customer_held = True
        if ticket_id is not None:
            tickets.add(ticket_id)
    return customer_held, tickets


def tickets_disclosable(*, customer_id: int, now: datetime) -> QuerySet[Ticket]:
    """The customer's tickets an access export may show: none under a suspicious-activity hold (tipping-off)."""
    customer_held, held = suspicious_activity_held(customer_id=customer_id, now=now)
    if customer_held:
        return Ticket.objects.none()
    return Ticket.objects.filter(customer_id=customer_id).exclude(pk__in=held).select_related("category")


def erasures_completed(*, customer_id: int, before: PrivacyRequest | None = None) -> list[PrivacyRequest]:
    """The customer's completed erasures, newest first: what an access request's export can no longer hold.

    `before` leaves out that request itself (an erasure is never its own earlier erasure)."""
    erasures = PrivacyRequest.objects.filter(
        customer_id=customer_id, kind=PrivacyRequestKind.ERASURE, status=PrivacyRequestStatus.COMPLETED
    )
    if before is not None:
        erasures = erasures.exclude(pk=before.pk)
    return list(erasures.order_by("-completed_at", "-pk"))


def access_needs_compliance_decision(*, customer_id: int, now: datetime) -> bool:
    """Whether an access export would hold AML / suspicious-activity material, which a compliance officer decides."""
    disclosable = tickets_disclosable(customer_id=customer_id, now=now)
    return disclosable.filter(category__slug=SUSPICIOUS_ACTIVITY_CATEGORY).exists()
