"""The database setting: SQLite under the data directory unless ARCHIVE_DATABASE_URL names another.

    sqlite:////srv/archive/archive.sqlite3         (four slashes: an absolute path; three: relative)
    postgres://archive@/archive?host=/run/postgresql  (a unix socket's directory)
    postgres://archive:secret@db.example.org:5432/archive?sslmode=require

Parsed here rather than by dj-database-url: two schemes, a dozen lines, one dependency fewer.
On either database a writer waits up to `timeout` seconds for another to finish, then fails with
a message saying to retry (archive.ingest).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql")
# OPTIONS Django's PostgreSQL backend reads itself; the rest are libpq's connection keywords.
DJANGO_ONLY_OPTIONS = ("assume_role", "isolation_level", "pool", "server_side_binding")
# Debian keeps each PostgreSQL version's programs here, off PATH (postgresql-common).
POSTGRES_VERSIONS = Path("/usr/lib/postgresql")


def sqlite_database(path: Path | str, *, timeout: int) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            # Writers wait their turn: a transaction takes the write lock when it begins (a
            # deferred one that read first cannot wait for it later and fails at once), waits up
            # to `timeout` seconds for it, and readers never wait (WAL).
            "transaction_mode": "IMMEDIATE",
            "timeout": timeout,
            "init_command": "PRAGMA journal_mode=WAL;",
        },
    }


def postgres_database(url: str, *, timeout: int) -> dict:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    host = query.pop("host", None) or unquote(parts.hostname or "")
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured(f"ARCHIVE_DATABASE_URL names no database: {url}")
    return {
        # Django's PostgreSQL backend, whose transactions take their turn as SQLite's do.
        "ENGINE": "config.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(parts.port or ""),
        # lock_timeout bounds every wait for a lock, the writers' turn included.
        "OPTIONS": {**query, "options": f"-c lock_timeout={timeout * 1000}"},
    }


def database_from_url(url: str, *, timeout: int) -> dict:
    """Django's DATABASES entry for a database URL (sqlite: or postgres:)."""
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        return sqlite_database(unquote(urlsplit(url).path)[1:], timeout=timeout)
    if scheme in POSTGRES_SCHEMES:
        return postgres_database(url, timeout=timeout)
    raise ImproperlyConfigured(f"ARCHIVE_DATABASE_URL must start with sqlite:// or postgres://, not {url!r}")


def libpq_params(database: dict) -> dict:
    """A PostgreSQL DATABASES entry as libpq's keywords (psycopg.connect, pg_dump's conninfo)."""
    named = {"dbname": database["NAME"], "user": database.get("USER"), "password": database.get("PASSWORD"),
             "host": database.get("HOST"), "port": database.get("PORT")}
    options = {key: value for key, value in database.get("OPTIONS", {}).items() if key not in DJANGO_ONLY_OPTIONS}
    return {**options, **{key: str(value) for key, value in named.items() if value}}


def postgres_program(name: str) -> Path:
    """The newest installed version's `name` (initdb, postgres, pg_dump, …): pg_dump must be as
    new as the server, and Debian's server programs are not on PATH."""
    versions = sorted(POSTGRES_VERSIONS.glob(f"*/bin/{name}"), key=_major_version)
    if versions:
        return versions[-1]
    if found := shutil.which(name):
        return Path(found)
    raise FileNotFoundError(f"PostgreSQL's {name} is not installed (Debian: apt-get install postgresql)")


def _major_version(program: Path) -> int:
    major = program.parts[-3].split(".")[0]  # /usr/lib/postgresql/15/bin/pg_dump
    return int(major) if major.isdigit() else 0
