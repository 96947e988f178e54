"""Matching and ranking straight from posting lists, a whole list at a time.

Whoosh's matchers step through postings one at a time in Python, and its phrase query builds a
Span object for every position of every candidate document: at 100k articles a common phrase
(项目建设, in three quarters of the bench corpus) took seconds. Here a term's posting list is
read into numpy arrays at once (see formats.ArrayBlockMatcher), a run of text is matched from
the fewest bigrams that cover it, and each index segment's answer for a run is remembered:
segments never change once written, so an admin's correction (a new small segment) leaves the
big segments' answers valid.

A set of documents of the whole index is a boolean mask over all its document numbers: AND, OR
and NOT of two sets are one numpy operation each, whatever their size. What is read here
includes deleted documents; the search engine starts from the live ones (`live_docs`).
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from typing import NamedTuple

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from . import adapter, blocks
from .formats import writes_current_blocks


class IndexOutOfDate(Exception):
    pass


# Whoosh's BM25F defaults, so ranking reads as Whoosh's own would.
BM25_B = 0.75
BM25_K1 = 1.2


class SizedCache:
    """A least-recently-used cache bounded by the total bytes of its numpy values (an array, or
    a tuple of arrays), not by their count: one common word's set can be 100,000 documents, a
    name's a dozen."""

    def __init__(self, max_size: int):
        self.max_size = max_size
        self._items: OrderedDict = OrderedDict()
        self._total = 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    @staticmethod
    def _size(value) -> int:
        return 64 + (value.nbytes if isinstance(value, np.ndarray) else sum(part.nbytes for part in value))

    def put(self, key, value) -> None:
        size = self._size(value)
        if size > self.max_size:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = value
            self._total += size
            while self._total > self.max_size:
                _, dropped = self._items.popitem(last=False)
                self._total -= self._size(dropped)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._total = 0


# Per process: each segment's answers (document numbers), words' scoring postings and length
# bytes. At 1M articles a common word or run takes 5–10 MB over all segments, and the bench's
# first-time searches at 64 MB evicted what the next search needed (100 segments: p95 392 ms;
# at 256 MB, entries stored narrow as now, 144–193 ms; bench/README.md). warm_up fills up to
# 96 MB of it with the archive's commonest words.
segment_cache = SizedCache(256 * 2**20)


def leaves(searcher) -> list[tuple[object, int]]:
    """(segment reader, first global document number) for each segment of the index."""
    reader = searcher.reader()
    if not reader.doc_count_all():  # an empty index: Whoosh gives it a reader with no files
        return []
    return reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]


def segment_id(leaf) -> object:
    segment = adapter.segment_of(leaf)
    return segment.segment_id() if segment is not None else id(leaf)


class SegmentPostings(NamedTuple):
    """A term's whole posting list in one segment as numpy arrays: document numbers, weights,
    each document's count of positions and all positions in order (empty for a field without
    positions)."""

    ids: np.ndarray
    weights: np.ndarray
    counts: np.ndarray
    positions: np.ndarray


NO_POSTINGS = SegmentPostings(*(np.empty(0, dtype) for dtype in (np.int64, np.float32, np.int64, np.int64)))


def segment_postings(leaf, field: str, term: str) -> SegmentPostings:
    """`term`'s postings in one segment, deleted documents included (searches start from the
    live documents). Read straight from the postings file by the term's extent: a Whoosh
    matcher would read its first block's header and, in a segment with deletions, build a set of
    them, on every call; a search at 1M articles makes hundreds. ArchiveCodec never stores a
    posting list inline with its term (Whoosh's inline limit of 1 posting inlines only empty
    lists), so every list is in blocks."""
    terms = adapter.segment_terms(leaf)
    if not writes_current_blocks(adapter.terms_codec(terms)):
        raise IndexOutOfDate("the search index was written by an earlier version: run manage.py build_index")
    try:
        terminfo = terms.term_info(field, leaf.schema[field].to_bytes(term))
    except (TermNotFound, KeyError):
        return NO_POSTINGS
    data = b"" if terminfo.is_inlined() else adapter.posting_list_bytes(terms, terminfo)
    if data[: len(WHOOSH3_HEADER_MAGIC)] != WHOOSH3_HEADER_MAGIC:
        raise IndexOutOfDate(f"the postings of {field}:{term} do not start where their term says: run manage.py build_index")
    found = blocks.read_list(data, len(WHOOSH3_HEADER_MAGIC))
    return SegmentPostings(found.ids, found.weights,
                           NO_POSTINGS.counts if found.counts is None else found.counts,
                           NO_POSTINGS.positions if found.positions is None else found.positions)


