"""Facet counts from unscored document sets.

Whoosh's own grouping walks every match in Python for every facet, per query. Here each field's
value per document is read once per index segment (segments never change, so a new write only
costs its own new segment) and a count is a Counter over the matching document numbers.
"""

from __future__ import annotations

import threading
from collections import Counter
from itertools import chain

from .postings import leaves, segment_id, segment_postings

MULTI_VALUED = ("officials", "reporters")
_cache: dict[tuple, list] = {}
_lock = threading.Lock()
MAX_CACHED_SEGMENTS = 256


def _segment_values(reader, field: str, raw: bool = False) -> list:
    """Each document's value (or tuple of values) for `field` in one segment; `raw`: the
    column's stored numbers (a date as an int, a missing one as the column's maximum)."""
    key = (segment_id(reader), field, raw)
    values = _cache.get(key)
    if values is not None:
        return values
    count = reader.doc_count_all()
    if field in MULTI_VALUED:
        per_doc: list[list[str]] = [[] for _ in range(count)]
        if field in reader.indexed_field_names():
            for term in reader.field_terms(field):
                for docnum in segment_postings(reader, field, term).ids.tolist():
                    per_doc[docnum].append(term)
        values = [tuple(v) for v in per_doc]
    elif reader.has_column(field):
        values = list(reader.column_reader(field, translate=not raw))
        if not raw:
            values = [v or None for v in values]
    else:
        values = [None] * count
    with _lock:
        if len(_cache) > MAX_CACHED_SEGMENTS * 8:
            _cache.clear()
        _cache[key] = values
    return values


def field_values(searcher, field: str, raw: bool = False) -> list:
    """`field`'s value for every document number of the searcher's index, built once for this
    set of segments (a search only looks it up)."""
    segments = leaves(searcher)  # their offsets run on without gaps
    key = (tuple(segment_id(leaf) for leaf, _ in segments), field, raw)
    values = _cache.get(key)
    if values is not None:
        return values
    values = []
    for leaf, _ in segments:
        values.extend(_segment_values(leaf, field, raw))
    with _lock:
        _cache[key] = values
    return values


def count(searcher, field: str, docnums, *, universe=None, version=None) -> dict[str, int]:
    """Each value's number of documents in `docnums`. When that is most of `universe` (all
    documents of this index `version`), the few outside it are counted and taken from the
    whole index's counts, remembered per version: 工作 matches 97% of the archive."""
    values = field_values(searcher, field)
    if universe is not None and len(docnums) > len(universe) // 2:
        key = ("totals", version, field)
        totals = _cache.get(key)
        if totals is None:
            totals = _counter(field, values, universe)
            with _lock:
                _cache[key] = totals
        counts = totals - _counter(field, values, universe - docnums)  # drops values gone to 0
    else:
        counts = _counter(field, values, docnums)
    return dict(counts)


def _counter(field: str, values: list, docnums) -> Counter:
    found = map(values.__getitem__, docnums)
    counter = Counter(chain.from_iterable(found) if field in MULTI_VALUED else found)
    counter.pop(None, None)
    return counter
