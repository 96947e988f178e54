"""Index files read at explicit positions, so processes sharing an open file never share its
offset.

gunicorn's master (`preload_app`) opens the index while warming up and forks its workers:
each inherits the same open files, and the kernel keeps one read offset per open file. Whoosh
reads by seek-then-read, so two workers reading at once read from each other's offsets (4
clients on a 10k-article archive: 500s and wrong counts, cached as if true). Here every read
is `os.pread` from a position this process keeps itself.
"""

from __future__ import annotations

import io
import os
import threading

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile

from . import adapter


class Descriptor:
    """An open file descriptor shared by the parts of one packed segment, closed when the
    last of them (and the pack's storage) is closed."""

    def __init__(self, path: str):
        self.fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        self.path = path
        self._users = 1
        self._lock = threading.Lock()

    def acquire(self) -> Descriptor:
        with self._lock:
            self._users += 1
        return self

    def release(self) -> None:
        with self._lock:
            self._users -= 1
            if self._users == 0:
                os.close(self.fd)


class PositionalFile(io.RawIOBase):
    """A read-only file, or a part of one (from `base`, `size` bytes), whose position lives in
    this process, read with os.pread."""

    def __init__(self, path: str | None = None, *, descriptor: Descriptor | None = None, base: int = 0, size: int | None = None):
        super().__init__()
        self._descriptor = descriptor or Descriptor(path)
        self._fd = self._descriptor.fd
        self._base = base
        self._size = os.fstat(self._fd).st_size - base if size is None else size
        self._position = 0
        self.name = self._descriptor.path

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        if base + offset < 0:
            raise OSError(f"negative seek position in {self.name}")
        self._position = base + offset
        return self._position

    def readinto(self, buffer) -> int:
        wanted = max(0, min(len(buffer), self._size - self._position))
        data = os.pread(self._fd, wanted, self._base + self._position)
        buffer[: len(data)] = data
        self._position += len(data)
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._descriptor.release()
        super().close()


def open_part(descriptor: Descriptor, offset: int, length: int, name: str, **kwargs) -> StructFile:
    """A part of a packed segment as a Whoosh file, sharing the pack's descriptor."""
    raw = PositionalFile(descriptor=descriptor.acquire(), base=offset, size=length)
    return StructFile(io.BufferedReader(raw), name=name, **kwargs)


class PositionalFileStorage(FileStorage):
    """Whoosh's file storage, reading every index file through PositionalFile. A segment's
    file that is no longer loose is read from its pack (see packs): a reader opened before the
    segment was packed may open a part it had not read yet."""

    def open_file(self, name, **kwargs):
        try:
            raw = PositionalFile(adapter.storage_path(self, name))
        except FileNotFoundError:
            packed = self._packed_part(name)
            if packed is None:
                raise
            from .packs import PackStorage

            storage = PackStorage(packed)
            try:
                return storage.open_file(name, **kwargs)
            finally:
                storage.close()  # the part keeps the descriptor
        return StructFile(io.BufferedReader(raw), name=name, **kwargs)

    def file_exists(self, name):
        return super().file_exists(name) or self._part_length(name) is not None

    def file_length(self, name):
        try:
            return super().file_length(name)
        except FileNotFoundError:
            length = self._part_length(name)
            if length is None:
                raise
            return length

    def _packed_part(self, name: str) -> str | None:
        """The pack file holding `name`, if its segment is packed."""
        from .packs import PACK_EXT

        path = adapter.storage_path(self, name.split(".", 1)[0] + PACK_EXT)
        return path if "." in name and os.path.exists(path) else None

    def _part_length(self, name: str) -> int | None:
        from .packs import read_directory

        path = self._packed_part(name)
        if path is None:
            return None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            part = read_directory(fd).get(name)
        finally:
            os.close(fd)
        return None if part is None else part[1]
