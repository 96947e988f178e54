"""Copying the live index out (a backup) and putting a copy back (a restore), Whoosh's side.

A copy is consistent when nothing changes the live directory while it is read: the switch lock
keeps a rebuild from switching CURRENT (and writers from choosing a directory), and Whoosh's own
write lock keeps every writer from committing. Whoosh's segment files never change once written;
its TOC is what a commit replaces, so with the write lock held the directory is one index.
Nothing here knows the database: search.backup holds the database still around these calls.
"""

from __future__ import annotations

import contextlib
import shutil
import time
from pathlib import Path

from whoosh.filedb.filestore import FileStorage

from . import formats, versions

LOCK_WAIT_SECONDS = 60.0


@contextlib.contextmanager
def live_index_held(root: Path):
    """Hold the live index still; yields (its directory, its document count)."""
    root.mkdir(parents=True, exist_ok=True)
    with versions.switch_lock(root):
        name = versions.live_name(root)
        if name is None:
            raise FileNotFoundError(f"there is no search index under {root} (run `manage.py build_index`)")
        index = FileStorage(str(root / name)).open_index()
        lock = index.lock("WRITELOCK")
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while not lock.acquire(False):
            if time.monotonic() > deadline:
                raise TimeoutError(f"the search index stayed locked by a writer for {LOCK_WAIT_SECONDS:.0f} s")
            time.sleep(0.05)
        try:
            yield root / name, index.refresh().doc_count()
        finally:
            lock.release()


def copy_index(directory: Path, dest_root: Path) -> dict:
    """Copy one held index directory to `dest_root/<its name>` with a CURRENT naming it."""
    target = dest_root / directory.name
    target.mkdir(parents=True)
    for entry in sorted(directory.iterdir()):
        if entry.is_file() and not entry.name.endswith("LOCK"):
            shutil.copy2(entry, target / entry.name)
    (dest_root / versions.POINTER).write_text(directory.name + "\n", encoding="ascii")
    return {"directory": directory.name, "block_format": formats.BLOCK_FORMAT}


def install_index(src_root: Path, root: Path) -> tuple[str, int]:
    """Make a copied index live under `root`: copied into a new directory, switched to in one
    step (the old one is removed by a later tidy). Returns the new directory and its count."""
    name = versions.live_name(src_root)
    if name is None:
        raise FileNotFoundError(f"{src_root} holds no index (no {versions.POINTER})")
    root.mkdir(parents=True, exist_ok=True)
    with versions.build_lock(root):
        directory = versions.new_directory(root)
        for entry in sorted((src_root / name).iterdir()):
            if entry.is_file() and entry.name != versions.WENT_LIVE:
                shutil.copy2(entry, directory / entry.name)
        documents = FileStorage(str(directory)).open_index().doc_count()
        with versions.switch_lock(root):
            versions.publish(root, directory)
            versions.clear_journal(root)
    return directory.name, documents
