"""Backing up and restoring the archive, database and search index together, while it serves.

The database is copied while this backup holds every writer back (they wait, as for any writer;
readers never wait): on SQLite with its online backup API inside an immediate transaction (never
a file copy: a WAL database's committed pages may still be in its -wal file); on PostgreSQL with
pg_dump, under the writers' lock (config/postgresql) and reading the very snapshot the articles
were counted in. Under it the live index is held still (search.engine.snapshots) and copied. An
article committed just before the hold but not yet indexed would leave the copies one apart: the
counts are compared and the backup tried again after a moment, so a restored archive's index is
up to date.

A backup is a directory: `archive.sqlite3` or `archive.pgdump` (pg_dump's custom format),
`whoosh/` (CURRENT and the one live index directory), and `manifest.json` (time, articles, index
version, database file), written last: without it, no restore. A backup restores into an archive
on the same kind of database.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import ProgrammingError, connections

from archive.models import Article

from .engine import snapshots

INDEX = "whoosh"
MANIFEST = "manifest.json"
ATTEMPTS = 20


class BackupError(Exception):
    """A backup or restore that cannot be made, in one line for the operator."""


def _index_root() -> Path:
    return Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])


def _searchable_articles(db) -> int:
    """What the index holds: the articles not withdrawn (search_indexes' index_queryset)."""
    table, column = Article._meta.db_table, Article._meta.get_field("withdrawn").column
    return db.execute(f'SELECT COUNT(*) FROM "{table}" WHERE NOT "{column}"').fetchone()[0]


class SQLiteDatabase:
    file = "archive.sqlite3"

    def __init__(self, database: dict):
        self.path = Path(database["NAME"])

    @contextlib.contextmanager
    def held(self):
        """Writers held back; yields (articles as copied, a function copying the database to a path)."""
        # One connection holds the write lock (a backup step cannot run inside it), another
        # reads the copy: in WAL it reads the last commit, and no commit can follow meanwhile.
        holder = sqlite3.connect(self.path, timeout=settings.ARCHIVE_DATABASE_TIMEOUT, isolation_level=None)
        source = sqlite3.connect(self.path, timeout=settings.ARCHIVE_DATABASE_TIMEOUT, isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")  # writers wait until the copies are made
            yield _searchable_articles(holder), lambda path: self._copy(source, path)
        finally:
            source.close()
            holder.close()

    @staticmethod
    def _copy(source: sqlite3.Connection, path: Path) -> None:
        target = sqlite3.connect(path, timeout=settings.ARCHIVE_DATABASE_TIMEOUT)
        try:
            source.backup(target)
        finally:
            target.close()

    def is_empty(self) -> bool:
        """No articles, or no database yet (opened read-only: nothing is created)."""
        if not self.path.exists():
            return True
        with sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=settings.ARCHIVE_DATABASE_TIMEOUT) as db:
            try:
                return db.execute("SELECT 1 FROM archive_article LIMIT 1").fetchone() is None
            except sqlite3.OperationalError:  # not migrated
                return True

    def restore(self, src: Path) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
        target = sqlite3.connect(self.path, timeout=settings.ARCHIVE_DATABASE_TIMEOUT)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=WAL")
        finally:
            source.close()
            target.close()


class PostgresDatabase:
    file = "archive.pgdump"

    def __init__(self, database: dict):
        from config.database import libpq_params

        self.params = libpq_params(database)

    @contextlib.contextmanager
    def held(self):
        import psycopg

        from config.postgresql.base import WRITERS_LOCK

        # The holder takes the writers' turn and keeps it; then the reader's snapshot (taken at
        # its first statement, after no writer can commit) is counted and handed to pg_dump.
        with psycopg.connect(**self.params) as holder, psycopg.connect(**self.params) as reader:
            try:
                holder.execute("SELECT pg_advisory_xact_lock(%s)", [WRITERS_LOCK])
            except psycopg.errors.LockNotAvailable:
                raise BackupError(
                    f"another writer held the database for {settings.ARCHIVE_DATABASE_TIMEOUT} s: try again"
                ) from None
            reader.isolation_level, reader.read_only = psycopg.IsolationLevel.REPEATABLE_READ, True
            (snapshot,) = reader.execute("SELECT pg_export_snapshot()").fetchone()
            yield _searchable_articles(reader), lambda path: self._dump(snapshot, path)

    def _run(self, program: str, *args: str) -> None:
        from psycopg.conninfo import make_conninfo

        from config.database import postgres_program

        params = {key: value for key, value in self.params.items() if key != "password"}
        env = {**os.environ, "PGPASSWORD": self.params.get("password", "")}
        done = subprocess.run([postgres_program(program), *args, "--dbname", make_conninfo(**params)],
                              env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise BackupError(f"{program} failed: {done.stderr.strip()}")

    def _dump(self, snapshot: str, path: Path) -> None:
        self._run("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}", f"--file={path}")

    def is_empty(self) -> bool:
        try:
            return not Article.objects.exists()
        except ProgrammingError:  # not migrated
            return True
        finally:
            connections["default"].close()

    def restore(self, src: Path) -> None:
        # One transaction: the archive's tables replaced whole, or, on any error, left as they were.
        self._run("pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
                  "--exit-on-error", str(src))


def _database() -> SQLiteDatabase | PostgresDatabase:
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return SQLiteDatabase(database)
    if connections["default"].vendor == "postgresql":
        return PostgresDatabase(database)
    raise BackupError(f"backup copies SQLite and PostgreSQL databases; this archive runs on {database['ENGINE']}")


def backup(dest: Path) -> dict:
    """Copy the database and the live index to `dest` (absent or empty); returns the manifest."""
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"{dest} is not empty: back up into a new directory")
    database = _database()
    for attempt in range(ATTEMPTS):
        dest.mkdir(parents=True, exist_ok=True)
        with database.held() as (articles, copy), snapshots.live_index_held(_index_root()) as (directory, indexed):
            # Nothing commits meanwhile: `articles` is the database as copied.
            if indexed == articles or attempt == ATTEMPTS - 1:  # else an article awaits indexing
                copy(dest / database.file)
                index = snapshots.copy_index(directory, dest / INDEX)
                break
        time.sleep(0.25)  # let the writer of an article not yet indexed finish
    manifest = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "articles": articles,
        "indexed": indexed,
        "index": index,
        "database": database.file,
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return manifest


def archive_is_empty() -> bool:
    """No articles in the database (or no database yet) and no documents in a live index."""
    connections["default"].close()
    if not _database().is_empty():
        return False
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
    database = _database()
    if manifest.get("database", SQLiteDatabase.file) != database.file:
        raise BackupError(f"{src} holds {manifest['database']}: it restores into an archive on that kind of database")
    if not force and not archive_is_empty():
        raise BackupError("this archive is not empty: restoring would replace it (use --force)")
    connections["default"].close()
    database.restore(src / database.file)
    directory, documents = snapshots.install_index(src / INDEX, _index_root())
    return {**manifest, "restored_index": directory, "restored_documents": documents}
