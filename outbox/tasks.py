"""Beat's outbox sweeper: thin, idempotent."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def outbox_sweep_task() -> int:
    """Send the task starts that were not sent after their commit (broker outage), and forget old sent ones."""
    from outbox.services import outbox_purge_sent, outbox_sweep

    sent = outbox_sweep()
    outbox_purge_sent()
    return sent
