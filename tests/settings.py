"""Test settings: the project's settings with all state in a temporary directory, never var/."""

import os
import tempfile

os.environ["ARCHIVE_DATA_DIR"] = tempfile.mkdtemp(prefix="archive-test-")

from config.settings import *  # noqa: E402,F403

ARCHIVE_SITE_URL = ""  # permalinks on the host asked (testserver), whatever the shell says
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
