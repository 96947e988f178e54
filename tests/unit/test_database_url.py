"""ARCHIVE_DATABASE_URL read into Django's DATABASES entry (config/database.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.database import database_from_url, libpq_params


def test_postgres_on_a_unix_socket_names_its_directory_as_host():
    database = database_from_url("postgres://archive@/archive?host=/tmp/pg%20sock", timeout=20)
    assert database["ENGINE"] == "config.postgresql"
    assert (database["NAME"], database["USER"], database["HOST"], database["PORT"]) == ("archive", "archive", "/tmp/pg sock", "")
    assert database["OPTIONS"] == {"options": "-c lock_timeout=20000"}


def test_postgres_over_tcp_keeps_password_port_and_connection_options():
    database = database_from_url("postgresql://ed%40itor:p%2Fw@db.example.org:6543/新闻?sslmode=require", timeout=5)
    assert (database["USER"], database["PASSWORD"], database["HOST"], database["PORT"]) == (
        "ed@itor", "p/w", "db.example.org", "6543"
    )
    assert database["NAME"] == "新闻"
    assert libpq_params(database) == {
        "sslmode": "require", "options": "-c lock_timeout=5000", "dbname": "新闻", "user": "ed@itor",
        "password": "p/w", "host": "db.example.org", "port": "6543",
    }


@pytest.mark.parametrize(("url", "path"), [
    ("sqlite:///var/archive.sqlite3", "var/archive.sqlite3"),
    ("sqlite:////srv/archive/archive.sqlite3", "/srv/archive/archive.sqlite3"),
])
def test_sqlite_has_three_slashes_before_a_relative_path_and_four_before_an_absolute_one(url, path):
    database = database_from_url(url, timeout=7)
    assert (database["ENGINE"], database["NAME"]) == ("django.db.backends.sqlite3", path)
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE" and database["OPTIONS"]["timeout"] == 7


@pytest.mark.parametrize("url", ["mysql://archive@localhost/archive", "postgres://archive@localhost/", "archive.sqlite3"])
def test_a_url_the_archive_cannot_use_is_refused_with_what_it_takes(url):
    with pytest.raises(ImproperlyConfigured):
        database_from_url(url, timeout=20)
