"""Which index directory is live: a pointer file, switched in one atomic step.

`$ARCHIVE_INDEX_DIR/CURRENT` names one directory beside it (`index-20261201T120000-1a2b3c`). A
rebuild writes a new directory and replaces CURRENT with `os.replace`, so a crash at any moment
leaves the old index or the new one live, never none. Each process compares CURRENT with the
directory it has open before every search and reopens when they differ.

Two advisory locks (flock: released by the kernel when a process dies, so a killed build
leaves none behind): `build.lock`, held by a rebuild from start to finish, and `switch.lock`,
held for a moment by a writer choosing its directory and by a rebuild switching CURRENT.
While a rebuild runs, writers also append the article ids they write to `journal`; the rebuild
writes those articles into its new directory before it goes live, so nothing committed during
a rebuild is lost. Nothing here knows Whoosh.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import shutil
import time
from pathlib import Path

POINTER = "CURRENT"
JOURNAL = "journal"
BUILD_LOCK = "build.lock"
SWITCH_LOCK = "switch.lock"
PREFIX = "index-"
# Written into a directory just before it goes live: one without it never served a search.
WENT_LIVE = "WENT_LIVE"
# A directory that was live is removed only once CURRENT has not changed for this long: a
# request or a write that started on it has finished by then (gunicorn kills a worker after 30 s).
RETIRED_GRACE_SECONDS = 120


def live_name(root: Path) -> str | None:
    """The live directory's name, or None before the first index (one small read)."""
    try:
        name = (root / POINTER).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    if not name.startswith(PREFIX) or "/" in name:
        raise ValueError(f"{root / POINTER} names no index directory: {name!r}")
    return name


def new_directory(root: Path) -> Path:
    """An empty directory for a new index, named so that names sort by creation time."""
    root.mkdir(parents=True, exist_ok=True)
    name = f"{PREFIX}{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(4)}"
    directory = root / name
    directory.mkdir()
    return directory


def publish(root: Path, directory: Path) -> None:
    """Make `directory` the live index in one step: CURRENT is replaced, never rewritten."""
    (directory / WENT_LIVE).touch()
    _fsync_directory(directory)
    temporary = root / f".{POINTER}.{os.getpid()}.{secrets.token_hex(4)}"
    with open(temporary, "w", encoding="ascii") as pointer:
        pointer.write(directory.name + "\n")
        pointer.flush()
        os.fsync(pointer.fileno())
    os.replace(temporary, root / POINTER)
    _fsync_directory(root)


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _flock(path: Path, operation: int):
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        fcntl.flock(fd, operation)
        yield
    finally:
        os.close(fd)  # closing the last descriptor releases the lock


def build_lock(root: Path):
    """Held for a whole rebuild: one rebuild at a time, and writers know one is running."""
    return _flock(root / BUILD_LOCK, fcntl.LOCK_EX)


def switch_lock(root: Path):
    """Held while choosing the directory to write to, and while switching CURRENT."""
    return _flock(root / SWITCH_LOCK, fcntl.LOCK_EX)


def build_running(root: Path) -> bool:
    try:
        with _flock(root / BUILD_LOCK, fcntl.LOCK_SH | fcntl.LOCK_NB):
            return False
    except BlockingIOError:
        return True


def journal_ids(root: Path, ids) -> None:
    """Remember ids written while a rebuild runs (call under the switch lock)."""
    with open(root / JOURNAL, "a", encoding="ascii") as journal:
        journal.write("".join(f"{pk}\n" for pk in ids))


def journaled_ids(root: Path, offset: int = 0) -> tuple[list[int], int]:
    """The ids journaled after `offset`, and the offset to read from next time."""
    try:
        with open(root / JOURNAL, "rb") as journal:
            journal.seek(offset)
            data = journal.read()
    except FileNotFoundError:
        return [], offset
    complete = data[: data.rfind(b"\n") + 1]  # a line still being written is read next time
    return sorted({int(line) for line in complete.split()}), offset + len(complete)


def clear_journal(root: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        (root / JOURNAL).unlink()


def remove_unused(root: Path, *, now: float | None = None) -> list[str]:
    """Remove index directories that are not live (call under the build lock, so none is being
    built): at once those that never went live (a build that died), the retired ones once the
    grace period has passed; and the files of the layout before CURRENT. Returns what went."""
    live = live_name(root)
    if live is None:  # nothing has gone live yet: a first index may be being made
        return []
    switched = (root / POINTER).stat().st_mtime
    settled = (now or time.time()) - switched > RETIRED_GRACE_SECONDS
    removed = []
    for entry in sorted(root.iterdir()):
        if entry.name == live:
            continue
        if entry.is_dir() and entry.name.startswith(PREFIX):
            if settled or not (entry / WENT_LIVE).exists():
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry.name)
        elif entry.is_file() and entry.name.startswith(("_MAIN_", "MAIN_", f".{POINTER}.")):
            # Whoosh's files written straight into the index directory before it had versions,
            # and the temporary pointer of a process that died while publishing.
            entry.unlink(missing_ok=True)
            removed.append(entry.name)
    return removed


def tidy(root: Path) -> list[str]:
    """`remove_unused`, unless a rebuild is running (it tidies when it is done)."""
    try:
        with _flock(root / BUILD_LOCK, fcntl.LOCK_EX | fcntl.LOCK_NB):
            return remove_unused(root)
    except BlockingIOError:
        return []
