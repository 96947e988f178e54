"""A segment's files packed into one, read positionally: one open file per segment.

Whoosh writes a segment as about 16 files (terms, postings, stored fields, a column per facet
and per text length) and a reader opens each: 44 open files per worker at 10k articles, ≈ 4,000
extrapolated at 1M, past the common limit of 1,024 per process. Packed, a segment is one file
(the parts one after another, then a directory of them), opened once per reader and read with
os.pread at the part's offset, so processes forked from one that opened it share no position
(see storage). Whoosh's own compound file does the same but its reader copies the whole file
into memory.

The bulk writer (building) packs each segment before any index lists it. A segment Whoosh's
writer wrote (an ingest, a correction) is packed at the next write (indexing's merge policy):
the new table of contents names it as packed; its loose files go at the write after that,
once no reader opening the earlier table of contents can still be looking for them.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import struct

from whoosh.codec.whoosh3 import W3Segment
from whoosh.filedb.filestore import Storage

from . import adapter
from .storage import Descriptor, open_part

PACK_EXT = ".pack"
_TRAILER = struct.Struct("<Q8s")  # the directory's length, then a mark
_MARK = b"ARCHPACK"


class PackedSegment(W3Segment):
    """A segment that, once packed, is read from its pack file (a segment Whoosh's writer made
    compound, as it does by default, from Whoosh's). Importable by name: Whoosh pickles segments
    into the index's table of contents."""

    packed = False

    def open_compound_file(self, storage):
        if not self.packed:
            return super().open_compound_file(storage)
        return PackStorage(adapter.storage_path(storage, self.make_filename(PACK_EXT)))


def read_directory(fd: int) -> dict[str, tuple[int, int]]:
    size = os.fstat(fd).st_size
    length, mark = _TRAILER.unpack(os.pread(fd, _TRAILER.size, size - _TRAILER.size))
    if mark != _MARK:
        raise OSError("not a packed segment")
    directory = json.loads(os.pread(fd, length, size - _TRAILER.size - length))
    return {name: (offset, length) for name, (offset, length) in directory.items()}


class PackStorage(Storage):
    """The parts of one pack file as a read-only Whoosh storage; one descriptor for all."""

    readonly = True
    supports_mmap = False

    def __init__(self, path: str):
        self._descriptor = Descriptor(path)
        try:
            self._parts = read_directory(self._descriptor.fd)
        except BaseException:
            self._descriptor.release()
            raise
        self._closed = False

    def open_file(self, name, **kwargs):
        offset, length = self._parts[name]
        return open_part(self._descriptor, offset, length, name, **kwargs)

    def file_exists(self, name):
        return name in self._parts

    def file_length(self, name):
        return self._parts[name][1]

    def list(self):
        return list(self._parts)

    def close(self):
        if not self._closed:
            self._closed = True
            self._descriptor.release()


def loose_files(storage, segment) -> list[str]:
    prefix = segment.segment_id() + "."
    return sorted(name for name in storage.list() if name.startswith(prefix) and not name.endswith((PACK_EXT, ".tmp")))


def pack(storage, segment):
    """The segment's files written into one pack file (made whole before it is named); the
    segment returned says so. Its loose files are left for the caller to remove. Storage
    without files (Whoosh's RamStorage, in tests) keeps its segments as they are."""
    if not hasattr(storage, "folder"):
        return segment
    names = loose_files(storage, segment)
    target = adapter.storage_path(storage, segment.make_filename(PACK_EXT))
    directory = {}
    with open(target + ".tmp", "wb") as out:
        for name in names:
            with open(adapter.storage_path(storage, name), "rb") as part:
                offset = out.tell()
                while chunk := part.read(2**22):
                    out.write(chunk)
            directory[name] = (offset, out.tell() - offset)
        listing = json.dumps(directory).encode()
        out.write(listing + _TRAILER.pack(len(listing), _MARK))
        out.flush()
        os.fsync(out.fileno())
    os.replace(target + ".tmp", target)
    packed = copy.copy(segment)
    if not isinstance(packed, PackedSegment):  # written before packing existed: same state
        packed.__class__ = PackedSegment
    packed.compound = packed.packed = True
    return packed


def remove_loose(storage, segment) -> None:
    for name in loose_files(storage, segment):
        with contextlib.suppress(FileNotFoundError):  # another writer's clean-up got there first
            storage.delete_file(name)
