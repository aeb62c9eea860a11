"""Celery tasks of privacy requests: thin, id-only, idempotent, retried with backoff. Each calls one service.

Nothing imports this module but Celery's autodiscovery: services start the tasks through `privacy.dispatch`, by the
pinned names each task is registered under here."""

from __future__ import annotations

import logging

from celery import Task, shared_task
from django.db import DatabaseError

from deletion.exceptions import LedgerError
from privacy import dispatch, services
from privacy.erasure import ErasureIncomplete
from privacy.processors import processor_notification_deliver

logger = logging.getLogger(__name__)

EXECUTE_MAX_RETRIES = 8
EMAIL_MAX_RETRIES = 8


@shared_task(name=dispatch.EXECUTE, bind=True, acks_late=True, ignore_result=True, max_retries=EXECUTE_MAX_RETRIES)
def privacy_request_execute_task(self: Task, request_id: int) -> str:  # type: ignore[type-arg]  # celery-types: generic Task
    """Execute an approved erasure or access request (resuming where a previous attempt stopped)."""
    try:
        return services.privacy_request_execute(request_id=request_id)
    except (DatabaseError, LedgerError, ErasureIncomplete, OSError) as exc:
        logger.warning("privacy request %s: attempt failed (%s); retrying", request_id, exc.__class__.__name__)
        # The stuck check queues it again if every retry fails.
        raise self.retry(exc=exc, countdown=min(10 * 2**self.request.retries, 3600)) from None


@shared_task(name=dispatch.EMAIL, bind=True, acks_late=True, ignore_result=True, max_retries=EMAIL_MAX_RETRIES)
def privacy_request_email_task(self: Task, request_id: int, kind: str) -> bool:  # type: ignore[type-arg]  # celery-types
    """Send one of a request's emails (each kind once)."""
    try:
        return services.privacy_request_email_deliver(request_id=request_id, kind=kind)
    except (OSError, DatabaseError) as exc:
        raise self.retry(exc=exc, countdown=min(30 * 2**self.request.retries, 3600)) from None


@shared_task(name=dispatch.PROCESSOR_NOTIFY, bind=True, acks_late=True, ignore_result=True, max_retries=None)
def processor_notification_deliver_task(self: Task, notification_id: int) -> None:  # type: ignore[type-arg]  # celery-types
    """Deliver one processor notification; on failure retry after the backoff the service decides."""
    delay = processor_notification_deliver(notification_id=notification_id)
    if delay is not None:
        raise self.retry(countdown=delay)


@shared_task(name=dispatch.DEADLINES_REMIND, acks_late=True, ignore_result=True)
def privacy_deadlines_remind_task() -> int:
    """Daily: email the privacy officers the overdue requests and those due within CUSTOS_PRIVACY_REMIND_DAYS."""
    return services.privacy_deadlines_remind()


@shared_task(name=dispatch.MAINTAIN, acks_late=True, ignore_result=True)
def privacy_requests_maintain_task() -> dict[str, int]:
    """Hourly: flag and retry stuck requests, close unconfirmed ones, expire exports, minimise old requests,
    retry due processor notifications, and finish erasures whose kept records have gone."""
    return services.privacy_requests_maintain()


@shared_task(name=dispatch.SUBMISSION_MATCH, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def privacy_submission_match_task(submission_id: int) -> bool:
    """Match a public form submission to a customer: open the request or tell the address (once)."""
    return services.privacy_submission_match(submission_id=submission_id) is not None


@shared_task(name=dispatch.SUBMISSIONS_SWEEP, acks_late=True, ignore_result=True)
def privacy_submissions_sweep_task() -> int:
    """Every minute: queue matching again for form submissions left unmatched (a worker killed after taking it)."""
    return services.privacy_submissions_sweep()
