"""The lifecycle of a privacy request shared by the services and the executors (erasure, access export,
processors): the timeline, progress, completion and forgetting the customer's contact details.

It sits below the executors and above the base modules, so that an executor finishing a request never imports the
services (which start the executors): no import cycle.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from audit import targets
from audit.services import audit_record
from audit.types import Actor, signed_in
from encryption.services import data_keys_destroy
from privacy import certificates, dispatch
from privacy.models import (
    PrivacyEventKind,
    PrivacyRequest,
    PrivacyRequestEvent,
    PrivacyRequestKind,
    PrivacyRequestStatus,
)

# What the customer typed, encrypted under the request's own key: cleared when the contact details are forgotten.
ENCRYPTED_FIELDS = (
    "exchange_account_id",
    "email",
    "rectification_wrong",
    "rectification_correct",
    "rejection_reason",
    "extension_reason",
)


def event_record(
    *, request: PrivacyRequest, kind: str, actor: Actor = None, details: dict[str, Any] | None = None
) -> PrivacyRequestEvent:
    """Add a step to the request's timeline (the customer's status page shows it)."""
    return PrivacyRequestEvent.objects.create(request=request, kind=kind, actor=signed_in(actor), details=details or {})


def request_audit(*, request: PrivacyRequest, action: str, actor: Actor, ip: str | None = None, **details: Any) -> None:
    """Audit a step of a request as `privacy_request.<action>`, with the request's kind."""
    audit_record(
        actor=actor,
        action=f"privacy_request.{action}",
        target_type=targets.PRIVACY_REQUEST,
        target_id=request.pk,
        customer_id=request.customer_id,
        ip=ip,
        details={"kind": request.kind, **details},
    )


def request_locked(request_id: int) -> PrivacyRequest:
    """The request, locked for update until the caller's transaction ends."""
    return PrivacyRequest.objects.select_for_update().get(pk=request_id)


def progress_mark(request: PrivacyRequest, *, status: str | None = None) -> None:
    """Record progress on a locked request (it is no longer stuck), moving it to `status` if given."""
    now = timezone.now()
    request.progress_at = now
    request.stuck_since = None
    if status is not None and request.status != status:
        if status == PrivacyRequestStatus.EXECUTING and request.started_at is None:
            request.started_at = now
            event_record(request=request, kind=PrivacyEventKind.STARTED)
        request.status = status
    request.save()


def privacy_request_complete(*, request: PrivacyRequest, actor: Actor = None) -> None:
    """Mark a locked request completed; an erasure gets its certificate. The caller holds the row lock."""
    now = timezone.now()
    request.status = PrivacyRequestStatus.COMPLETED
    request.completed_at = now
    request.closed_at = now
    request.progress_at = now
    request.stuck_since = None
    if request.kind == PrivacyRequestKind.ERASURE:
        certificates.certificate_issue(request=request)
    request.save()
    event_record(request=request, kind=PrivacyEventKind.COMPLETED, actor=actor)
    request_audit(request=request, action="complete", actor=actor)
    dispatch.request_email_enqueue(request_id=request.pk, kind="completed")


def privacy_request_contact_forget(*, request_id: int, reason: str) -> bool:
    """Destroy the request's own data key and clear what the customer typed; ids, dates and outcome stay."""
    with transaction.atomic():
        request = request_locked(request_id)
        if request.contact_forgotten_at is not None:
            return False
        for name in ENCRYPTED_FIELDS:
            setattr(request, f"{name}_ciphertext", None)
        request.verification_digest = ""
        request.contact_forgotten_at = timezone.now()
        request.save()
        data_keys_destroy(data_key_ids=[request.data_key_id], reason=f"privacy request {request.pk}: {reason}"[:200])
        request_audit(request=request, action="forget_contact", actor=None, reason=reason[:50])
    return True
