"""How our text fields store their postings.

Whoosh's stock formats analyse through Token objects and store each posting's positions as a
pickled list of deltas: building the index spent a third of its time there, and a phrase search
unpickled one list per candidate document. These keep Whoosh's interface (its own Phrase
query still works on them) but take (position, text) pairs straight from our tokenizers and
store positions as plain little-endian 32-bit integers; ArchiveCodec lays out whole posting
blocks the same way, so numpy reads a term's postings without a Python step per posting.
"""

from __future__ import annotations

import struct
import sys
from array import array
from collections import Counter, defaultdict

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter, W3LeafMatcher, W3PostingsWriter
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte

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


# The posting block layout ArchiveCodec writes. An index whose segments were written with
# another (or by an earlier ArchiveCodec) is rebuilt by `build_index --if-needed`.
BLOCK_FORMAT = 2


class ArchiveCodec(W3Codec):
    """Whoosh's W3 codec with posting blocks laid out as plain little-endian arrays, which numpy
    reads without a copy, instead of a zlib-compressed pickle of tuples: reading the postings of
    a common bigram spent most of its time unpickling, decompressing and delta-decoding them one
    number at a time. Blocks hold up to 1,024 postings (Whoosh: 128) since we read whole posting
    lists, not one posting at a time. It also writes each document's field length once per
    document and field rather than once per posting (a fifth of the stock build's time)."""

    def __init__(self):
        super().__init__(blocklimit=1024, compression=0)
        self.block_format = BLOCK_FORMAT  # pickled with each segment: what wrote it

    def field_writer(self, storage, segment):
        return _FieldWriter(self, storage, segment)

    # An ArchiveCodec unpickled from an older index has no block_format: it wrote Whoosh's own
    # blocks, and reads them back as Whoosh does (our fast path then asks for a rebuild).

    def postings_writer(self, dbfile, byteids=False):
        if byteids or not writes_current_blocks(self):  # byteids: term vectors, which we do not store
            return super().postings_writer(dbfile, byteids=byteids)
        return ArrayPostingsWriter(dbfile, blocklimit=self._blocklimit, compression=0, inlinelimit=self._inlinelimit)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined() or not writes_current_blocks(self):
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        if isinstance(length, tuple):  # Whoosh 2.7.4 reads a stored length back as a 1-tuple
            (length,) = length
        return ArrayBlockMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


def writes_current_blocks(codec) -> bool:
    return isinstance(codec, ArchiveCodec) and getattr(codec, "block_format", None) == BLOCK_FORMAT


# A block: data length (negative for a term's last block), postings, last document number,
# highest weight, shortest and longest field length (as Whoosh's length bytes); then the data:
# document numbers (uint32), weights (float32), and the values: each one's length (uint32)
# then their bytes when they vary in size, their bytes when fixed, nothing when empty.
BLOCK_HEADER = struct.Struct("<iIIfBB")


class ArrayPostingsWriter(W3PostingsWriter):
    def _write_block(self, last=False):
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        ids = self._ids
        parts = [_little_endian(ids), _little_endian(self._weights)]
        fixed_size = self._format.fixed_value_size()
        if fixed_size is None or fixed_size < 0:
            parts.append(_little_endian(array("I", map(len, self._values))))
        parts.extend(self._values)
        data = b"".join(parts)
        self._postfile.write(BLOCK_HEADER.pack(
            -len(data) if last else len(data), len(ids), ids[-1], self._maxweight,
            length_to_byte(self._minlength), length_to_byte(self._maxlength),
        ))
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()


class ArrayBlockMatcher(W3LeafMatcher):
    """Whoosh's matcher over ArrayPostingsWriter's blocks, and `arrays()`: a whole posting list
    at once as numpy arrays."""

    def _goto(self, position):
        self._data = self._ids = self._weights = self._values = None
        self._i = 0
        header = self._postfile.get(position, BLOCK_HEADER.size)
        length, count, last_id, max_weight, min_length, max_length = BLOCK_HEADER.unpack(header)
        self._lastblock = length < 0
        self._dataoffset = position + BLOCK_HEADER.size
        self._nextoffset = self._dataoffset + abs(length)
        self._blocklength, self._maxid, self._maxweight, self._compression = count, last_id, max_weight, 0
        self._minlength, self._maxlength = byte_to_length(min_length), byte_to_length(max_length)

    def _read_data(self):
        data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        self._data = _decode_block(data, 0, self._blocklength, self._fixedsize)

    def _read_ids(self):
        if self._data is None:
            self._read_data()
        self._ids = self._data[0].tolist()

    def _read_weights(self):
        if self._data is None:
            self._read_data()
        self._weights = self._data[1].tolist()

    def _read_values(self):
        if self._data is None:
            self._read_data()
        _, _, sizes, values = self._data
        if self._fixedsize == 0:  # a format without values (Existence)
            self._values = (None,) * self._blocklength
            return
        if sizes is None:
            sizes = np.full(self._blocklength, self._fixedsize, dtype=np.int64)
        ends = np.cumsum(sizes).tolist()
        blob = values.tobytes()
        self._values = [blob[start:end] for start, end in zip([0, *ends[:-1]], ends, strict=True)]

    def arrays(self):
        """(document numbers, weights, value sizes or None when fixed, value bytes) of the
        whole posting list, read from the file at once."""
        start = self._baseoffset
        data = self._postfile.get(start, self._startoffset + self._length - start)
        blocks = []
        position = 0
        while True:
            length, count = BLOCK_HEADER.unpack_from(data, position)[:2]
            position += BLOCK_HEADER.size
            blocks.append(_decode_block(data, position, count, self._fixedsize))
            position += abs(length)
            if length < 0:
                break
        if len(blocks) == 1:
            return blocks[0]
        ids, weights, sizes, values = zip(*blocks, strict=True)
        return (np.concatenate(ids), np.concatenate(weights),
                None if sizes[0] is None else np.concatenate(sizes), np.concatenate(values))


def _decode_block(data: bytes, offset: int, count: int, fixed_size: int | None):
    ids = np.frombuffer(data, "<u4", count, offset)
    weights = np.frombuffer(data, "<f4", count, offset + 4 * count)
    offset += 8 * count
    sizes = None
    if fixed_size is None or fixed_size < 0:
        sizes = np.frombuffer(data, "<u4", count, offset)
        offset += 4 * count
        value_bytes = int(sizes.sum())
    else:
        value_bytes = count * fixed_size
    return ids, weights, sizes, np.frombuffer(data, np.uint8, value_bytes, offset)


class _FieldWriter(W3FieldWriter):
    def add_postings(self, schema, lengths, items):
        return super().add_postings(schema, _RememberedLengths(lengths) if lengths else lengths, items)


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
