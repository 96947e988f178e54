"""How our text fields store their postings.

Whoosh's stock formats analyse through Token objects and store each posting's positions as a
pickled list of deltas: building the index spent a third of its time there, and a phrase search
unpickled one list per candidate document. These keep Whoosh's interface (its own Phrase
query still works on them) but take (position, text) pairs straight from our tokenizers and
encode a posting's positions as little-endian 32-bit integers; ArchiveCodec writes whole
posting blocks as narrow integers (see blocks), so numpy reads a term's postings without a
Python step per posting.
"""

from __future__ import annotations

import sys
from array import array
from collections import Counter, defaultdict

import numpy as np
from whoosh.codec import whoosh3
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter, W3LeafMatcher, W3PostingsWriter
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length

from . import blocks
from .adapter import term_extent

_LITTLE_ENDIAN = sys.byteorder == "little"


def _little_endian(numbers: array) -> bytes:
    if not _LITTLE_ENDIAN:
        numbers = array(numbers.typecode, numbers)
        numbers.byteswap()
    return numbers.tobytes()


def encode_positions(positions: list[int]) -> bytes:
    return _little_endian(array("I", positions))


def decode_positions(value: bytes) -> list[int]:
    packed = array("I", value)
    if not _LITTLE_ENDIAN:
        packed.byteswap()
    return packed.tolist()


class PackedPositions(Positions):
    """Positions as an array of uint32: a phrase can be checked on whole blocks of postings."""

    def word_values(self, value, analyzer, **kwargs):
        positions = defaultdict(list)
        for position, text in analyzer.pieces(value):
            positions[text].append(position)
        boost = self.field_boost
        for text, found in positions.items():
            yield text, len(found), len(found) * boost, encode_positions(found)

    def encode(self, poslist):
        return encode_positions(poslist)

    def decode_positions(self, valuestring):
        return decode_positions(valuestring)

    def decode_frequency(self, valuestring):
        return len(valuestring) // 4


class CountedFrequency(Frequency):
    """Whoosh's Frequency, counted from our tokenizer's pieces without Token objects."""

    def word_values(self, value, analyzer, **kwargs):
        boost = self.field_boost
        counts = Counter(text for _, text in analyzer.pieces(value))
        return ((text, count, count * boost, pack_uint(count)) for text, count in counts.items())


# The posting block layout ArchiveCodec writes (see blocks). An index whose segments were
# written with another (or by an earlier ArchiveCodec) is rebuilt by `build_index --if-needed`.
BLOCK_FORMAT = 3


class ArchiveCodec(W3Codec):
    """Whoosh's W3 codec with posting blocks of narrow little-endian integers (see blocks),
    which numpy reads in a few views, instead of a zlib-compressed pickle of tuples: reading the
    postings of a common bigram spent most of its time unpickling, decompressing and
    delta-decoding them one number at a time. Blocks hold up to 1,024 postings (Whoosh: 128)
    since we read whole posting lists, not one posting at a time. It also writes each
    document's field length once per document and field rather than once per posting (a fifth
    of the stock build's time), and its segments can be packed into one file (see packs)."""

    def __init__(self):
        super().__init__(blocklimit=1024, compression=0)
        self.block_format = BLOCK_FORMAT  # pickled with each segment: what wrote it

    def field_writer(self, storage, segment):
        return _FieldWriter(self, storage, segment)

    def new_segment(self, storage, indexname):
        from .packs import PackedSegment

        return PackedSegment(self, indexname)

    # An ArchiveCodec unpickled from an older index has no block_format, or another: it wrote
    # other blocks, read back as Whoosh reads its own (our fast path then asks for a rebuild).

    def postings_writer(self, dbfile, byteids=False):
        if byteids or not writes_current_blocks(self):  # byteids: term vectors, which we do not store
            return super().postings_writer(dbfile, byteids=byteids)
        return ArrayPostingsWriter(dbfile, blocklimit=self._blocklimit, compression=0, inlinelimit=self._inlinelimit)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined() or not writes_current_blocks(self):
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = term_extent(terminfo)
        return ArrayBlockMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


def writes_current_blocks(codec) -> bool:
    return isinstance(codec, ArchiveCodec) and getattr(codec, "block_format", None) == BLOCK_FORMAT


def values_kind(format_) -> int:
    """What a field's posting values are, as blocks stores them."""
    if isinstance(format_, PackedPositions):
        return blocks.VALUES_POSITIONS
    size = format_.fixed_value_size()
    if size == 0:
        return blocks.VALUES_NONE
    if isinstance(format_, Frequency) and size == 4:  # each value is pack_uint(count)
        return blocks.VALUES_COUNTS
    return blocks.VALUES_RAW


