"""Acting on what the scanners find in posted text: a customer's exposed secret, and the risk indicators.

Called by the services inside their transaction, after the text was redacted and the records saved. A customer
who posts a seed phrase or private key gets the ticket flagged `secret_exposed`, the security contacts alerted
and an automatic reply (English and Chinese, from an editable template); risk rules that match are recorded on
the ticket. Emails go out after commit from Celery tasks that take ids only.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from audit import targets
from audit.services import audit_record
from audit.types import Actor
from encryption.exceptions import KeyDestroyed
from supportrecords import dispatch, reply_defaults
from supportrecords.models import AuthorKind, Message, ReplyTemplate, RiskFlag, Ticket
from supportrecords.risk import PHISHING_LINK, RECOVERY_PHRASE_REQUEST, RiskMatch, risk_assess
from supportrecords.scanning import ScannedText, text_scan

logger = logging.getLogger(__name__)

# Whose text the risk rules read: the customer's and the agents' (an agent asking for a phrase is a flag too).
RISK_AUTHOR_KINDS = frozenset({AuthorKind.CUSTOMER, AuthorKind.AGENT})
# Of an agent's text, only what an agent may do wrong: ask for a phrase or a key, send a look-alike link. The other
# rules describe the customer's situation, and an agent's ordinary reply matches them ("we will contact you within
# 48 hours", "beware of anyone 自称客服"): a newcomer's walk found 49 of 76 risk flags raised by agents' replies.
AGENT_RISK_RULES = frozenset({RECOVERY_PHRASE_REQUEST, PHISHING_LINK})


@dataclass(frozen=True)
class Posted:
    """One stored text of a ticket: a subject, a message body or an attachment's text."""

    ticket: Ticket
    author_kind: str
    scanned: ScannedText
    message: Message | None = None


@dataclass
class Reaction:
    exposed_ticket_ids: list[int]
    auto_replies: dict[int, Message]  # ticket id -> the automatic reply created now
    risk_flags: dict[int, list[RiskMatch]]  # ticket id -> rules newly matched


def exchange_domains() -> list[str]:
    return [d.strip().lower() for d in settings.CUSTOS_EXCHANGE_DOMAINS if d.strip()]


def texts_react(*, posted: Sequence[Posted], actor: Actor = None, auto_reply: bool = True) -> Reaction:
    """Flag, alert and answer exposures, and record risk indicators, for texts just stored (caller's transaction)."""
    reaction = Reaction(exposed_ticket_ids=[], auto_replies={}, risk_flags={})
    exposures: dict[int, tuple[Ticket, set[str], list[int]]] = {}
    risks: dict[int, tuple[Ticket, dict[str, RiskMatch]]] = {}
    domains = exchange_domains()
    for item in posted:
        ticket_id = item.ticket.pk
        if item.author_kind == AuthorKind.CUSTOMER and item.scanned.has_secret:
            entry = exposures.setdefault(ticket_id, (item.ticket, set(), []))
            entry[1].update(item.scanned.secret_kinds)
            if item.message is not None and item.message.pk is not None:
                entry[2].append(item.message.pk)
        if item.author_kind in RISK_AUTHOR_KINDS and item.scanned.text:
            for match in risk_assess(item.scanned.text, exchange_domains=domains):
                if item.author_kind == AuthorKind.AGENT and match.rule not in AGENT_RISK_RULES:
                    continue
                risks.setdefault(ticket_id, (item.ticket, {}))[1].setdefault(match.rule, match)
    for ticket, kinds, message_ids in exposures.values():
        reply = ticket_secret_exposed_mark(
            ticket=ticket, kinds=kinds, message_ids=message_ids, actor=actor, auto_reply=auto_reply
        )
        reaction.exposed_ticket_ids.append(ticket.pk)
        if reply is not None:
            reaction.auto_replies[ticket.pk] = reply
    for ticket, by_rule in risks.values():
        added = ticket_risk_flags_add(ticket=ticket, matches=list(by_rule.values()), actor=actor)
        if added:
            reaction.risk_flags[ticket.pk] = added
    return reaction


