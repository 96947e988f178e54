"""Page files on disk: found in folders and read carefully.

A path can name anything: a FIFO (reading waits for a writer that may never come), a device
(/dev/zero never ends), a file far larger than a page. Each is refused by name before a byte is
read, and a regular file is read only up to ARCHIVE_MAX_PAGE_BYTES.
"""

from __future__ import annotations

import datetime
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.conf import settings

from .characters import shown_name
from .ingest import IngestError, IngestResult, page_ingest, too_large

SPECIAL_FILES = {
    stat.S_IFIFO: "命名管道（FIFO）",
    stat.S_IFCHR: "字符设备",
    stat.S_IFBLK: "块设备",
    stat.S_IFSOCK: "套接字",
}


def page_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Each path named, with a folder replaced by what it holds (hidden names aside), in name
    order. A folder holding nothing is yielded itself, so reading it says that it is empty."""
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            yield path  # a missing or special file is reported when it is read
            continue
        inside = sorted(p for p in path.rglob("*") if not p.name.startswith(".") and not p.is_dir())
        yield from inside or [path]


def page_file_read(path: Path) -> bytes:
    """The file's bytes, once it is known to be a regular file of at most ARCHIVE_MAX_PAGE_BYTES."""
    name = shown_name(str(path))
    max_bytes = settings.ARCHIVE_MAX_PAGE_BYTES
    try:
        _check_kind(path, os.stat(path), name)
        # Non-blocking, in case a FIFO took the file's place after the stat: open() would wait.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(descriptor, "rb") as stream:
            status = os.fstat(stream.fileno())
            _check_kind(path, status, name)
            if status.st_size > max_bytes:
                raise too_large(name, status.st_size)
            data = stream.read(max_bytes + 1)  # bounded, whatever the file does meanwhile
    except OSError as error:
        raise IngestError(f"{name}: 无法读取（{error.strerror}）。请检查路径和权限。") from None
    if len(data) > max_bytes:
        raise too_large(name, len(data))
    return data


def _check_kind(path: Path, status: os.stat_result, name: str) -> None:
    if stat.S_ISREG(status.st_mode):
        return
    if stat.S_ISDIR(status.st_mode):
        raise IngestError(f"{name}: 文件夹里没有可导入的文件。请检查路径是否正确。")
    kind = SPECIAL_FILES.get(stat.S_IFMT(status.st_mode), "特殊文件")
    raise IngestError(f"{name}: 这是{kind}，不是普通文件，没有读取。请导入 OCR 得到的 .txt 文本文件。")


def page_file_ingest(
    *, path: Path, publication: str | None = None, date: datetime.date | None = None, replace: bool = False
) -> IngestResult:
    """Load one page file (see archive.ingest.page_ingest)."""
    data = page_file_read(path)
    return page_ingest(data=data, source_name=_storable(path.name), publication=publication, date=date, replace=replace)


def _storable(name: str) -> str:
    """The name as the database can keep it: bytes that were not UTF-8 written as \\xff."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return shown_name(name)
    return name
