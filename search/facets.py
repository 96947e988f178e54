"""The facets of a search, defined once.

Each facet's name is its URL parameter, its index field, its key in the engine's counts and in
`SearchParams`, and its column in the bench: `official` everywhere (the index once said
`officials` where URLs said `official`). The index schema (search_indexes, engine.backend), the
engine's counts, the search form, the page's facet list and filter chips, the exports and the
bench all read this list; adding a facet here adds it to each of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from archive.models import Kind, Role, is_article_county

MONTH_LABELS = (
    _("1月"), _("2月"), _("3月"), _("4月"), _("5月"), _("6月"),
    _("7月"), _("8月"), _("9月"), _("10月"), _("11月"), _("12月"),
)


@dataclass(frozen=True)
class Facet:
    name: str
    label: Promise
    values_of: Callable[[object], list[str]]  # an article's values, as the index stores them
    show: Callable[[str], str] = str  # a value as the page shows it
    multi_valued: bool = False  # an article may have several (the index keeps them comma-joined)
    newest_first: bool = False  # listed by value, newest first, rather than by count
    choices: Callable[[], list[tuple[str, str]]] | None = None  # the values a URL may ask for
    well_formed: Callable[[str], bool] | None = None  # or, with no fixed choices, whether a value is one to keep

    def validator(self) -> Callable[[str], bool]:
        """Whether a value from a URL is one to keep (fixed choices read once, here)."""
        if self.choices is not None:
            return {key for key, _label in self.choices()}.__contains__
        return self.well_formed or bool

    def index_value(self, article):
        """What the index stores: the list for a multi-valued facet, else the value or None."""
        values = self.values_of(article)
        if self.multi_valued:
            return values
        return values[0] if values else None


def _edition_date(article):
    return article.page.edition.date


def _people(article, *, reporters: bool) -> list[str]:
    return sorted({m.person.name for m in article.mentions.all() if (m.role == Role.REPORTER) == reporters})


FACETS = (
    Facet(
        "county", _("县区"),
        values_of=lambda a: [a.county] if a.county else [],
        well_formed=is_article_county,  # a place some article is about, looked up one value at a time
    ),
    Facet(
        "year", _("年份"),
        values_of=lambda a: [str(_edition_date(a).year)] if _edition_date(a) else [],
        show=lambda v: gettext("%(year)s年") % {"year": v},
        newest_first=True,
        well_formed=lambda v: bool(re.fullmatch(r"(19|20)\d\d", v)),
    ),
    Facet(
        "month", _("月份"),
        values_of=lambda a: [_edition_date(a).strftime("%Y-%m")] if _edition_date(a) else [],
        show=lambda v: str(MONTH_LABELS[int(v[5:]) - 1]),
        newest_first=True,
        well_formed=lambda v: bool(re.fullmatch(r"(19|20)\d\d-(0[1-9]|1[0-2])", v)),
    ),
    Facet(
        "kind", _("体裁"),
        values_of=lambda a: [a.kind],
        show=lambda v: str(dict(Kind.choices).get(v, v)),
        choices=lambda: Kind.choices,
    ),
    Facet(
        "official", _("官员"),
        values_of=lambda a: _people(a, reporters=False),
        multi_valued=True,
        well_formed=lambda v: 1 < len(v) <= 40,
    ),
    Facet(
        "reporter", _("记者"),
        values_of=lambda a: _people(a, reporters=True),
        multi_valued=True,
        well_formed=lambda v: 1 < len(v) <= 40,
    ),
)
BY_NAME = {facet.name: facet for facet in FACETS}
NAMES = tuple(BY_NAME)
MULTI_VALUED = tuple(facet.name for facet in FACETS if facet.multi_valued)
