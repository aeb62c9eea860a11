"""Template filters that show the audit trail's codes as words: `{{ event.target_type|target_label }}`,
`{{ incident.rule|rule_label }}`."""

from __future__ import annotations

from django import template

from audit import rules, targets

register = template.Library()


@register.filter
def target_label(value: str) -> str:
    return targets.target_label(str(value))


@register.filter
def rule_label(value: str) -> str:
    return rules.rule_label(str(value))
