"""A served archive for tests: a temporary data directory loaded with the fixture pages, and
gunicorn started exactly as `make serve` starts it (config/gunicorn.conf.py)."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.databases import process_env

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True)


def archive_env(data_dir: Path) -> dict:
    """An environment whose archive lives in data_dir, migrated and holding the fixture pages."""
    env = process_env(data_dir)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "ingest", "fixtures/")
    manage(env, "build_index", "--if-needed")
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served(env: dict, *, workers: int = 2):
    """The archive served by gunicorn with `make serve`'s configuration; yields its base URL."""
    port = free_port()
    log = Path(env["ARCHIVE_DATA_DIR"]) / f"gunicorn-{port}.log"
    with open(log, "wb") as log_file:
        process = subprocess.Popen(
            [str(GUNICORN), "--config", "config/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT, env={**env, "WORKERS": str(workers)}, stdout=log_file, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=5)
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("gunicorn did not start:\n" + log.read_text(errors="replace")[-3000:]) from None
            time.sleep(0.2)