def bigram_cover(run: str) -> list[tuple[int, str]]:
    """The fewest (offset, bigram) pairs that spell `run` when found at those offsets from one
    start: 脱贫攻坚 → 脱贫 at 0, 攻坚 at 2; 高质量发展 → 高质 0, 量发 2, 发展 3."""
    offsets = list(range(0, len(run) - 1, 2))
    if offsets[-1] != len(run) - 2:
        offsets.append(len(run) - 2)
    return [(offset, run[offset : offset + 2]) for offset in offsets]


def segment_run_docs(leaf, field: str, run: str) -> np.ndarray:
    """Documents of one segment whose `field` contains `run` as written (see analysis.grams),
    sorted: one character as a prefix of any gram, two as one bigram, more as bigrams at their
    offsets. Deleted documents included."""
    key = (segment_id(leaf), field, run)
    found = segment_cache.get(key)
    if found is None:
        found = _match_run(leaf, field, run).astype(np.int32)  # half the bytes: more runs remembered
        segment_cache.put(key, found)
    return found


def _match_run(leaf, field: str, run: str) -> np.ndarray:
    if len(run) == 1:
        found = [segment_postings(leaf, field, term).ids for term in leaf.expand_prefix(field, run)]
        return np.unique(np.concatenate(found)).astype(np.int64) if found else NO_DOCS
    if len(run) == 2:
        return segment_postings(leaf, field, run).ids  # decoded: a new array, not the read buffer
    starts = None
    for offset, gram in bigram_cover(run):
        found = _phrase_starts(leaf, field, gram, offset)
        starts = found if starts is None else _meet(starts, found)
        if not len(starts):
            return NO_DOCS
    documents = starts >> 32
    return documents[np.r_[True, documents[1:] != documents[:-1]]]


def _meet(one: np.ndarray, other: np.ndarray) -> np.ndarray:
    """The keys in both, each array sorted and without repeats (a segment's postings are in
    document order, a document's positions in order). Of sizes alike, one stable sort of the
    two together (a single merge of two sorted runs) and the keys that appear twice: 1.6–1.8×
    faster than binary search at 30k–600k keys a side. Else the shorter looked up in the
    longer by binary search. np.intersect1d sorts both from scratch: 4–60× slower at 100k
    articles (项目建设: 387 against 88 ms over 10 segments)."""
    if len(one) > len(other):
        one, other = other, one
    if not len(one):
        return one
    if len(one) * 8 > len(other):
        both = np.concatenate((one, other))
        both.sort(kind="stable")
        return both[:-1][both[1:] == both[:-1]]
    at = np.searchsorted(other, one)
    at[at == len(other)] = 0
    return one[other[at] == one]


NO_DOCS = np.empty(0, dtype=np.int64)


def _phrase_starts(leaf, field: str, gram: str, offset: int):
    """Every (document, position − offset) where `gram` occurs, as int64 keys document << 32 |
    position: a run is found where the keys of all its covering bigrams meet."""
    found = segment_postings(leaf, field, gram)
    keys = np.repeat(found.ids << 32, found.counts)
    keys += found.positions
    if offset:
        keys -= offset  # a start before 0 can meet no other key
    return keys


def doc_count(searcher) -> int:
    return searcher.reader().doc_count_all()


def live_docs(searcher) -> np.ndarray:
    """Every document of the index that is not deleted."""
    live = np.ones(doc_count(searcher), dtype=bool)
    for leaf, offset in leaves(searcher):
        segment = getattr(leaf, "_segment", None)
        if segment is not None and segment.has_deletions():
            live[offset + np.fromiter(segment.deleted_docs(), dtype=np.int64)] = False
    return live


def run_docs(searcher, field: str, run: str) -> np.ndarray:
    """The documents whose `field` contains `run`, over every segment (deleted ones included)."""
    return _mask(searcher, lambda leaf: segment_run_docs(leaf, field, run))


def term_docs(searcher, field: str, term: str) -> np.ndarray:
    """The documents with exactly `term` in `field` (a facet value), deleted ones included."""
    return _mask(searcher, lambda leaf: segment_postings(leaf, field, term).ids)


