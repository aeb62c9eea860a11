"""Reads of the audit trail for the auditor's views: ids, labels and counts, never customer content."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Max, Min, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from audit.actions import CONTENT_ACTIONS, DISCLOSABLE_ACTIONS
from audit.models import AuditEvent, Incident


def customer_access_list(*, customer_id: int) -> QuerySet[AuditEvent]:
    """Every staff event touching a customer's data, newest first."""
    return AuditEvent.objects.filter(customer_id=customer_id, actor_id__isnull=False).order_by("-at", "-id")


@dataclass(frozen=True)
class DisclosedAccess:
    """One staff event a customer's access export lists: who (the staff user's id), when, what, on which record."""

    actor_id: int
    at: datetime
    action: str
    target_type: str
    target_id: str


def customer_accesses_disclosable(*, customer_id: int) -> list[DisclosedAccess]:
    """The staff events on a customer's data that the customer may see (actions registered `disclosable`), oldest
    first. The export still leaves out events on the records it withholds."""
    rows = (
        customer_access_list(customer_id=customer_id)
        .filter(action__in=DISCLOSABLE_ACTIONS)
        # Before `privacy_request.approve_second` existed, a second approval was an `approve` marked `second`.
        .exclude(action="privacy_request.approve", details__has_key="second", details__second=True)
        .order_by("at", "id")
        .values_list("actor_id", "at", "action", "target_type", "target_id")
    )
    return [DisclosedAccess(actor_id or 0, at, action, kind, target) for actor_id, at, action, kind, target in rows]


@dataclass(frozen=True)
class AccessSummary:
    actor_id: int
    actor_label: str
    events: int
    content_reads: int
    first: datetime
    last: datetime


def customer_access_summary(*, customer_id: int) -> list[AccessSummary]:
    """Who accessed a customer's data: per staff member, how often, first and last time."""
    rows = (
        customer_access_list(customer_id=customer_id)
        .order_by()
        .values("actor_id", "actor_label")
        .annotate(events=Count("id"), first=Min("at"), last=Max("at"))
    )
    reads = dict(
        customer_access_list(customer_id=customer_id)
        .filter(action__in=CONTENT_ACTIONS)
        .order_by()
        .values("actor_id")
        .annotate(n=Count("id"))
        .values_list("actor_id", "n")
    )
    return sorted(
        (
            AccessSummary(
                r["actor_id"], r["actor_label"], r["events"], reads.get(r["actor_id"], 0), r["first"], r["last"]
            )
            for r in rows
        ),
        key=lambda s: s.last,
        reverse=True,
    )


def staff_activity(*, actor_id: int, days: int = 30) -> dict[str, Any]:
    since = timezone.now() - timedelta(days=days)
    events = AuditEvent.objects.filter(actor_id=actor_id, at__gte=since)
    per_action = list(events.order_by().values("action").annotate(n=Count("id")).order_by("-n"))
    per_day = list(
        events.filter(action__in=CONTENT_ACTIONS)
        .annotate(day=TruncDate("at"))
        .order_by()
        .values("day")
        .annotate(reads=Count("id"), customers=Count("customer_id", distinct=True))
        .order_by("day")
    )
    return {
        "per_action": per_action,
        "per_day": per_day,
        "recent": list(events.order_by("-at", "-id")[:100]),
        "incidents": list(Incident.objects.filter(user_id=actor_id).order_by("-opened_at")[:50]),
    }


def events_per_day_by_action(*, days: int = 30, top: int = 6) -> tuple[list[date], dict[str, list[int]]]:
    """Daily counts of the `top` most frequent actions (the rest summed as "other") over the last `days`."""
    today = timezone.now().date()
    start = today - timedelta(days=days - 1)
    rows = list(
        AuditEvent.objects.filter(at__date__gte=start)
        .annotate(day=TruncDate("at"))
        .order_by()
        .values("day", "action")
        .annotate(n=Count("id"))
    )
    totals: dict[str, int] = {}
    for row in rows:
        totals[row["action"]] = totals.get(row["action"], 0) + row["n"]
    kept = [a for a, _ in sorted(totals.items(), key=lambda kv: -kv[1])[:top]]
    dayslist = [start + timedelta(days=i) for i in range(days)]
    index = {d: i for i, d in enumerate(dayslist)}
    series: dict[str, list[int]] = {a: [0] * days for a in kept}
    for row in rows:
        key = row["action"] if row["action"] in series else "other"
        series.setdefault(key, [0] * days)[index[row["day"]]] += row["n"]
    return dayslist, series


def reads_per_agent(*, days: int = 30, top: int = 15) -> list[tuple[str, int]]:
    """Reads of customer content per staff member over the last `days`: reads, reveals and exports, counted as the
    customer's and the staff member's own pages count them (an auditor compares the three)."""
    since = timezone.now() - timedelta(days=days)
    rows = (
        AuditEvent.objects.filter(at__gte=since, action__in=CONTENT_ACTIONS, actor_id__isnull=False)
        .order_by()
        .values("actor_label")
        .annotate(n=Count("id"))
        .order_by("-n")[:top]
    )
    return [(r["actor_label"], r["n"]) for r in rows]


def incidents_per_day(*, days: int = 30) -> tuple[list[date], list[int]]:
    today = timezone.now().date()
    start = today - timedelta(days=days - 1)
    counts = dict(
        Incident.objects.filter(opened_at__date__gte=start)
        .annotate(day=TruncDate("opened_at"))
        .order_by()
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    dayslist = [start + timedelta(days=i) for i in range(days)]
    return dayslist, [counts.get(d, 0) for d in dayslist]
