"""Masked display of personal data for staff: enough to recognise, not enough to use."""

from __future__ import annotations

import phonenumbers


def mask_email(value: str) -> str:
    local, sep, domain = value.partition("@")
    if not sep:
        return mask_text(value)
    return f"{local[:1]}***@{domain}"


def mask_phone(value: str) -> str:
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return mask_text(value, keep_end=4)
    national = str(number.national_number)
    if len(national) <= 6:
        masked = "*" * (len(national) - 2) + national[-2:]
    else:
        masked = national[:3] + "*" * (len(national) - 7) + national[-4:]
    return f"+{number.country_code} {masked}"


def mask_text(value: str, *, keep_start: int = 1, keep_end: int = 0) -> str:
    """Keep a few characters at the ends and hide the rest behind asterisks."""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    end = value[len(value) - keep_end :] if keep_end else ""
    return value[:keep_start] + "*" * max(3, len(value) - keep_start - keep_end) + end


def mask_account_id(value: str) -> str:
    return mask_text(value, keep_start=2, keep_end=2)


def mask_name(value: str) -> str:
    return " ".join(mask_text(part) for part in value.split()) if value else ""


MASKERS = {
    "email": mask_email,
    "phone": mask_phone,
    "name": mask_name,
    "exchange_account_id": mask_account_id,
}
