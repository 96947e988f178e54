"""Posting blocks as narrow little-endian integers (block format 3).

What a block holds follows from its field's format, so nothing search can work out is stored:

- document numbers as the block's first number (in the header) and then the gaps between them,
  each gap in the narrowest of 1, 2 or 4 bytes that holds the block's largest;
- a text field's postings (PackedPositions): each document's count of positions (1, 2 or 4
  bytes), then all positions (2 bytes when below 65,536, else 4); a counted field's
  (Frequency: the jieba words, officials): the counts alone; an exact field's (Existence):
  nothing;
- weights only when they are not what the counts say (a weight is its count times the field's
  boost, which is 1 everywhere here): flagged in the header, stored as float32 otherwise.

Format 2 stored every number as 4 bytes: document number, weight, value size and each
position (1.83 GB at 100k articles, of which 96% posting blocks); gaps and counts mostly fit
one byte and positions two. Reading is numpy throughout: a block is a few `np.frombuffer`
views and one `np.cumsum`.
"""

from __future__ import annotations

import struct
from typing import NamedTuple

import numpy as np
from whoosh.util.numeric import length_to_byte

# length of the data, postings, first and last document
# number, highest weight, shortest and longest field length (Whoosh's length bytes), byte
# widths of the gaps, the counts and the positions (0: none stored), the layout (below).
HEADER = struct.Struct("<iIIIfBBBBBB")

# Layout: what the values are (low two bits), where the weights come from (next two), and
# whether this is the term's last block (a flag, not a negative length as in Whoosh's blocks:
# a block of one document and counts of 1 holds no data at all).
VALUES_NONE, VALUES_COUNTS, VALUES_POSITIONS, VALUES_RAW = 0, 1, 2, 3
WEIGHTS_ONE, WEIGHTS_COUNTS, WEIGHTS_STORED = 0, 4, 8
LAST = 16

_UNSIGNED = {1: "<u1", 2: "<u2", 4: "<u4"}


class Block(NamedTuple):
    """One block's postings: document numbers, weights, each posting's count (None when the
    format keeps none), positions of all postings in order (None unless a text field), and for
    any other format each value's size and bytes."""

    ids: np.ndarray
    weights: np.ndarray
    counts: np.ndarray | None
    positions: np.ndarray | None
    sizes: np.ndarray | None = None
    raw: bytes | None = None


def _width(largest: int) -> int:
    return 1 if largest < 2**8 else 2 if largest < 2**16 else 4


def encode(values_kind: int, ids, weights, counts=None, positions=None, sizes=None, raw=b"",
           min_length=None, max_length=0, last=False) -> bytes:
    """A block's header and data. `ids` ascending; `counts` with VALUES_COUNTS and
    VALUES_POSITIONS, `positions` with VALUES_POSITIONS, `sizes` and `raw` with VALUES_RAW."""
    ids = np.asarray(ids, dtype=np.int64)
    weights = np.asarray(weights, dtype=np.float32)
    gaps = np.diff(ids)
    gap_width = _width(int(gaps.max()) if len(gaps) else 0)
    parts = [gaps.astype(_UNSIGNED[gap_width]).tobytes()]
    count_width = position_width = 0
    if counts is not None:
        counts = np.asarray(counts, dtype=np.int64)
        count_width = _width(int(counts.max()))
        parts.append(counts.astype(_UNSIGNED[count_width]).tobytes())
    if positions is not None:
        positions = np.asarray(positions, dtype=np.int64)
        position_width = 2 if not len(positions) or positions.max() < 2**16 else 4
        parts.append(positions.astype(_UNSIGNED[position_width]).tobytes())
    if np.all(weights == 1.0):
        layout = values_kind | WEIGHTS_ONE
    elif counts is not None and np.array_equal(weights, counts.astype(np.float32)):
        layout = values_kind | WEIGHTS_COUNTS
    else:
        layout = values_kind | WEIGHTS_STORED
        parts.append(weights.astype("<f4").tobytes())
    if values_kind == VALUES_RAW:
        parts.append(np.asarray(sizes, dtype="<u4").tobytes())
        parts.append(raw)
    data = b"".join(parts)
    header = HEADER.pack(
        len(data), len(ids), int(ids[0]), int(ids[-1]), float(weights.max()),
        length_to_byte(min_length), length_to_byte(max_length), gap_width, count_width, position_width, layout | (LAST if last else 0),
    )
    return header + data


