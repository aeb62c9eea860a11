"""Ingestion from other systems (the API's integrations, the Zendesk importer): idempotent by external id.

Every record created here goes through the same services as everything else (redaction, encryption, exposure
response). A record's `(source, external_id)` is unique in the database, so a retried or concurrent request
creates nothing twice: a create that loses the race reads the winner's row instead.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from audit import targets
from audit.services import audit_record
from audit.types import Actor, signed_in
from supportrecords import exposure
from supportrecords.exceptions import (
    AccountRegisteredUnderAnotherId,
    CustomerAlreadyExists,
    ExternalIdNamesAnotherAccount,
    IngestRejected,
    UnknownReference,
)
from supportrecords.external_ids import MAX_LENGTH as MAX_EXTERNAL_ID_LENGTH
from supportrecords.external_ids import external_id_key, external_id_validate
from supportrecords.models import (
    Attachment,
    Customer,
    DataCategory,
    GrantOrigin,
    Integration,
    IntegrationCustomerGrant,
    Message,
    Team,
    Ticket,
)
from supportrecords.scanning import ScannedText, findings_counts
from supportrecords.selectors import (
    RECENT_TURNS,
    customer_get_by_account_id,
    flags_context,
    ticket_recent_messages,
    tickets_recent_context,
)
from supportrecords.services import (
    attachment_prepare,
    attachment_record,
    customer_create,
    message_build_scanned,
    message_split_secrets_redact,
    ticket_create,
)

MAX_BATCH = 500
MAX_BATCH_CHARACTERS = 1_000_000  # message bodies' characters in one batch at most (each is scanned in the request)
_Ingestible = TypeVar("_Ingestible", Customer, Ticket, Attachment)
MAX_EXTERNAL_ID = MAX_EXTERNAL_ID_LENGTH
TOKEN_BYTES = 32


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def integration_create(*, name: str, rate_limit: str = "600/min", actor: Actor = None) -> tuple[Integration, str]:
    """Create an integration and return it with its bearer token, which is stored only as a SHA-256 digest."""
    token = f"cst_{secrets.token_urlsafe(TOKEN_BYTES)}"
    integration = Integration(name=name.strip(), rate_limit=rate_limit, token_sha256=token_digest(token))
    integration.full_clean()
    with transaction.atomic():
        integration.save()
        audit_record(
            actor=actor,
            action="integration.create",
            target_type=targets.INTEGRATION,
            target_id=integration.pk,
            details={"rate_limit": rate_limit},
        )
    return integration, token


def integration_token_rotate(*, integration: Integration, actor: Actor = None) -> str:
    """Replace an integration's token (the old one stops working at once) and return the new one."""
    token = f"cst_{secrets.token_urlsafe(TOKEN_BYTES)}"
    with transaction.atomic():
        Integration.objects.filter(pk=integration.pk).update(token_sha256=token_digest(token))
        integration.token_sha256 = token_digest(token)
        audit_record(
            actor=actor,
            action="integration.rotate_token",
            target_type=targets.INTEGRATION,
            target_id=integration.pk,
        )
    return token


def api_call_reject_record(
    *, integration: Integration | None, actor: Actor, endpoint: str, status: int, ip: str | None
) -> None:
    """Audit an API call that was refused (authentication, validation, throttling, size): ids and status only."""
    audit_record(
        actor=actor,
        action="api.reject",
        target_type=targets.INTEGRATION,
        target_id=integration.pk if integration is not None else "-",
        ip=ip,
        machine_ip=True,
        details={"endpoint": endpoint[:100], "status": status},
    )


@dataclass(frozen=True)
class Ingested:
    pk: int
    external_id: str
    created: bool


