"""External ids (a helpdesk's ids of customers, tickets, messages, files): opaque, short, and never stored in
clear. An id may itself be personal (an e-mail address, a phone number used as a user id), so the column holds
a keyed hash of it (HMAC-SHA256 under the blind-index key): exact lookups still work, the value does not leak.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from encryption.blind_index import blind_index

MAX_LENGTH = 64
KEYED_PREFIX = "h1:"
_OPAQUE = re.compile(r"[A-Za-z0-9._:\-]{1,64}")
_KEYED = re.compile(r"h1:[0-9a-f]{64}")


def external_id_validate(value: str, *, field: str = "external_id") -> None:
    """Refuse anything but an opaque id of at most 64 letters, digits and . _ : - (no e-mail, no spaces)."""
    if not _OPAQUE.fullmatch(value):
        raise ValidationError(
            {field: _("An external id is an opaque id of 1 to 64 characters: letters, digits, '.', '_', ':' and '-'.")}
        )


def external_id_key(value: str) -> str:
    """The stored form of an external id: its keyed hash ("" stays ""; a stored form is returned as it is)."""
    if not value or _KEYED.fullmatch(value):
        return value
    return KEYED_PREFIX + blind_index(namespace="external_id", normalised=value)


class KeyedExternalIdField(models.CharField):  # type: ignore[type-arg]  # django-stubs generics
    """A CharField that stores, and looks up by, external_id_key(value)."""

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return external_id_key(value) if isinstance(value, str) else value
