"""A PostgreSQL of the test run's own: Debian's server (apt package `postgresql`, installed by
`make test`), a cluster made in a temporary directory, listening only on a unix socket there,
stopped and removed when the run ends.

`ARCHIVE_TEST_DATABASE=postgres pytest …` starts it (tests/settings.py) and points
ARCHIVE_DATABASE_URL at it; tests whose real processes need an archive of their own get a new
database on it (tests.databases.process_env).
"""

from __future__ import annotations

import atexit
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

from config.database import postgres_program

USER = "archive"  # the cluster's superuser; local connections are trusted
DATABASE = "archive"


def _unprivileged() -> dict:
    """initdb and postgres refuse to run as root: as root (CI), they run as nobody."""
    if os.geteuid() != 0:
        return {}
    nobody = pwd.getpwnam("nobody")
    return {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}


class TemporaryPostgres:
    def __init__(self):
        # In /tmp: a short path (a socket's is at most 107 bytes) that nobody may enter.
        self.root = Path(tempfile.mkdtemp(prefix="archive-pg-", dir="/tmp" if Path("/tmp").is_dir() else None))
        self.data, self.socket_dir = self.root / "data", self.root / "socket"
        self.process: subprocess.Popen | None = None
        self.url = f"postgres://{USER}@/{DATABASE}?host={self.socket_dir}"

    def start(self) -> TemporaryPostgres:
        atexit.register(self.stop)
        as_server = _unprivileged()
        self.socket_dir.mkdir()
        if as_server:
            for path in (self.root, self.socket_dir):
                os.chown(path, as_server["user"], as_server["group"])
        initdb = subprocess.run(
            [postgres_program("initdb"), "-D", self.data, "-U", USER, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"],
            capture_output=True, text=True, **as_server,
        )
        if initdb.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{initdb.stdout}{initdb.stderr}")
        log = open(self.root / "postgres.log", "wb")  # noqa: SIM115 (the server writes it until stopped)
        # Durability is not what is tested: without fsync a test's commit costs no disk flush.
        self.process = subprocess.Popen(
            [postgres_program("postgres"), "-D", self.data, "-k", self.socket_dir, "-c", "listen_addresses=",
             "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200"],
            stdout=log, stderr=subprocess.STDOUT, **as_server,
        )
        log.close()
        self._wait_until_up()
        with self.connect("postgres") as admin:
            admin.execute(f'CREATE DATABASE "{DATABASE}"')
        return self

    def connect(self, dbname: str) -> psycopg.Connection:
        return psycopg.connect(host=str(self.socket_dir), user=USER, dbname=dbname, autocommit=True)

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + 60
        while True:
            try:
                self.connect("postgres").close()
                return
            except psycopg.OperationalError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    log = (self.root / "postgres.log").read_text(errors="replace")[-3000:]
                    raise RuntimeError(f"PostgreSQL did not start:\n{log}") from None
                time.sleep(0.1)

    def stop(self) -> None:
        """A fast shutdown (SIGINT: sessions ended, no waiting for clients), then the files go."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)
