"""`{{ text|redaction_badges }}` and `{{ text|redaction_words }}`: redaction markers as translated words."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from supportrecords.markers import markers_as_badges, markers_as_words

register = template.Library()


@register.filter
def redaction_badges(text: object) -> SafeString:
    return markers_as_badges(str(text))


@register.filter
def redaction_words(text: object) -> str:
    return markers_as_words(str(text))
