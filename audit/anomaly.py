"""Insider-anomaly rules, evaluated inline where customer content is read and by a periodic scan.

Rules over the last hour of a staff member's events (`audit/actions.py` kinds): distinct customers opened above
max(multiplier x the member's own p95 over `baseline_days`, a floor); reads of tickets not assigned to them;
reveals; exports and downloads; content read outside the team's working hours. A breach locks the account from
customer content (other staff are unaffected), opens an incident with the evidence and emails the security
contacts after commit. Only another user holding `audit.unlock_accesslock` can unlock, with a reason.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncHour
from django.utils import timezone, translation

from audit import targets
from audit.actions import CONTENT_ACTIONS, EXPORT_ACTIONS, READ_ACTIONS, REVEAL_ACTIONS
from audit.models import AccessLock, AnomalyThresholds, AuditEvent, Incident, TeamWorkingHours
from audit.rules import rule_label
from audit.services import SYSTEM_ACTOR, audit_record
from audit.types import Actor, StaffUser, signed_in

logger = logging.getLogger(__name__)

WINDOW = timedelta(hours=1)
BASELINE_CACHE_SECONDS = 3600


class AccessLocked(PermissionDenied):
    """The account is locked from customer content after an anomaly."""

    admin_template = "admin/audit/access_locked.html"


@dataclass(frozen=True)
class Breach:
    rule: str
    evidence: dict[str, Any]


THRESHOLDS_CACHE_SECONDS = 10.0
_thresholds_cache: tuple[float, AnomalyThresholds] | None = None


def thresholds_get(*, fresh: bool = False) -> AnomalyThresholds:
    """The thresholds, read at most every THRESHOLDS_CACHE_SECONDS per process (an edit applies within that)."""
    global _thresholds_cache
    if (
        not fresh
        and _thresholds_cache is not None
        and time.monotonic() - _thresholds_cache[0] < THRESHOLDS_CACHE_SECONDS
    ):
        return _thresholds_cache[1]
    current = AnomalyThresholds.objects.order_by("pk").first() or AnomalyThresholds.objects.create()
    _thresholds_cache = (time.monotonic(), current)
    return current


LOCKED_ATTRIBUTE = "_custos_access_locked"


# The rules' names as staff read them (incidents, access locks, their filters).
def access_is_locked(*, user: Actor) -> bool:
    """Whether the account is locked from customer content; asked once per user object (one per request)."""
    user_id = getattr(user, "pk", None)
    if user_id is None:
        return False
    locked = getattr(user, LOCKED_ATTRIBUTE, None)
    if locked is None:
        locked = AccessLock.objects.filter(user_id=user_id, unlocked_at__isnull=True).exists()
        setattr(user, LOCKED_ATTRIBUTE, locked)
    return bool(locked)


def _p95(values: list[int]) -> int:
    if not values:
        return 0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


_baselines: dict[tuple[int, int, str], int] = {}


def baseline_p95(*, user_id: int, days: int, now: datetime) -> int:
    """The member's own p95 of distinct customers per active hour over `days` before this hour; computed once per
    hour per process (it only changes when the hour does)."""
    key = (user_id, days, f"{now:%Y%m%d%H}")
    if BASELINE_CACHE_SECONDS and key in _baselines:
        return _baselines[key]
    hour = now.replace(minute=0, second=0, microsecond=0)
    per_hour = (
        AuditEvent.objects.filter(
            actor_id=user_id,
            action__in=CONTENT_ACTIONS,
            customer_id__isnull=False,
            at__gte=hour - timedelta(days=days),
            at__lt=hour,
        )
        .annotate(hour=TruncHour("at"))
        .values("hour")
        .annotate(customers=Count("customer_id", distinct=True))
        .values_list("customers", flat=True)
    )
    value = _p95(list(per_hour))
    if BASELINE_CACHE_SECONDS:
        if len(_baselines) > 10_000:
            _baselines.clear()
        _baselines[key] = value
    return value


def _outside_hours(*, team_id: int | None, now: datetime) -> dict[str, Any] | None:
    if team_id is None:
        return None
    hours = TeamWorkingHours.objects.filter(team_id=team_id).first()
    if hours is None:
        return None
    try:
        local = now.astimezone(ZoneInfo(hours.time_zone))
    except ZoneInfoNotFoundError:
        local = now
    days = {int(d) for d in hours.weekdays.split(",") if d.strip().isdigit()}
    if local.weekday() in days and hours.start_hour <= local.hour < hours.end_hour:
        return None
    return {
        "team_id": team_id,
        "local_time": local.strftime("%a %H:%M"),
        "hours": f"{hours.start_hour}-{hours.end_hour}",
    }


def anomaly_evaluate(
    *,
    user_id: int,
    now: datetime,
    action: str | None = None,
    customer_id: int | None = None,
    assigned: bool | None = None,
    team_id: int | None = None,
) -> Breach | None:
    """The first rule the last hour of events (plus the access about to happen, if given) breaches, or None."""
    limits = thresholds_get()
    counts = AuditEvent.objects.filter(actor_id=user_id, action__in=CONTENT_ACTIONS, at__gte=now - WINDOW).aggregate(
        customers=Count("customer_id", distinct=True),
        this_customer=Count("id", filter=Q(customer_id=customer_id)),
        unassigned=Count("id", filter=Q(action__in=READ_ACTIONS, details__assigned=False)),
        reveals=Count("id", filter=Q(action__in=REVEAL_ACTIONS)),
        exports=Count("id", filter=Q(action__in=EXPORT_ACTIONS)),
    )
    customers = counts["customers"]
    if customer_id is not None and not counts["this_customer"]:
        customers += 1
    unassigned = counts["unassigned"] + (1 if action in READ_ACTIONS and assigned is False else 0)
    reveals = counts["reveals"] + (1 if action in REVEAL_ACTIONS else 0)
    exports = counts["exports"] + (1 if action in EXPORT_ACTIONS else 0)
    p95 = baseline_p95(user_id=user_id, days=limits.baseline_days, now=now)
    limit = max(limits.baseline_multiplier * p95, limits.customers_per_hour_floor)
    window = {"window_minutes": int(WINDOW.total_seconds() // 60)}
    if customers > limit:
        ids = {
            c
            for c in AuditEvent.objects.filter(
                actor_id=user_id, action__in=CONTENT_ACTIONS, at__gte=now - WINDOW
            ).values_list("customer_id", flat=True)
            if c is not None
        } | ({customer_id} if customer_id is not None else set())
        evidence = {**window, "customers": customers, "limit": limit, "p95": p95, "customer_ids": sorted(ids)[:200]}
        return Breach("distinct_customers", evidence)
    if unassigned > limits.unassigned_reads_per_hour:
        return Breach("unassigned_reads", {**window, "reads": unassigned, "limit": limits.unassigned_reads_per_hour})
    if reveals > limits.reveals_per_hour:
        return Breach("reveals", {**window, "reveals": reveals, "limit": limits.reveals_per_hour})
    if exports > limits.exports_per_hour:
        return Breach("exports", {**window, "exports": exports, "limit": limits.exports_per_hour})
    if action is not None:
        outside = _outside_hours(team_id=team_id, now=now)
        if outside is not None:
            return Breach("outside_working_hours", {**outside, "action": action})
    return None


def access_lock(*, user: StaffUser, breach: Breach) -> AccessLock | None:
    """Lock the account, open an incident and alert security after commit; None if it was already locked."""
    try:
        with transaction.atomic():
            incident = Incident.objects.create(
                user_id=user.pk, username=user.get_username(), rule=breach.rule, evidence=breach.evidence
            )
            lock = AccessLock.objects.create(
                user_id=user.pk, username=user.get_username(), rule=breach.rule, incident=incident
            )
            audit_record(
                actor=None,
                action="access.locked",
                target_type=targets.USER,
                target_id=user.pk,
                details={"rule": breach.rule, "incident_id": incident.pk},
            )
            contacts = list(settings.CUSTOS_SECURITY_CONTACTS)
            if contacts:
                with translation.override("en"):  # the security contacts' alert is in English
                    rule = rule_label(breach.rule)
                subject = f"[Custos] Account {user.get_username()} locked from customer content ({rule})"
                body = (
                    f"Custos locked the account {user.get_username()} (user #{user.pk}) from customer content.\n\n"
                    f"Rule: {rule} ({breach.rule})\nIncident: #{incident.pk}\n"
                    f"Evidence: {', '.join(f'{k}={v}' for k, v in breach.evidence.items() if k != 'customer_ids')}\n\n"
                    f"Review it: {settings.CUSTOS_ADMIN_BASE_URL}/admin/audit/incident/{incident.pk}/change/\n"
                    "Unlocking needs another privileged user and a reason."
                )
                transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, contacts))
    except IntegrityError:  # a concurrent request locked it first
        return None
    setattr(user, LOCKED_ATTRIBUTE, True)
    logger.warning("account %s locked from customer content: rule %s", user.pk, breach.rule)
    return lock


def access_refused_record(
    *,
    user: Actor,
    action: str,
    target_type: str,
    target_id: int | str,
    customer_id: int | None,
    ip: str | None,
    reason: str,
) -> None:
    audit_record(
        actor=user,
        action="access.refused",
        target_type=target_type,
        target_id=target_id,
        customer_id=customer_id,
        ip=ip,
        details={"attempted": action, "reason": reason},
    )


def content_access_check(
    *,
    user: Actor,
    action: str,
    target_type: str,
    target_id: int | str,
    customer_id: int | None,
    assigned: bool | None = None,
    team_id: int | None = None,
    ip: str | None = None,
) -> None:
    """Call before returning customer content: refuses (with an event) a locked account, and locks, within this
    request, an account whose access would breach a rule. Raises AccessLocked (a PermissionDenied)."""
    staff = signed_in(user)
    if staff is None:
        raise PermissionDenied("customer content needs a signed-in staff member")
    if access_is_locked(user=user):
        access_refused_record(
            user=user,
            action=action,
            target_type=target_type,
            target_id=target_id,
            customer_id=customer_id,
            ip=ip,
            reason="locked",
        )
        raise AccessLocked("account locked from customer content")
    breach = anomaly_evaluate(
        user_id=staff.pk, now=timezone.now(), action=action, customer_id=customer_id, assigned=assigned, team_id=team_id
    )
    if breach is None:
        return
    access_lock(user=staff, breach=breach)
    access_refused_record(
        user=user,
        action=action,
        target_type=target_type,
        target_id=target_id,
        customer_id=customer_id,
        ip=ip,
        reason=breach.rule,
    )
    raise AccessLocked("account locked from customer content")


def anomalies_scan() -> int:
    """The periodic check: evaluate every staff member who read content in the last hour; return how many were
    locked now (catches reads by paths that have no inline check, e.g. the API)."""
    now = timezone.now()
    locked = 0
    actors = (
        AuditEvent.objects.filter(action__in=CONTENT_ACTIONS, at__gte=now - WINDOW, actor_id__isnull=False)
        .values_list("actor_id", flat=True)
        .distinct()
    )
    already = set(AccessLock.objects.filter(unlocked_at__isnull=True).values_list("user_id", flat=True))
    for user in get_user_model().objects.filter(pk__in=list(actors)).exclude(pk__in=already):
        breach = anomaly_evaluate(user_id=user.pk, now=now)
        if breach is not None and access_lock(user=user, breach=breach) is not None:
            locked += 1
    return locked


def access_unlock(*, lock: AccessLock, actor: Actor, reason: str) -> AccessLock:
    """Unlock an account: needs `audit.unlock_accesslock`, someone other than the locked user, and a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason for unlocking."})
    staff = signed_in(actor)
    if staff is None:
        raise PermissionDenied("unlocking needs a signed-in user")
    if staff.pk == lock.user_id:
        raise PermissionDenied("nobody can unlock their own account")
    if not staff.has_perm("audit.unlock_accesslock"):
        raise PermissionDenied("unlocking needs the permission to unlock accounts")
    with transaction.atomic():
        updated = AccessLock.objects.filter(pk=lock.pk, unlocked_at__isnull=True).update(
            unlocked_at=timezone.now(), unlocked_by=staff.get_username(), unlock_reason=reason[:2000]
        )
        if updated:
            audit_record(
                actor=actor,
                action="access.unlocked",
                target_type=targets.USER,
                target_id=lock.user_id,
                details={"lock_id": lock.pk, "incident_id": lock.incident_id},
            )
    lock.refresh_from_db()
    return lock


