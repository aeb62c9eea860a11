"""Writes of support records: customers, tickets, messages, attachments, assignment and audited reads."""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import phonenumbers
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from audit import targets
from audit.anomaly import AccessLocked, access_is_locked, access_refused_record, content_access_check
from audit.services import audit_record
from audit.types import Actor
from encryption.blind_index import blind_index
from encryption.envelope import value_decrypt, value_encrypt
from encryption.services import data_key_create
from supportrecords import exposure, roles, selectors
from supportrecords.exceptions import (
    AttachmentCorrupted,
    AttachmentQuarantined,
    AttachmentTooLarge,
    CustomerAlreadyExists,
)
from supportrecords.models import (
    Attachment,
    AuthorKind,
    Channel,
    Customer,
    DataCategory,
    Jurisdiction,
    Message,
    Team,
    Ticket,
    TicketStatus,
)
from supportrecords.normalise import ACCOUNT_ID_INVALID, account_id_clean, account_id_normalise, email_normalise
from supportrecords.scanning import (
    SECRET_REFUSED,
    SPLIT_TURNS,
    SPLIT_WORD_TURNS,
    ScannedText,
    StoredFinding,
    file_scan,
    findings_merge,
    piece_only,
    region_of,
    split_secrets_redact,
    text_holds_secret,
    text_scan,
    text_secrets_redact,
)

logger = logging.getLogger(__name__)

TICKET_OBJECT_PERMS = ("supportrecords.view_ticket", "supportrecords.change_ticket")
MAX_NAME_LENGTH = 200
MAX_SUBJECT_LENGTH = 500
MAX_BODY_LENGTH = 100_000
REVEALABLE_FIELDS = ("exchange_account_id", "email", "name", "phone")


def _phone_normalise(phone: str, *, jurisdiction: str = "") -> str:
    """E.164 form of a customer's phone number; a national number is read in the customer's jurisdiction (in
    mainland China where the jurisdiction has no single numbering plan, as before)."""
    international = phone.strip().startswith(("+", "00"))
    if phone.strip().startswith("00"):
        phone = "+" + phone.strip()[2:]
    try:
        number = phonenumbers.parse(phone, None if international else (region_of(jurisdiction) or "CN"))
    except phonenumbers.NumberParseException:
        raise ValidationError(
            {"phone": "Enter a phone number with its country code, e.g. +86 138 0013 8000."}
        ) from None
    if not phonenumbers.is_possible_number(number):
        raise ValidationError({"phone": "This phone number is not possible for its country."})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def account_id_refusal(exchange_account_id: str) -> str | None:
    """Why an exchange account id is refused (a secret first: its message says it was not stored), or None."""
    if text_holds_secret(exchange_account_id):
        return str(SECRET_REFUSED)
    try:
        account_id = account_id_clean(exchange_account_id)
    except ValidationError:
        return str(ACCOUNT_ID_INVALID)
    return str(SECRET_REFUSED) if text_holds_secret(account_id) else None


