from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def data_keys_rewrap_task(batch_size: int = 1000) -> int:
    """Rewrap data keys to the active KEK (idempotent: a second run finds nothing to do)."""
    from encryption.services import data_keys_rewrap

    return data_keys_rewrap(batch_size=batch_size).rewrapped
