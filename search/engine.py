"""Running a search: the words matched once as an unscored set of documents (remembered for
this version of the index), narrowed by each filter's set, facets counted from those sets, and
only the page shown ranked and loaded."""

from __future__ import annotations

import datetime
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh import sorting

from . import facets as facet_counts
from .analysis import words
from .indexing import backend
from .query import ParsedQuery, Term, parse_query

FACETS = ("county", "year", "month", "kind", "officials", "reporters")
HEADLINE_BOOST = 3.0
_local = threading.local()
_cache_lock = threading.Lock()


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    county: tuple[str, ...] = ()
    year: tuple[str, ...] = ()
    month: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    officials: tuple[str, ...] = ()
    reporters: tuple[str, ...] = ()
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
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    query: ParsedQuery = field(default_factory=lambda: parse_query(""))


def _searcher():
    """One searcher per thread, refreshed (cheaply) when the index has changed."""
    index = backend().index
    searcher = getattr(_local, "searcher", None)
    searcher = index.searcher() if searcher is None or searcher._ix is not index else searcher.refresh()
    _local.searcher = searcher
    return searcher


def warm_up() -> None:
    """Open the index, load jieba's dictionary and the facet values, so a worker forked after
    this (gunicorn --preload) answers its first search at once."""
    run_search(SearchParams(q="预热"))


RESULT_CACHE_SIZE = 256
_result_cache: OrderedDict = OrderedDict()


def run_search(params: SearchParams, *, offset: int = 0, limit: int = 20, facets: bool = True) -> SearchResults:
    """A search's page and facet counts, remembered for this version of the index: the same
    search comes back (the next visitor, the back button, a feed reader) and costs nothing."""
    searcher = _searcher()
    key = (_index_version(searcher), params, offset, limit, facets)
    with _cache_lock:
        if key in _result_cache:
            _result_cache.move_to_end(key)
            return _result_cache[key]
    results = _run_search(searcher, params, offset=offset, limit=limit, facets=facets)
    with _cache_lock:
        _result_cache[key] = results
        while len(_result_cache) > RESULT_CACHE_SIZE:
            _result_cache.popitem(last=False)
    return results


def _run_search(searcher, params: SearchParams, *, offset: int, limit: int, facets: bool) -> SearchResults:
    """Match once as an unscored set of documents, narrow it by the filters, count facets from
    it, and score (or sort) only the page shown."""
    parsed = params.parsed
    matching = _docs(searcher, match_query(parsed)) if parsed.terms else _all_docs(searcher)
    clauses = _filter_docsets(searcher, params)
    selected = _intersect(matching, clauses.values())
    ids = _ordered_ids(searcher, parsed, params.sort, selected, offset + limit)[offset:] if selected and limit else []
    counts = {}
    if facets:
        for name in FACETS:
            # Values within a facet are alternatives: a facet with a choice is counted without
            # it (修武县 chosen, 武陟县 still shows what choosing it adds).
            own_filter_removed = _intersect(matching, [d for f, d in clauses.items() if f != name])
            counts[name] = facet_counts.count(searcher, name, own_filter_removed if name in clauses else selected)
    return SearchResults(ids=ids, total=len(selected), facets=counts, query=parsed)


DOCSET_CACHE_SIZE = 256
_docset_cache: OrderedDict = OrderedDict()


def _ordered_ids(searcher, parsed: ParsedQuery, sort: str, selected: frozenset[int], wanted: int | None) -> list[int]:
    """The first `wanted` (None: all) matching article ids in order. By date: from the sort
    column. By relevance: scored on cheap clauses (jieba words as terms, the query in the
    headline) within the documents already known to match; matches they miss follow."""
    sortedby, reverse = _sorting(sort)
    query = wq.Every() if sortedby else ranking_query(parsed)
    hits = searcher.search(query, filter=set(selected), limit=wanted, sortedby=sortedby, reverse=reverse)
    docnums = [hit.docnum for hit in hits]
    if wanted is None or len(docnums) < wanted:
        seen = set(docnums)
        docnums += [d for d in sorted(selected) if d not in seen][: None if wanted is None else wanted - len(docnums)]
    return [int(searcher.stored_fields(d)["django_id"]) for d in docnums]


