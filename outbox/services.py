"""The transactional outbox: `outbox_enqueue` inside the service's transaction; `outbox_dispatch` right after
commit (a broker outage leaves the row pending, the request still succeeds); `outbox_sweep` from beat sends what
is still pending, so an alert, an email or an erasure start is never lost. Delivery is at least once: tasks are
idempotent."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from config.celery import app as celery_app
from outbox.models import OutboxMessage

logger = logging.getLogger(__name__)


def outbox_enqueue(
    *, task_name: str, args: Sequence[Any] = (), kwargs: dict[str, Any] | None = None, queue: str = ""
) -> OutboxMessage:
    """Record a task start in the current transaction; it is sent after commit, or by the sweeper."""
    message = OutboxMessage.objects.create(task_name=task_name, args=list(args), kwargs=kwargs or {}, queue=queue)
    message_id = message.pk
    transaction.on_commit(lambda: outbox_dispatch(message_ids=[message_id]), robust=True)
    return message


def _send(message: OutboxMessage) -> None:
    options: dict[str, Any] = {"retry": False}  # fail fast when the broker is down: the sweeper retries
    if message.queue:
        options["queue"] = message.queue
    celery_app.send_task(message.task_name, args=message.args, kwargs=message.kwargs, **options)


def outbox_dispatch(*, message_ids: Sequence[int]) -> int:
    """Send the given pending messages (locked, skipping those another process is sending); return how many."""
    sent = 0
    for message_id in message_ids:
        run_eagerly: OutboxMessage | None = None
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=message_id, dispatched_at__isnull=True)
                .first()
            )
            if message is None:
                continue
            message.attempts += 1
            message.last_attempt_at = timezone.now()
            if celery_app.conf.task_always_eager:
                run_eagerly = message  # tests and scripts: run in-process, after this lock is released
            else:
                try:
                    _send(message)
                except Exception as exc:  # broker down or unreachable: keep the row for the sweeper
                    logger.warning(
                        "outbox %s (%s) not sent, attempt %s: %s",
                        message.pk,
                        message.task_name,
                        message.attempts,
                        type(exc).__name__,
                    )
                    message.save(update_fields=["attempts", "last_attempt_at"])
                    continue
            message.dispatched_at = timezone.now()
            message.save(update_fields=["attempts", "last_attempt_at", "dispatched_at"])
            sent += 1
        if run_eagerly is not None:
            if run_eagerly.task_name not in celery_app.tasks:
                # Task names are pinned, not module paths: import every app's tasks module, as a worker does.
                celery_app.loader.import_default_modules()
            celery_app.tasks[run_eagerly.task_name].apply_async(args=run_eagerly.args, kwargs=run_eagerly.kwargs)
    return sent


def outbox_sweep(*, older_than_seconds: int | None = None, limit: int = 500) -> int:
    """Send every pending message older than a few seconds (those not sent after their commit); return how many."""
    age = int(settings.CUSTOS_OUTBOX_SWEEP_AFTER_SECONDS if older_than_seconds is None else older_than_seconds)
    cutoff = timezone.now() - timedelta(seconds=age)
    ids = list(
        OutboxMessage.objects.filter(dispatched_at__isnull=True, created_at__lte=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    return outbox_dispatch(message_ids=ids)


def outbox_purge_sent(*, older_than_days: int = 7) -> int:
    """Delete sent messages after a week (they hold ids only; kept a while to investigate)."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _ = OutboxMessage.objects.filter(dispatched_at__lt=cutoff).delete()
    return deleted