def customer_create(
    *,
    exchange_account_id: str,
    email: str,
    jurisdiction: str,
    name: str = "",
    phone: str = "",
    created_at: datetime | None = None,
    source: str = "",
    external_id: str = "",
) -> Customer:
    """Create a customer with a fresh data key; personal fields are encrypted, searchable ones blind-indexed."""
    errors: dict[str, str] = {}
    refusal = account_id_refusal(exchange_account_id)
    if refusal is not None:
        errors["exchange_account_id"] = refusal
        account_id = ""
    else:
        account_id = account_id_clean(exchange_account_id)
    if text_holds_secret(email):
        # Before the format: a phrase joined by dots is a valid address, and would be mailed to.
        errors["email"] = (
            "This looks like a private key or recovery phrase, so it was not stored. Send the e-mail address."
        )
    else:
        try:
            validate_email(email.strip())
        except ValidationError:
            errors["email"] = "Enter a valid email address."
    if jurisdiction not in Jurisdiction.values:
        errors["jurisdiction"] = f"Unknown jurisdiction; one of {', '.join(Jurisdiction.values)}."
    if len(name) > MAX_NAME_LENGTH:
        errors["name"] = f"A name has at most {MAX_NAME_LENGTH} characters."
    if errors:
        raise ValidationError(errors)
    phone_e164 = _phone_normalise(phone, jurisdiction=jurisdiction) if phone.strip() else ""
    with transaction.atomic():
        data_key = data_key_create()
        customer = Customer(
            data_key=data_key,
            account_id_index=blind_index(namespace="account", normalised=account_id_normalise(account_id)),
            email_index=blind_index(namespace="email", normalised=email_normalise(email)),
            jurisdiction=jurisdiction,
            created_at=created_at or timezone.now(),
            source=source,
            external_id=external_id,
        )
        customer.exchange_account_id = account_id
        customer.email = email.strip()
        customer.name = text_secrets_redact(name.strip(), jurisdiction=jurisdiction)
        customer.phone = phone_e164
        try:
            with transaction.atomic():
                customer.save()
        except IntegrityError:
            raise CustomerAlreadyExists("a customer with this exchange account id exists already") from None
    return customer


def ticket_create(
    *,
    customer: Customer,
    category: DataCategory,
    channel: str,
    subject: str,
    team: Team | None = None,
    opened_at: datetime | None = None,
    status: str = TicketStatus.OPEN,
    closed_at: datetime | None = None,
    source: str = "",
    external_id: str = "",
) -> Ticket:
    """Create a ticket; the subject is redacted (secrets replaced) before it is encrypted and stored."""
    if channel not in Channel.values:
        raise ValidationError({"channel": f"Unknown channel; one of {', '.join(Channel.values)}."})
    if status not in TicketStatus.values:
        raise ValidationError({"status": f"Unknown status; one of {', '.join(TicketStatus.values)}."})
    if len(subject) > MAX_SUBJECT_LENGTH:
        raise ValidationError({"subject": f"A subject has at most {MAX_SUBJECT_LENGTH} characters."})
    opened_at = opened_at or timezone.now()
    if closed_at is not None and closed_at < opened_at:
        raise ValidationError({"closed_at": "A ticket cannot be closed before it was opened (closed_at < opened_at)."})
    with transaction.atomic():
        ticket = Ticket(
            customer=customer,
            data_key_id=customer.data_key_id,
            category=category,
            channel=channel,
            status=status,
            opened_at=opened_at,
            closed_at=closed_at,
            source=source,
            external_id=external_id,
        )
        scanned = text_scan(subject, jurisdiction=customer.jurisdiction)
        ticket.subject = scanned.text
        ticket.findings, ticket.detector_version = scanned.findings, scanned.detector_version
        ticket.save()
        if team is not None:
            ticket_set_team(ticket=ticket, team=team, actor=None)
        exposure.texts_react(
            posted=[exposure.Posted(ticket=ticket, author_kind=AuthorKind.CUSTOMER, scanned=scanned, message=None)]
        )
    return ticket


def _ticket_grants_move(*, ticket: Ticket, revoke_from: Any | None, grant_to: Any | None) -> None:
    """Move the ticket's object permissions from one user or group to another (either may be None)."""
    for perm in TICKET_OBJECT_PERMS:
        if revoke_from is not None:
            remove_perm(perm, revoke_from, ticket)
        if grant_to is not None:
            assign_perm(perm, grant_to, ticket)


