"""Celery tasks of the purge: thin, id-only, idempotent. Route them to the `purge` queue (CUSTOS_PURGE_QUEUE).

Their names are pinned: beat rows, queued chunks and `CELERY_TASK_ROUTES` store them."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, shared_task
from django.conf import settings
from django.db import DatabaseError

from deletion.exceptions import LedgerError, PurgeAlreadyRunning
from deletion.services import file_deletions_process, purge_batch_fail, purge_chunk_execute, purge_dispatch

logger = logging.getLogger(__name__)

CHUNK_MAX_RETRIES = 5


@shared_task(name="deletion.tasks.purge_dispatch_task", acks_late=True, ignore_result=True)
def purge_dispatch_task(trigger: str = "beat") -> int | None:
    """Start a purge run and fan its chunks out to the purge queue; a no-op while another run is active."""

    def send(chunk: dict[str, Any]) -> None:
        purge_chunk_task.apply_async(kwargs=chunk, queue=settings.CUSTOS_PURGE_QUEUE)

    try:
        run = purge_dispatch(trigger=trigger, send=send)
    except PurgeAlreadyRunning as exc:
        logger.info("purge dispatch skipped: %s", exc)
        return None
    return run.pk


@shared_task(
    name="deletion.tasks.purge_chunk_task", bind=True, acks_late=True, ignore_result=True, max_retries=CHUNK_MAX_RETRIES
)
def purge_chunk_task(
    self: Task,  # type: ignore[type-arg]  # celery-types: Task is generic
    *,
    run_id: int,
    seq: int,
    ticket_ids: list[int],
    customer_ids: list[int] | None = None,
    policy_id: int | None = None,
) -> None:
    """Purge one chunk of explicit ids in one transaction; a redelivered chunk finds its batch done and stops."""
    try:
        purge_chunk_execute(
            run_id=run_id, seq=seq, ticket_ids=ticket_ids, customer_ids=customer_ids or [], policy_id=policy_id
        )
    except (DatabaseError, LedgerError) as exc:
        if self.request.retries >= CHUNK_MAX_RETRIES:
            logger.error("purge run %s chunk %s failed: %s", run_id, seq, exc.__class__.__name__)
            purge_batch_fail(run_id=run_id, seq=seq, error=exc.__class__.__name__)
            return
        raise self.retry(exc=exc, countdown=5 * 2**self.request.retries) from None


@shared_task(name="deletion.tasks.file_deletions_retry_task", acks_late=True, ignore_result=True)
def file_deletions_retry_task() -> int:
    """Retry the stored-file deletions that are due; returns how many still fail."""
    return file_deletions_process().failed
