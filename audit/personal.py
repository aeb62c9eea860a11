"""Personal data inside audit events, encrypted under the customer's data key by a cipher another app registers.

`audit` imports no other project app, so it cannot reach customers or their keys itself: the app that owns them
(supportrecords) registers a cipher from its `AppConfig.ready()`. The event stores the data key's id and the
ciphertext, and the chain covers the ciphertext: destroying the key (erasure) makes the data unreadable while every
hash still verifies.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

ERASED = "[erased]"


class PersonalCipher(Protocol):
    def encrypt(self, *, customer_id: int, plaintext: bytes) -> tuple[int, bytes] | None:
        """Return (data key id, ciphertext) under the customer's key, or None if the customer has no usable key."""

    def decrypt(self, *, data_key_id: int, blob: bytes) -> bytes | None:
        """Return the plaintext, or None when the key was destroyed (the customer was erased)."""


_cipher: PersonalCipher | None = None


def personal_cipher_register(cipher: PersonalCipher | None) -> None:
    global _cipher  # one process-wide registration, made once from AppConfig.ready()
    _cipher = cipher


def personal_encrypt(*, customer_id: int | None, data: dict[str, Any]) -> tuple[int, bytes] | None:
    """Encrypt `data` under the customer's key; None (the data is not stored at all) when that is impossible."""
    if not data or customer_id is None or _cipher is None:
        return None
    plaintext = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    return _cipher.encrypt(customer_id=customer_id, plaintext=plaintext)


def personal_decrypt(*, data_key_id: int | None, blob: bytes | memoryview | None) -> dict[str, Any] | None:
    """The personal data of an event, {} if it has none, None if it was erased (or no cipher is registered)."""
    if data_key_id is None or blob is None:
        return {}
    if _cipher is None:
        return None
    plaintext = _cipher.decrypt(data_key_id=data_key_id, blob=bytes(blob))
    if plaintext is None:
        return None
    value = json.loads(plaintext)
    return value if isinstance(value, dict) else {}
