"""Key-encryption keys from settings, data-key wrapping, and the brief in-process cache of unwrapped keys."""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import transaction

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


@dataclass
class _NewKey:
    """A key inserted by this thread's open transaction: served to that transaction alone until it commits."""

    cipher: AESGCM
    promote: Callable[[], None] = field(default=lambda: None)


def _new_key_alive(new_key: _NewKey) -> bool:
    """Whether the transaction (savepoint) that inserted the key still stands: Django discards the on-commit
    callbacks of a rolled-back savepoint or transaction, so the key's own callback is still queued."""
    connection = transaction.get_connection()
    return connection.in_atomic_block and any(entry[1] is new_key.promote for entry in connection.run_on_commit)


class _KeyCache:
    """Unwrapped data keys, per process, for a few seconds: a destroyed key stops working within the TTL.

    Only keys whose rows are committed are shared. A key inserted by an open transaction is kept for that thread
    and enters the shared cache when the transaction commits: a rolled-back insert frees its row id, which SQLite
    gives to the next key, so sharing it earlier would serve it for another key (docs/decisions.md).
    """

    def __init__(self) -> None:
        self._entries: dict[int, tuple[float, AESGCM]] = {}
        self._lock = threading.Lock()
        self._local = threading.local()

    def _new_keys(self) -> dict[int, _NewKey]:
        keys: dict[int, _NewKey] | None = getattr(self._local, "by_id", None)
        if keys is None:
            keys = self._local.by_id = {}
        return keys

    def get(self, data_key_id: int) -> AESGCM | None:
        new_keys = self._new_keys()
        new_key = new_keys.get(data_key_id)
        if new_key is not None:
            if _new_key_alive(new_key):
                return new_key.cipher
            del new_keys[data_key_id]  # rolled back: the row under this id, if any, holds another key
        entry = self._entries.get(data_key_id)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def put(self, data_key_id: int, cipher: AESGCM) -> None:
        """Share a key read from a committed row (every row this thread's open transaction inserted is new)."""
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

    def put_new(self, data_key_id: int, cipher: AESGCM) -> None:
        """Keep a key just inserted for this thread's transaction; share it once the transaction commits."""
        new_keys = self._new_keys()
        if float(settings.CUSTOS_KEY_CACHE_SECONDS) <= 0:
            return
        if not transaction.get_connection().in_atomic_block:
            new_keys.clear()  # no transaction is open on this thread: every key left here was rolled back
            self.put(data_key_id, cipher)  # autocommit: the row is committed already
            return
        new_key = _NewKey(cipher=cipher)

        def promote() -> None:
            if new_keys.get(data_key_id) is new_key:
                del new_keys[data_key_id]
            self.put(data_key_id, cipher)

        new_key.promote = promote
        new_keys[data_key_id] = new_key
        transaction.on_commit(promote)

    def evict(self, data_key_id: int) -> None:
        self._new_keys().pop(data_key_id, None)
        with self._lock:
            self._entries.pop(data_key_id, None)

    def clear(self) -> None:
        """Forget every key, as a fresh process would (tests; a KEK reconfiguration)."""
        self._new_keys().clear()
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