def ticket_assign(*, ticket: Ticket, agent: Any | None, actor: Actor, ip: str | None = None) -> Ticket:
    """Assign a ticket: the new agent gets view and change on it, the previous agent loses them."""
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        previous = ticket.assigned_agent
        if previous == agent:
            return ticket
        team = ticket.team
        if agent is not None and team is not None and not team.agents.filter(pk=agent.pk).exists():
            # Assignments stay within the team: a supervisor cannot hand a team's ticket to another team's agent.
            raise ValidationError({"assigned_agent": _("This agent is not in the ticket's team.")})
        _ticket_grants_move(ticket=ticket, revoke_from=previous, grant_to=agent)
        ticket.assigned_agent = agent
        ticket.save(update_fields=["assigned_agent"])
        audit_record(
            actor=actor,
            action="ticket.assign",
            target_type=targets.TICKET,
            target_id=ticket.pk,
            customer_id=ticket.customer_id,
            ip=ip,
            details={"from_user_id": previous.pk if previous else None, "to_user_id": agent.pk if agent else None},
        )
    return ticket


def ticket_set_team(*, ticket: Ticket, team: Team | None, actor: Actor, ip: str | None = None) -> Ticket:
    """Move a ticket to a team: that team's supervisors get view and change on it, the previous team's lose them."""
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        previous: Team | None = ticket.team
        if previous == team:
            return ticket
        _ticket_grants_move(
            ticket=ticket,
            revoke_from=previous.supervisors if previous else None,
            grant_to=team.supervisors if team else None,
        )
        ticket.team = team
        ticket.save(update_fields=["team"])
        audit_record(
            actor=actor,
            action="ticket.set_team",
            target_type=targets.TICKET,
            target_id=ticket.pk,
            customer_id=ticket.customer_id,
            ip=ip,
            details={"from_team_id": previous.pk if previous else None, "to_team_id": team.pk if team else None},
        )
    return ticket


def ticket_set_status(*, ticket: Ticket, status: str, actor: Actor, ip: str | None = None) -> Ticket:
    if status not in TicketStatus.values:
        raise ValidationError({"status": f"Unknown status; one of {', '.join(TicketStatus.values)}."})
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if ticket.status == status:
            return ticket
        previous = ticket.status
        ticket.status = status
        ticket.closed_at = timezone.now() if status == TicketStatus.CLOSED else None
        ticket.save(update_fields=["status", "closed_at"])
        audit_record(
            actor=actor,
            action="ticket.set_status",
            target_type=targets.TICKET,
            target_id=ticket.pk,
            customer_id=ticket.customer_id,
            ip=ip,
            details={"from": previous, "to": status},
        )
    return ticket


def message_build_scanned(
    *,
    ticket: Ticket,
    author_kind: str,
    body: str,
    author: Any | None = None,
    created_at: datetime | None = None,
    source: str = "",
    external_id: str = "",
    previous: Sequence[selectors.TurnContext] | None = None,
) -> tuple[Message, ScannedText]:
    """Build a message whose stored body is the redacted text, with what the scan found.

    previous: what the conversation's earlier turns say (selectors.tickets_recent_context), oldest first; read
    from the ticket when None.
    """
    if author_kind not in AuthorKind.values:
        raise ValidationError({"author_kind": f"Unknown author kind; one of {', '.join(AuthorKind.values)}."})
    if len(body) > MAX_BODY_LENGTH:
        raise ValidationError({"body": f"A message has at most {MAX_BODY_LENGTH} characters."})
    if previous is None:
        previous = selectors.ticket_recent_context(ticket=ticket)
    scanned = text_scan(body, turns=previous, jurisdiction=ticket.customer.jurisdiction)
    message = Message(
        ticket=ticket,
        data_key_id=ticket.data_key_id,
        author_kind=author_kind,
        author=author,
        created_at=created_at or timezone.now(),
        source=source,
        external_id=external_id,
        findings=scanned.findings,
        detector_version=scanned.detector_version,
        context_flags=selectors.turn_flags(scanned.text),
    )
    message.body = scanned.text
    return message, scanned