def thresholds_save(*, thresholds: AnomalyThresholds | TeamWorkingHours, actor: Actor, changed: list[str]) -> None:
    """Save edited thresholds or working hours (simple-history keeps the old values), record who changed what, and
    tell the security contacts: loosening the lock is what an insider would try first."""
    with transaction.atomic():
        thresholds.full_clean()
        model = type(thresholds)
        before = model.objects.filter(pk=thresholds.pk).values(*changed).first() if thresholds.pk else None
        thresholds.save()
        thresholds_get(fresh=True)
        audit_record(
            actor=actor,
            action="anomaly_thresholds.change",
            target_type=targets.ANOMALY_THRESHOLDS,
            target_id=thresholds.pk,
            details={"fields": sorted(changed)},
        )
        contacts = list(settings.CUSTOS_SECURITY_CONTACTS)
        if contacts and changed:
            lines = [
                f"  {name}: {(before or {}).get(name, '-')} -> {getattr(thresholds, name)}" for name in sorted(changed)
            ]
            body = (
                f"{_name_of(actor)} changed the {thresholds._meta.verbose_name} of the insider-anomaly lock:\n"
                + "\n".join(lines)
                + "\n\nIf this was not agreed, put the values back in the admin and look at who changed them."
            )
            subject = "[Custos] Anomaly lock settings changed"
            transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, contacts))


def _name_of(actor: Actor) -> str:
    staff = signed_in(actor)
    return staff.get_username() if staff is not None else SYSTEM_ACTOR


def incident_close(*, incident: Incident, actor: Actor) -> None:
    with transaction.atomic():
        updated = Incident.objects.filter(pk=incident.pk, status=Incident.Status.OPEN).update(
            status=Incident.Status.CLOSED, closed_at=timezone.now(), closed_by=_name_of(actor)
        )
        if updated:
            audit_record(actor=actor, action="incident.close", target_type=targets.INCIDENT, target_id=incident.pk)
