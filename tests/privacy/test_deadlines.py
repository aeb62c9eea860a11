from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from privacy import deadlines


def test_one_month_is_clamped_to_the_last_day_of_a_shorter_month():
    start = datetime(2026, 1, 31, 12, tzinfo=UTC)
    assert deadlines.months_add(start, 1) == datetime(2026, 2, 28, 12, tzinfo=UTC)
    assert deadlines.months_add(datetime(2027, 11, 30, tzinfo=UTC), 3) == datetime(2028, 2, 29, tzinfo=UTC)


def test_working_days_skip_weekends():
    friday = datetime(2026, 11, 27, 9, tzinfo=UTC)
    assert deadlines.working_days_add(friday, 1) == datetime(2026, 11, 30, 9, tzinfo=UTC)  # Monday
    assert deadlines.working_days_add(friday, 15) == datetime(2026, 12, 18, 9, tzinfo=UTC)


def test_defaults_follow_gdpr_pipl_and_pdpo(settings):
    settings.CUSTOS_PRIVACY_DEADLINES = deadlines.DEFAULT_RULES
    received = datetime(2026, 3, 2, 10, tzinfo=UTC)  # a Monday
    assert deadlines.deadline_compute(jurisdiction="eu", received_at=received) == datetime(2026, 4, 2, 10, tzinfo=UTC)
    assert deadlines.deadline_compute(jurisdiction="cn", received_at=received) == datetime(2026, 3, 23, 10, tzinfo=UTC)
    assert deadlines.deadline_compute(jurisdiction="hk", received_at=received) == datetime(2026, 4, 11, 10, tzinfo=UTC)
    first = deadlines.deadline_compute(jurisdiction="eu", received_at=received)
    assert deadlines.deadline_extended(jurisdiction="eu", deadline=first) == datetime(2026, 6, 2, 10, tzinfo=UTC)
    assert deadlines.deadline_extended(jurisdiction="cn", deadline=first) is None


def test_deadlines_are_configurable_and_unknown_jurisdictions_use_other(settings):
    settings.CUSTOS_PRIVACY_DEADLINES = "eu:20d+10d,other:5wd"
    received = datetime(2026, 3, 2, tzinfo=UTC)
    assert deadlines.deadline_compute(jurisdiction="eu", received_at=received).day == 22
    assert deadlines.deadline_compute(jurisdiction="hk", received_at=received) == datetime(2026, 3, 9, tzinfo=UTC)


@pytest.mark.parametrize("rules", ["eu:1m", "eu:x,other:1m", "other:0d", "other:1y", "eu1m,other:1m"])
def test_malformed_deadline_rules_fail_loudly(rules):
    with pytest.raises(ImproperlyConfigured):
        deadlines.deadline_rules_parse(rules)
