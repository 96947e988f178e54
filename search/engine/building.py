"""Writing a whole segment at once from many documents: what a build runs instead of Whoosh's
writer.

Whoosh's writer handles every posting in Python three times (a tuple into its pool, a sort of
all tuples, one `add_posting` call each): at ≈ 1,700 postings an article that was most of a
build's time, more than cutting the text with jieba. Here each document's text is cut once
into term numbers and positions (one dictionary look-up a piece), and at the end the
segment's postings are sorted and grouped by numpy; each term's posting list is written whole
(formats._FieldWriter.add_term_arrays). Stored fields, columns and field lengths go through
Whoosh's own per-document writer, so the segment reads exactly as one Whoosh wrote.
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing
import shutil
from collections import defaultdict

import numpy as np

from . import adapter
from .formats import ArchiveCodec, CountedFrequency, PackedPositions
from .packs import pack, remove_loose


class _Pieces:
    """One text field's pieces over the segment: each document's term numbers and positions."""

    def __init__(self, field):
        self.field = field
        self.positions = isinstance(field.format, PackedPositions)
        self.vocabulary: dict[str, int] = {}
        self.terms: list[np.ndarray] = []
        self.docs: list[int] = []
        self.places: list[np.ndarray] = []

    def add(self, docnum: int, value: str) -> int:
        pieces = list(self.field.analyzer.pieces(value))
        if not pieces:
            return 0
        known = self.vocabulary
        self.terms.append(np.array([known.setdefault(text, len(known)) for _, text in pieces], dtype=np.int32))
        self.docs.append(docnum)
        if self.positions:
            self.places.append(np.array([position for position, _ in pieces], dtype=np.int32))
        return len(pieces)

    def postings(self):
        """(term bytes, documents, counts, positions or None) per term, in term order."""
        if not self.terms:
            return
        sizes = np.fromiter(map(len, self.terms), dtype=np.int64, count=len(self.terms))
        terms = np.concatenate(self.terms)
        places = np.concatenate(self.places) if self.positions else None
        self.terms, self.places = [], []  # a segment's pieces are most of a writer's memory: held once
        docs = np.repeat(np.array(self.docs, dtype=np.int32), sizes)
        order = np.argsort(terms, kind="stable")  # stable: documents, then positions, stay in order
        terms, docs = terms[order], docs[order]
        places = places[order] if places is not None else None
        del order  # the largest array of the sort, not needed past it
        starts = np.flatnonzero(np.r_[True, (terms[1:] != terms[:-1]) | (docs[1:] != docs[:-1])])
        counts = np.diff(np.r_[starts, len(terms)])
        posting_terms, posting_docs = terms[starts], docs[starts]
        term_starts = np.flatnonzero(np.r_[True, posting_terms[1:] != posting_terms[:-1]]).tolist()
        term_ends = [*term_starts[1:], len(posting_terms)]
        texts = [text.encode("utf-8") for text in self.vocabulary]  # a term's number is its index
        for number in sorted(range(len(texts)), key=texts.__getitem__):
            first, last = term_starts[number], term_ends[number]
            found = None
            if places is not None:
                found = places[starts[first] : starts[last - 1] + counts[last - 1]]
            yield texts[number], posting_docs[first:last], counts[first:last], found


def write_segment(storage, schema, documents, indexname: str = "MAIN"):
    """The documents (field name → value, as Whoosh's add_document takes them) written as one
    new packed segment of `storage`, listed in no table of contents yet."""
    codec = ArchiveCodec()
    segment = codec.new_segment(storage, indexname)
    perdoc = codec.per_document_writer(storage, segment)
    pieces = {name: _Pieces(field) for name, field in schema.items()
              if isinstance(field.format, PackedPositions | CountedFrequency)}
    other = defaultdict(list)  # (field, term bytes) → [(document, weight, value)]
    lengths = defaultdict(dict)
    count = 0
    for docnum, fields in enumerate(documents):
        perdoc.start_doc(docnum)
        for name in sorted(fields):
            value = fields[name]
            if value is None or name.startswith("_"):
                continue
            field = schema[name]
            length = 0
            if name in pieces:
                length = pieces[name].add(docnum, value)
            elif field.indexed:
                for term, frequency, weight, encoded in field.index(value):
                    length += frequency if field.scorable else 0
                    other[(name, term)].append((docnum, weight, encoded))
            if length:
                lengths[name][docnum] = length
            perdoc.add_field(name, field, value if field.stored else None, length)
            if field.column_type:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        count = docnum + 1
    perdoc.close()
    _write_postings(codec, storage, segment, schema, pieces, other, lengths, count)
    segment.set_doc_count(count)
    packed = pack(storage, segment)
    if packed.is_compound():
        remove_loose(storage, segment)
    return packed


def _write_postings(codec, storage, segment, schema, pieces, other, lengths, count) -> None:
    by_field = defaultdict(list)
    for name, term in sorted(other):
        by_field[name].append(term)
    writer = codec.field_writer(storage, segment)
    for name in sorted(set(by_field) | set(pieces)):
        field = schema[name]
        field_lengths = None
        if field.scorable:
            field_lengths = np.zeros(count, dtype=np.int64)
            for docnum, length in lengths[name].items():
                field_lengths[docnum] = length
        writer.start_field(name, field)
        boost = field.format.field_boost
        if name in pieces:
            for term, docs, counts, positions in pieces[name].postings():
                writer.add_term_arrays(term, docs, counts, positions, None if field_lengths is None else field_lengths[docs], boost)
        else:
            for term in by_field[name]:
                _add_indexed_term(writer, field, term, other[(name, term)], field_lengths)
        writer.finish_field()
    writer.close()


def _add_indexed_term(writer, field, term: bytes, found, field_lengths) -> None:
    """An exact or keyword field's term (a county, an official): few postings a document,
    through Whoosh's own postings writer."""
    writer.start_term(term)
    for docnum, weight, encoded in found:
        writer.add(docnum, float(weight), encoded, None if field_lengths is None else int(field_lengths[docnum]))
    writer.finish_term()


def write_documents(index, documents, *, procs: int, segment_docs: int, single_process_docs: int) -> None:
    """Every document written as new packed segments of `index` and committed in one new table
    of contents: in this process when there are few, else in `procs` forked processes, each
    writing whole segments of up to `segment_docs` while this one reads the next."""
    documents = iter(documents)
    head = list(itertools.islice(documents, single_process_docs))
    if not head:
        return
    rest = itertools.chain(head, documents)
    if len(head) < single_process_docs or procs == 1:
        storage = index.storage
        segments = [write_segment(storage, index.schema, batch, index.indexname) for batch in _batches(rest, segment_docs, 1)]
    else:
        segments = _in_processes(index, rest, procs, segment_docs)
    adapter.commit_segments(index, segments)
    # Whoosh's per-document writer keeps its columns in a temporary folder it leaves behind.
    shutil.rmtree(adapter.storage_path(index.storage, f"{index.indexname}.tmp"), ignore_errors=True)


def _batches(documents, size: int, procs: int):
    """Batches of `size`; the last `procs` of them shared evenly (10k articles on 2 processes:
    two segments of 5,000, not one of 10,000 and an idle process)."""
    buffer = []
    for fields in documents:
        buffer.append(fields)
        if len(buffer) == size * procs:
            yield from (buffer[start : start + size] for start in range(0, len(buffer), size))
            buffer = []
    if buffer:
        share = -(-len(buffer) // procs)
        yield from (buffer[start : start + share] for start in range(0, len(buffer), share))


_target = None  # (folder, schema, index name) for the forked processes


def _in_processes(index, documents, procs: int, segment_docs: int) -> list:
    global _target
    from ..analysis import words

    words("预热")  # jieba's dictionary loaded once, here, before the processes fork
    _target = (index.storage.folder, index.schema, index.indexname)
    segments, pending = [], collections.deque()
    with multiprocessing.get_context("fork").Pool(procs) as pool:
        for batch in _batches(documents, segment_docs, procs):
            pending.append(pool.apply_async(_write_in_process, (batch,)))
            while len(pending) > procs:  # at most one batch waiting: memory stays bounded
                segments.append(pending.popleft().get())
        segments.extend(task.get() for task in pending)
    return segments


def _write_in_process(batch):
    from whoosh.filedb.filestore import FileStorage

    folder, schema, indexname = _target
    return write_segment(FileStorage(folder), schema, batch, indexname)
