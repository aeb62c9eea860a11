"""Writes of the encryption layer: creating, destroying (crypto-shredding) and rewrapping data keys."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import transaction
from django.utils import timezone

from audit import targets
from audit.services import audit_record
from audit.types import Actor
from encryption.keyring import (
    data_key_generate,
    data_key_unwrap,
    data_key_wrap,
    kek_active_id,
    key_cache,
)
from encryption.models import DataKey


def data_key_create() -> DataKey:
    """Create a data key, wrapped by the active KEK; the plaintext key is never stored."""
    data_key = DataKey()
    key = data_key_generate()
    data_key.kek_id, wrapped = data_key_wrap(key=key, uid=data_key.uid)
    data_key.wrapped_key = wrapped
    data_key.save()
    key_cache.put_new(data_key.pk, AESGCM(key))
    return data_key


def data_keys_destroy(*, data_key_ids: list[int], reason: str, actor: Actor = None) -> int:
    """Destroy data keys (crypto-shredding); return how many were destroyed now. Idempotent."""
    if not data_key_ids:
        return 0
    with transaction.atomic():
        destroyed = DataKey.objects.filter(pk__in=data_key_ids, wrapped_key__isnull=False).update(
            wrapped_key=None, destroyed_at=timezone.now(), destroy_reason=reason[:200]
        )
        if destroyed:
            audit_record(
                actor=actor,
                action="data_key.destroy",
                target_type=targets.DATA_KEY,
                target_id=min(data_key_ids),
                details={"ids": sorted(data_key_ids), "count": destroyed, "reason": reason[:200]},
            )
    for data_key_id in data_key_ids:
        key_cache.evict(data_key_id)
    return destroyed


@dataclass(frozen=True)
class RewrapReport:
    rewrapped: int
    remaining: int


def data_keys_rewrap(*, batch_size: int = 1000, limit: int | None = None) -> RewrapReport:
    """Rewrap data keys not under the active KEK, in batches of one transaction each; safe to stop and rerun."""
    active = kek_active_id()
    done = 0
    while limit is None or done < limit:
        size = batch_size if limit is None else min(batch_size, limit - done)
        with transaction.atomic():
            batch = list(
                DataKey.objects.select_for_update(skip_locked=True)
                .filter(wrapped_key__isnull=False)
                .exclude(kek_id=active)
                .order_by("pk")[:size]
            )
            if not batch:
                break
            now = timezone.now()
            for data_key in batch:
                key = data_key_unwrap(
                    wrapped=bytes(data_key.wrapped_key or b""), uid=data_key.uid, kek_id=data_key.kek_id
                )
                data_key.kek_id, data_key.wrapped_key = data_key_wrap(key=key, uid=data_key.uid, kek_id=active)
                data_key.rotated_at = now
            DataKey.objects.bulk_update(batch, ["kek_id", "wrapped_key", "rotated_at"])
            audit_record(
                actor=None,
                action="data_key.rewrap",
                target_type=targets.DATA_KEY,
                target_id=f"{batch[0].pk}-{batch[-1].pk}",
                details={"ids": [data_key.pk for data_key in batch], "count": len(batch), "kek_id": active},
            )
        done += len(batch)
    remaining = DataKey.objects.filter(wrapped_key__isnull=False).exclude(kek_id=active).count()
    return RewrapReport(rewrapped=done, remaining=remaining)