class _Stored(NamedTuple):
    """One block's numbers as stored: views of the buffer in their own widths (the gaps, the
    counts, the positions), its weights, and where the data after them starts."""

    gaps: np.ndarray
    counts: np.ndarray | None
    positions: np.ndarray | None
    weights: np.ndarray
    end: int


def _stored(buffer, offset: int, header: tuple) -> _Stored:
    _, count, _, _, _, _, _, gap_width, count_width, position_width, layout = header
    gaps = np.frombuffer(buffer, _UNSIGNED[gap_width], count - 1, offset)
    offset += gap_width * (count - 1)
    counts = positions = None
    if count_width:
        counts = np.frombuffer(buffer, _UNSIGNED[count_width], count, offset)
        offset += count_width * count
    if position_width:
        total = int(counts.sum())
        positions = np.frombuffer(buffer, _UNSIGNED[position_width], total, offset)
        offset += position_width * total
    weights_kind = layout & 12
    if weights_kind == WEIGHTS_ONE:
        weights = np.ones(count, dtype=np.float32)
    elif weights_kind == WEIGHTS_COUNTS:
        weights = counts.astype(np.float32)
    else:
        weights = np.frombuffer(buffer, "<f4", count, offset)
        offset += 4 * count
    return _Stored(gaps, counts, positions, weights, offset)


def decode(buffer, offset: int, header: tuple) -> Block:
    """The block whose data starts at `offset` of `buffer`, from its unpacked header."""
    _, count, first, *_, layout = header
    stored = _stored(buffer, offset, header)
    ids = np.empty(count, dtype=np.int64)
    ids[0] = first
    np.cumsum(stored.gaps, dtype=np.int64, out=ids[1:])
    ids[1:] += first
    counts = None if stored.counts is None else stored.counts.astype(np.int64)
    sizes = raw = None
    if layout & 3 == VALUES_RAW:
        sizes = np.frombuffer(buffer, "<u4", count, stored.end)
        raw = bytes(buffer[stored.end + 4 * count : stored.end + 4 * count + int(sizes.sum())])
    return Block(ids, stored.weights, counts, stored.positions, sizes, raw)


def read_list(data, position: int = 0) -> Block:
    """A whole posting list, its blocks from `position` of `data` to the one marked last."""
    starts, headers = [], []
    while True:
        header = HEADER.unpack_from(data, position)
        position += HEADER.size
        starts.append(position)
        headers.append(header)
        position += header[0]
        if header[-1] & LAST:
            break
    if len(headers) == 1 or headers[0][-1] & 3 == VALUES_RAW:  # a field's blocks are all of one kind
        return concatenate([decode(data, start, header) for start, header in zip(starts, headers, strict=True)])
    return _decode_blocks(data, starts, headers)


def _decode_blocks(data, starts: list[int], headers: list[tuple]) -> Block:
    """The blocks of one list decoded together: a common term's list at 30,000 articles a
    segment is 30 blocks, and decoding each apart cost a dozen numpy calls a block. Each
    block's first document number enters the gaps as its step from the previous block's
    last (both in the headers), so one cumulative sum gives every document number."""
    steps, blocks = [], []
    previous_last = 0
    for offset, header in zip(starts, headers, strict=True):
        first, last = header[2], header[3]
        blocks.append(_stored(data, offset, header))
        steps += [np.array([first - previous_last], dtype=np.int64), blocks[-1].gaps]
        previous_last = last

    def joined(parts):
        return None if parts[0] is None else np.concatenate(parts)

    counts = joined([block.counts for block in blocks])
    return Block(np.cumsum(np.concatenate(steps), dtype=np.int64), joined([block.weights for block in blocks]),
                 None if counts is None else counts.astype(np.int64), joined([block.positions for block in blocks]))


def concatenate(blocks: list[Block]) -> Block:
    if len(blocks) == 1:
        return blocks[0]

    def joined(parts):
        return None if parts[0] is None else np.concatenate(parts)

    ids, weights, counts, positions, sizes, raw = zip(*blocks, strict=True)
    return Block(np.concatenate(ids), np.concatenate(weights), joined(counts), joined(positions),
                 joined(sizes), None if raw[0] is None else b"".join(raw))