def _once_by_external_id(
    model: type[_Ingestible],
    *,
    source: str,
    external_id: str,
    create: Callable[[], _Ingestible],
    lost_race: type[Exception] = IntegrityError,
    fallback: Callable[[], _Ingestible | None] | None = None,
) -> tuple[_Ingestible, bool]:
    """Return the record of (source, external_id), creating it with `create` in a transaction when absent.

    A create that fails with `lost_race` (a concurrent request stored the same external id first) returns the
    winner's row, or what `fallback` finds; with neither, the error propagates. Returns (record, created).
    """
    external_id_validate(external_id)
    existing = model._default_manager.filter(source=source, external_id=external_id).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return create(), True
    except lost_race:
        existing = model._default_manager.filter(source=source, external_id=external_id).first()
        if existing is None and fallback is not None:
            existing = fallback()
        if existing is None:
            raise
        return existing, False


def customer_ingest(
    *,
    source: str,
    external_id: str,
    exchange_account_id: str,
    email: str,
    jurisdiction: str,
    name: str = "",
    phone: str = "",
    actor: Actor = None,
    ip: str | None = None,
) -> tuple[Customer, bool]:
    """Find the customer by external id (or by exchange account id), or create them; (customer, created)."""

    def create() -> Customer:
        customer = customer_create(
            exchange_account_id=exchange_account_id,
            email=email,
            jurisdiction=jurisdiction,
            name=name,
            phone=phone,
            source=source,
            external_id=external_id,
        )
        audit_record(
            actor=actor,
            action="customer.ingest",
            target_type=targets.CUSTOMER,
            target_id=customer.pk,
            customer_id=customer.pk,
            ip=ip,
            details={"source": source},
        )
        return customer

    # Losing the race on the external id, or an exchange account already known from another source, both
    # surface as CustomerAlreadyExists.
    return _once_by_external_id(
        Customer,
        source=source,
        external_id=external_id,
        create=create,
        lost_race=CustomerAlreadyExists,
        fallback=lambda: customer_get_by_account_id(exchange_account_id=exchange_account_id),
    )


def integration_customer_ingest(
    *,
    integration: Integration,
    external_id: str,
    exchange_account_id: str,
    email: str,
    jurisdiction: str,
    name: str = "",
    phone: str = "",
    actor: Actor = None,
    ip: str | None = None,
) -> tuple[IntegrationCustomerGrant, bool]:
    """Put a customer in the integration's scope under its external id; (grant, created).

    A new account creates the customer. An account already known (from another integration, the importer or
    staff) is not revealed: the integration gets a grant of its own to that customer and the same answer as for a
    new one (created, with the grant's id), after the same work (the customer row is built, encrypted and
    refused by the unique account index). See docs/decisions.md. An account this integration registered already
    under another external id raises AccountRegisteredUnderAnotherId.
    """
    existing = _grant_of(integration=integration, external_id=external_id)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            customer = customer_create(
                exchange_account_id=exchange_account_id,
                email=email,
                jurisdiction=jurisdiction,
                name=name,
                phone=phone,
                source=integration.source,
                external_id=external_id,
            )
            grant = _grant_save(integration=integration, customer=customer, external_id=external_id)
            audit_record(
                actor=actor,
                action="customer.ingest",
                target_type=targets.CUSTOMER,
                target_id=customer.pk,
                customer_id=customer.pk,
                ip=ip,
                details={"source": integration.source},
            )
            return grant, True
    except (CustomerAlreadyExists, IntegrityError):
        pass
    existing = _grant_of(integration=integration, external_id=external_id)
    if existing is not None:  # a concurrent request with this external id won
        return existing, False
    known = customer_get_by_account_id(exchange_account_id=exchange_account_id)
    if known is None:
        # The account index was not the conflict: this integration's (source, external id) was, on a customer of
        # another account (one it created under this id, whose grant was revoked since). Granting that customer
        # again would file this account's tickets under another person.
        if Customer.objects.filter(source=integration.source, external_id=external_id).exists():
            raise ExternalIdNamesAnotherAccount("this external id names another account")
        raise CustomerAlreadyExists("a concurrent request created this customer")
    held = IntegrationCustomerGrant.objects.filter(integration=integration, customer=known).first()
    if held is not None:
        if held.external_id == external_id_key(external_id):
            return held, False  # a concurrent request with this external id won after the look above
        # Already in this integration's scope under another of its own ids. Answering with that grant would say
        # "not created" for an external id that was never registered (and tickets sent under it would not find
        # the customer), so the integration is told to use the id it registered.
        raise AccountRegisteredUnderAnotherId("this integration registered the account under another external id")
    try:
        with transaction.atomic():
            grant = _grant_save(
                integration=integration, customer=known, external_id=external_id, origin=GrantOrigin.INGESTED
            )
            _grant_audit(grant=grant, action="customer.grant", actor=actor, ip=ip)
    except IntegrityError:
        existing = _grant_of(integration=integration, external_id=external_id)
        if existing is None:
            raise
        return existing, False
    return grant, True


