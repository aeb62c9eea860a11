"""Access requests (GDPR Art. 15): a zipped export of the customer's records, JSON and readable HTML.

The zip holds `records.json`, `records.html` and the attachments; it is encrypted under the request's own data key
and stored through Django's storage; its link works for CUSTOS_PRIVACY_EXPORT_DAYS, and every download is audited.
Records under a suspicious-activity hold are left out, and so is any trace of the hold (tipping-off).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from audit import targets
from audit.selectors import customer_accesses_disclosable
from audit.services import audit_record
from audit.types import Actor
from deletion.models import legal_basis_label
from encryption.envelope import value_decrypt, value_encrypt
from encryption.exceptions import EncryptionError
from privacy import selectors
from privacy.exceptions import (
    ExportErased,
    InvalidTransition,
    NotComplianceOfficer,
    NotPrivacyOfficer,
    ReasonRequired,
    TokenExpired,
    TokenInvalid,
)
from privacy.lifecycle import event_record, privacy_request_complete, progress_mark
from privacy.models import (
    AccessExport,
    ExportWithholding,
    PrivacyEventKind,
    PrivacyRequest,
    PrivacyRequestKind,
    PrivacyRequestStatus,
    Processor,
    SupplementaryStatement,
)
from privacy.tokens import EXPORT_SALT, token_read
from supportrecords import roles
from supportrecords.models import Customer, category_label
from supportrecords.services import attachment_content

MAX_REASON_LENGTH = 500
# What a staff access means, in the customer's words; any other action is "looked at your records".
ACCESS_ACTION_LABELS = {
    "ticket.view_content": _("opened a conversation"),
    "message.reveal": _("revealed personal data in a message"),
    "customer.reveal": _("revealed your contact details"),
    "attachment.download": _("downloaded an attachment"),
    "message.create": _("replied to you"),
    "ticket.assign": _("assigned your ticket"),
    "ticket.set_team": _("moved your ticket to a team"),
    "ticket.set_status": _("changed your ticket's status"),
    "privacy_request.view": _("reviewed your privacy request"),
}
# The roles an export names. Never the compliance officer: the customer would learn that AML staff looked at their
# records (tipping-off); a compliance officer is shown as "staff".
ROLE_LABELS = {
    roles.AGENT: _("support agent"),
    roles.SUPERVISOR: _("support supervisor"),
    roles.PRIVACY_OFFICER: _("privacy officer"),
    roles.AUDITOR: _("auditor"),
}
CLOCK_LABELS = {
    "relationship_ended": _("from the end of the customer relationship"),
    "ticket_closed": _("from the ticket's closing"),
}
# A file name in the zip keeps its letters in any script (a Chinese name stays Chinese, stored as UTF-8 with the
# zip's UTF-8 flag): only separators, control characters and anything not a letter, digit, ".", "-", "_" or a
# space become "_", so no name climbs out of attachments/ ("..", "/", "\\", a drive letter's ":").
_UNSAFE_NAME = re.compile(r"[^\w. -]+")


def export_file_name(filename: str) -> str:
    """An attachment's name as stored in the export zip: readable in any script, never a path."""
    name = _UNSAFE_NAME.sub("_", unicodedata.normalize("NFC", filename or ""))
    name = re.sub(r"\.{2,}", ".", name).strip(" .")[:80].strip(" .")
    return name or "file"


def _context(storage_name: str) -> str:
    return f"deletion.accessexport|{storage_name}"


def _role_labels() -> dict[int, tuple[str, str]]:
    """Each staff user's roles: (role names, as stored), (the same in the current language)."""
    labels: dict[int, tuple[str, str]] = {}
    users: Any = get_user_model().objects.prefetch_related("groups")
    for user in users:
        names = sorted(g.name for g in user.groups.all() if g.name in ROLE_LABELS)
        fallback = "administrator" if getattr(user, "is_superuser", False) else "staff"
        label = ", ".join(str(ROLE_LABELS[n]) for n in names) or str(
            _("administrator") if fallback == "administrator" else _("staff")
        )
        labels[user.pk] = (", ".join(names) or fallback, label)
    return labels


def _retention(rule: dict[str, Any] | None) -> dict[str, Any] | None:
    if rule is None:
        return None
    days = int(rule["retention_days"])
    return {
        **rule,
        "clock_label": str(CLOCK_LABELS.get(rule["clock"], rule["clock"])),
        "period_label": ngettext("%(days)d day", "%(days)d days", days) % {"days": days},
        "legal_basis_label": legal_basis_label(rule["legal_basis"]),
    }