def message_split_secrets_redact(
    *,
    message: Message,
    body: str,
    scanned: ScannedText,
    earlier: Sequence[Message],
    turns: Sequence[selectors.TurnContext] = (),
) -> ScannedText:
    """Redact a secret split between this new message (body: as sent; scanned: its own scan) and the same
    author's previous ones (their stored ends).

    The earlier halves are rewritten too: a stored message is re-encrypted redacted in the caller's transaction
    and audited (ids and kinds only); one built in the same batch is changed before it is inserted. Returns the
    new message's scan, counting the secret (so that the ticket is flagged as for any other).
    """
    earlier = _split_earlier(message=message, body=body, earlier=list(earlier))
    ticket = message.ticket
    jurisdiction = ticket.customer.jurisdiction
    if not earlier:
        # The customer's first message: the rest of a phrase begun in the ticket's subject.
        if message.author_kind != AuthorKind.CUSTOMER or ticket.pk is None or not ticket.subject:
            return scanned
        before = Message.objects.filter(ticket=ticket, author_kind=AuthorKind.CUSTOMER)
        if message.pk is not None:  # a stored message scanned again (rescan_records): the ones before it
            before = before.exclude(pk=message.pk).filter(created_at__lte=message.created_at)
        if before.exists():
            return scanned
        rewritten = split_secrets_redact(
            [ticket.subject, body], turns=turns, jurisdiction=jurisdiction, subject_first=True
        )
        if rewritten is None:
            return scanned
        subject, markers = rewritten[0]
        if markers:
            _ticket_subject_split_redact(ticket=ticket, subject=subject, markers=markers)
        rewritten = rewritten[1:]
    else:
        rewritten = split_secrets_redact(
            [m.body or "" for m in earlier] + [body], turns=turns, jurisdiction=jurisdiction
        )
        if rewritten is None:
            return scanned
    for previous, (text, markers) in zip(earlier, rewritten[:-1], strict=True):
        if not markers:
            continue
        redone = findings_merge(text_scan(text, jurisdiction=jurisdiction), markers)
        previous.body = text
        previous.findings = redone.findings
        previous.context_flags = selectors.turn_flags(text)
        if previous.pk is not None:
            previous.save(update_fields=["body", "findings", "context_flags"])
            audit_record(
                actor=None,
                action="message.split_secret_redact",
                target_type=targets.MESSAGE,
                target_id=previous.pk,
                customer_id=message.ticket.customer_id,
                details={"kinds": sorted({str(m[0]) for m in markers}), "ticket_id": message.ticket_id},
            )
    text, markers = rewritten[-1]
    redone = findings_merge(text_scan(text, turns=turns, jurisdiction=jurisdiction), markers)
    redone = ScannedText(
        text=redone.text, findings=redone.findings, secret_kinds=redone.secret_kinds | scanned.secret_kinds
    )
    message.body = redone.text
    message.findings = redone.findings
    message.context_flags = selectors.turn_flags(redone.text)
    return redone


def _split_earlier(*, message: Message, body: str, earlier: list[Message]) -> list[Message]:
    """The author's earlier messages a split secret is looked for in: the last SPLIT_TURNS, or, when those and
    the new body are only pieces (a phrase typed a word per message, a key a few hex digits per message), the whole
    run of such messages and the one that began it (up to SPLIT_WORD_TURNS, read from the ticket; the batch's own
    unsaved ones after them)."""
    last = earlier[-SPLIT_TURNS:]
    if not last or not piece_only(body) or not all(piece_only(m.body or "") for m in last):
        return last
    stored = selectors.ticket_recent_messages(
        ticket=message.ticket, author_kind=message.author_kind, limit=4 * SPLIT_WORD_TURNS
    )
    pending = [m for m in earlier if m.pk is None]
    by_pk = {m.pk: m for m in earlier if m.pk is not None}  # the caller's copies: rewritten ones stay rewritten
    candidates = [by_pk.get(m.pk, m) for m in stored] + pending
    run: list[Message] = []
    for candidate in reversed(candidates):
        if len(run) == SPLIT_WORD_TURNS:
            break
        run.append(candidate)
        if not piece_only(candidate.body or ""):
            break  # the message that began the run ("my private key part 1: 3f9a..."), read with it
    run.reverse()
    return run if len(run) > len(last) else last