def ranking_query(parsed: ParsedQuery) -> wq.Query:
    """What ranks a matching document: the query in its headline (3×), its jieba words as words."""
    clauses = []
    for term in parsed.positive:
        for spelling_runs in term.runs:
            in_headline = wq.And([_run_query("headline", run) for run in spelling_runs])
            in_headline.boost = HEADLINE_BOOST
            clauses.append(in_headline)
    clauses += [wq.Term("words", w) for term in parsed.positive for spelling in (term.text, *term.alternatives) for w in words(spelling)]
    return wq.Or(clauses) if clauses else wq.Every()


def _docs(searcher, query) -> frozenset[int]:
    """The documents matching `query`, unscored; remembered for this version of the index, as
    the same words and filters come back again and again."""
    key = (_index_version(searcher), repr(query))
    with _cache_lock:
        if key in _docset_cache:
            _docset_cache.move_to_end(key)
            return _docset_cache[key]
    docs = frozenset(searcher.docs_for_query(query))
    with _cache_lock:
        _docset_cache[key] = docs
        while len(_docset_cache) > DOCSET_CACHE_SIZE:
            _docset_cache.popitem(last=False)
    return docs


def _index_version(searcher) -> tuple:
    """Which index this is: a rebuilt index restarts its generations, but its segments' ids are
    new random ones."""
    reader = searcher.reader()
    leaves = reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]
    segments = tuple(leaf._segment.segment_id() for leaf, _ in leaves if getattr(leaf, "_segment", None))
    return getattr(searcher._ix.storage, "folder", None), reader.generation(), segments


def _all_docs(searcher) -> frozenset[int]:
    return _docs(searcher, wq.Every())


def _intersect(base: frozenset[int], others) -> frozenset[int]:
    result = base
    for other in sorted(others, key=len):
        result = result & other
    return result


def _filter_docsets(searcher, params: SearchParams) -> dict[str, set[int]]:
    """The documents each chosen filter allows, by facet (and "date" for the range)."""
    docsets = {}
    for facet in FACETS:
        values = params.selected(facet)
        if values:
            docsets[facet] = _docs(searcher, wq.Or([wq.Term(facet, value) for value in values]))
    if params.date_from or params.date_to:
        start = datetime.datetime.combine(params.date_from, datetime.time.min) if params.date_from else None
        end = datetime.datetime.combine(params.date_to, datetime.time.max) if params.date_to else None
        docsets["date"] = _docs(searcher, wq.DateRange("edition_date", start, end))
    return docsets


def all_ids(params: SearchParams) -> list[int]:
    """Every matching article id, in the order the search page shows them."""
    parsed = params.parsed
    searcher = _searcher()
    matching = _docs(searcher, match_query(parsed)) if parsed.terms else _all_docs(searcher)
    selected = _intersect(matching, _filter_docsets(searcher, params).values())
    return _ordered_ids(searcher, parsed, params.sort, selected, None) if selected else []


def match_query(parsed: ParsedQuery) -> wq.Query:
    """What must match: every positive term's bigram phrases in the text, none of the negative."""
    positive = [_term_query(term) for term in parsed.positive]
    query = wq.And(positive) if positive else wq.Every()
    negative = [_term_query(term) for term in parsed.negative]
    return wq.AndNot(query, wq.Or(negative)) if negative else query


def _term_query(term: Term) -> wq.Query:
    """A term matches where any of its spellings has all its runs in the text."""
    spellings = [wq.And([_run_query("text", run) for run in spelling_runs]) for spelling_runs in term.runs]
    return wq.Or(spellings) if len(spellings) > 1 else spellings[0]


def _run_query(field_name: str, run: str) -> wq.Query:
    """A run matches where it is written: a phrase of its bigrams; one character, as a prefix."""
    if len(run) == 1:
        return wq.Prefix(field_name, run)
    bigrams = [run[i : i + 2] for i in range(len(run) - 1)]
    if len(bigrams) == 1:
        return wq.Term(field_name, bigrams[0])
    return wq.Phrase(field_name, bigrams)


def _sorting(sort: str):
    """(sortedby, reverse) for Whoosh; dated articles come before undated ones in both orders."""
    if sort in ("newest", "oldest"):
        by_date = sorting.FieldFacet("edition_date", reverse=sort == "newest")
        return sorting.MultiFacet([sorting.FieldFacet("dated", reverse=True), by_date]), False
    return None, False
