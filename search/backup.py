"""Backing up and restoring the archive, database and search index together, while it serves.

The database is copied with SQLite's online backup API (never a file copy: a WAL database's
committed pages may still be in its -wal file), inside an immediate transaction this backup
holds, so no writer commits meanwhile (they wait, as for any writer; readers never wait). Under
it the live index is held still (search.engine.snapshots) and copied. An article committed just
before the hold but not yet indexed would leave the copies one apart: the counts are compared
and the backup tried again after a moment, so a restored archive's index is up to date.

A backup is a directory: `archive.sqlite3`, `whoosh/` (CURRENT and the one live index directory),
and `manifest.json` (time, articles, index version), written last: without it, no restore.
"""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connections

from archive.models import Article

from .engine import snapshots

DATABASE = "archive.sqlite3"
INDEX = "whoosh"
MANIFEST = "manifest.json"
ATTEMPTS = 20


class BackupError(Exception):
    """A backup or restore that cannot be made, in one line for the operator."""


def _database_path() -> Path:
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        raise BackupError(f"backup copies SQLite databases; this archive runs on {database['ENGINE']}")
    return Path(database["NAME"])


def _index_root() -> Path:
    return Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])


def _timeout() -> float:
    return float(settings.DATABASES["default"].get("OPTIONS", {}).get("timeout", 20))


def _searchable_articles(db: sqlite3.Connection) -> int:
    """What the index holds: the articles not withdrawn (search_indexes' index_queryset)."""
    table, column = Article._meta.db_table, Article._meta.get_field("withdrawn").column
    return db.execute(f'SELECT COUNT(*) FROM "{table}" WHERE "{column}" = 0').fetchone()[0]


def backup(dest: Path) -> dict:
    """Copy the database and the live index to `dest` (absent or empty); returns the manifest."""
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"{dest} is not empty: back up into a new directory")
    source_path = _database_path()
    for attempt in range(ATTEMPTS):
        dest.mkdir(parents=True, exist_ok=True)
        # One connection holds the write lock (a backup step cannot run inside it), another
        # reads the copy: in WAL it reads the last commit, and no commit can follow meanwhile.
        holder = sqlite3.connect(source_path, timeout=_timeout(), isolation_level=None)
        source = sqlite3.connect(source_path, timeout=_timeout(), isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")  # writers wait until the copies are made
            with snapshots.live_index_held(_index_root()) as (directory, indexed):
                articles = _searchable_articles(holder)  # nothing commits: the database as copied
                if indexed != articles and attempt < ATTEMPTS - 1:
                    pass  # an article committed, not yet indexed: let its writer finish
                else:
                    target = sqlite3.connect(dest / DATABASE)
                    try:
                        source.backup(target)
                    finally:
                        target.close()
                    index = snapshots.copy_index(directory, dest / INDEX)
                    break
        finally:
            source.close()
            holder.close()
        time.sleep(0.25)
    manifest = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "articles": articles,
        "indexed": indexed,
        "index": index,
        "database": DATABASE,
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return manifest


def archive_is_empty() -> bool:
    """No articles in the database (or no database yet) and no documents in a live index."""
    connections["default"].close()
    path = _database_path()
    if path.exists():
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=_timeout()) as db:
            try:
                if db.execute("SELECT 1 FROM archive_article LIMIT 1").fetchone():
                    return False
            except sqlite3.OperationalError:  # not migrated
                pass
    try:
        with snapshots.live_index_held(_index_root()) as (_, indexed):
            return indexed == 0
    except FileNotFoundError:
        return True


def restore(src: Path, *, force: bool = False) -> dict:
    """Put a backup's database and index in place of this archive's; returns its manifest."""
    src = Path(src)
    try:
        manifest = json.loads((src / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{src} holds no {MANIFEST}: not a finished backup") from None
    if not force and not archive_is_empty():
        raise BackupError("this archive is not empty: restoring would replace it (use --force)")
    path = _database_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    connections["default"].close()
    source = sqlite3.connect(f"file:{src / DATABASE}?mode=ro", uri=True)
    target = sqlite3.connect(path, timeout=_timeout())
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
    finally:
        source.close()
        target.close()
    directory, documents = snapshots.install_index(src / INDEX, _index_root())
    return {**manifest, "restored_index": directory, "restored_documents": documents}
