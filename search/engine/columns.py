"""Facet counts from document sets.

Whoosh's own grouping walks every match in Python for every facet, per query. Here each field's
values are read once per index segment from its column (segments never change, so a new write
only costs its own new segment) as (document, value code) pairs, and a count is one
`np.bincount` over the codes of the pairs whose document is in the set.
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
    number and value code (a document has none, one, or for officials several)."""

    labels: list[str]
    docs: np.ndarray
    codes: np.ndarray


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
    return FacetColumn(list(known), np.array(docs, dtype=np.int64), np.array(codes, dtype=np.int64))


def column(searcher, field: str) -> FacetColumn:
    """`field`'s values over the searcher's whole index, built once for this set of segments
    from each segment's (remembered) values."""
    segments = leaves(searcher)
    key = (tuple(segment_id(leaf) for leaf, _ in segments), field)
    return _remembered(key, lambda: _combine([(offset, _segment_values(leaf, field)) for leaf, offset in segments]))


def _segment_values(leaf, field: str) -> FacetColumn:
    return _remembered((segment_id(leaf), field), lambda: _segment_column(leaf, field))


def _combine(parts) -> FacetColumn:
    known: dict[str, int] = {}
    docs, codes = [np.empty(0, np.int64)], [np.empty(0, np.int64)]
    for offset, part in parts:
        global_code = np.array([known.setdefault(label, len(known)) for label in part.labels], dtype=np.int64)
        docs.append(part.docs + offset)
        codes.append(global_code[part.codes] if len(global_code) else part.codes)
    return FacetColumn(list(known), np.concatenate(docs), np.concatenate(codes))


def count(searcher, field: str, docs: np.ndarray) -> dict[str, int]:
    """Each value's number of documents in the set `docs` (a mask), values found only."""
    values = column(searcher, field)
    counts = np.bincount(values.codes[docs[values.docs]], minlength=len(values.labels))
    return {values.labels[code]: int(counts[code]) for code in np.flatnonzero(counts)}


def dates(searcher) -> np.ndarray:
    """Each document's edition date as the date column stores it (an integer that sorts as the
    date; MISSING_DATE when it has none), for this set of segments."""
    segments = leaves(searcher)
    key = (tuple(segment_id(leaf) for leaf, _ in segments), "dates")
    return _remembered(key, lambda: np.concatenate([np.empty(0, np.uint64), *(_segment_dates(leaf) for leaf, _ in segments)]))


def _segment_dates(leaf) -> np.ndarray:
    def read():
        if not leaf.has_column("edition_date"):
            return np.full(leaf.doc_count_all(), MISSING_DATE, dtype=np.uint64)
        return numeric_column(leaf.column_reader("edition_date", translate=False), leaf.doc_count_all())

    return _remembered((segment_id(leaf), "dates"), read)