def _grant_of(*, integration: Integration, external_id: str) -> IntegrationCustomerGrant | None:
    return (
        IntegrationCustomerGrant.objects.select_related("customer")
        .filter(integration=integration, external_id=external_id)
        .first()
    )


def _grant_save(
    *,
    integration: Integration,
    customer: Customer,
    external_id: str,
    origin: str = GrantOrigin.CREATED,
    granted_by: Actor = None,
) -> IntegrationCustomerGrant:
    grant = IntegrationCustomerGrant(
        integration=integration,
        customer=customer,
        external_id=external_id,
        origin=origin,
        granted_by=signed_in(granted_by),
    )
    grant.full_clean(validate_constraints=False)  # the database's unique constraints decide races
    grant.save()
    return grant


def _grant_audit(*, grant: IntegrationCustomerGrant, action: str, actor: Actor, ip: str | None) -> None:
    audit_record(
        actor=actor,
        action=action,
        target_type=targets.INTEGRATION_GRANT,
        target_id=grant.pk,
        customer_id=grant.customer_id,
        ip=ip,
        details={"integration": grant.integration_id, "origin": grant.origin},
    )


def integration_customer_grant(
    *, integration: Integration, customer: Customer, external_id: str, actor: Actor, ip: str | None = None
) -> IntegrationCustomerGrant:
    """Let an integration reference a customer under its own external id (staff, audited)."""
    if IntegrationCustomerGrant.objects.filter(integration=integration, customer=customer).exists():
        raise ValidationError({"customer": _("This integration holds a grant for this customer already.")})
    if IntegrationCustomerGrant.objects.filter(integration=integration, external_id=external_id).exists():
        raise ValidationError({"external_id": _("This integration uses this external id already.")})
    with transaction.atomic():
        grant = _grant_save(
            integration=integration,
            customer=customer,
            external_id=external_id.strip(),
            origin=GrantOrigin.GRANTED,
            granted_by=actor,
        )
        _grant_audit(grant=grant, action="customer.grant", actor=actor, ip=ip)
    return grant


def integration_customer_revoke(*, grant: IntegrationCustomerGrant, actor: Actor, ip: str | None = None) -> None:
    """Take a customer out of an integration's scope (its tickets stay; it can no longer add to them)."""
    with transaction.atomic():
        _grant_audit(grant=grant, action="customer.revoke", actor=actor, ip=ip)
        IntegrationCustomerGrant.objects.filter(pk=grant.pk).delete()


def integration_customer_get(*, integration: Integration, external_id: str) -> Customer | None:
    """The customer the integration names by this external id, if it is in its scope."""
    grant = _grant_of(integration=integration, external_id=external_id)
    return grant.customer if grant is not None else None


def ticket_ingest(
    *,
    source: str,
    external_id: str,
    customer: Customer,
    category: DataCategory,
    channel: str,
    subject: str,
    status: str = "open",
    opened_at: datetime | None = None,
    closed_at: datetime | None = None,
    team: Team | None = None,
    actor: Actor = None,
    ip: str | None = None,
) -> tuple[Ticket, bool]:
    """Find the ticket by external id or create it (subject redacted) in the team's queue; (ticket, created)."""

    def create() -> Ticket:
        ticket = ticket_create(
            customer=customer,
            category=category,
            channel=channel,
            subject=subject,
            status=status,
            opened_at=opened_at,
            closed_at=closed_at,
            source=source,
            external_id=external_id,
            team=team,
        )
        audit_record(
            actor=actor,
            action="ticket.ingest",
            target_type=targets.TICKET,
            target_id=ticket.pk,
            customer_id=customer.pk,
            ip=ip,
            details={"source": source, "findings": findings_counts(ticket.findings)},
        )
        return ticket

    return _once_by_external_id(Ticket, source=source, external_id=external_id, create=create)