def ticket_secret_exposed_mark(
    *,
    ticket: Ticket,
    kinds: set[str] | frozenset[str],
    message_ids: Sequence[int] = (),
    actor: Actor = None,
    auto_reply: bool = True,
) -> Message | None:
    """Flag the ticket, alert security after commit (once per alert window), and on the first exposure add the
    automatic reply."""
    now = timezone.now()
    with transaction.atomic():
        locked = (
            Ticket.objects.select_for_update()
            .only("pk", "secret_exposed", "secret_exposed_at", "security_alerted_at", "data_key_id")
            .get(pk=ticket.pk)
        )
        first = not locked.secret_exposed
        # The alert for the previous exposure may still be queued: until it is sent, that exposure stands for it.
        last_alert = locked.security_alerted_at or locked.secret_exposed_at
        alert = first or last_alert is None or last_alert <= now - security_alert_window()
        Ticket.objects.filter(pk=ticket.pk).update(secret_exposed=True, secret_exposed_at=now)
        ticket.secret_exposed, ticket.secret_exposed_at = True, now
        reply = _auto_reply_create(ticket=ticket) if first and auto_reply else None
        audit_record(
            actor=actor,
            action="ticket.secret_exposed",
            target_type=targets.TICKET,
            target_id=ticket.pk,
            customer_id=ticket.customer_id,
            details={
                "kinds": sorted(kinds),
                "message_ids": list(message_ids),
                "first": first,
                "alert_queued": alert,
                "auto_reply_message_id": reply.pk if reply is not None else None,
            },
        )
        ticket_id = ticket.pk
        # Outbox rows in this transaction: a broker outage at commit delays the alert and the email, never loses them.
        if alert:
            dispatch.security_alert_enqueue(ticket_id=ticket_id)
        if reply is not None and settings.CUSTOS_EXPOSURE_REPLY_BY_EMAIL:
            dispatch.exposure_reply_enqueue(ticket_id=ticket_id)
    return reply


def reply_template_get() -> ReplyTemplate:
    template = ReplyTemplate.objects.filter(slug=ReplyTemplate.SECRET_EXPOSED).first()
    if template is None:  # deleted by staff: fall back to the text the data migration seeds
        template = ReplyTemplate(
            slug=ReplyTemplate.SECRET_EXPOSED,
            subject_en=reply_defaults.SUBJECT_EN,
            body_en=reply_defaults.BODY_EN,
            subject_zh=reply_defaults.SUBJECT_ZH,
            body_zh=reply_defaults.BODY_ZH,
        )
    return template


def auto_reply_text(template: ReplyTemplate) -> str:
    return f"{template.body_en.strip()}\n\n——\n\n{template.body_zh.strip()}"


def _auto_reply_create(*, ticket: Ticket) -> Message:
    template = reply_template_get()
    scanned = text_scan(auto_reply_text(template))
    message = Message(
        ticket=ticket,
        data_key_id=ticket.data_key_id,
        author_kind=AuthorKind.SYSTEM,
        findings=scanned.findings,
        detector_version=scanned.detector_version,
    )
    message.body = scanned.text
    message.save()
    return message


