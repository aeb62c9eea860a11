"""Normal forms of searchable identifiers, so that blind-index lookups match what people type.

Exchange account ids are normalised here and nowhere else (API, importers, the public privacy form, admin search):
NFKC (full-width digits and letters, NBSP and ideographic spaces become ASCII), Unicode format characters removed
(category Cf: zero-width spaces and joiners, the BOM, word joiner, soft hyphen, bidirectional marks), surrounding
whitespace removed. What still holds a control character or whitespace inside is refused.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ACCOUNT_ID_MAX_LENGTH = 64
ACCOUNT_ID_CODE = "account_id"  # the error's code: forms do not show such a value back
ACCOUNT_ID_INVALID = _(
    "An exchange account id has 1 to 64 characters, without spaces, control or invisible characters inside."
)


def email_normalise(email: str) -> str:
    return unicodedata.normalize("NFKC", email).strip().casefold()


def _account_id_form(account_id: str) -> str:
    text = unicodedata.normalize("NFKC", account_id)
    text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    # Again: removing a format character can bring together characters that compose.
    return unicodedata.normalize("NFKC", text).strip()


def account_id_clean(account_id: str) -> str:
    """The stored form of an exchange account id; ValidationError (the value never echoed) when none is left or
    a control character or whitespace remains inside."""
    text = _account_id_form(account_id)
    invalid = not text or len(text) > ACCOUNT_ID_MAX_LENGTH
    invalid = invalid or any(
        char.isspace() or unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp", "Zs") for char in text
    )
    if invalid:
        raise ValidationError({"exchange_account_id": ValidationError(ACCOUNT_ID_INVALID, code=ACCOUNT_ID_CODE)})
    return text


def account_id_normalise(account_id: str) -> str:
    """The compared and blind-indexed form: the stored form in upper case (never raises)."""
    return _account_id_form(account_id).upper()
