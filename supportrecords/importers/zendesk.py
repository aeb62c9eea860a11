"""Import Zendesk exports: redacted, encrypted and idempotent, one transaction per ticket, never stopping at a bad one.

Accepted inputs (detected per file, then per line):

* a Tickets API document: `{"tickets": [...], "users": [...]}` (users sideloaded with `include=users`), each
  ticket optionally embedding `"comments": [...]` as the Ticket Comments API returns them; also a single
  `{"ticket": {...}, "comments": [...], "users": [...]}`;
* JSON lines from the incremental exports: one ticket object per line, or one export page per line
  (`{"tickets": [...], "users": [...]}` or `{"ticket_events": [...]}`), user objects on their own lines, and
  ticket events whose `child_events` of type `Comment` carry comments (`include=comment_events`).

Records are keyed in Custos by source `zendesk` (or `--source`) and the Zendesk id: users as customers, tickets,
comments as messages. A rerun creates nothing twice. Comment attachments are not downloaded (counted only).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import strip_tags

from supportrecords.exceptions import CustomerAlreadyExists, IngestRejected
from supportrecords.external_ids import external_id_key
from supportrecords.ingest import MAX_BATCH, MessageIn, customer_ingest, messages_ingest, ticket_ingest
from supportrecords.models import AuthorKind, Channel, Customer, DataCategory, Ticket, TicketStatus
from supportrecords.selectors import customer_find_by_email
from supportrecords.services import MAX_BODY_LENGTH, MAX_SUBJECT_LENGTH

STATUS = {
    "new": TicketStatus.OPEN,
    "open": TicketStatus.OPEN,
    "pending": TicketStatus.PENDING,
    "hold": TicketStatus.PENDING,
    "solved": TicketStatus.SOLVED,
    "closed": TicketStatus.CLOSED,
}
CHANNEL = {
    "email": Channel.EMAIL,
    "web": Channel.WEB,
    "web_form": Channel.WEB,
    "web_widget": Channel.WEB,
    "api": Channel.WEB,
    "mobile_sdk": Channel.CHAT,
    "chat": Channel.CHAT,
    "native_messaging": Channel.CHAT,
    "messaging": Channel.CHAT,
    "voice": Channel.PHONE,
    "phone": Channel.PHONE,
    "sms": Channel.PHONE,
    "twitter": Channel.SOCIAL,
    "facebook": Channel.SOCIAL,
    "instagram_dm": Channel.SOCIAL,
    "whatsapp": Channel.SOCIAL,
    "line": Channel.SOCIAL,
    "wechat": Channel.SOCIAL,
}


class Rejected(Exception):
    """One ticket, comment or line that cannot be imported; the message names ids and fields, never content."""


@dataclass
class ImportReport:
    customers_created: int = 0
    tickets_created: int = 0
    tickets_existing: int = 0
    messages_created: int = 0
    messages_existing: int = 0
    messages_with_secrets: int = 0
    attachments_not_downloaded: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)

    def reject(self, where: str, reason: str) -> None:
        self.rejected.append((where, reason))


@dataclass
class ZendeskImporter:
    category: DataCategory
    jurisdiction: str = "other"
    source: str = "zendesk"
    account_field: str | None = None  # a user_fields key or a ticket custom field id holding the account id
    report: ImportReport = field(default_factory=ImportReport)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)

    # ----- reading -----

    def run(self, stream: IO[str]) -> ImportReport:
        text = stream.read()
        stripped = text.lstrip()
        if stripped.startswith("{"):
            try:
                document = json.loads(text)
            except json.JSONDecodeError:
                document = None  # several objects: JSON lines
            if isinstance(document, dict):
                self._object(document, "document")
                return self.report
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            where = f"line {number}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                self.report.reject(where, f"invalid JSON at column {exc.colno}")
                continue
            if not isinstance(obj, dict):
                self.report.reject(where, "not a JSON object")
                continue
            self._object(obj, where)
        return self.report

    def _object(self, obj: dict[str, Any], where: str) -> None:
        for user in _list(obj.get("users")):
            self._user(user)
        if isinstance(obj.get("ticket"), dict):
            ticket = dict(obj["ticket"])
            if "comments" in obj:
                ticket["comments"] = obj["comments"]
            self._ticket_safe(ticket, where)
        for index, ticket in enumerate(_list(obj.get("tickets"))):
            self._ticket_safe(ticket, f"{where} tickets[{index}]")
        for index, event in enumerate(_list(obj.get("ticket_events"))):
            self._event_safe(event, f"{where} ticket_events[{index}]")
        if "ticket_id" in obj and "child_events" in obj:
            self._event_safe(obj, where)
        elif "id" in obj and ("requester_id" in obj or "subject" in obj or "raw_subject" in obj):
            self._ticket_safe(obj, where)
        elif "id" in obj and "email" in obj and not any(k in obj for k in ("tickets", "ticket", "ticket_events")):
            self._user(obj)
        elif not any(k in obj for k in ("users", "tickets", "ticket", "ticket_events")):
            self.report.reject(where, "not a Zendesk ticket, user, ticket event or export page")

    def _user(self, user: Any) -> None:
        if isinstance(user, dict) and user.get("id") is not None:
            self.users[str(user["id"])] = user

    # ----- tickets -----

    def _ticket_safe(self, ticket: Any, where: str) -> None:
        if not isinstance(ticket, dict):
            self.report.reject(where, "a ticket must be a JSON object")
            return
        ident = ticket.get("id")
        label = f"{where} ticket {ident}" if ident is not None else where
        try:
            with transaction.atomic():
                self._ticket(ticket, label)
        except Rejected as exc:
            self.report.reject(label, str(exc))
        except ValidationError as exc:
            self.report.reject(label, f"invalid {', '.join(sorted(_fields(exc)))}")

    def _ticket(self, ticket: dict[str, Any], label: str) -> None:
        ident = ticket.get("id")
        if not isinstance(ident, int | str) or isinstance(ident, bool) or not str(ident).strip():
            raise Rejected("missing ticket id")
        status = STATUS.get(str(ticket.get("status") or "open"))
        if status is None:
            raise Rejected(f"unsupported status {str(ticket.get('status'))[:20]!r}")
        requester_id = ticket.get("requester_id")
        if requester_id is None:
            raise Rejected("missing requester_id")
        customer = self._customer(str(requester_id), ticket)
        via: dict[str, Any] = ticket["via"] if isinstance(ticket.get("via"), dict) else {}
        subject = ticket.get("subject") or ticket.get("raw_subject") or ""
        if not isinstance(subject, str):
            raise Rejected("subject is not text")
        opened_at = _when(ticket.get("created_at"))
        closed_at = (_when(ticket.get("updated_at")) or timezone.now()) if status == TicketStatus.CLOSED else None
        stored, created = ticket_ingest(
            source=self.source,
            external_id=str(ident),
            customer=customer,
            category=self.category,
            channel=CHANNEL.get(str(via.get("channel") or ""), Channel.WEB),
            subject=subject[:MAX_SUBJECT_LENGTH],
            status=status,
            opened_at=opened_at,
            closed_at=closed_at,
        )
        if created:
            self.report.tickets_created += 1
        else:
            self.report.tickets_existing += 1
        comments = ticket.get("comments")
        if isinstance(comments, dict):  # a Ticket Comments API response embedded as is
            comments = comments.get("comments")
        items: list[MessageIn] = []
        if isinstance(comments, list) and comments:
            for comment in comments:
                item = self._comment(comment, stored, str(requester_id), label)
                if item is not None:
                    items.append(item)
        elif isinstance(ticket.get("description"), str) and ticket["description"].strip():
            items.append(
                MessageIn(
                    external_id=f"{ident}:description",
                    ticket_external_id=str(ident),
                    author_kind=AuthorKind.CUSTOMER,
                    body=ticket["description"][:MAX_BODY_LENGTH],
                    created_at=opened_at,
                )
            )
        self._messages(items, label)

    def _customer(self, requester_id: str, ticket: dict[str, Any]) -> Customer:
        existing = Customer.objects.filter(source=self.source, external_id=requester_id).first()
        if existing is not None:
            return existing
        user = self.users.get(requester_id)
        if user is None:
            raise Rejected(f"requester {requester_id} unknown: export with users sideloaded (include=users)")
        email = user.get("email") if isinstance(user.get("email"), str) else ""
        account_id = self._account_id(user, ticket)
        if not account_id:
            matches = list(customer_find_by_email(email=email)[:2]) if email else []
            if len(matches) == 1:
                return matches[0]
            raise Rejected(f"requester {requester_id} has no exchange account id (user external_id or --account-field)")
        try:
            customer, created = customer_ingest(
                source=self.source,
                external_id=requester_id,
                exchange_account_id=account_id,
                email=email or "",
                jurisdiction=self.jurisdiction,
                name=str(user.get("name") or "")[:200],
                phone=str(user.get("phone") or ""),
            )
        except CustomerAlreadyExists:
            raise Rejected(f"requester {requester_id}: customer conflict") from None
        except ValidationError as exc:
            raise Rejected(f"requester {requester_id}: invalid {', '.join(sorted(_fields(exc)))}") from None
        self.report.customers_created += created
        return customer

    def _account_id(self, user: dict[str, Any], ticket: dict[str, Any]) -> str:
        if self.account_field:
            user_fields: dict[str, Any] = user["user_fields"] if isinstance(user.get("user_fields"), dict) else {}
            value = user_fields.get(self.account_field)
            if value:
                return str(value).strip()
            for custom in _list(ticket.get("custom_fields")):
                if isinstance(custom, dict) and str(custom.get("id")) == self.account_field and custom.get("value"):
                    return str(custom["value"]).strip()
        return str(user.get("external_id") or "").strip()

    # ----- comments -----

    def _comment(self, comment: Any, ticket: Ticket, requester_id: str, label: str) -> MessageIn | None:
        if not isinstance(comment, dict) or comment.get("id") is None:
            self.report.reject(label, "a comment without an id")
            return None
        where = f"{label} comment {comment['id']}"
        body = _comment_body(comment)
        self.report.attachments_not_downloaded += len(_list(comment.get("attachments")))
        if body is None or not body.strip():
            self.report.reject(where, "empty comment body")
            return None
        if len(body) > MAX_BODY_LENGTH:
            self.report.reject(where, f"comment longer than {MAX_BODY_LENGTH} characters")
            return None
        is_requester = external_id_key(str(comment.get("author_id"))) == external_id_key(requester_id)
        author_kind = AuthorKind.CUSTOMER if is_requester else AuthorKind.AGENT
        return MessageIn(
            external_id=str(comment["id"]),
            ticket_external_id=ticket.external_id,
            author_kind=author_kind,
            body=body,
            created_at=_when(comment.get("created_at")),
        )

    def _messages(self, items: list[MessageIn], label: str) -> None:
        for start in range(0, len(items), MAX_BATCH):
            try:
                result = messages_ingest(source=self.source, items=items[start : start + MAX_BATCH])
            except IngestRejected as exc:
                raise Rejected(f"{len(exc.errors)} comment(s) invalid") from None
            self.report.messages_created += result.created
            self.report.messages_existing += result.existing
            self.report.messages_with_secrets += result.secrets_redacted

    # ----- ticket events (incremental export with comment events) -----

    def _event_safe(self, event: Any, where: str) -> None:
        if not isinstance(event, dict):
            self.report.reject(where, "a ticket event must be a JSON object")
            return
        ticket_id = event.get("ticket_id")
        label = f"{where} ticket {ticket_id}"
        ticket = Ticket.objects.filter(source=self.source, external_id=str(ticket_id)).first()
        comments = [
            c for c in _list(event.get("child_events")) if isinstance(c, dict) and c.get("event_type") == "Comment"
        ]
        if not comments:
            return  # field changes and other events carry no content to keep
        if ticket is None:
            self.report.reject(label, "comment event for a ticket not imported yet (import the tickets first)")
            return
        requester_id = str(ticket.customer.external_id) if ticket.customer.source == self.source else ""
        items = []
        for comment in comments:
            comment = {**comment, "created_at": comment.get("created_at") or event.get("created_at")}
            comment.setdefault("author_id", event.get("updater_id"))
            item = self._comment(comment, ticket, requester_id, label)
            if item is not None:
                items.append(item)
        try:
            with transaction.atomic():
                self._messages(items, label)
        except Rejected as exc:
            self.report.reject(label, str(exc))


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _fields(exc: ValidationError) -> list[str]:
    return list(exc.message_dict) if hasattr(exc, "error_dict") else ["value"]


def _comment_body(comment: dict[str, Any]) -> str | None:
    for key in ("plain_body", "body"):
        if isinstance(comment.get(key), str) and comment[key].strip():
            return str(comment[key])
    if isinstance(comment.get("html_body"), str):
        return strip_tags(comment["html_body"])
    return None


def _when(value: Any) -> datetime | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=UTC)
    if not isinstance(value, str):
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        return None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def zendesk_import(
    *,
    stream: IO[str],
    category: DataCategory,
    jurisdiction: str = "other",
    source: str = "zendesk",
    account_field: str | None = None,
) -> ImportReport:
    """Import one Zendesk export file (any of the accepted shapes)."""
    importer = ZendeskImporter(category=category, jurisdiction=jurisdiction, source=source, account_field=account_field)
    return importer.run(stream)


def iter_rejections(report: ImportReport) -> Iterator[str]:
    for where, reason in report.rejected:
        yield f"{where}: {reason}"
