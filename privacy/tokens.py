"""Signed links of the public pages: single-use confirmation, status tracking and export download.

Tokens are signed with SECRET_KEY (Django's signing, HMAC-SHA256) under a salt per purpose, so a token of one
purpose never works for another. The confirmation token also carries a random nonce whose SHA-256 is stored on the
request and compared in constant time: it is single-use, and a newer link makes older ones worthless.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.core import signing

from privacy.exceptions import TokenExpired, TokenInvalid

VERIFY_SALT = "custos.privacy.verify"
TRACK_SALT = "custos.privacy.track"
EXPORT_SALT = "custos.privacy.export"
MAX_TOKEN_LENGTH = 400


def nonce_new() -> tuple[str, str]:
    """A fresh nonce and the SHA-256 digest stored in its place."""
    nonce = secrets.token_urlsafe(24)
    return nonce, nonce_digest(nonce)


def nonce_digest(nonce: str) -> str:
    return hashlib.sha256(nonce.encode("ascii", "replace")).hexdigest()


def nonce_matches(*, nonce: str, digest: str) -> bool:
    return bool(digest) and hmac.compare_digest(nonce_digest(nonce).encode(), digest.encode())


def token_make(*, salt: str, value: dict[str, str]) -> str:
    return signing.dumps(value, salt=salt, compress=False)


def token_read(*, token: str, salt: str, max_age: timedelta | None = None) -> dict[str, Any]:
    """The signed value, or TokenExpired / TokenInvalid; the signature is checked in constant time by Django."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise TokenInvalid("token is empty or too long")
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise TokenExpired("token has expired") from None
    except (signing.BadSignature, ValueError, UnicodeDecodeError):
        raise TokenInvalid("token signature is not valid") from None
    if not isinstance(value, dict):
        raise TokenInvalid("token is not a link token")
    return value


def verify_token_make(*, request_uid: str, nonce: str) -> str:
    return token_make(salt=VERIFY_SALT, value={"r": request_uid, "n": nonce})


def track_token_make(*, request_uid: str) -> str:
    return token_make(salt=TRACK_SALT, value={"r": request_uid})


def export_token_make(*, export_uid: str) -> str:
    return token_make(salt=EXPORT_SALT, value={"e": export_uid})