@dataclass(frozen=True)
class MessageIn:
    external_id: str
    ticket_external_id: str
    author_kind: str
    body: str
    created_at: datetime | None = None


@dataclass
class BatchResult:
    results: list[Ingested]
    created: int
    existing: int
    reaction: exposure.Reaction | None = None
    secrets_redacted: int = 0
    tickets: dict[str, Ticket] = field(default_factory=dict)


def messages_ingest(
    *,
    source: str,
    items: Sequence[MessageIn],
    actor: Actor = None,
    ip: str | None = None,
    auto_reply: bool = True,
    integration: Integration | None = None,
) -> BatchResult:
    """Create up to MAX_BATCH messages in one transaction, skipping those already ingested; all or nothing.

    Raises IngestRejected (item index -> field errors) when an item names an unknown ticket. With `integration`,
    a ticket whose customer is out of its scope is unknown.
    """
    if len(items) > MAX_BATCH:
        raise ValidationError({"messages": f"At most {MAX_BATCH} messages per batch."})
    with transaction.atomic():
        ticket_ids = {item.ticket_external_id for item in items}
        for item in items:
            external_id_validate(item.external_id)
        found = Ticket.objects.select_related("customer").filter(source=source, external_id__in=ticket_ids)
        if integration is not None:
            found = found.filter(customer__integration_grants__integration=integration)
        stored = {t.external_id: t for t in found}
        tickets = {tid: stored[external_id_key(tid)] for tid in ticket_ids if external_id_key(tid) in stored}
        errors = {
            index: {"ticket_external_id": "No ticket with this external id."}
            for index, item in enumerate(items)
            if item.ticket_external_id not in tickets
        }
        if errors:
            raise IngestRejected(errors)
        present = set(
            Message.objects.filter(source=source, external_id__in=[i.external_id for i in items]).values_list(
                "external_id", flat=True
            )
        )
        built: dict[str, tuple[Message, ScannedText]] = {}
        # Each ticket's conversation so far, read in one query and extended with the batch's own messages in order.
        to_build = [i for i in items if external_id_key(i.external_id) not in present]
        turns = tickets_recent_context(ticket_ids=sorted({tickets[i.ticket_external_id].pk for i in to_build}))
        # Each ticket's recent messages per author kind (read when first needed), extended with the batch's own.
        recent: dict[tuple[int, str], list[Message]] = {}
        for index, item in enumerate(items):
            if item.external_id in built or external_id_key(item.external_id) in present:
                continue  # stored before (a retry), or twice in this batch: stored once
            ticket = tickets[item.ticket_external_id]
            previous = turns[ticket.pk]
            try:
                built[item.external_id] = message_build_scanned(
                    ticket=ticket,
                    author_kind=item.author_kind,
                    body=item.body,
                    created_at=item.created_at,
                    source=source,
                    external_id=item.external_id,
                    previous=previous[-RECENT_TURNS:],
                )
                message, scanned = built[item.external_id]
                key = (ticket.pk, item.author_kind)
                if key not in recent:
                    recent[key] = ticket_recent_messages(ticket=ticket, author_kind=item.author_kind)
                scanned = message_split_secrets_redact(
                    message=message,
                    body=item.body,
                    scanned=scanned,
                    earlier=recent[key],
                    turns=previous[-RECENT_TURNS:],
                )
                built[item.external_id] = (message, scanned)
                recent[key].append(message)
                flags = message.context_flags or ""
                previous.append(flags_context(flags))
            except ValidationError as exc:
                errors[index] = {k: " ".join(v) for k, v in exc.message_dict.items()}
        if errors:
            raise IngestRejected(errors)
        created = _messages_insert(source=source, built=built)
        posted = [
            exposure.Posted(ticket=message.ticket, author_kind=message.author_kind, scanned=scanned, message=message)
            for message, scanned in (built[external_id] for external_id in created)
        ]
        reaction = exposure.texts_react(posted=posted, actor=actor, auto_reply=auto_reply)
        existing_ids = dict(
            Message.objects.filter(source=source, external_id__in=[i.external_id for i in items]).values_list(
                "external_id", "pk"
            )
        )
        results = [
            Ingested(existing_ids[external_id_key(i.external_id)], i.external_id, i.external_id in created)
            for i in items
        ]
        seen: set[str] = set()
        for index, result in enumerate(results):  # a repeat inside the batch is not "created" twice
            if result.external_id in seen:
                results[index] = Ingested(result.pk, result.external_id, False)
            seen.add(result.external_id)
        secrets_redacted = sum(1 for external_id in created if built[external_id][1].has_secret)
        audit_record(
            actor=actor,
            action="message.ingest_batch",
            target_type=targets.MESSAGE,
            target_id=f"{min(existing_ids.values())}-{max(existing_ids.values())}" if existing_ids else "-",
            ip=ip,
            details={
                "source": source,
                "items": len(items),
                "created": len(created),
                "tickets": len(tickets),
                "messages_with_secrets": secrets_redacted,
                "message_ids": sorted(existing_ids.values()),
                "exposed_ticket_ids": reaction.exposed_ticket_ids,
            },
        )
    return BatchResult(
        results=results,
        created=len(created),
        existing=len(items) - len(created),
        reaction=reaction,
        secrets_redacted=secrets_redacted,
        tickets=tickets,
    )


