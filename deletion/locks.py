"""A named run lock held by at most one process: Redis when REDIS_URL is set, else a lock row in the database."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from deletion.models import RunLock

logger = logging.getLogger(__name__)


@contextmanager
def run_lock(*, name: str, ttl_seconds: int) -> Iterator[bool]:
    """Try to take the lock without waiting; yields whether it was taken. It expires after `ttl_seconds`."""
    if getattr(settings, "REDIS_URL", ""):
        with _redis_lock(name=name, ttl_seconds=ttl_seconds) as acquired:
            yield acquired
    else:
        with _row_lock(name=name, ttl_seconds=ttl_seconds) as acquired:
            yield acquired


@contextmanager
def _redis_lock(*, name: str, ttl_seconds: int) -> Iterator[bool]:
    import redis
    from redis.exceptions import LockError

    client = redis.Redis.from_url(settings.REDIS_URL)
    lock = client.lock(f"custos:lock:{name}", timeout=ttl_seconds, blocking=False)
    acquired = bool(lock.acquire(blocking=False))
    try:
        yield acquired
    finally:
        if acquired:
            try:
                lock.release()
            except LockError:
                logger.warning("run lock %s expired before it was released", name)
        client.close()


@contextmanager
def _row_lock(*, name: str, ttl_seconds: int) -> Iterator[bool]:
    token = uuid.uuid4().hex
    now = timezone.now()
    expires = now + timedelta(seconds=ttl_seconds)
    acquired = False
    with transaction.atomic():
        acquired = bool(RunLock.objects.filter(name=name, expires_at__lte=now).update(token=token, expires_at=expires))
        if not acquired:
            try:
                with transaction.atomic():
                    RunLock.objects.create(name=name, token=token, expires_at=expires)
                acquired = True
            except IntegrityError:
                acquired = False
    try:
        yield acquired
    finally:
        if acquired:
            RunLock.objects.filter(name=name, token=token).delete()