def _ticket_subject_split_redact(*, ticket: Ticket, subject: str, markers: list[StoredFinding]) -> None:
    """Store a ticket's subject with the part of a split secret it held redacted (in the caller's transaction)."""
    redone = findings_merge(text_scan(subject, jurisdiction=ticket.customer.jurisdiction), markers)
    ticket.subject = redone.text
    ticket.findings = redone.findings
    ticket.save(update_fields=["subject", "findings"])
    audit_record(
        actor=None,
        action="ticket.split_secret_redact",
        target_type=targets.TICKET,
        target_id=ticket.pk,
        customer_id=ticket.customer_id,
        details={"kinds": sorted({str(m[0]) for m in markers})},
    )


def message_create(
    *,
    ticket: Ticket,
    author_kind: str,
    body: str,
    author: Any | None = None,
    created_at: datetime | None = None,
) -> Message:
    """Create one message: redacted, encrypted, and answered if the customer exposed a secret."""
    message, scanned = message_build_scanned(
        ticket=ticket, author_kind=author_kind, body=body, author=author, created_at=created_at
    )
    with transaction.atomic():
        scanned = message_split_secrets_redact(
            message=message,
            body=body,
            scanned=scanned,
            earlier=selectors.ticket_recent_messages(ticket=ticket, author_kind=author_kind),
            turns=selectors.ticket_recent_context(ticket=ticket),
        )
        message.save()
        exposure.texts_react(
            posted=[exposure.Posted(ticket=ticket, author_kind=author_kind, scanned=scanned, message=message)],
            actor=author,
        )
    return message


def agent_reply(*, ticket: Ticket, agent: Actor, body: str, ip: str | None = None) -> Message:
    """An agent's reply from the admin; only the ticket's agent or team supervisors may reply."""
    if not body.strip():
        raise ValidationError({"body": "A reply cannot be empty."})
    if not selectors.ticket_is_changeable_by(user=agent, ticket=ticket):
        raise PermissionDenied
    with transaction.atomic():
        message = message_create(ticket=ticket, author_kind=AuthorKind.AGENT, body=body, author=agent)
        audit_record(
            actor=agent,
            action="message.create",
            target_type=targets.MESSAGE,
            target_id=message.pk,
            customer_id=ticket.customer_id,
            ip=ip,
            details={"ticket_id": ticket.pk},
        )
    return message


def _attachment_context(storage_name: str) -> str:
    return f"supportrecords.attachment.content|{storage_name}"


def attachment_redacted_rendition(*, scanned: ScannedText, filename: str) -> tuple[bytes, str, str]:
    """What is stored instead of a file that holds a secret: its redacted text (content, content type, file name)."""
    return scanned.text.encode("utf-8"), "text/plain; charset=utf-8", f"{filename[:230]}.redacted.txt"


def attachment_file_store(*, data_key_id: int, content: bytes) -> tuple[str, bytes]:
    """Encrypt a file under a random storage name and save it; return the saved name and the ciphertext."""
    storage_name = f"attachments/{uuid.uuid4().hex}"
    ciphertext = value_encrypt(data_key_id=data_key_id, context=_attachment_context(storage_name), plaintext=content)
    return default_storage.save(storage_name, ContentFile(ciphertext)), ciphertext


@dataclass(frozen=True)
class PreparedAttachment:
    """A file scanned, encrypted and saved to storage, not yet recorded: what attachment_record stores."""

    message: Message
    filename: str
    content_type: str
    size: int
    saved_name: str
    ciphertext_sha256: str
    scanned: ScannedText | None  # None: the file could not be scanned (kept quarantined)
    text_redacted: bool

    def discard(self) -> None:
        """Delete the saved file (its record was not stored)."""
        default_storage.delete(self.saved_name)