def ticket_risk_flags_add(*, ticket: Ticket, matches: Sequence[RiskMatch], actor: Actor = None) -> list[RiskMatch]:
    """Record the rules not yet on the ticket (one row per ticket and rule, counted per day); return those added."""
    if not matches:
        return []
    now = timezone.now()
    with transaction.atomic():
        locked = Ticket.objects.select_for_update().only("pk", "risk_flags").get(pk=ticket.pk)
        present = {flag.get("rule") for flag in locked.risk_flags}
        added = [m for m in matches if m.rule not in present]
        if not added:
            return []
        # No evidence here: it quotes the customer, so it lives only on the RiskFlag rows, encrypted.
        flags = [*locked.risk_flags, *({"rule": m.rule, "at": now.isoformat()} for m in added)]
        Ticket.objects.filter(pk=ticket.pk).update(risk_flags=flags)
        ticket.risk_flags = flags
        rows = []
        for m in added:
            row = RiskFlag(ticket_id=ticket.pk, data_key_id=ticket.data_key_id, rule=m.rule, flagged_at=now)
            row.evidence = m.evidence  # encrypted under the customer's key
            rows.append(row)
        RiskFlag.objects.bulk_create(rows, ignore_conflicts=True)
        audit_record(
            actor=actor,
            action="ticket.risk_flag",
            target_type=targets.TICKET,
            target_id=ticket.pk,
            customer_id=ticket.customer_id,
            details={"rules": [m.rule for m in added]},
        )
    return added


def security_contacts() -> list[str]:
    return [c.strip() for c in settings.CUSTOS_SECURITY_CONTACTS if c.strip()]


def security_alert_window() -> timedelta:
    return timedelta(minutes=int(settings.CUSTOS_SECURITY_ALERT_WINDOW_MINUTES))


def security_alert_send(*, ticket_id: int) -> bool:
    """Email the security contacts about a ticket's exposure, once per exposure and alert window; True when an
    email went out."""
    contacts = security_contacts()
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().filter(pk=ticket_id).first()
        if ticket is None or not ticket.secret_exposed or ticket.secret_exposed_at is None:
            return False
        alerted_at = ticket.security_alerted_at
        if alerted_at is not None and alerted_at >= ticket.secret_exposed_at:
            return False  # already alerted for the latest exposure
        if alerted_at is not None and alerted_at > timezone.now() - security_alert_window():
            return False  # alerted within the window: the contacts are on it already
        if not contacts:
            logger.warning("ticket %s: a secret was exposed but CUSTOS_SECURITY_CONTACTS is empty", ticket_id)
            return False
        base_url = settings.CUSTOS_ADMIN_BASE_URL.rstrip("/")
        context = {
            "ticket_id": ticket.pk,
            "customer_id": ticket.customer_id,
            "exposed_at": ticket.secret_exposed_at,
            "admin_url": f"{base_url}/admin/supportrecords/ticket/{ticket.pk}/change/",
        }
        send_mail(
            subject=render_to_string("supportrecords/email/security_alert_subject.txt", context).strip(),
            message=render_to_string("supportrecords/email/security_alert.txt", context),
            from_email=None,
            recipient_list=contacts,
        )
        Ticket.objects.filter(pk=ticket.pk).update(security_alerted_at=timezone.now())
        audit_record(
            actor=None,
            action="ticket.security_alert",
            target_type=targets.TICKET,
            target_id=ticket.pk,
            customer_id=ticket.customer_id,
            details={"recipients": len(contacts)},
        )
    return True


def exposure_reply_send(*, ticket_id: int) -> bool:
    """Email the customer the automatic reply (both languages), once per ticket; True when an email went out."""
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().filter(pk=ticket_id).select_related("customer").first()
        if ticket is None or not ticket.secret_exposed or ticket.exposure_replied_at is not None:
            return False
        try:
            email = ticket.customer.email
        except KeyDestroyed:
            return False  # the customer was erased meanwhile
        if not email:
            return False
        template = reply_template_get()
        send_mail(
            subject=f"{template.subject_en} / {template.subject_zh}",
            message=auto_reply_text(template),
            from_email=None,
            recipient_list=[email],
        )
        Ticket.objects.filter(pk=ticket.pk).update(exposure_replied_at=timezone.now())
        audit_record(
            actor=None,
            action="ticket.exposure_reply_sent",
            target_type=targets.TICKET,
            target_id=ticket.pk,
            customer_id=ticket.customer_id,
        )
    return True
