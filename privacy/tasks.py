"""Celery tasks of privacy requests: thin, id-only, idempotent, retried with backoff."""

from __future__ import annotations

import logging

from celery import Task, shared_task
from django.db import DatabaseError

from privacy import dispatch

logger = logging.getLogger(__name__)

EXECUTE_MAX_RETRIES = 8
EMAIL_MAX_RETRIES = 8


@shared_task(
    name=dispatch.EXECUTE,
    bind=True,
    acks_late=True,
    ignore_result=True,
    max_retries=EXECUTE_MAX_RETRIES,
)
def privacy_request_execute_task(self: Task, request_id: int) -> str:  # type: ignore[type-arg]  # celery-types: generic Task
    """Execute an approved erasure or access request (resuming where a previous attempt stopped)."""
    from deletion.exceptions import LedgerError
    from privacy.access import access_export_build
    from privacy.erasure import ErasureIncomplete, privacy_erasure_execute
    from privacy.models import PrivacyRequest, PrivacyRequestKind

    kind = PrivacyRequest.objects.filter(pk=request_id).values_list("kind", flat=True).first()
    try:
        if kind == PrivacyRequestKind.ERASURE:
            return privacy_erasure_execute(request_id=request_id)
        if kind == PrivacyRequestKind.ACCESS:
            return access_export_build(request_id=request_id)
    except (DatabaseError, LedgerError, ErasureIncomplete, OSError) as exc:
        logger.warning("privacy request %s: attempt failed (%s); retrying", request_id, exc.__class__.__name__)
        # The stuck check queues it again if every retry fails.
        raise self.retry(exc=exc, countdown=min(10 * 2**self.request.retries, 3600)) from None
    return "nothing to execute"


@shared_task(
    name=dispatch.EMAIL,
    bind=True,
    acks_late=True,
    ignore_result=True,
    max_retries=EMAIL_MAX_RETRIES,
)
def privacy_request_email_task(self: Task, request_id: int, kind: str) -> bool:  # type: ignore[type-arg]  # celery-types
    """Send one of a request's emails (each kind once)."""
    from privacy.emails import privacy_request_email_send
    from privacy.models import PrivacyRequestKind, PrivacyRequestStatus
    from privacy.services import privacy_request_contact_forget

    try:
        sent = privacy_request_email_send(request_id=request_id, kind=kind)
    except (OSError, DatabaseError) as exc:
        raise self.retry(exc=exc, countdown=min(30 * 2**self.request.retries, 3600)) from None
    if kind == "completed":
        from privacy.models import PrivacyRequest

        request = PrivacyRequest.objects.filter(pk=request_id).values("kind", "status").first()
        if (
            request
            and request["kind"] == PrivacyRequestKind.ERASURE
            and request["status"] == PrivacyRequestStatus.COMPLETED
        ):
            # An erased customer's contact details go as soon as the last email they need has left.
            privacy_request_contact_forget(request_id=request_id, reason="erasure completed")
    return sent


@shared_task(
    name=dispatch.PROCESSOR_NOTIFY,
    bind=True,
    acks_late=True,
    ignore_result=True,
    max_retries=None,
)
def processor_notification_deliver_task(self: Task, notification_id: int) -> None:  # type: ignore[type-arg]  # celery-types
    """Deliver one processor notification; on failure retry after the backoff the service decides."""
    from privacy.processors import processor_notification_deliver

    delay = processor_notification_deliver(notification_id=notification_id)
    if delay is not None:
        raise self.retry(countdown=delay)


@shared_task(name=dispatch.DEADLINES_REMIND, acks_late=True, ignore_result=True)
def privacy_deadlines_remind_task() -> int:
    """Daily: email the privacy officers the overdue requests and those due within CUSTOS_PRIVACY_REMIND_DAYS."""
    from privacy.services import privacy_deadlines_remind

    return privacy_deadlines_remind()


@shared_task(name=dispatch.MAINTAIN, acks_late=True, ignore_result=True)
def privacy_requests_maintain_task() -> dict[str, int]:
    """Hourly: flag and retry stuck requests, close unconfirmed ones, expire exports, minimise old requests,
    retry due processor notifications, and finish erasures whose kept records have gone."""
    from privacy.access import access_exports_expire
    from privacy.erasure import privacy_erasures_follow_up
    from privacy.services import (
        privacy_requests_abandon,
        privacy_requests_flag_stuck,
        privacy_requests_minimise,
    )

    return {
        "stuck": len(privacy_requests_flag_stuck()),
        "abandoned": privacy_requests_abandon(),
        "exports_expired": access_exports_expire(),
        "minimised": privacy_requests_minimise(),
        "erasures_followed_up": privacy_erasures_follow_up(),
    }


@shared_task(name=dispatch.SUBMISSION_MATCH, acks_late=True, ignore_result=True)
def privacy_submission_match_task(submission_id: int) -> bool:
    """Match a public form submission to a customer: open the request or tell the address (once)."""
    from privacy.services import privacy_submission_match

    return privacy_submission_match(submission_id=submission_id) is not None
