"""Masked display of personal data for staff: enough to recognise, not enough to use."""

from __future__ import annotations

from supportrecords.redaction import mask


def mask_email(value: str) -> str:
    return mask("email", value) if "@" in value else mask_text(value)


def mask_phone(value: str) -> str:
    return mask("phone", value)


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
