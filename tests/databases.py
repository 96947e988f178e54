"""The database of an archive that real processes (manage.py, gunicorn) use in a test, on SQLite
or PostgreSQL alike: its environment, its rows, and another writer holding it.

On SQLite an archive's database is a file in its data directory; on PostgreSQL (the run's
ARCHIVE_DATABASE_URL, tests/postgres.py) each such archive gets a new database of its own.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sqlite3
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

from config.database import POSTGRES_SCHEMES, libpq_params, postgres_database
from config.postgresql.base import WRITERS_LOCK


def process_env(data_dir: Path) -> dict:
    """An environment whose archive is its own: its state in data_dir and, on PostgreSQL, a new
    empty database on the run's server (nothing from the shell's ARCHIVE_DATABASE_PATH, a SQLite
    ARCHIVE_DATABASE_URL or ARCHIVE_INDEX_DIR)."""
    ignored = ("ARCHIVE_DATABASE_PATH", "ARCHIVE_DATABASE_URL", "ARCHIVE_INDEX_DIR")
    env = {key: value for key, value in os.environ.items() if key not in ignored}
    env.update(ARCHIVE_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="config.settings")
    url = os.environ.get("ARCHIVE_DATABASE_URL", "")
    if urlsplit(url).scheme in POSTGRES_SCHEMES:
        env["ARCHIVE_DATABASE_URL"] = _new_database(url)
    return env


def _connection_params(url: str) -> dict:
    return libpq_params(postgres_database(url, timeout=0))


def _new_database(url: str) -> str:
    """A new database on the server of `url`, dropped when the run ends; its URL."""
    name = f"archive_{uuid.uuid4().hex[:12]}"
    admin = {**_connection_params(url), "dbname": "postgres"}
    with psycopg.connect(**admin, autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    atexit.register(_drop_database, admin, name)
    return urlsplit(url)._replace(path=f"/{name}").geturl()


def _drop_database(admin: dict, name: str) -> None:
    with contextlib.suppress(psycopg.OperationalError), psycopg.connect(**admin, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_name(env: dict) -> str:
    """How the archive's messages name its database: a file's path, or a PostgreSQL database."""
    if url := env.get("ARCHIVE_DATABASE_URL"):
        return _connection_params(url)["dbname"]
    return str(Path(env["ARCHIVE_DATA_DIR"]) / "archive.sqlite3")


@contextlib.contextmanager
def _connected(env: dict):
    """A connection of the test's own, outside any transaction until told."""
    if url := env.get("ARCHIVE_DATABASE_URL"):
        with psycopg.connect(**_connection_params(url), autocommit=True) as db:
            yield db
    else:
        db = sqlite3.connect(database_name(env), isolation_level=None)
        try:
            yield db
        finally:
            db.close()


def sql(env: dict, statement: str) -> list[tuple]:
    """The rows of one statement (SQL both databases read alike), committed at once."""
    with _connected(env) as db:
        cursor = db.execute(statement)
        return list(cursor.fetchall()) if cursor.description else []


@contextlib.contextmanager
def writer_holding(env: dict):
    """Another writer in the middle of its transaction, holding every other writer back."""
    with _connected(env) as db:
        if env.get("ARCHIVE_DATABASE_URL"):
            db.execute("BEGIN")
            db.execute("SELECT pg_advisory_xact_lock(%s)", [WRITERS_LOCK])
        else:
            db.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            db.execute("ROLLBACK")
