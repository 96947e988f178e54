"""A person's career as the archive saw it: their posts as bars on a time axis (drawn as SVG on
the server), the evidence behind each bar, the people they appear with most, the places served.

Posts in unrelated places (two cities, no province between them) are kept as separate careers:
the same name there may be two people, and only an editor can say they are one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse

from .models import Mention, Person, Role
from .parsing.posts import post_names, post_title, same_area
from .posts import person_evidence
from .tenures import Evidence, Tenure, tenures

# The SVG's geometry, in its own units (it scales to the page's width).
WIDTH = 760
LABEL_WIDTH = 210  # room for 示范区党工委常务副书记 at 13px
CHART_RIGHT = WIDTH - 16
ROW_HEIGHT = 28
AXIS_HEIGHT = 26
MIN_BAR = 6  # a post seen on one day is still a visible mark
COMPANIONS = 10


@dataclass
class CareerRow:
    anchor: str
    title: str  # 修武县委书记
    jurisdiction: str
    tenure: Tenure
    x: float = 0
    width: float = 0
    y: float = 0

    @property
    def dated(self) -> bool:
        return self.tenure.first_seen is not None

    @property
    def undated_evidence(self) -> list[Evidence]:
        return [item for item in self.tenure.evidence if item.date is None]


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Career:
    """One career: posts in places near each other, on one time axis."""

    rows: list[CareerRow]
    ticks: list[Tick] = field(default_factory=list)
    height: float = 0
    width: int = WIDTH
    chart_left: int = LABEL_WIDTH
    chart_right: int = CHART_RIGHT
    axis_y: int = AXIS_HEIGHT

    @property
    def places(self) -> list[str]:
        return list(dict.fromkeys(row.jurisdiction for row in self.rows))


@dataclass(frozen=True)
class Companion:
    name: str
    url: str
    articles: int


@dataclass(frozen=True)
class PlaceServed:
    name: str
    url: str
    first_seen: datetime.date | None
    last_seen: datetime.date | None


@dataclass
class PersonCareer:
    careers: list[Career]
    companions: list[Companion]
    places: list[PlaceServed]


def person_career(*, person: Person) -> PersonCareer:
    evidence = person_evidence(person=person)
    found = [tenure for holders in tenures(evidence).values() for tenure in holders]
    careers = [_laid_out(group, index) for index, group in enumerate(_by_area(found))]
    return PersonCareer(careers, _companions(person), _places_served(found))


def _by_area(found: list[Tenure]) -> list[list[Tenure]]:
    """Tenures grouped so that places in one group are near each other (see same_area)."""
    groups: list[list[Tenure]] = []
    for tenure in sorted(found, key=_chronological):
        near = [g for g in groups if any(same_area(tenure.jurisdiction, t.jurisdiction) for t in g)]
        merged = [tenure] + [t for g in near for t in g]
        groups = [g for g in groups if g not in near] + [merged]
    for group in groups:
        group.sort(key=_chronological)
    return sorted(groups, key=lambda group: _chronological(group[0]))


def _chronological(tenure: Tenure):
    order = post_names(tenure.jurisdiction)
    rank = order.index(tenure.post) if tenure.post in order else len(order)
    return (tenure.first_seen is None, tenure.first_seen or datetime.date.min, rank, tenure.jurisdiction)


def _laid_out(group: list[Tenure], index: int) -> Career:
    rows = [
        CareerRow(f"career-{index + 1}-{n + 1}", post_title(t.jurisdiction, t.post), t.jurisdiction, t)
        for n, t in enumerate(group)
    ]
    career = Career(rows, height=AXIS_HEIGHT + ROW_HEIGHT * len(rows) + 8)
    dates = [day for t in group for day in (t.first_seen, t.last_seen) if day]
    for n, row in enumerate(rows):
        row.y = AXIS_HEIGHT + ROW_HEIGHT * n + 6
    if not dates:
        return career
    start = datetime.date(min(dates).year, 1, 1)
    end = datetime.date(max(dates).year + 1, 1, 1)
    span = (end - start).days
    scale = (CHART_RIGHT - LABEL_WIDTH) / span

    def x_of(day: datetime.date) -> float:
        return round(LABEL_WIDTH + (day - start).days * scale, 1)

    years = range(start.year, end.year + 1)
    step = 1 if len(years) <= 12 else 2 if len(years) <= 24 else 5
    career.ticks = [Tick(x_of(datetime.date(year, 1, 1)), f"{year}") for year in years if year % step == 0]
    for row in rows:
        if row.dated:
            row.x = x_of(row.tenure.first_seen)
            row.width = max(MIN_BAR, round(x_of(row.tenure.last_seen) - row.x, 1))
            row.x = min(row.x, CHART_RIGHT - row.width)
    return career


def _companions(person: Person) -> list[Companion]:
    """The officials named most often in the same articles, with how many articles."""
    articles = Mention.objects.filter(person=person, article__isnull=False).values("article")
    together = (
        Mention.objects.filter(article__in=articles, role=Role.OFFICIAL)
        .exclude(person=person)
        .values("person__name")
        .annotate(articles=Count("article", distinct=True))
        .order_by("-articles", "person__name")[:COMPANIONS]
    )
    return [
        Companion(row["person__name"], reverse("archive:person", args=[row["person__name"]]), row["articles"])
        for row in together
    ]


def _places_served(found: list[Tenure]) -> list[PlaceServed]:
    spans: dict[str, list] = {}
    for tenure in sorted(found, key=_chronological):
        span = spans.setdefault(tenure.jurisdiction, [])
        span += [day for day in (tenure.first_seen, tenure.last_seen) if day]
    return [
        PlaceServed(place, reverse("archive:jurisdiction_posts", args=[place]), min(days, default=None), max(days, default=None))
        for place, days in spans.items()
    ]