def access_export_data(*, request: PrivacyRequest, now: datetime | None = None) -> dict[str, Any]:
    """The customer's records as JSON-ready data, with retention, recipients and staff accesses (Art. 15)."""
    now = now or timezone.now()
    customer = Customer.objects.filter(pk=request.customer_id).first()
    erasures = [
        {
            "request": str(erasure.uid),
            "completed_at": erasure.completed_at.isoformat() if erasure.completed_at else None,
            "completed_on": date_format(erasure.completed_at, "DATE_FORMAT") if erasure.completed_at else "",
        }
        for erasure in selectors.erasures_completed(customer_id=request.customer_id, before=request)
    ]
    if customer is None:
        return {
            "generated_at": now.isoformat(),
            "generated_on": date_format(now, "DATE_FORMAT"),
            "customer": None,
            "erasures": erasures,
            "categories": [],
            "tickets": [],
            "accesses": [],
        }
    withholdings = list(request.withholdings.select_related("ticket__category").order_by("ticket_id"))
    withheld_ids = {w.ticket_id for w in withholdings}
    tickets = list(
        selectors.tickets_disclosable(customer_id=customer.pk, now=now)
        .exclude(pk__in=withheld_ids)
        .prefetch_related("messages__attachments")
        .order_by("opened_at", "pk")
    )
    ticket_ids = {t.pk for t in tickets}
    statements: dict[int, list[dict[str, str]]] = {}
    for statement in SupplementaryStatement.objects.filter(ticket_id__in=ticket_ids).order_by("added_at"):
        statements.setdefault(statement.ticket_id, []).append(
            {
                "added_at": statement.added_at.isoformat(),
                "added_on": date_format(statement.added_at, "DATE_FORMAT"),
                "text": statement.text or "",
            }
        )
    rules = selectors.retention_rules_snapshot(now=now)
    recipients = [str(_("customer support staff of the exchange"))] + [
        p.name for p in Processor.objects.filter(active=True).order_by("name")
    ]
    categories: dict[str, dict[str, Any]] = {}
    files: list[dict[str, Any]] = []
    ticket_rows = []
    for ticket in tickets:
        slug = ticket.category.slug
        if slug not in categories:
            categories[slug] = {
                "category": slug,
                "name": category_label(slug=slug, name=ticket.category.name),
                "retention": _retention(
                    selectors.retention_description_for(category=slug, jurisdiction=customer.jurisdiction, rules=rules)
                ),
                "recipients": recipients,
            }
        messages = []
        for message in ticket.messages.all():
            attachments = []
            for attachment in message.attachments.all():
                name = f"attachments/{attachment.pk}-{export_file_name(attachment.filename)}"
                attachments.append(
                    {
                        "file": name,
                        "filename": attachment.filename,
                        "size": attachment.size,
                        "content_type": attachment.content_type,
                    }
                )
                files.append({"name": name, "attachment": attachment})
            messages.append(
                {
                    "time": message.created_at.isoformat(),
                    "author": message.author_kind,
                    "author_label": str(message.get_author_kind_display()),
                    "time_label": date_format(message.created_at, "DATETIME_FORMAT"),
                    "body": message.body,
                    "attachments": attachments,
                }
            )
        ticket_rows.append(
            {
                "id": ticket.pk,
                "category": slug,
                "channel": ticket.channel,
                "channel_label": str(ticket.get_channel_display()),
                "status": ticket.status,
                "status_label": str(ticket.get_status_display()),
                "category_label": category_label(slug=slug, name=ticket.category.name),
                "opened_on": date_format(ticket.opened_at, "DATE_FORMAT"),
                "subject": ticket.subject,
                "opened_at": ticket.opened_at.isoformat(),
                "closed_at": ticket.closed_at.isoformat() if ticket.closed_at else None,
                "messages": messages,
                "supplementary_statements": statements.get(ticket.pk, []),
            }
        )
    _customer_held, held = selectors.suspicious_activity_held(customer_id=customer.pk, now=now)
    # Withheld for tipping-off: no trace at all. Withheld for another reason: listed, with the reason.
    held |= {w.ticket_id for w in withholdings if w.tipping_off}
    withheld = [
        {
            "id": w.ticket_id,
            "category": w.ticket.category.slug,
            "category_label": category_label(slug=w.ticket.category.slug, name=w.ticket.category.name),
            "reason": w.reason,
        }
        for w in withholdings
        if not w.tipping_off
    ]
    labels = _role_labels()
    accesses = [
        {
            "role": labels.get(event.actor_id, ("staff", ""))[0],
            "role_label": labels.get(event.actor_id, ("", str(_("staff"))))[1],
            "date": event.at.date().isoformat(),
            "date_label": date_format(event.at, "DATE_FORMAT"),
            "action": event.action,
            "action_label": str(ACCESS_ACTION_LABELS.get(event.action, _("looked at your records"))),
        }
        for event in customer_accesses_disclosable(customer_id=customer.pk)
        if not (event.target_type == targets.TICKET and event.target_id.isdigit() and int(event.target_id) in held)
    ]
    return {
        "generated_at": now.isoformat(),
        "generated_on": date_format(now, "DATE_FORMAT"),
        "request": str(request.uid),
        "customer": {
            "exchange_account_id": customer.exchange_account_id,
            "email": customer.email,
            "name": customer.name,
            "phone": customer.phone,
            "jurisdiction": customer.jurisdiction,
            "jurisdiction_label": str(customer.get_jurisdiction_display()),
            "created_at": customer.created_at.isoformat(),
        },
        "erasures": erasures,
        "categories": sorted(categories.values(), key=lambda c: c["name"]),
        "tickets": ticket_rows,
        "withheld": withheld,
        "accesses": accesses,
        "_files": files,
    }


