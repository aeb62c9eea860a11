"""Reads of support records. The only place where what a user may see is decided."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber, TruncDate
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from audit.anomaly import access_is_locked
from audit.types import Actor
from encryption.blind_index import blind_index
from supportrecords import roles
from supportrecords.models import Customer, Message, RiskFlag, Ticket
from supportrecords.normalise import account_id_normalise, email_normalise
from supportrecords.redaction import turn_context


def ticket_list_visible_to(*, user: Actor) -> QuerySet[Ticket]:
    """Tickets a user may list and open: agents their own, supervisors their team's, officers all; none to an
    account locked from customer content after an anomaly (audit/anomaly.py).

    Restricted tickets (kept after an erasure for a legal obligation) are seen by compliance officers only.
    """
    if user is None or not user.is_authenticated or not user.is_active or access_is_locked(user=user):
        return Ticket.objects.none()
    if roles.is_compliance_officer(user):
        return Ticket.objects.all()
    if roles.sees_all_tickets(user):
        return Ticket.objects.filter(restricted=False)
    if not roles.works_tickets(user):
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


def ticket_is_visible_to(*, user: Actor, ticket: Ticket) -> bool:
    return ticket_list_visible_to(user=user).filter(pk=ticket.pk).exists()


def ticket_content_is_visible_to(*, user: Actor, ticket: Ticket) -> bool:
    """Whether a user may read a ticket's content: a visible ticket, and a role that reads content."""
    return roles.reads_content(user) and ticket_is_visible_to(user=user, ticket=ticket)


def ticket_is_changeable_by(*, user: Actor, ticket: Ticket) -> bool:
    """Agents change (reply, status) their own tickets, supervisors their team's; officers only read."""
    if roles.is_active_superuser(user):
        return True
    if ticket.restricted:  # kept only for a legal obligation: read by compliance, changed by nobody
        return False
    return user is not None and bool(user.has_perm("supportrecords.change_ticket", ticket))


def customer_list_visible_to(*, user: Actor) -> QuerySet[Customer]:
    if user is None or not user.is_authenticated or not user.is_active or access_is_locked(user=user):
        return Customer.objects.none()
    if roles.sees_all_tickets(user):
        return Customer.objects.all()
    return Customer.objects.filter(pk__in=ticket_list_visible_to(user=user).values("customer_id"))


def customer_is_visible_to(*, user: Actor, customer: Customer) -> bool:
    return customer_list_visible_to(user=user).filter(pk=customer.pk).exists()


def customer_personal_data_is_visible_to(*, user: Actor, customer: Customer) -> bool:
    """Whether a user may reveal a customer's personal data: a role that reads content and a visible ticket of
    theirs (a customer whose every remaining ticket is restricted is revealed to compliance only)."""
    if not roles.reads_content(user):
        return False
    if roles.is_compliance_officer(user):
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
TurnContext = tuple[bool, bool, bool, bool, bool, bool]
NO_TURN_CONTEXT: TurnContext = (False, False, False, False, False, False)


def turn_flags(text: str) -> str:
    """The stored form of turn_context(text): "s" (talks about recovery phrases), "p" (a passport), "t" (asks for a
    transaction's hash), "h" (asks for a phone number), "i" (asks for an id of the exchange's), "w" (asks for the
    recovery phrase or some of its words), in that order, each or none."""
    seed, passport, transaction, phone, identifier, words = turn_context(text)
    flags = ("s" if seed else "") + ("p" if passport else "") + ("t" if transaction else "") + ("h" if phone else "")
    return flags + ("i" if identifier else "") + ("w" if words else "")


def flags_context(flags: str) -> TurnContext:
    """turn_context from its stored form (turn_flags)."""
    return "s" in flags, "p" in flags, "t" in flags, "h" in flags, "i" in flags, "w" in flags


def tickets_recent_context(*, ticket_ids: list[int], limit: int = RECENT_TURNS) -> dict[int, list[TurnContext]]:
    """What the last messages of each ticket say to the detectors scanning the next one, oldest first, in one
    query (a window per ticket); stored flags are used, a body is decrypted only for messages stored before them."""
    out: dict[int, list[TurnContext]] = {ticket_id: [] for ticket_id in ticket_ids}
    if not ticket_ids:
        return out
    rows: Any
    if connection.vendor == "postgresql":
        # The last few rows of each ticket straight from the (ticket, created_at) index, however long the ticket.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT t.id, m.context_flags, m.id FROM unnest(%s::bigint[]) AS t(id) CROSS JOIN LATERAL ("
                " SELECT id, context_flags, created_at FROM supportrecords_message WHERE ticket_id = t.id"
                " ORDER BY created_at DESC, id DESC LIMIT %s) AS m ORDER BY t.id, m.created_at, m.id",
                [list(ticket_ids), limit],
            )
            rows = cursor.fetchall()
    else:
        rows = (
            Message.objects.filter(ticket_id__in=ticket_ids)
            .annotate(
                turn=Window(
                    RowNumber(), partition_by=[F("ticket_id")], order_by=[F("created_at").desc(), F("id").desc()]
                )
            )
            .filter(turn__lte=limit)
            .order_by("ticket_id", "created_at", "id")
            .values_list("ticket_id", "context_flags", "id")
        )
    unflagged: dict[int, tuple[int, int]] = {}  # message id -> (ticket id, place in its list)
    for ticket_id, flags, message_id in rows:
        if flags is None:
            unflagged[message_id] = (ticket_id, len(out[ticket_id]))
            out[ticket_id].append(NO_TURN_CONTEXT)
        else:
            out[ticket_id].append(flags_context(flags))
    if unflagged:  # stored before the flags: read the bodies (no ciphertext is loaded for the others)
        for message in Message.objects.filter(pk__in=list(unflagged)):
            ticket_id, place = unflagged[message.pk]
            out[ticket_id][place] = turn_context(message.body or "")
    return out


# Messages of a ticket read for the first half of a split secret: a customer's half may come before a few of the
# agent's replies ("please wait", "still checking", "one moment", "escalating", "ok") and the rest after them.
SPLIT_LOOKBACK = 12


def ticket_recent_messages(*, ticket: Ticket, author_kind: str, limit: int = SPLIT_LOOKBACK) -> list[Message]:
    """The messages of this author kind among the ticket's last `limit`, oldest first (bodies decrypted when
    read): where the first half of a secret split between messages would be."""
    if ticket.pk is None:
        return []
    last = list(Message.objects.filter(ticket=ticket).order_by("-created_at", "-id")[:limit])
    return [message for message in reversed(last) if message.author_kind == author_kind]


def message_previous(*, message: Message, limit: int = RECENT_TURNS) -> list[Message]:
    """The `limit` messages of its ticket before this one (by time, then id), oldest first: the conversation its
    scan reads, as at ingestion."""
    before = Message.objects.filter(ticket_id=message.ticket_id).filter(
        Q(created_at__lt=message.created_at) | Q(created_at=message.created_at, id__lt=message.pk)
    )
    return list(reversed(before.order_by("-created_at", "-id")[:limit]))


def message_turn_context(*, message: Message) -> TurnContext:
    """What a stored message says to the next ones' detectors: its stored flags, or its body read again."""
    flags = message.context_flags
    return turn_context(message.body or "") if flags is None else flags_context(flags)


def ticket_recent_context(*, ticket: Ticket) -> list[TurnContext]:
    """tickets_recent_context of one ticket."""
    if ticket.pk is None:
        return []
    return tickets_recent_context(ticket_ids=[ticket.pk])[ticket.pk]


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
