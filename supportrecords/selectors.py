"""Reads of support records. The only place where what a user may see is decided."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from audit.anomaly import access_is_locked
from encryption.blind_index import blind_index
from supportrecords import roles
from supportrecords.models import Customer, Message, RiskFlag, Ticket
from supportrecords.normalise import account_id_normalise, email_normalise


def _sees_all_tickets(user: Any) -> bool:
    return bool(user.is_superuser or roles.user_roles(user) & roles.ALL_TICKETS_ROLES)


def ticket_list_visible_to(*, user: Any) -> QuerySet[Ticket]:
    """Tickets a user may list and open: agents their own, supervisors their team's, officers all; none to an
    account locked from customer content after an anomaly (audit/anomaly.py).

    Restricted tickets (kept after an erasure for a legal obligation) are seen by compliance officers only.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active or access_is_locked(user=user):
        return Ticket.objects.none()
    if user.is_superuser or roles.COMPLIANCE_OFFICER in roles.user_roles(user):
        return Ticket.objects.all()
    if _sees_all_tickets(user):
        return Ticket.objects.filter(restricted=False)
    if not roles.user_roles(user) & {roles.AGENT, roles.SUPERVISOR}:
        return Ticket.objects.none()
    granted: QuerySet[Ticket] = get_objects_for_user(
        user,
        "supportrecords.view_ticket",
        klass=Ticket,
        use_groups=True,
        with_superuser=False,
        accept_global_perms=False,
    )
    return granted.filter(restricted=False)


def ticket_is_visible_to(*, user: Any, ticket: Ticket) -> bool:
    return ticket_list_visible_to(user=user).filter(pk=ticket.pk).exists()


def ticket_content_is_visible_to(*, user: Any, ticket: Ticket) -> bool:
    """Whether a user may read a ticket's content: a visible ticket, and a role that reads content."""
    return roles.reads_content(user) and ticket_is_visible_to(user=user, ticket=ticket)


def ticket_is_changeable_by(*, user: Any, ticket: Ticket) -> bool:
    """Agents change (reply, status) their own tickets, supervisors their team's; officers only read."""
    if user.is_superuser:
        return True
    if ticket.restricted:  # kept only for a legal obligation: read by compliance, changed by nobody
        return False
    return bool(user.has_perm("supportrecords.change_ticket", ticket))


def customer_list_visible_to(*, user: Any) -> QuerySet[Customer]:
    if not getattr(user, "is_authenticated", False) or not user.is_active or access_is_locked(user=user):
        return Customer.objects.none()
    if _sees_all_tickets(user):
        return Customer.objects.all()
    return Customer.objects.filter(pk__in=ticket_list_visible_to(user=user).values("customer_id"))


def customer_is_visible_to(*, user: Any, customer: Customer) -> bool:
    return customer_list_visible_to(user=user).filter(pk=customer.pk).exists()


def customer_personal_data_is_visible_to(*, user: Any, customer: Customer) -> bool:
    """Whether a user may reveal a customer's personal data: a role that reads content and a visible ticket of
    theirs (a customer whose every remaining ticket is restricted is revealed to compliance only)."""
    if not roles.reads_content(user):
        return False
    if user.is_superuser or roles.COMPLIANCE_OFFICER in roles.user_roles(user):
        return customer_is_visible_to(user=user, customer=customer)
    return ticket_list_visible_to(user=user).filter(customer_id=customer.pk).exists()


def customer_find_by_email(*, email: str) -> QuerySet[Customer]:
    return Customer.objects.filter(email_index=blind_index(namespace="email", normalised=email_normalise(email)))


def customer_get_by_account_id(*, exchange_account_id: str) -> Customer | None:
    index = blind_index(namespace="account", normalised=account_id_normalise(exchange_account_id))
    return Customer.objects.filter(account_id_index=index).first()


def ticket_messages(*, ticket: Ticket) -> QuerySet[Message]:
    """A ticket's messages in order, with what display needs; bodies decrypt on access."""
    return ticket.messages.select_related("author").prefetch_related("attachments").order_by("created_at", "id")


RECENT_TURNS = 5


def ticket_recent_turns(*, ticket: Ticket, limit: int = RECENT_TURNS) -> list[str]:
    """The stored (redacted) bodies of a ticket's last messages, oldest first: the conversation the next text
    answers, which the detectors read for context ("confirm your passport number")."""
    if ticket.pk is None:
        return []
    recent = list(ticket.messages.order_by("-created_at", "-id")[:limit])
    return [message.body or "" for message in reversed(recent)]


def risk_flag_counts_per_day(*, queryset: QuerySet[RiskFlag], days: int = 30) -> list[dict[str, Any]]:
    """Risk indicators per day and rule over the last `days` days, newest day first: [{day, rule, count}]."""
    since = timezone.now() - timedelta(days=days)
    rows = (
        queryset.filter(flagged_at__gte=since)
        .annotate(day=TruncDate("flagged_at"))
        .values("day", "rule")
        .annotate(count=Count("id"))
        .order_by("-day", "rule")
    )
    return list(rows)