def attachment_prepare(*, message: Message, filename: str, content: bytes, content_type: str) -> PreparedAttachment:
    """Scan a file's text and save it encrypted under the customer's key, outside any transaction: scanning a
    file of several megabytes takes seconds, which must not hold the database's write lock (on SQLite, other
    writers wait, and a third concurrent upload timed out).

    The text of plain-text files and of a PDF's text layer is scanned first: a file that holds a secret is
    never stored; its redacted text is stored in its place, as text/plain.
    """
    limit = int(settings.CUSTOS_ATTACHMENT_MAX_BYTES)
    if len(content) > limit:
        raise AttachmentTooLarge(f"The file is {len(content)} bytes; the limit is {limit} bytes.")
    ticket = message.ticket
    scanned_file = file_scan(
        content=content,
        content_type=content_type,
        filename=filename,
        turns=selectors.ticket_recent_context(ticket=ticket),
        jurisdiction=ticket.customer.jurisdiction,
    )
    scanned = scanned_file.scanned if scanned_file is not None else None
    if scanned is None:
        # Why is logged just before by textextract (its own words: over a limit, encrypted, malformed...).
        logger.info("an attachment of message %s could not be scanned: kept quarantined", message.pk)
    text_redacted = False
    if scanned_file is not None and scanned_file.rendition is not None:
        content, content_type, filename = attachment_redacted_rendition(scanned=scanned_file.scanned, filename=filename)
        text_redacted = True
    saved_name, ciphertext = attachment_file_store(data_key_id=message.data_key_id, content=content)
    return PreparedAttachment(
        message=message,
        filename=filename,
        content_type=(content_type or "application/octet-stream")[:100],
        size=len(content),
        saved_name=saved_name,
        ciphertext_sha256=hashlib.sha256(ciphertext).hexdigest(),
        scanned=scanned,
        text_redacted=text_redacted,
    )


def attachment_record(*, prepared: PreparedAttachment, source: str = "", external_id: str = "") -> Attachment:
    """Record a prepared file (in a transaction of its own, or the caller's); its saved file is deleted if the
    record cannot be stored."""
    message = prepared.message
    scanned = prepared.scanned
    try:
        with transaction.atomic():
            attachment = Attachment(
                message=message,
                data_key_id=message.data_key_id,
                storage_name=prepared.saved_name,
                size=prepared.size,
                content_type=prepared.content_type,
                ciphertext_sha256=prepared.ciphertext_sha256,
                source=source,
                external_id=external_id,
                findings=scanned.findings if scanned is not None else [],
                detector_version=scanned.detector_version if scanned is not None else None,
                text_redacted=prepared.text_redacted,
                quarantined=scanned is None,
            )
            attachment.filename = text_secrets_redact(prepared.filename[:255]) or "attachment"
            attachment.save()
            if scanned is not None:
                exposure.texts_react(
                    posted=[
                        exposure.Posted(
                            ticket=message.ticket, author_kind=message.author_kind, scanned=scanned, message=None
                        )
                    ]
                )
    except BaseException:
        prepared.discard()
        raise
    return attachment


def attachment_create(
    *,
    message: Message,
    filename: str,
    content: bytes,
    content_type: str,
    source: str = "",
    external_id: str = "",
) -> Attachment:
    """Scan, encrypt, store and record a file (attachment_prepare, then attachment_record)."""
    prepared = attachment_prepare(message=message, filename=filename, content=content, content_type=content_type)
    return attachment_record(prepared=prepared, source=source, external_id=external_id)