def _zip(*, data: dict[str, Any], language: str) -> bytes:
    files = data.pop("_files", [])
    with translation.override(language):
        html = render_to_string("privacy/access_export.html", {"data": data, "has_files": bool(files)})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("records.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr("records.html", html)
        for item in files:
            try:
                content = attachment_content(attachment=item["attachment"])
            except (EncryptionError, OSError):
                content = b""
            archive.writestr(item["name"], content)
    return buffer.getvalue()


def access_export_build(*, request_id: int) -> str:
    """Build the export of an approved access request and complete it; a second run finds it built."""
    with transaction.atomic():
        request = PrivacyRequest.objects.select_for_update().get(pk=request_id)
        if request.kind != PrivacyRequestKind.ACCESS:
            raise InvalidTransition(f"privacy request {request.pk} is not an access request")
        if request.status not in (PrivacyRequestStatus.APPROVED, PrivacyRequestStatus.EXECUTING):
            return request.status
        request.attempts += 1
        progress_mark(request, status=PrivacyRequestStatus.EXECUTING)
    if AccessExport.objects.filter(request_id=request_id).exists():
        return _complete(request_id)
    with translation.override(request.language):  # labels and dates in the customer's language
        data = access_export_data(request=request)
    content = _zip(data=data, language=request.language)
    storage_name = f"exports/{uuid.uuid4().hex}"
    ciphertext = value_encrypt(data_key_id=request.data_key_id, context=_context(storage_name), plaintext=content)
    saved = default_storage.save(storage_name, ContentFile(ciphertext))
    try:
        with transaction.atomic():
            locked = PrivacyRequest.objects.select_for_update().get(pk=request_id)
            if AccessExport.objects.filter(request_id=request_id).exists():
                raise FileExistsError  # built by a concurrent run: drop ours
            now = timezone.now()
            AccessExport.objects.create(
                request=locked,
                storage_name=saved,
                size=len(content),
                ciphertext_sha256=hashlib.sha256(ciphertext).hexdigest(),
                expires_at=now + timedelta(days=int(settings.CUSTOS_PRIVACY_EXPORT_DAYS)),
            )
            event_record(request=locked, kind=PrivacyEventKind.EXPORT_READY)
            audit_record(
                actor=None,
                action="privacy_request.export",
                target_type=targets.PRIVACY_REQUEST,
                target_id=locked.pk,
                customer_id=locked.customer_id,
                details={"size": len(content)},
            )
            privacy_request_complete(request=locked)
            return locked.status
    except BaseException:
        default_storage.delete(saved)
        if AccessExport.objects.filter(request_id=request_id).exists():
            return _complete(request_id)
        raise


def _complete(request_id: int) -> str:
    with transaction.atomic():
        request = PrivacyRequest.objects.select_for_update().get(pk=request_id)
        if request.status == PrivacyRequestStatus.EXECUTING:
            privacy_request_complete(request=request)
        return request.status


def access_export_download(*, token: str, ip: str | None = None) -> tuple[str, bytes]:
    """The decrypted zip of an export link, audited; expired, deleted or forged links raise."""
    value = token_read(token=token, salt=EXPORT_SALT, max_age=timedelta(days=int(settings.CUSTOS_PRIVACY_EXPORT_DAYS)))
    uid = value.get("e")
    if not isinstance(uid, str):
        raise TokenInvalid("token lacks its export")
    try:
        export = AccessExport.objects.select_related("request").filter(uid=uuid.UUID(uid)).first()
    except ValueError:
        export = None
    if export is None:
        raise TokenInvalid("token names no export")
    if export.deleted_at is not None and selectors.erasures_completed(customer_id=export.request.customer_id):
        raise ExportErased(f"export {export.pk} was deleted by an erasure")
    if export.deleted_at is not None or export.expires_at <= timezone.now():
        raise TokenExpired(f"export {export.pk} has expired")
    with default_storage.open(export.storage_name, "rb") as handle:
        ciphertext = handle.read()
    if hashlib.sha256(ciphertext).hexdigest() != export.ciphertext_sha256:
        raise TokenExpired(f"export {export.pk} is damaged")
    content = value_decrypt(
        data_key_id=export.request.data_key_id, context=_context(export.storage_name), blob=ciphertext
    )
    with transaction.atomic():
        AccessExport.objects.filter(pk=export.pk).update(downloads=export.downloads + 1)
        audit_record(
            actor=None,
            action="privacy_request.export_download",
            target_type=targets.ACCESS_EXPORT,
            target_id=export.pk,
            customer_id=export.request.customer_id,
            ip=ip,
            details={"request_id": export.request_id},
        )
    return f"custos-records-{export.created_at:%Y-%m-%d}.zip", content


def access_export_delete(*, request_id: int) -> bool:
    """Delete an export's file (expired, minimised, or its customer erased); idempotent."""
    export = AccessExport.objects.filter(request_id=request_id, deleted_at__isnull=True).first()
    if export is None:
        return False
    default_storage.delete(export.storage_name)
    AccessExport.objects.filter(pk=export.pk).update(deleted_at=timezone.now())
    return True


def access_exports_expire(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    request_ids = list(
        AccessExport.objects.filter(deleted_at__isnull=True, expires_at__lte=now).values_list("request_id", flat=True)
    )
    return sum(int(access_export_delete(request_id=request_id)) for request_id in request_ids)


@dataclass(frozen=True)
class ExportItem:
    """One ticket of an access export as staff preview it: metadata only, and whether it is withheld."""

    ticket_id: int
    category: str
    category_label: str
    opened_at: datetime
    messages: int
    attachments: int
    suspicious_activity: bool
    withholding: ExportWithholding | None


def access_export_preview(*, request: PrivacyRequest, now: datetime | None = None) -> list[ExportItem]:
    """What the export of an access request would hold, before release: metadata, never content."""
    now = now or timezone.now()
    withholdings = {w.ticket_id: w for w in request.withholdings.select_related("decided_by")}
    tickets = (
        selectors.tickets_disclosable(customer_id=request.customer_id, now=now)
        .annotate(
            message_count=Count("messages", distinct=True),
            attachment_count=Count("messages__attachments", distinct=True),
        )
        .order_by("opened_at", "pk")
    )
    return [
        ExportItem(
            ticket_id=t.pk,
            category=t.category.slug,
            category_label=category_label(slug=t.category.slug, name=t.category.name),
            opened_at=t.opened_at,
            messages=t.message_count,
            attachments=t.attachment_count,
            suspicious_activity=t.category.slug == selectors.SUSPICIOUS_ACTIVITY_CATEGORY,
            withholding=withholdings.get(t.pk),
        )
        for t in tickets
    ]


def access_export_item_withhold(
    *, request_id: int, actor: Actor, ticket_id: int, reason: str, tipping_off: bool = False, ip: str | None = None
) -> ExportWithholding:
    """Leave one ticket out of an access export before release, with a reason, audited.

    Privacy officers withhold (third parties' data, trade secrets); a tipping-off withholding, which leaves no trace
    in the export, is a compliance officer's decision."""
    is_officer = roles.is_privacy_officer(actor)
    is_compliance = roles.gives_compliance_decision(actor)
    if tipping_off and not is_compliance:
        raise NotComplianceOfficer("only a compliance officer withholds for tipping-off")
    if not (is_officer or is_compliance):
        raise NotPrivacyOfficer("only a privacy or compliance officer withholds export items")
    reason = " ".join(reason.split())[:MAX_REASON_LENGTH]
    if not reason:
        raise ReasonRequired("a withheld item needs a reason")
    with transaction.atomic():
        request = PrivacyRequest.objects.select_for_update().get(pk=request_id)
        if request.kind != PrivacyRequestKind.ACCESS or request.status not in (
            PrivacyRequestStatus.PENDING_REVIEW,
            PrivacyRequestStatus.AWAITING_SECOND_APPROVAL,
        ):
            raise InvalidTransition(f"privacy request {request.pk} is not an access request in review")
        ticket = selectors.tickets_disclosable(customer_id=request.customer_id, now=timezone.now()).get(pk=ticket_id)
        withholding, _created = ExportWithholding.objects.update_or_create(
            request=request,
            ticket=ticket,
            defaults={"reason": reason, "tipping_off": tipping_off, "decided_by": actor, "decided_at": timezone.now()},
        )
        audit_record(
            actor=actor,
            action="privacy_request.export_withhold",
            target_type=targets.PRIVACY_REQUEST,
            target_id=request.pk,
            customer_id=request.customer_id,
            ip=ip,
            details={"ticket_id": ticket.pk, "tipping_off": tipping_off},
        )
    return withholding
