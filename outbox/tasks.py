"""Beat's outbox sweeper: thin, idempotent. The name is pinned (stored in its beat row)."""

from __future__ import annotations

from celery import shared_task

from outbox.services import outbox_purge_sent, outbox_sweep


@shared_task(name="outbox.tasks.outbox_sweep_task", acks_late=True)
def outbox_sweep_task() -> int:
    """Send the task starts that were not sent after their commit (broker outage), and forget old sent ones."""
    sent = outbox_sweep()
    outbox_purge_sent()
    return sent
