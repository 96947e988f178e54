"""Test settings: the project's settings with all state in a temporary directory, never var/.

`ARCHIVE_TEST_DATABASE=postgres` runs the tests on a PostgreSQL started for the run
(tests/postgres.py), unless ARCHIVE_DATABASE_URL already names one; SQLite otherwise.
"""

import os
import tempfile

os.environ["ARCHIVE_DATA_DIR"] = tempfile.mkdtemp(prefix="archive-test-")
if os.environ.get("ARCHIVE_TEST_DATABASE") == "postgres" and not os.environ.get("ARCHIVE_DATABASE_URL"):
    from tests.postgres import TemporaryPostgres

    # In the environment, so the real processes tests start (tests.databases) find the server.
    os.environ["ARCHIVE_DATABASE_URL"] = TemporaryPostgres().start().url

from config.settings import *  # noqa: E402,F403

ARCHIVE_SITE_URL = ""  # permalinks on the host asked (testserver), whatever the shell says
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