def _mask(searcher, segment_docs) -> np.ndarray:
    mask = np.zeros(doc_count(searcher), dtype=bool)
    for leaf, offset in leaves(searcher):
        mask[segment_docs(leaf) + offset] = True
    return mask


def segment_length_bytes(leaf, field: str) -> np.ndarray:
    """Each document's length of `field` in one segment as Whoosh stores it, one byte (see
    _LENGTH_OF_BYTE), read once per segment."""
    key = (segment_id(leaf), "lengths", field)
    lengths = segment_cache.get(key)
    if lengths is None:
        stored = adapter.stored_lengths(leaf, field)
        if stored is None:
            lengths = np.zeros(leaf.doc_count_all(), dtype=np.uint8)
        else:
            lengths = adapter.numeric_column(stored, leaf.doc_count_all()).astype(np.uint8)
        segment_cache.put(key, lengths)
    return lengths


_LENGTH_OF_BYTE = np.array([byte_to_length(b) if b else 0 for b in range(256)], dtype=np.float64)


class ScoringPostings(NamedTuple):
    """What BM25 reads of a word's postings in one segment: document numbers, term frequencies
    and those documents' field lengths as Whoosh's length bytes (9 bytes a posting where a
    fresh read decodes 20)."""

    ids: np.ndarray
    frequencies: np.ndarray
    length_bytes: np.ndarray


def segment_scoring(leaf, field: str, word: str) -> ScoringPostings:
    """A word's scoring postings in one segment, remembered as the runs' documents are: the
    same words recur across different searches, and reading a common word's whole posting list
    from every segment was most of a first-time search's time (27 of 54 ms at 200k articles)."""
    key = (segment_id(leaf), "scoring", field, word)
    found = segment_cache.get(key)
    if found is None:
        read = segment_postings(leaf, field, word)
        ids = read.ids.astype(np.int32)
        found = ScoringPostings(ids, read.weights.astype(np.float32), segment_length_bytes(leaf, field)[ids])
        segment_cache.put(key, found)
    return found


def bm25_scores(searcher, field: str, words, within: np.ndarray):
    """BM25 (Whoosh's formula and defaults) of the documents in `within` for these words of
    `field`, zero elsewhere: over each word's postings in those documents only, a whole posting
    list at a time rather than a document at a time."""
    reader = searcher.reader()
    documents = reader.doc_count_all()
    scores = np.zeros(documents, dtype=np.float64)
    if not within.any():
        return scores
    average_length = reader.field_length(field) / documents or 1.0
    segments = [(offset, within[offset : offset + leaf.doc_count_all()], leaf) for leaf, offset in leaves(searcher)]
    inside: dict[int, list] = {}  # per segment: how many documents are within, and which
    for word in dict.fromkeys(words):
        found = [(offset, segment_within, segment_scoring(leaf, field, word)) for offset, segment_within, leaf in segments]
        # Whoosh's document frequency: postings of every segment, deleted documents included.
        frequency = sum(len(postings.ids) for _, _, postings in found)
        if not frequency:
            continue
        idf = math.log(documents / (frequency + 1)) + 1
        for offset, segment_within, postings in found:
            kept = _postings_within(postings.ids, segment_within, inside, offset)
            if not len(kept):
                continue
            tf = postings.frequencies[kept].astype(np.float64)
            lengths = _LENGTH_OF_BYTE[postings.length_bytes[kept]]
            norm = BM25_K1 * ((1 - BM25_B) + BM25_B * lengths / average_length)
            scores[postings.ids[kept] + offset] += idf * (tf * (BM25_K1 + 1)) / (tf + norm)
    return scores


def _postings_within(ids: np.ndarray, within: np.ndarray, inside: dict, key: int) -> np.ndarray:
    """Which of a segment's postings (their `ids`, ascending) are of documents `within` (that
    segment's mask), as positions in `ids`: a common word's postings looked up by the few
    documents a narrow search keeps, rather than every posting tested against the mask."""
    if key not in inside:
        inside[key] = [np.count_nonzero(within), None]
    count, documents = inside[key]
    if count * 8 >= len(ids):
        return np.flatnonzero(within[ids])
    if documents is None:
        documents = inside[key][1] = np.flatnonzero(within)
    at = np.searchsorted(ids, documents)
    found = at < len(ids)
    at, documents = at[found], documents[found]
    return at[ids[at] == documents]
