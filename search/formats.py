"""How our text fields store their postings.

Whoosh's stock formats analyse through Token objects and store each posting's positions as a
pickled list of deltas: building the index spent a third of its time there, and a phrase search
unpickled one list per candidate document. These keep Whoosh's interface (its own Phrase
query still works on them) but take (position, text) pairs straight from our tokenizers and
store positions as plain little-endian 32-bit integers, which numpy reads a block at a time.
"""

from __future__ import annotations

import sys
from array import array
from collections import Counter, defaultdict

from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint

_LITTLE_ENDIAN = sys.byteorder == "little"


def encode_positions(positions: list[int]) -> bytes:
    packed = array("I", positions)
    if not _LITTLE_ENDIAN:
        packed.byteswap()
    return packed.tobytes()


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


class ArchiveCodec(W3Codec):
    """Whoosh's W3 codec, writing postings with each document's field length looked up once
    per document and field rather than read back from the lengths column once per posting
    (a fifth of the time the stock writer spent building our index)."""

    def field_writer(self, storage, segment):
        return _FieldWriter(self, storage, segment)


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
