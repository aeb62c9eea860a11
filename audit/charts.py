"""Charts rendered on the server as SVG (no JavaScript, no CDN): stacked daily bars and horizontal bars."""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

PALETTE = ["#2f6f9f", "#d9822b", "#3a9a5b", "#b6404a", "#7d5ba6", "#8c6d3f", "#999999"]


def _n(value: float) -> str:
    return f"{value:.1f}"


LEGEND_COLUMNS = 2
LEGEND_COLUMN_WIDTH = 330
LEGEND_MAX_CHARS = 48  # at 11px, a longer label would run into the next column: cut, the full one in its tooltip


def _legend_text(label: str) -> str:
    return label if len(label) <= LEGEND_MAX_CHARS else label[: LEGEND_MAX_CHARS - 1] + "…"


def _tick_days(days: list[date], every: int = 5) -> list[int]:
    """Which days get a date under their bar: every `every`th, counted back from the last (today) so it has one."""
    last = len(days) - 1
    return [i for i in range(len(days)) if (last - i) % every == 0]


def stacked_days(
    *, days: list[date], series: dict[str, list[int]], labels: dict[str, str], title: str, empty: str = ""
) -> SafeString:
    """A stacked bar per day, one colour per series, with a legend in two columns below; with nothing to plot,
    the sentence `empty` (when given) instead of an empty plot."""
    width, height, left, bottom, top = 720, 260, 40, 30, 20
    totals = [sum(values[i] for values in series.values()) for i in range(len(days))]
    if empty and not any(totals):
        return format_html('<p class="custos-chart-empty">{}</p>', empty)
    peak = max(totals, default=0) or 1
    step = (width - left - 10) / max(len(days), 1)
    bars = []
    for i, day in enumerate(days):
        y: float = height - bottom
        for n, (name, values) in enumerate(series.items()):
            h = (height - bottom - top) * values[i] / peak
            if h > 0:
                y -= h
                bars.append(
                    (
                        _n(left + i * step + 1),
                        _n(y),
                        _n(max(step - 2, 1)),
                        _n(h),
                        PALETTE[n % len(PALETTE)],
                        f"{date_format(day, 'DATE_FORMAT')} · "
                        + gettext("%(label)s: %(value)s") % {"label": labels.get(name, name), "value": values[i]},
                    )
                )
    rects = format_html_join("", '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>', bars)
    ticks = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>',
        (
            (_n(left + i * step + step / 2), height - bottom + 14, date_format(days[i], "MONTH_DAY_FORMAT"))
            for i in _tick_days(days)
        ),
    )
    legend = format_html_join(
        "",
        '<rect x="{}" y="{}" width="10" height="10" fill="{}"/>'
        '<text x="{}" y="{}" font-size="11"><title>{}</title>{}</text>',
        (
            (
                left + (n % LEGEND_COLUMNS) * LEGEND_COLUMN_WIDTH,
                height + 10 + (n // LEGEND_COLUMNS) * 16,
                PALETTE[n % len(PALETTE)],
                left + (n % LEGEND_COLUMNS) * LEGEND_COLUMN_WIDTH + 14,
                height + 19 + (n // LEGEND_COLUMNS) * 16,
                labels.get(name, name),
                _legend_text(labels.get(name, name)),
            )
            for n, name in enumerate(series)
        ),
    )
    legend_height = 16 * ((len(series) + LEGEND_COLUMNS - 1) // LEGEND_COLUMNS) + 14
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{}" height="{}" viewBox="0 0 {} {}">'
        "<title>{}</title>"
        '<text x="{}" y="12" font-size="11">{}</text>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#888"/>{}{}{}</svg>',
        width,
        height + legend_height,
        width,
        height + legend_height,
        title,
        left,
        peak,
        left,
        height - bottom,
        width - 10,
        height - bottom,
        rects,
        ticks,
        legend,
    )


def horizontal_bars(*, rows: list[tuple[str, int]], title: str, empty: str = "") -> SafeString:
    """One labelled bar per row, longest first; with no rows, the sentence `empty` (when given)."""
    if empty and not rows:
        return format_html('<p class="custos-chart-empty">{}</p>', empty)
    width, row_height, left = 720, 22, 180
    peak = max((n for _, n in rows), default=0) or 1
    bars = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="12" text-anchor="end">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="16" fill="#2f6f9f"><title>{}: {}</title></rect>'
        '<text x="{}" y="{}" font-size="11">{}</text>',
        (
            (
                left - 6,
                14 + i * row_height,
                label,
                left,
                2 + i * row_height,
                _n((width - left - 60) * n / peak),
                label,
                n,
                _n(left + (width - left - 60) * n / peak + 4),
                14 + i * row_height,
                n,
            )
            for i, (label, n) in enumerate(rows)
        ),
    )
    height = max(len(rows), 1) * row_height + 4
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{}" height="{}" viewBox="0 0 {} {}">'
        "<title>{}</title>{}</svg>",
        width,
        height,
        width,
        height,
        title,
        bars,
    )
