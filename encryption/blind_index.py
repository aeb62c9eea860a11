"""Blind indexes: HMAC-SHA256 of a normalised value under a key of their own, for exact lookups."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def blind_index(*, namespace: str, normalised: str) -> str:
    """Return the hex HMAC of a value already normalised by its owner; namespaces keep columns apart."""
    message = namespace.encode("ascii") + b"\x00" + normalised.encode("utf-8")
    return hmac.new(settings.CUSTOS_BLIND_INDEX_KEY, message, hashlib.sha256).hexdigest()
