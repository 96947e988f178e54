"""Running a search: the words matched once as an unscored set of documents (remembered for
this version of the index), narrowed by each filter's set, facets counted from those sets, and
only the page shown ranked and loaded. A set of documents is a boolean mask over the index's
document numbers (see postings)."""

from __future__ import annotations

import contextlib
import datetime
import functools
import threading
from collections import OrderedDict

import numpy as np

from ..analysis import runs, words
from ..facets import NAMES as FACETS
from ..params import SearchParams, SearchResults, SearchUnavailable
from ..query import ParsedQuery, Term
from . import adapter, postings
from . import columns as facet_counts
from .indexing import backend

_local = threading.local()
_cache_lock = threading.Lock()


def _reported(function):
    """Any failure of a search raised as SearchUnavailable, so every caller tells it from a bug
    of its own and nothing computed from a failed read is kept."""

    @functools.wraps(function)
    def searching(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except Exception as error:
            _forget_searcher()  # it may have read a broken file: the next search opens afresh
            raise SearchUnavailable(f"{type(error).__name__}: {error}") from error

    return searching


def _searcher():
    """One searcher per thread, refreshed (cheaply) when the index has changed, and a new one
    on the new index when a rebuild has gone live (the old one's files closed)."""
    index = backend().index
    searcher = getattr(_local, "searcher", None)
    if searcher is not None and adapter.searcher_index(searcher) is not index:
        _forget_searcher()
        searcher = None
    searcher = index.searcher() if searcher is None else searcher.refresh()
    _local.searcher = searcher
    return searcher


def _forget_searcher() -> None:
    """Drop this thread's searcher before closing it: a searcher that failed to close (its
    readers closed already by a failed open) must not stay to fail every later search."""
    searcher, _local.searcher = getattr(_local, "searcher", None), None
    if searcher is not None:
        with contextlib.suppress(Exception):
            searcher.close()


def warm_up() -> None:
    """Open the index, load jieba's dictionary, the facet values, dates, text lengths and where
    each segment's stored fields are, and read the archive's commonest words, so a worker forked
    after this (gunicorn --preload) answers its first search at once: each of these is read
    once per segment (≈ 5 ms each at 10,000 articles a segment), which a first search would
    otherwise pay for every segment."""
    run_search(SearchParams(q="预热"))
    searcher = _searcher()
    facet_counts.dates(searcher)
    for name in FACETS:
        facet_counts.column(searcher, name)
    for leaf, _ in postings.leaves(searcher):
        postings.segment_length_bytes(leaf, "words")
        if leaf.doc_count_all():
            leaf.stored_fields(0)
    _read_commonest_words(searcher)


# What warm_up spends on the archive's commonest words (of postings.segment_cache's 256 MB), and
# how common a word must be to be worth it: in a quarter of the largest segment's articles.
COMMON_WORDS_BYTES = 96 * 2**20
COMMON_WORD_SHARE = 1 / 4


def _read_commonest_words(searcher) -> None:
    """The archive's commonest words (of two characters or more, by how many articles of the
    largest segment hold them) matched in text and headlines and scored in every segment,
    commonest first, until COMMON_WORDS_BYTES are spent: 工作, 建设, 发展 are in most articles,
    and a worker's first search for one read all their postings (at 1M articles 200–400 ms,
    once). Under gunicorn --preload the master reads them and its workers share those pages."""
    segments = postings.leaves(searcher)
    if not segments or COMMON_WORDS_BYTES <= 0:
        return
    largest = max((leaf for leaf, _ in segments), key=lambda leaf: leaf.doc_count_all())
    least = COMMON_WORD_SHARE * largest.doc_count_all()
    held = ((info.doc_frequency(), text.decode("utf-8")) for text, info in largest.iter_field("words"))
    spent = 0
    for _, word in sorted(((count, word) for count, word in held if count >= least and len(word) > 1), reverse=True):
        if spent >= COMMON_WORDS_BYTES:
            break
        for leaf, _ in segments:
            spent += sum(part.nbytes for part in postings.segment_scoring(leaf, "words", word))
            spent += sum(postings.segment_run_docs(leaf, field, run).nbytes for run in runs(word) for field in ("text", "headline"))


RESULT_CACHE_SIZE = 256
_result_cache: OrderedDict = OrderedDict()


@_reported
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
    everything = _all_docs(searcher)
    matching = _match(searcher, parsed, everything)
    clauses = _filter_docsets(searcher, params)
    selected = _intersect(matching, clauses.values())
    total = int(np.count_nonzero(selected))
    ids = _ordered_ids(searcher, parsed, params.sort, selected, offset + limit)[offset:] if total and limit else []
    counts = {}
    if facets:
        selected_set = facet_counts.DocumentSet(selected)
        for name in FACETS:
            # Values within a facet are alternatives: a facet with a choice is counted without
            # it (修武县 chosen, 武陟县 still shows what choosing it adds).
            if name in clauses:
                docs = facet_counts.DocumentSet(_intersect(matching, [d for f, d in clauses.items() if f != name]))
            else:
                docs = selected_set
            counts[name] = facet_counts.count(searcher, name, docs)
    return SearchResults(ids=ids, total=total, facets=counts, query=parsed)


# Document sets of whole queries and filters, for this version of the index: 100 kB each at
# 100,000 articles.
_docset_cache = postings.SizedCache(64 * 2**20)


def _cached_docs(searcher, key, compute) -> np.ndarray:
    """A document set remembered for this version of the index: the same words and filters
    come back again and again."""
    key = (_index_version(searcher), key)
    docs = _docset_cache.get(key)
    if docs is None:
        docs = compute()
        _docset_cache.put(key, docs)
    return docs


def _match(searcher, parsed: ParsedQuery, everything: np.ndarray) -> np.ndarray:
    """Documents with every positive term and none of the negative ones (all when no words)."""
    if not parsed.terms:
        return everything
    return _cached_docs(searcher, ("match", parsed.terms), lambda: _match_terms(searcher, parsed, everything))


def _match_terms(searcher, parsed: ParsedQuery, everything: np.ndarray) -> np.ndarray:
    docs = _intersect(everything, [_term_docs(searcher, "text", term) for term in parsed.positive])
    for term in parsed.negative:
        docs = docs & ~_term_docs(searcher, "text", term)
    return docs


def _term_docs(searcher, field: str, term: Term) -> np.ndarray:
    """A term matches where any of its spellings has all its runs in the text, as written
    (deleted documents included: the caller narrows to live ones)."""
    found = np.zeros(postings.doc_count(searcher), dtype=bool)
    for spelling_runs in term.runs:
        sets = [postings.run_docs(searcher, field, run) for run in spelling_runs]
        found |= _intersect(sets[0], sets[1:])
    return found


def _ordered_ids(searcher, parsed: ParsedQuery, sort: str, selected: np.ndarray, wanted: int | None) -> list[int]:
    """The first `wanted` (None: all) matching article ids in order: by date from the date
    column, or by relevance (see `_relevance_order`), ties in index order."""
    if sort in ("newest", "oldest"):
        docnums = np.flatnonzero(selected)
        dates = facet_counts.dates(searcher)[docnums]
        missing = facet_counts.MISSING_DATE
        if sort == "newest":
            # An undated article's date is the column's maximum: keep it there, last, and
            # reverse the others.
            dates = np.where(dates == missing, missing, missing - 1 - dates)
        docnums = docnums[np.lexsort((docnums, dates))][:wanted].tolist()
    else:
        docnums = _relevance_order(searcher, parsed, selected, wanted)
    return [int(searcher.stored_fields(d)["django_id"]) for d in docnums]


def _relevance_order(searcher, parsed: ParsedQuery, selected: np.ndarray, wanted: int | None) -> list[int]:
    """Matching documents with more of the query's terms in the headline first, then by BM25
    of the query's jieba words in the text; the rest (no word found as a jieba word) after
    them in index order."""
    in_headline = np.zeros(len(selected), dtype=np.int16)  # a query's terms: far fewer than 2**15
    for term in parsed.positive:
        in_headline += _term_docs(searcher, "headline", term) & selected
    lowest, needed = _lowest_level_shown(np.bincount(in_headline), wanted)
    query_words = [w for term in parsed.positive for spelling in (term.text, *term.alternatives) for w in words(spelling)]
    # When the page is all headline matches, only they need a score: a common word's headlines
    # are a few percent of the thousands of articles it is in.
    scored = selected if lowest == 0 else in_headline >= lowest
    scores = postings.bm25_scores(searcher, "words", query_words, scored)
    ranks = (in_headline > 0) | (scores > 0)
    ranked = np.flatnonzero(ranks)
    if wanted is not None and len(ranked) > wanted:
        ranked = _best(ranked, in_headline[ranked], scores[ranked], lowest, needed)
    order = ranked[np.lexsort((ranked, -scores[ranked], -in_headline[ranked]))]
    if wanted is not None and len(order) >= wanted:
        return order[:wanted].tolist()
    rest = np.flatnonzero(selected & ~ranks)
    return np.concatenate((order, rest))[:wanted].tolist()


def _lowest_level_shown(levels: np.ndarray, wanted: int | None) -> tuple[int, int | None]:
    """The fewest headline matches an article on the page can have, and how many of the page
    are at that level: the level where the first `wanted` run out when whole levels (articles
    by their count of terms in the headline) are taken from the top; 0 when the page reaches
    articles with no term in their headline."""
    if wanted is None:
        return 0, None
    above = 0
    for level in range(len(levels) - 1, 0, -1):
        if above + int(levels[level]) >= wanted:
            return level, wanted - above
        above += int(levels[level])
    return 0, wanted - above


def _best(ranked: np.ndarray, in_headline: np.ndarray, scores: np.ndarray, level: int, needed: int) -> np.ndarray:
    """Of the ranked documents, those that can be among the first shown: every one above the
    lowest `level` shown and the `needed` best scored at it (all of any tie at the cut), found
    by partition rather than by sorting them all: a common word ranks most of the archive, and
    the page shows 20."""
    at_level = np.flatnonzero(in_headline == level)
    level_scores = scores[at_level]
    cut = np.partition(level_scores, len(level_scores) - needed)[len(level_scores) - needed]
    chosen = np.concatenate((np.flatnonzero(in_headline > level), at_level[level_scores >= cut]))
    return ranked[chosen]


def _index_version(searcher) -> tuple:
    """Which index this is: a rebuilt index restarts its generations, but its segments' ids are
    new random ones. Worked out once per searcher (a changed index gets a new one)."""
    version = getattr(searcher, "_archive_version", None)
    if version is None:
        segments = tuple(postings.segment_id(leaf) for leaf, _ in postings.leaves(searcher))
        version = getattr(adapter.searcher_index(searcher).storage, "folder", None), searcher.reader().generation(), segments
        searcher._archive_version = version
    return version


def _all_docs(searcher) -> np.ndarray:
    return _cached_docs(searcher, "all", lambda: postings.live_docs(searcher))


def _intersect(base: np.ndarray, others) -> np.ndarray:
    result = base
    for other in others:
        result = result & other
    return result


def _filter_docsets(searcher, params: SearchParams) -> dict[str, np.ndarray]:
    """The documents each chosen filter allows, by facet (and "date" for the range)."""
    docsets = {}
    for facet in FACETS:
        values = params.selected(facet)
        if values:
            docsets[facet] = _any_value(searcher, facet, values)
    if params.date_from or params.date_to:
        docsets["date"] = _dated_between(searcher, params.date_from, params.date_to)
    return docsets


def _dated_between(searcher, first: datetime.date | None, last: datetime.date | None) -> np.ndarray:
    """From the date column, whose stored numbers sort as the dates do."""
    as_stored = searcher.schema["edition_date"].to_column_value
    dates = facet_counts.dates(searcher)
    found = dates != facet_counts.MISSING_DATE
    if first:
        found &= dates >= as_stored(datetime.datetime.combine(first, datetime.time.min))
    if last:
        found &= dates <= as_stored(datetime.datetime.combine(last, datetime.time.max))
    return found


def _any_value(searcher, facet: str, values) -> np.ndarray:
    def documents_with_any():
        found = np.zeros(postings.doc_count(searcher), dtype=bool)
        for value in values:
            found |= postings.term_docs(searcher, facet, value)
        return found

    return _cached_docs(searcher, (facet, values), documents_with_any)


@_reported
def all_ids(params: SearchParams) -> list[int]:
    """Every matching article id, in the order the search page shows them."""
    parsed = params.parsed
    searcher = _searcher()
    matching = _match(searcher, parsed, _all_docs(searcher))
    selected = _intersect(matching, _filter_docsets(searcher, params).values())
    return _ordered_ids(searcher, parsed, params.sort, selected, None)


