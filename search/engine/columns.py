"""Facet counts from document sets.

Whoosh's own grouping walks every match in Python for every facet, per query. Here each field's
values are read once per index segment from its column (segments never change, so a new write
only costs its own new segment) as (document, value code) pairs, and a count is one
`np.bincount` over the codes of the set's documents, or of the documents outside a set of most
of the index (subtracted from every document's counts): the cost follows the smaller side.
"""

from __future__ import annotations

import threading
from typing import NamedTuple

import numpy as np

from ..facets import MULTI_VALUED
from .adapter import bytes_column, numeric_column
from .postings import leaves, segment_id

MISSING_DATE = np.uint64(2**64 - 1)  # Whoosh's numeric column default: the document has no date
_cache: dict[tuple, object] = {}
_lock = threading.Lock()
MAX_CACHED = 2048


class FacetColumn(NamedTuple):
    """A field's values: `labels[code]`, and for each (document, value) pair its document
    number and value code (a document has none, one, or for officials several); for a field of
    one value at most, `by_doc[document]` is its code (len(labels) when it has none), else
    `first[document]` is where its pairs start (the pairs are in document order); and each
    value's count over every document of the index."""

    labels: list[str]
    docs: np.ndarray
    codes: np.ndarray
    by_doc: np.ndarray | None = None
    first: np.ndarray | None = None
    everywhere: np.ndarray | None = None


def _remembered(key, compute):
    found = _cache.get(key)
    if found is None:
        found = compute()
        with _lock:
            if len(_cache) > MAX_CACHED:
                _cache.clear()
            _cache[key] = found
    return found


def _segment_column(reader, field: str) -> FacetColumn:
    """A field's values in one segment, read from its column at once."""
    known: dict[str, int] = {}
    docs, codes = [], []
    if reader.has_column(field):
        for doc, value in enumerate(bytes_column(reader.column_reader(field, translate=False))):
            text = value.decode("utf-8")
            # As the field's own tokenizer reads it: officials split at commas, blanks stripped.
            for one in filter(None, map(str.strip, text.split(",") if field in MULTI_VALUED else [text])):
                docs.append(doc)
                codes.append(known.setdefault(one, len(known)))
    return FacetColumn(list(known), np.array(docs, dtype=np.int32), np.array(codes, dtype=np.int32))


# Per facet (and "dates"): the value over the latest set of segments, and that set. Only the
# latest is kept: at 1M articles a facet's is ≈ 10 MB, and every correction makes a new set.
_whole_index: dict[str, tuple] = {}


def _for_segments(segments, name: str, compute):
    key = tuple(segment_id(leaf) for leaf, _ in segments)
    known = _whole_index.get(name)
    if known is not None and known[0] == key:
        return known[1]
    value = compute()
    with _lock:
        _whole_index[name] = (key, value)
    return value


def column(searcher, field: str) -> FacetColumn:
    """`field`'s values over the searcher's whole index, built once for this set of segments
    from each segment's (remembered) values."""
    segments = leaves(searcher)

    def combined():
        values = _combine([(offset, _segment_values(leaf, field)) for leaf, offset in segments])
        documents = searcher.reader().doc_count_all()
        if field in MULTI_VALUED:
            values = values._replace(first=np.searchsorted(values.docs, np.arange(documents + 1)).astype(np.int32))
        else:
            # Each document's code is all a count reads: the pairs are not kept (at 1M articles,
            # 8 MB a facet instead of 24).
            by_doc = np.full(documents, len(values.labels), dtype=np.int32)
            by_doc[values.docs] = values.codes
            values = values._replace(docs=_NONE, codes=_NONE, by_doc=by_doc)
        return values._replace(everywhere=_counts(values, np.arange(documents)))

    return _for_segments(segments, field, combined)


_NONE = np.empty(0, dtype=np.int32)


def _segment_values(leaf, field: str) -> FacetColumn:
    return _remembered((segment_id(leaf), field), lambda: _segment_column(leaf, field))


def _combine(parts) -> FacetColumn:
    known: dict[str, int] = {}
    docs, codes = [np.empty(0, np.int32)], [np.empty(0, np.int32)]
    for offset, part in parts:
        global_code = np.array([known.setdefault(label, len(known)) for label in part.labels], dtype=np.int32)
        docs.append(part.docs + np.int32(offset))
        codes.append(global_code[part.codes] if len(global_code) else part.codes)
    return FacetColumn(list(known), np.concatenate(docs), np.concatenate(codes))


class DocumentSet:
    """A set of documents (a mask) to count facets in, and the document numbers of whichever is
    smaller, the set or the rest, worked out once for all the facets counted in it."""

    def __init__(self, mask: np.ndarray):
        self.mask = mask
        self.most = np.count_nonzero(mask) * 2 > len(mask)
        self._numbers = None

    def smaller_side(self) -> np.ndarray:
        if self._numbers is None:
            self._numbers = np.flatnonzero(~self.mask if self.most else self.mask)
        return self._numbers


def count(searcher, field: str, docs: DocumentSet) -> dict[str, int]:
    """Each value's number of documents in the set, values found only: counted over the set's
    documents, or for a set of most of the index (a common word, no words at all) every
    document's counts less those of the documents outside it: the cost follows the smaller."""
    values = column(searcher, field)
    counts = _counts(values, docs.smaller_side())
    if docs.most:
        counts = values.everywhere - counts
    return {values.labels[code]: int(counts[code]) for code in np.flatnonzero(counts)}


def _counts(values: FacetColumn, docnums: np.ndarray) -> np.ndarray:
    """Each value code's count of documents among `docnums` (ascending)."""
    if values.by_doc is not None:
        return np.bincount(values.by_doc[docnums], minlength=len(values.labels) + 1)[:-1]
    starts, ends = values.first[docnums], values.first[docnums + 1]
    sizes = ends - starts
    pairs = np.repeat(starts - np.cumsum(sizes) + sizes, sizes) + np.arange(int(sizes.sum()))
    return np.bincount(values.codes[pairs], minlength=len(values.labels))


def dates(searcher) -> np.ndarray:
    """Each document's edition date as the date column stores it (an integer that sorts as the
    date; MISSING_DATE when it has none), for this set of segments."""
    segments = leaves(searcher)
    return _for_segments(segments, "dates", lambda: np.concatenate([np.empty(0, np.uint64), *(_segment_dates(leaf) for leaf, _ in segments)]))


def _segment_dates(leaf) -> np.ndarray:
    def read():
        if not leaf.has_column("edition_date"):
            return np.full(leaf.doc_count_all(), MISSING_DATE, dtype=np.uint64)
        return numeric_column(leaf.column_reader("edition_date", translate=False), leaf.doc_count_all())

    return _remembered((segment_id(leaf), "dates"), read)
