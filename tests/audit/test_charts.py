"""The auditor's charts: today's bar has its date, the legend never overlaps, and an empty series says so in words
instead of drawing an empty plot."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from audit import charts
from supportrecords import roles
from tests.auth import staff_login


def _days(n: int = 30) -> list[date]:
    today = date(2026, 12, 5)
    return [today - timedelta(days=n - 1 - i) for i in range(n)]


def test_the_last_day_has_a_date_under_its_bar_in_the_current_language():
    days = _days()
    for language, today in (("en", "5 Dec"), ("zh-hans", "12月5日")):
        with translation.override(language):
            svg = str(charts.stacked_days(days=days, series={"a": [1] * 30}, labels={"a": "A"}, title="t"))
        ticks = re.findall(r'text-anchor="middle">([^<]+)<', svg)
        assert ticks[-1] == today, ticks
        assert len(ticks) == 6


def test_the_legend_sits_in_two_columns_and_long_labels_are_cut_with_the_full_text_in_a_tooltip():
    labels = {f"s{i}": f"Action number {i} " + "with a very long human label " * 3 for i in range(7)}
    series = {name: [i + 1] * 30 for i, name in enumerate(labels)}
    svg = str(charts.stacked_days(days=_days(), series=series, labels=labels, title="t"))
    legend = re.findall(r'<text x="(\d+)" y="(\d+)" font-size="11"><title>([^<]*)</title>([^<]*)</text>', svg)
    assert len(legend) == 7
    assert len({x for x, _y, _full, _shown in legend}) == 2
    for x, _y, full, shown in legend:
        assert len(shown) <= charts.LEGEND_MAX_CHARS and shown.endswith("…") and full.startswith(shown[:-1])
        assert int(x) + 6.5 * len(shown) < int(x) - 14 + charts.LEGEND_COLUMN_WIDTH + 14  # fits its column
    height = int(re.search(r'<svg[^>]* height="(\d+)"', svg).group(1))  # type: ignore[union-attr]  # present
    assert max(int(y) for _x, y, _f, _s in legend) < height


def test_an_empty_period_is_said_in_words_not_drawn():
    zero = charts.stacked_days(days=_days(), series={"incidents": [0] * 30}, labels={}, title="t", empty="None here.")
    assert "<svg" not in zero and "None here." in zero
    assert "<svg" in charts.stacked_days(days=_days(), series={"incidents": [0] * 30}, labels={}, title="t")
    assert "<svg" not in charts.horizontal_bars(rows=[], title="t", empty="Nobody.")


@pytest.mark.django_db
def test_the_charts_page_without_incidents_says_so(client, make_user):
    auditor = make_user(roles.AUDITOR)
    staff_login(client, auditor)
    html = client.get(reverse("admin:audit_auditevent_charts")).content.decode()
    assert "No incidents in this period." in html
    assert html.count("<figure><svg") == 1  # the events (the login wrote some); no reads, no incidents
    today = date_format(timezone.now().date(), "MONTH_DAY_FORMAT")
    assert f">{today}</text>" in html


@pytest.mark.django_db
def test_reads_per_staff_member_count_as_the_customer_and_staff_pages_do():
    """A newcomer saw admin with 4 reads in the chart and 5 for one customer alone: the chart counted opening a
    ticket only, the pages reveals and exports too."""
    from audit import selectors, targets
    from audit.services import audit_record
    from tests.factories import UserFactory

    agent = UserFactory(role=roles.AGENT)
    for action in ("ticket.view_content", "ticket.view_content", "message.reveal", "customer.reveal"):
        audit_record(actor=agent, action=action, target_type=targets.TICKET, target_id=1, customer_id=42)
    charted = dict(selectors.reads_per_agent())
    summary = {s.actor_id: s.content_reads for s in selectors.customer_access_summary(customer_id=42)}
    daily = sum(day["reads"] for day in selectors.staff_activity(actor_id=agent.pk)["per_day"])
    assert charted[agent.username] == summary[agent.pk] == daily == 4
