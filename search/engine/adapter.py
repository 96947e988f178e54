"""Every private name of Whoosh the engine relies on, and nothing else.

Whoosh 2.7.4 is the last release and has no public way to: tell which index a searcher has
open, list an index's segments and their codecs, read a column or the stored field lengths as
one array, or tell a segment reader's segment. The engine calls these functions instead of
reaching into Whoosh itself, so a Whoosh that renames any of them fails here, in one place,
and tests/unit/test_whoosh_adapter.py says which (see `missing()`).

The codec (engine/formats.py) subclasses Whoosh's W3 writer and matcher and so uses their
private state; the attributes it uses are listed in CODEC_STATE and checked the same way.
"""

from __future__ import annotations

import numpy as np
import whoosh
import whoosh.codec.whoosh3 as w3
from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex

WHOOSH_VERSION = (2, 7, 4)  # the version this module was written against and is tested on


def searcher_index(searcher):
    """The index a searcher was opened on (Whoosh keeps it as `_ix`)."""
    return searcher._ix


def index_segments(index) -> list:
    """The segments of an index, each with `.codec()` and `.segment_id()`."""
    return index._segments()


def segment_of(leaf):
    """A segment reader's segment, or None for a reader that has none (an empty index)."""
    return getattr(leaf, "_segment", None)


def stored_lengths(leaf, field: str):
    """The column reader of a field's per-document lengths (Whoosh's length bytes), or None.
    (Named by Whoosh's `_lenfield`: `_<field>_len`; an earlier guess, `_<field>_L`, found no
    column and left BM25 without lengths.)"""
    return leaf._perdoc._cached_reader(w3._lenfield(field), w3.LENGTHS_COLUMN)


def segment_terms(leaf):
    """A segment reader's terms reader (Whoosh's `_terms`): `term_info(field, bytes)`, and the
    codec that wrote the segment as `_codec`."""
    return leaf._terms


def terms_codec(terms):
    return terms._codec


def term_extent(terminfo) -> tuple[int, int]:
    """Where a term's posting list is in its postings file: (offset, length)."""
    offset, length = terminfo.extent()
    if isinstance(length, tuple):  # Whoosh 2.7.4 reads a stored length back as a 1-tuple
        (length,) = length
    return offset, length


def posting_list_bytes(terms, terminfo) -> bytes:
    """A term's whole posting list as its segment's postings file holds it (Whoosh's header
    tag first), read in one go from the terms reader's `_postfile`."""
    return terms._postfile.get(*term_extent(terminfo))


def numeric_column(reader, doc_count: int) -> np.ndarray:
    """A numeric column (big-endian numbers, one a document, the default past the last one
    written) read from its file at once."""
    data = reader._dbfile.get(reader._basepos, reader._count * reader._fixedlen)
    found = np.frombuffer(data, ">" + reader._typecode).astype(reader._typecode)
    missing = np.full(doc_count - len(found), reader._default, dtype=found.dtype)
    return np.concatenate((found, missing))


def bytes_column(reader) -> list[bytes]:
    """A variable-length bytes column read at once: each document's value (b"" when none)."""
    offsets, lengths = reader._offsets, reader._lengths
    end = offsets[-1] + lengths[-1] if len(offsets) else 0  # values are written in document order
    data = reader._dbfile.get(reader._basepos, end)
    return [data[offset : offset + length] for offset, length in zip(offsets, lengths, strict=True)]


def commit_segments(index, segments) -> None:
    """Add new segments (written by building, outside Whoosh's writer) to the index: a new
    table of contents listing them after the index's own, written under its write lock, as
    Whoosh's writer commits."""
    from whoosh.index import TOC, clean_files

    lock = index.lock("WRITELOCK")
    lock.acquire(blocking=True)
    try:
        listed = index._segments() + list(segments)
        generation = index.latest_generation() + 1
        TOC(index.schema, listed, generation).write(index.storage, index.indexname)
        clean_files(index.storage, index.indexname, generation, listed)
    finally:
        lock.release()


def storage_path(storage, name: str) -> str:
    """The file a FileStorage keeps `name` in."""
    return storage._fpath(name)


# Methods of Whoosh's classes the functions above and the codec's subclasses call or override.
# Instance state (`_dbfile`, `_postfile`, `_ids` ...) is set in __init__ and so only shows on
# a real index: tests/unit/test_whoosh_adapter.py builds one and reads it through each function.
PRIVATE_METHODS = (
    (w3, "_lenfield"),
    (FileIndex, "_segments"),
    (FileStorage, "_fpath"),
    (w3.W3PerDocReader, "_cached_reader"),
    (w3.W3PostingsWriter, "_write_block"),
    (w3.W3PostingsWriter, "_new_block"),
    (w3.W3LeafMatcher, "_goto"),
    (w3.W3LeafMatcher, "_read_ids"),
    (w3.W3LeafMatcher, "_read_weights"),
    (w3.W3LeafMatcher, "_read_values"),
)


def missing() -> list[str]:
    """The private methods above this Whoosh lacks: none on the version this was written for."""
    return [f"{getattr(owner, '__qualname__', owner.__name__)}.{name}"
            for owner, name in PRIVATE_METHODS if not callable(getattr(owner, name, None))]


def version() -> tuple:
    return tuple(whoosh.__version__[:3])
