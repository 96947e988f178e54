"""The one interface to search. Views, exports, feeds, the admin (through signals) and the
management commands call these and nothing under search/engine/, which is Whoosh's.

Another engine (Elasticsearch or OpenSearch through haystack, say) would replace
search/engine/ behind these same functions; the contract it must keep is what
tests/integration/test_search.py checks: every answer equal to a substring oracle over the
database, and every facet count exact (docs/scaling.md).
"""

from __future__ import annotations

from .engine import indexing as _indexing
from .engine import searching as _searching
from .engine.backend import CLEAR_REFUSED
from .highlight import highlight, query_marker, snippet
from .params import SearchParams, SearchResults, SearchUnavailable

__all__ = [
    "SearchParams", "SearchResults", "SearchUnavailable", "CLEAR_REFUSED",
    "search", "ids", "highlight", "snippet", "query_marker",
    "index", "index_later", "rebuild", "why_rebuild", "repair", "indexed_count", "tidy", "warm_up",
]


def search(params: SearchParams, *, offset: int = 0, limit: int = 20, facets: bool = True) -> SearchResults:
    """A page of matching article ids (in the order asked), the total, and exact facet counts."""
    return _searching.run_search(params, offset=offset, limit=limit, facets=facets)


def ids(params: SearchParams) -> list[int]:
    """Every matching article id, in the order the search page shows them."""
    return _searching.all_ids(params)


def index(article_ids) -> None:
    """Make the index agree with the database for these (committed) articles."""
    _indexing.index_articles(article_ids)


def index_later(article_id: int) -> None:
    """Index this article once the current transaction commits."""
    _indexing.index_later(article_id)


def rebuild() -> int:
    """Rebuild the whole index from the database and make it live in one step; its size."""
    return _indexing.rebuild()


def why_rebuild() -> str | None:
    """Why the index on disk cannot serve this version, in one line; None when it can."""
    return _indexing.why_rebuild()


def repair() -> _indexing.Repair:
    """Make the index agree with the database article by article (their revisions compared):
    what it lacks, holds stale or should no longer hold is written; 待索引 marks are cleared."""
    return _indexing.repair()


def indexed_count() -> int:
    return _indexing.indexed_count()


def tidy() -> list[str]:
    """Remove index directories no longer live."""
    return _indexing.tidy()


def warm_up() -> None:
    """Load what a first search needs, so workers forked after it answer at once."""
    _searching.warm_up()


# Old names, for callers not yet moved to the ones above.
run_search = search
all_ids = ids