def attachment_content(*, attachment: Attachment) -> bytes:
    """Read and decrypt an attachment; a ciphertext that does not match its digest is refused."""
    with default_storage.open(attachment.storage_name, "rb") as handle:
        ciphertext = handle.read()
    if hashlib.sha256(ciphertext).hexdigest() != attachment.ciphertext_sha256:
        raise AttachmentCorrupted(f"attachment {attachment.pk}: stored file does not match its digest")
    return value_decrypt(
        data_key_id=attachment.data_key_id, context=_attachment_context(attachment.storage_name), blob=ciphertext
    )


def _content_access(
    *, user: Actor, ticket: Ticket, action: str, target_type: str, target_id: int | str, ip: str | None
) -> None:
    """Refuse (and record the refusal) unless the user may see the ticket; then apply the anomaly rules, which
    lock the account within this request on a breach (audit/anomaly.py)."""
    if not selectors.ticket_content_is_visible_to(user=user, ticket=ticket):
        access_refused_record(
            user=user,
            action=action,
            target_type=target_type,
            target_id=target_id,
            customer_id=ticket.customer_id,
            ip=ip,
            reason="locked" if access_is_locked(user=user) else "not permitted",
        )
        raise PermissionDenied
    content_access_check(
        user=user,
        action=action,
        target_type=target_type,
        target_id=target_id,
        customer_id=ticket.customer_id,
        assigned=user is not None and ticket.assigned_agent_id == user.pk,
        team_id=ticket.team_id,
        ip=ip,
    )


def attachment_download(*, user: Actor, attachment: Attachment, ip: str | None = None) -> bytes:
    """Decrypt an attachment for a staff member who sees its ticket; a quarantined (unscanned) file only for a
    compliance officer, until released."""
    ticket = attachment.message.ticket
    _content_access(
        user=user,
        ticket=ticket,
        action="attachment.download",
        target_type=targets.ATTACHMENT,
        target_id=attachment.pk,
        ip=ip,
    )
    if attachment.quarantined and not roles.user_releases_quarantine(user):
        raise AttachmentQuarantined(f"attachment {attachment.pk} is quarantined")
    content = attachment_content(attachment=attachment)
    audit_record(
        actor=user,
        action="attachment.download",
        target_type=targets.ATTACHMENT,
        target_id=attachment.pk,
        customer_id=ticket.customer_id,
        ip=ip,
        details={"ticket_id": ticket.pk, "size": attachment.size},
    )
    return content


def attachment_release(*, user: Actor, attachment: Attachment, ip: str | None = None) -> Attachment:
    """Release a quarantined attachment (a compliance officer has checked it): agents may download it then."""
    if not roles.user_releases_quarantine(user):
        raise PermissionDenied
    with transaction.atomic():
        attachment = Attachment.objects.select_for_update().select_related("message__ticket").get(pk=attachment.pk)
        if not attachment.quarantined:
            return attachment
        ticket = attachment.message.ticket
        if not selectors.ticket_is_visible_to(user=user, ticket=ticket):
            raise PermissionDenied
        attachment.quarantined = False
        attachment.save(update_fields=["quarantined"])
        audit_record(
            actor=user,
            action="attachment.release",
            target_type=targets.ATTACHMENT,
            target_id=attachment.pk,
            customer_id=ticket.customer_id,
            ip=ip,
            details={"ticket_id": ticket.pk, "size": attachment.size},
        )
    return attachment


def ticket_content_open(*, user: Actor, ticket: Ticket, ip: str | None = None) -> None:
    """Record that a staff member opened a ticket's content (messages and attachments)."""
    _content_access(
        user=user,
        ticket=ticket,
        action="ticket.view_content",
        target_type=targets.TICKET,
        target_id=ticket.pk,
        ip=ip,
    )
    audit_record(
        actor=user,
        action="ticket.view_content",
        target_type=targets.TICKET,
        target_id=ticket.pk,
        customer_id=ticket.customer_id,
        ip=ip,
        details={"assigned": user is not None and ticket.assigned_agent_id == user.pk},
    )


