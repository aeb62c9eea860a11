"""Answer deadlines of privacy requests by jurisdiction: a period from receipt, and an optional extension.

A rule is written `1m+2m` (one month, extendable by two), `15wd` (fifteen working days, Monday to Friday) or `40d`
(forty calendar days); the rules come from CUSTOS_PRIVACY_DEADLINES (`eu:1m+2m,cn:15wd,hk:40d,...`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_PERIOD = re.compile(r"^([1-9][0-9]{0,3})(m|d|wd)$")
DEFAULT_RULES = "eu:1m+2m,uk:1m+2m,cn:15wd,hk:40d,us_ny:45d,us:45d,other:1m+2m"


@dataclass(frozen=True)
class Period:
    count: int
    unit: str  # "m" months, "d" days, "wd" working days

    def add_to(self, start: datetime) -> datetime:
        if self.unit == "m":
            return months_add(start, self.count)
        if self.unit == "wd":
            return working_days_add(start, self.count)
        return start + timedelta(days=self.count)

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"


@dataclass(frozen=True)
class DeadlineRule:
    period: Period
    extension: Period | None

    def __str__(self) -> str:
        return f"{self.period}+{self.extension}" if self.extension else str(self.period)


def period_parse(text: str) -> Period:
    match = _PERIOD.match(text.strip())
    if match is None:
        raise ImproperlyConfigured(f"CUSTOS_PRIVACY_DEADLINES: {text!r} is not a period such as 1m, 40d or 15wd.")
    return Period(count=int(match.group(1)), unit=match.group(2))


def deadline_rules_parse(text: str) -> dict[str, DeadlineRule]:
    """Parse `jurisdiction:period[+extension],...`; the `other` rule applies to every jurisdiction not listed."""
    rules: dict[str, DeadlineRule] = {}
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        jurisdiction, sep, spec = item.partition(":")
        if not sep or not jurisdiction.strip():
            raise ImproperlyConfigured(f"CUSTOS_PRIVACY_DEADLINES: {item!r} is not `jurisdiction:period`.")
        period, plus, extension = spec.partition("+")
        rules[jurisdiction.strip()] = DeadlineRule(
            period=period_parse(period), extension=period_parse(extension) if plus else None
        )
    if "other" not in rules:
        raise ImproperlyConfigured("CUSTOS_PRIVACY_DEADLINES: add a rule for `other`.")
    return rules


def months_add(start: datetime, months: int) -> datetime:
    """The same day `months` later, clamped to the month's last day (31 January + 1 month = 28/29 February)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day)


def working_days_add(start: datetime, days: int) -> datetime:
    """`days` working days (Monday to Friday) after start; public holidays are not modelled."""
    current = start
    added = 0
    while added < days:
        current += timedelta(days=1)
        if current.weekday() < 5:
            added += 1
    return current


def deadline_rule_for(*, jurisdiction: str) -> DeadlineRule:
    rules = deadline_rules_parse(str(getattr(settings, "CUSTOS_PRIVACY_DEADLINES", DEFAULT_RULES)))
    return rules.get(jurisdiction) or rules["other"]


def deadline_compute(*, jurisdiction: str, received_at: datetime) -> datetime:
    return deadline_rule_for(jurisdiction=jurisdiction).period.add_to(received_at)


def deadline_extended(*, jurisdiction: str, deadline: datetime) -> datetime | None:
    """The deadline after the extension, or None where the jurisdiction's rule allows none."""
    extension = deadline_rule_for(jurisdiction=jurisdiction).extension
    return extension.add_to(deadline) if extension else None
