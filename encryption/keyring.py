"""Key-encryption keys from settings, data-key wrapping, and the brief in-process cache of unwrapped keys."""

from __future__ import annotations

import os
import threading
import time
import uuid

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from encryption import aead
from encryption.exceptions import CiphertextIntegrityError, KeyDestroyed, KeyUnwrapError, UnknownKek
from encryption.models import DataKey

DATA_KEY_BYTES = 32
_CACHE_MAX_ENTRIES = 10_000


def kek_active_id() -> str:
    return str(settings.CUSTOS_ACTIVE_KEK_ID)


def _kek_cipher(kek_id: str) -> AESGCM:
    keks: dict[str, bytes] = settings.CUSTOS_KEKS
    try:
        return AESGCM(keks[kek_id])
    except KeyError:
        raise UnknownKek(f"key-encryption key {kek_id!r} is not configured in CUSTOS_KEKS") from None


def _wrap_aad(*, uid: uuid.UUID, kek_id: str) -> bytes:
    return b"custos/data-key/v1|" + uid.bytes + b"|" + kek_id.encode("ascii")


def data_key_generate() -> bytes:
    return os.urandom(DATA_KEY_BYTES)


def data_key_wrap(*, key: bytes, uid: uuid.UUID, kek_id: str | None = None) -> tuple[str, bytes]:
    """Wrap a data key with a KEK (the active one by default); return (kek_id, wrapped bytes)."""
    kek_id = kek_id or kek_active_id()
    return kek_id, aead.seal(cipher=_kek_cipher(kek_id), plaintext=key, aad=_wrap_aad(uid=uid, kek_id=kek_id))


def data_key_unwrap(*, wrapped: bytes, uid: uuid.UUID, kek_id: str) -> bytes:
    try:
        return aead.open_sealed(cipher=_kek_cipher(kek_id), blob=wrapped, aad=_wrap_aad(uid=uid, kek_id=kek_id))
    except CiphertextIntegrityError:
        raise KeyUnwrapError(
            f"data key {uid} does not unwrap with key-encryption key {kek_id!r}: wrong or altered key"
        ) from None


class _KeyCache:
    """Unwrapped data keys, per process, for a few seconds: a destroyed key stops working within the TTL."""

    def __init__(self) -> None:
        self._entries: dict[int, tuple[float, AESGCM]] = {}
        self._lock = threading.Lock()

    def get(self, data_key_id: int) -> AESGCM | None:
        entry = self._entries.get(data_key_id)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def put(self, data_key_id: int, cipher: AESGCM) -> None:
        ttl = float(settings.CUSTOS_KEY_CACHE_SECONDS)
        if ttl <= 0:
            return
        with self._lock:
            if len(self._entries) >= _CACHE_MAX_ENTRIES:
                now = time.monotonic()
                self._entries = {k: v for k, v in self._entries.items() if v[0] >= now}
                if len(self._entries) >= _CACHE_MAX_ENTRIES:
                    self._entries.clear()
            self._entries[data_key_id] = (time.monotonic() + ttl, cipher)

    def evict(self, data_key_id: int) -> None:
        with self._lock:
            self._entries.pop(data_key_id, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


key_cache = _KeyCache()


def data_key_cipher(data_key_id: int) -> AESGCM:
    """Return the AES-GCM cipher of a data key, unwrapping it (one query) when it is not cached."""
    cipher = key_cache.get(data_key_id)
    if cipher is not None:
        return cipher
    row = DataKey.objects.filter(pk=data_key_id).values_list("uid", "kek_id", "wrapped_key").first()
    if row is None or row[2] is None:
        raise KeyDestroyed(f"data key {data_key_id} has been destroyed")
    uid, kek_id, wrapped = row
    cipher = AESGCM(data_key_unwrap(wrapped=bytes(wrapped or b""), uid=uid, kek_id=kek_id))
    key_cache.put(data_key_id, cipher)
    return cipher
