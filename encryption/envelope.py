"""Encrypt and decrypt values under a data subject's data key, bound to the key and a context (model field)."""

from __future__ import annotations

from encryption import aead
from encryption.keyring import data_key_cipher


def _aad(*, data_key_id: int, context: str) -> bytes:
    return f"custos/value/v1|{context}|{data_key_id}".encode()


def value_encrypt(*, data_key_id: int, context: str, plaintext: bytes) -> bytes:
    return aead.seal(
        cipher=data_key_cipher(data_key_id), plaintext=plaintext, aad=_aad(data_key_id=data_key_id, context=context)
    )


def value_decrypt(*, data_key_id: int, context: str, blob: bytes) -> bytes:
    """Decrypt, raising KeyDestroyed or CiphertextIntegrityError (another customer's, another field's, altered)."""
    return aead.open_sealed(
        cipher=data_key_cipher(data_key_id), blob=blob, aad=_aad(data_key_id=data_key_id, context=context)
    )
