"""Normal forms of searchable identifiers, so that blind-index lookups match what people type."""

from __future__ import annotations

import unicodedata


def email_normalise(email: str) -> str:
    return unicodedata.normalize("NFKC", email).strip().casefold()


def account_id_normalise(account_id: str) -> str:
    return unicodedata.normalize("NFKC", account_id).strip().upper()
