"""The anomaly rules by their names, for pages and lists (no models: `audit.models` reads these)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

RULE_LABELS = {
    "distinct_customers": _("many different customers in an hour"),
    "unassigned_reads": _("reads of tickets not assigned to them"),
    "reveals": _("many reveals of personal data"),
    "exports": _("many exports"),
    "outside_working_hours": _("access outside working hours"),
}


def rule_label(rule: str) -> str:
    """The human name of an anomaly rule; an unknown one is shown as itself."""
    label = RULE_LABELS.get(rule)
    return str(label) if label is not None else rule


def rule_choices() -> list[tuple[str, str]]:
    return [(rule, str(label)) for rule, label in RULE_LABELS.items()]