class ArrayPostingsWriter(W3PostingsWriter):
    """Whoosh's postings writer (one posting at a time, as its writer adds them) writing blocks
    of format 3."""

    def _write_block(self, last=False):
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        kind = values_kind(self._format)
        values = self._values
        counts = positions = sizes = None
        raw = b""
        if kind == blocks.VALUES_POSITIONS:
            counts = np.fromiter(map(len, values), dtype=np.int64, count=len(values)) // 4
            positions = np.frombuffer(b"".join(values), "<u4")
        elif kind == blocks.VALUES_COUNTS:
            counts = np.frombuffer(b"".join(values), ">u4")
        elif kind == blocks.VALUES_RAW:
            sizes, raw = list(map(len, values)), b"".join(values)
        self._postfile.write(blocks.encode(
            kind, np.frombuffer(self._ids, "=u4"), np.frombuffer(self._weights, "=f4"), counts, positions, sizes, raw,
            self._minlength, self._maxlength, last,
        ))
        self._blockcount += 1
        self._new_block()


class ArrayBlockMatcher(W3LeafMatcher):
    """Whoosh's matcher over blocks of format 3, and `arrays()`: a whole posting list at once
    as numpy arrays."""

    def _goto(self, position):
        self._data = self._ids = self._weights = self._values = None
        self._i = 0
        self._header = blocks.HEADER.unpack(self._postfile.get(position, blocks.HEADER.size))
        length, count, _, last_id, max_weight, min_length, max_length = self._header[:7]
        self._lastblock = bool(self._header[-1] & blocks.LAST)
        self._dataoffset = position + blocks.HEADER.size
        self._nextoffset = self._dataoffset + length
        self._blocklength, self._maxid, self._maxweight, self._compression = count, last_id, max_weight, 0
        self._minlength, self._maxlength = byte_to_length(min_length), byte_to_length(max_length)

    def _read_data(self):
        data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        self._data = blocks.decode(data, 0, self._header)

    def _read_ids(self):
        if self._data is None:
            self._read_data()
        self._ids = self._data.ids.tolist()

    def _read_weights(self):
        if self._data is None:
            self._read_data()
        self._weights = self._data.weights.tolist()

    def _read_values(self):
        """Each posting's value as its format encodes it, for Whoosh's own matchers."""
        if self._data is None:
            self._read_data()
        block = self._data
        if block.positions is not None:
            ends = np.cumsum(block.counts).tolist()
            encoded = block.positions.astype("<u4").tobytes()
            self._values = [encoded[4 * start : 4 * end] for start, end in zip([0, *ends[:-1]], ends, strict=True)]
        elif block.counts is not None:
            self._values = [pack_uint(count) for count in block.counts.tolist()]
        elif block.sizes is not None:
            ends = np.cumsum(block.sizes).tolist()
            self._values = [block.raw[start:end] for start, end in zip([0, *ends[:-1]], ends, strict=True)]
        else:
            self._values = (None,) * self._blocklength

    def arrays(self) -> blocks.Block:
        """The whole posting list, read from the file at once."""
        start = self._baseoffset
        return blocks.read_list(self._postfile.get(start, self._startoffset + self._length - start))


class _FieldWriter(W3FieldWriter):
    def add_postings(self, schema, lengths, items):
        return super().add_postings(schema, _RememberedLengths(lengths) if lengths else lengths, items)

    def add_term_arrays(self, btext: bytes, ids, counts, positions, lengths, boost: float) -> None:
        """A whole posting list at once (the bulk writer's way, see building): document
        numbers ascending, each one's count, all positions in order (None unless a text field)
        and each document's field length (None when the field is not scored)."""
        kind = values_kind(self._format)
        weights = counts.astype(np.float32) * np.float32(boost)
        postfile = self._postfile
        start = postfile.tell()
        postfile.write(WHOOSH3_HEADER_MAGIC)
        limit = self._codec._blocklimit
        ends = np.cumsum(counts) if positions is not None else None
        for first in range(0, len(ids), limit):
            last = min(first + limit, len(ids))
            block_positions = None
            if positions is not None:
                block_positions = positions[(ends[first - 1] if first else 0) : ends[last - 1]]
            block_lengths = lengths[first:last] if lengths is not None else None
            postfile.write(blocks.encode(
                kind, ids[first:last], weights[first:last],
                counts[first:last] if kind in (blocks.VALUES_COUNTS, blocks.VALUES_POSITIONS) else None, block_positions,
                min_length=None if block_lengths is None else int(block_lengths.min()),
                max_length=0 if block_lengths is None else int(block_lengths.max()), last=last == len(ids),
            ))
        terminfo = whoosh3.W3TermInfo(
            float(weights.sum()), len(ids), None if lengths is None else int(lengths.min()),
            0 if lengths is None else int(lengths.max()), float(weights.max()), int(ids[0]), int(ids[-1]),
        )
        terminfo.set_extent(start, postfile.tell() - start)
        self._tindex.add(pack_ushort(self._fieldid) + btext, terminfo.to_bytes())


class _RememberedLengths:
    def __init__(self, lengths):
        self._lengths = lengths
        self._known: dict[tuple[int, str], int] = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        key = (docnum, fieldname)
        length = self._known.get(key)
        if length is None:
            length = self._known[key] = self._lengths.doc_field_length(docnum, fieldname, default)
        return length
