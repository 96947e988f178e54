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

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile

from . import adapter


class PositionalFile(io.RawIOBase):
    """A read-only file whose position lives in this process, read with os.pread."""

    def __init__(self, path: str):
        super().__init__()
        self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        self._size = os.fstat(self._fd).st_size
        self._position = 0
        self.name = path

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
        data = os.pread(self._fd, len(buffer), self._position)
        buffer[: len(data)] = data
        self._position += len(data)
        return len(data)

    def close(self) -> None:
        if not self.closed:
            os.close(self._fd)
        super().close()


class PositionalFileStorage(FileStorage):
    """Whoosh's file storage, reading every index file through PositionalFile."""

    def open_file(self, name, **kwargs):
        raw = PositionalFile(adapter.storage_path(self, name))
        return StructFile(io.BufferedReader(raw), name=name, **kwargs)