def message_body_reveal(*, user: Actor, message: Message, ip: str | None = None) -> str:
    """Return a message's stored body unmasked (secrets stay redacted) and record the reveal."""
    ticket = message.ticket
    _content_access(
        user=user,
        ticket=ticket,
        action="message.reveal",
        target_type=targets.MESSAGE,
        target_id=message.pk,
        ip=ip,
    )
    value: str = message.body or ""
    audit_record(
        actor=user,
        action="message.reveal",
        target_type=targets.MESSAGE,
        target_id=message.pk,
        customer_id=ticket.customer_id,
        ip=ip,
        details={"ticket_id": ticket.pk},
    )
    return value


def customer_field_reveal(*, user: Actor, customer: Customer, field: str, ip: str | None = None) -> str:
    """Return one unmasked personal field and record the reveal."""
    if field not in REVEALABLE_FIELDS:
        raise ValidationError({"field": "This field cannot be revealed."})
    if not selectors.customer_personal_data_is_visible_to(user=user, customer=customer):
        access_refused_record(
            user=user,
            action="customer.reveal",
            target_type=targets.CUSTOMER,
            target_id=customer.pk,
            customer_id=customer.pk,
            ip=ip,
            reason="locked" if access_is_locked(user=user) else "not permitted",
        )
        raise PermissionDenied
    content_access_check(
        user=user,
        action="customer.reveal",
        target_type=targets.CUSTOMER,
        target_id=customer.pk,
        customer_id=customer.pk,
        ip=ip,
    )
    value: str = getattr(customer, field) or ""
    audit_record(
        actor=user,
        action="customer.reveal",
        target_type=targets.CUSTOMER,
        target_id=customer.pk,
        customer_id=customer.pk,
        ip=ip,
        details={"field": field},
    )
    return value


def team_create(*, name: str) -> Team:
    with transaction.atomic():
        group, _created = Group.objects.get_or_create(name=f"team supervisors: {name}")
        return Team.objects.create(name=name, supervisors=group)


def customer_record_open(*, user: Actor, customer: Customer, ip: str | None = None) -> None:
    """Record that a staff member opened a customer's record (masked personal data); anomaly rules apply."""
    if not selectors.customer_is_visible_to(user=user, customer=customer):
        raise PermissionDenied
    content_access_check(
        user=user,
        action="customer.view",
        target_type=targets.CUSTOMER,
        target_id=customer.pk,
        customer_id=customer.pk,
        ip=ip,
    )
    audit_record(
        actor=user,
        action="customer.view",
        target_type=targets.CUSTOMER,
        target_id=customer.pk,
        customer_id=customer.pk,
        ip=ip,
    )


def ticket_list_view_record(*, user: Actor, ticket_ids: list[int], ip: str | None = None) -> None:
    """Record that a staff member was shown a page of the ticket list with its subjects (customer content)."""
    audit_record(
        actor=user,
        action="ticket.list",
        target_type=targets.TICKET,
        target_id="-",
        ip=ip,
        details={"tickets": ticket_ids[:200], "count": len(ticket_ids)},
    )


def search_record(*, user: Actor, target: Literal["ticket", "customer"], kind: str, ip: str | None = None) -> None:
    """Record a staff search by the kind of query (email, account id, id), never its text."""
    audit_record(
        actor=user,
        action=f"{target}.search",
        target_type=targets.TICKET if target == "ticket" else targets.CUSTOMER,
        target_id="-",
        ip=ip,
        details={"kind": kind},
    )


def locked_access_refuse(*, user: Actor, action: str, target_type: str, target_id: int | str, ip: str | None) -> None:
    """A locked account asked for a record it no longer sees: record the refusal and answer 403 (not "not found")."""
    if not access_is_locked(user=user):
        return
    access_refused_record(
        user=user, action=action, target_type=target_type, target_id=target_id, customer_id=None, ip=ip, reason="locked"
    )
    raise AccessLocked("account locked from customer content")
