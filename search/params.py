"""What a search asks and what it answers, as plain data: the same for every engine behind
search.api, and for every caller (page, exports, feeds, command line)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .query import ParsedQuery, parse_query


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    # One field per facet of search.facets, by the facet's name (tests/unit/test_facets.py).
    county: tuple[str, ...] = ()
    year: tuple[str, ...] = ()
    month: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    official: tuple[str, ...] = ()
    reporter: tuple[str, ...] = ()
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    sort: str = "relevance"  # relevance | newest | oldest

    @property
    def parsed(self) -> ParsedQuery:
        return parse_query(self.q)

    def selected(self, facet: str) -> tuple[str, ...]:
        return getattr(self, facet)


@dataclass(frozen=True)
class SearchResults:
    ids: list[int]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)  # facet name → value → count
    query: ParsedQuery = field(default_factory=lambda: parse_query(""))


class SearchUnavailable(Exception):
    """The index could not answer (unreadable, corrupt, written by another version): the
    caller reports it, with the original exception and its traceback chained."""
