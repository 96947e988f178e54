"""A subject over time: a search's matching articles per month (per year over a long span), as a
share of the articles the archive holds for that period, so a thin year does not look quiet.
Split by county when counties are chosen (each county's share of its own articles). The chart
is drawn on the server as SVG (readable without JavaScript), and its table is a CSV.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from archive.exporting import BOM

from .api import SearchParams, run_search

# More months than this between the first and the last period with articles: bins by year (a
# 30-year archive would be 360 bars, none wide enough to point at).
LONG_SPAN_MONTHS = 36
COLOURS = ("#8b1a1a", "#1f5f99", "#2e7d32", "#b35c00", "#6a3d9a", "#00796b")
WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 8, 12, 30
NICE_MAXIMA = (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0)
MAX_X_LABELS = 8
MAX_BAR_WIDTH = 40


@dataclass(frozen=True)
class Point:
    period: str  # "2020-03" or "2020"
    matching: int
    total: int  # the archive's articles in the period (of the county, when split)

    @property
    def share(self) -> float | None:
        return self.matching / self.total if self.total else None

    @property
    def percent(self) -> str:
        return _percent(self.share)


@dataclass(frozen=True)
class Series:
    county: str  # "" when not split by county
    points: list[Point]


@dataclass(frozen=True)
class Timeline:
    by: str  # "month" or "year"
    series: list[Series]
    undated: int  # matching articles whose edition has no date: in no period

    @property
    def periods(self) -> list[str]:
        return [p.period for p in self.series[0].points] if self.series else []

    @property
    def matching(self) -> int:
        return sum(p.matching for s in self.series for p in s.points)


def subject_timeline(params: SearchParams, *, total: int) -> Timeline:
    """The timeline of a search (`total`: its number of matching articles, dated or not)."""
    window = SearchParams(year=params.year, month=params.month, date_from=params.date_from, date_to=params.date_to)
    groups = [(c, replace(params, county=(c,)), replace(window, county=(c,))) for c in params.county]
    groups = groups or [("", params, window)]
    matching = {name: _month_counts(search, params.month) for name, search, _ in groups}
    archive = {name: _month_counts(base, params.month) for name, _, base in groups}
    timeline = timeline_from_counts(matching, archive)
    return replace(timeline, undated=max(0, total - timeline.matching))


def _month_counts(params: SearchParams, months: tuple[str, ...]) -> dict[str, int]:
    counts = run_search(params, limit=0).facets.get("month", {})
    # A facet with a choice is counted without it (search.engine): keep only the months chosen.
    return {m: n for m, n in counts.items() if m in months} if months else counts


def timeline_from_counts(matching: dict[str, dict[str, int]], archive: dict[str, dict[str, int]]) -> Timeline:
    """Per series (a county, or "" for the whole search): matching and archive counts by month
    ("YYYY-MM") → every period from the first to the last with archive articles, by month or,
    over a long span, by year."""
    months = sorted({m for counts in archive.values() for m, n in counts.items() if n})
    if not months:
        return Timeline("month", [Series(name, []) for name in matching], 0)
    first, last = _month_number(months[0]), _month_number(months[-1])
    by = "year" if last - first + 1 > LONG_SPAN_MONTHS else "month"
    if by == "month":
        periods = [f"{n // 12}-{n % 12 + 1:02d}" for n in range(first, last + 1)]
    else:
        periods = [str(y) for y in range(first // 12, last // 12 + 1)]
    series = [
        Series(name, [Point(p, _in_period(matching[name], p), _in_period(archive[name], p)) for p in periods])
        for name in matching
    ]
    return Timeline(by, series, 0)


def _month_number(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def _in_period(counts: dict[str, int], period: str) -> int:
    return sum(n for m, n in counts.items() if m.startswith(period))


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    y_ticks: list[tuple[float, str]]  # (y, "25%")
    x_labels: list[tuple[float, str]]  # (x, "2020-03")
    legend: list[tuple[str, str]]  # (colour, county)
    plot_left: int
    plot_bottom: int
    plot_right: int


def chart(timeline: Timeline) -> Chart:
    """Grouped bars, one group a period and one bar a series, their heights the shares."""
    periods = timeline.periods
    top = max((p.share or 0 for s in timeline.series for p in s.points), default=0)
    maximum = next((m for m in NICE_MAXIMA if top <= m), 1.0)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(1, len(periods))
    bar_w = min(MAX_BAR_WIDTH, slot * 0.8 / max(1, len(timeline.series)))
    gap = (slot - bar_w * len(timeline.series)) / 2  # a period's bars centred in its slot
    bars = []
    for index, series in enumerate(timeline.series):
        colour = COLOURS[index % len(COLOURS)]
        for position, point in enumerate(series.points):
            if not point.matching or not point.total:
                continue
            height = plot_h * point.share / maximum
            x = LEFT + position * slot + gap + index * bar_w
            bars.append(Bar(round(x, 1), round(TOP + plot_h - height, 1), round(bar_w, 1), round(height, 1), colour,
                            _bar_title(series, point)))
    y_ticks = [(round(TOP + plot_h * (1 - f), 1), _percent(maximum * f)) for f in (0, 0.5, 1)]
    step = max(1, -(-len(periods) // MAX_X_LABELS))
    x_labels = [(round(LEFT + (i + 0.5) * slot, 1), p) for i, p in enumerate(periods) if i % step == 0]
    legend = [(COLOURS[i % len(COLOURS)], s.county) for i, s in enumerate(timeline.series) if s.county]
    return Chart(WIDTH, HEIGHT, bars, y_ticks, x_labels, legend, LEFT, TOP + plot_h, WIDTH - RIGHT)


def _bar_title(series: Series, point: Point) -> str:
    text = _("%(period)s：%(matching)s / %(total)s 篇（%(share)s）") % {
        "period": point.period, "matching": point.matching, "total": point.total, "share": _percent(point.share)}
    return f"{series.county} {text}" if series.county else text


def _percent(share: float | None) -> str:
    if share is None:
        return "—"
    return f"{share * 100:.1f}%".replace(".0%", "%")


CSV_HEADER = ("时期", "县区", "匹配文章", "档案文章", "占比")


def timeline_csv_chunks(timeline: Timeline) -> Iterator[str]:
    """The chart's table: a UTF-8 BOM, a Chinese header and CRLF rows, like the other CSVs; the
    share as a fraction (empty where the archive holds nothing for the period)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for series in timeline.series:
        for point in series.points:
            share = "" if point.share is None else f"{point.share:.4f}"
            writer.writerow([point.period, series.county, point.matching, point.total, share])
    yield BOM + buffer.getvalue()
