"""Redaction markers as people read them: the stored `[REDACTED:seed_phrase]` stays in the text, and pages show it
as a translated badge ("[recovery phrase removed]" / "[已删除助记词]")."""

from __future__ import annotations

import re

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from supportrecords.redaction.findings import PRIVATE_KEY, SEED_PHRASE

MARKER = re.compile(r"\[REDACTED:([a-z_]{1,40})\]")


def marker_label(kind: str) -> str:
    if kind == SEED_PHRASE:
        return gettext("[recovery phrase removed]")
    if kind == PRIVATE_KEY:
        return gettext("[private key removed]")
    return gettext("[removed]")


def markers_as_words(text: str) -> str:
    """Plain text with each marker replaced by its label (exports, plain-text pages)."""
    return MARKER.sub(lambda m: marker_label(m.group(1)), text)


def markers_as_badges(text: str) -> SafeString:
    """HTML: the text escaped, each marker a badge saying what was removed (the stored text keeps the marker)."""
    parts: list[str] = []
    last = 0
    for match in MARKER.finditer(text):
        parts.append(str(conditional_escape(text[last : match.start()])))
        parts.append(
            str(
                format_html(
                    '<span class="custos-redacted" title="{}" style="background:#eee;border:1px solid #bbb;'
                    'border-radius:3px;padding:0 4px;font-size:.9em;white-space:nowrap">{}</span>',
                    gettext("Removed before storage: it was never saved."),
                    marker_label(match.group(1)),
                )
            )
        )
        last = match.end()
    parts.append(str(conditional_escape(text[last:])))
    return mark_safe("".join(parts))  # noqa: S308  # every piece above is escaped or built by format_html
