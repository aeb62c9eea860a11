"""AES-256-GCM sealing with a versioned layout: version (1 byte) | nonce (12) | ciphertext and tag."""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from encryption.exceptions import CiphertextIntegrityError

FORMAT_VERSION = 1
NONCE_BYTES = 12
TAG_BYTES = 16
_HEADER = bytes([FORMAT_VERSION])


def seal(*, cipher: AESGCM, plaintext: bytes, aad: bytes) -> bytes:
    """Encrypt and authenticate plaintext, binding it to aad."""
    nonce = os.urandom(NONCE_BYTES)
    return _HEADER + nonce + cipher.encrypt(nonce, plaintext, aad)


def open_sealed(*, cipher: AESGCM, blob: bytes, aad: bytes) -> bytes:
    """Decrypt a sealed blob or raise CiphertextIntegrityError; never returns unauthenticated bytes."""
    if len(blob) < 1 + NONCE_BYTES + TAG_BYTES or blob[0] != FORMAT_VERSION:
        raise CiphertextIntegrityError("ciphertext is truncated or of an unknown format version")
    try:
        return cipher.decrypt(blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :], aad)
    except InvalidTag:
        raise CiphertextIntegrityError("ciphertext failed authentication") from None