def _messages_insert(*, source: str, built: dict[str, tuple[Message, ScannedText]]) -> set[str]:
    """Insert the messages not stored yet; return the external ids inserted now (a lost race is retried once)."""
    for attempt in range(2):
        present = set(
            Message.objects.filter(source=source, external_id__in=list(built)).values_list("external_id", flat=True)
        )
        new = [message for external_id, (message, _) in built.items() if external_id_key(external_id) not in present]
        if not new:
            return set()
        try:
            with transaction.atomic():
                Message.objects.bulk_create(new)
            return {message.external_id for message in new}
        except IntegrityError:
            if attempt:
                raise
            for message in new:
                message.pk = None
                message._state.adding = True
    return set()


def attachment_ingest(
    *,
    source: str,
    external_id: str,
    message_external_id: str,
    filename: str,
    content: bytes,
    content_type: str,
    actor: Actor = None,
    ip: str | None = None,
    integration: Integration | None = None,
) -> tuple[Attachment, bool]:
    """Store a message's file (its text scanned and redacted first), once per external id.

    The file is scanned and saved before the transaction that records it: a scan of several megabytes takes
    seconds, during which no write lock is held. A retry of a stored external id is answered before scanning.
    """
    external_id_validate(external_id)
    existing = Attachment.objects.filter(source=source, external_id=external_id).first()
    if existing is not None:
        return existing, False
    messages = Message.objects.select_related("ticket__customer").filter(source=source, external_id=message_external_id)
    if integration is not None:
        messages = messages.filter(ticket__customer__integration_grants__integration=integration)
    message = messages.first()
    if message is None:
        raise UnknownReference("message_external_id")
    prepared = attachment_prepare(message=message, filename=filename, content=content, content_type=content_type)

    def create() -> Attachment:
        attachment = attachment_record(prepared=prepared, source=source, external_id=external_id)
        audit_record(
            actor=actor,
            action="attachment.ingest",
            target_type=targets.ATTACHMENT,
            target_id=attachment.pk,
            customer_id=message.ticket.customer_id,
            ip=ip,
            details={
                "source": source,
                "size": attachment.size,
                "text_redacted": attachment.text_redacted,
                "scanned": attachment.detector_version is not None,
            },
        )
        return attachment

    try:
        attachment, created = _once_by_external_id(Attachment, source=source, external_id=external_id, create=create)
    except BaseException:
        prepared.discard()
        raise
    if not created:  # a concurrent request stored the same external id between the first look and now
        prepared.discard()
    return attachment, created
