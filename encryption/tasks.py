"""Celery tasks of the encryption app: thin, idempotent. Names are pinned (stored in beat rows and messages)."""

from __future__ import annotations

from celery import shared_task

from encryption.services import data_keys_rewrap


@shared_task(name="encryption.tasks.data_keys_rewrap_task", acks_late=True)
def data_keys_rewrap_task(batch_size: int = 1000) -> int:
    """Rewrap data keys to the active KEK (idempotent: a second run finds nothing to do)."""
    return data_keys_rewrap(batch_size=batch_size).rewrapped
