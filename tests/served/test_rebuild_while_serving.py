"""Rebuilding the index of a served archive (gunicorn as `make serve` runs it): real
`manage.py build_index` processes killed at random points never change an answer; an ingest
committed during a rebuild reaches the new index; every worker serves each new index."""

import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from search.engine import versions
from tests.conftest import fixture_text
from tests.databases import sql
from tests.served.test_concurrent_search import answer, never_asked_queries
from tests.server import ROOT, archive_env, manage, served

KILLS = 8
QUERIES = 400


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return archive_env(tmp_path_factory.mktemp("rebuild-data"))


def index_root(env) -> Path:
    return Path(env["ARCHIVE_DATA_DIR"]) / "whoosh"


def start_build(env) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "manage.py", "build_index"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def build_seconds(env) -> float:
    started = time.monotonic()
    manage(env, "build_index")
    return time.monotonic() - started


def never_live(env) -> set[str]:
    root = index_root(env)
    return {p.name for p in root.iterdir() if p.is_dir() and p.name != versions.live_name(root)
            and not (p / versions.WENT_LIVE).exists()}


def building_has_read_the_articles(env, known: set[Path]) -> bool:
    """A build reads the ids of the articles it will write, then creates its index (a TOC) in
    a directory of its own."""
    return any(toc.parent not in known for toc in index_root(env).glob(f"{versions.PREFIX}*/_MAIN_*.toc"))


class Checker(threading.Thread):
    """One client asking never-asked queries, one after another, until stopped, comparing each
    answer with the one given before any build ran."""

    def __init__(self, url: str, expected: dict):
        super().__init__(daemon=True)
        self.url, self.expected = url, expected
        self.stopped = threading.Event()
        self.asked, self.wrong = 0, []

    def run(self):
        for query in self.expected:
            if self.stopped.is_set():
                return
            got = answer(self.url, query)
            self.asked += 1
            if got != self.expected[query]:
                self.wrong.append((query, got[0]))


def test_killed_rebuilds_never_change_an_answer_and_the_next_run_repairs(env):
    seconds = build_seconds(env)
    queries = never_asked_queries(QUERIES, seed=11)
    with served(env) as url:
        expected = {q: answer(url, q) for q in queries}
    assert all(status == 200 for status, _ in expected.values())

    rng = random.Random(2026)
    outcomes = []
    with served(env) as url:
        checker = Checker(url, expected)
        checker.start()
        for _ in range(KILLS):
            build = start_build(env)
            time.sleep(rng.uniform(0.05, seconds))
            build.send_signal(signal.SIGKILL)
            build.wait(timeout=60)
            outcomes.append("killed" if build.returncode == -signal.SIGKILL else build.returncode)
        time.sleep(0.5)
        checker.stopped.set()
        checker.join(timeout=120)

    assert outcomes.count("killed") >= KILLS // 2, outcomes
    assert set(outcomes) <= {"killed", 0}, outcomes
    assert checker.asked >= 20, f"only {checker.asked} queries asked during {KILLS} killed builds"
    assert checker.wrong == [], f"{len(checker.wrong)} of {checker.asked} answers changed, e.g. {checker.wrong[:5]}"
    repair = manage(env, "build_index", "--if-needed").stdout
    assert "up to date" in repair, repair  # the old index, or a finished new one, stayed live
    assert never_live(env) == set()


def search_count(url: str, query: str) -> tuple[int, int]:
    with urllib.request.urlopen(f"{url}/search.json?" + urllib.parse.urlencode({"q": query}), timeout=60) as response:
        import json

        return response.status, json.load(response)["count"]


def every_worker_answers(url: str, query: str, asks: int = 40) -> set[tuple[int, int]]:
    """The answers to `asks` requests from 4 clients at once: both workers answer some."""
    with ThreadPoolExecutor(4) as clients:
        return set(clients.map(lambda _: search_count(url, query), range(asks)))


def test_an_ingest_during_a_rebuild_reaches_the_new_index_and_every_worker_follows(env, tmp_path):
    root = index_root(env)
    page = tmp_path / "later.txt"
    page.write_text(fixture_text("003").replace("六面顶液压机", "鹭鸶滩湿地机"), encoding="utf-8")
    with served(env) as url:
        assert every_worker_answers(url, "鹭鸶滩湿地") == {(200, 0)}
        known = set(root.glob(f"{versions.PREFIX}*"))
        build = start_build(env)
        deadline = time.monotonic() + 60
        while not (versions.build_running(root) and building_has_read_the_articles(env, known)):
            assert build.poll() is None and time.monotonic() < deadline, "the build never began writing"
            time.sleep(0.002)
        # Stopped holding its lock, after it read which articles to write: only the journal can
        # bring it the articles the ingest makes.
        os.kill(build.pid, signal.SIGSTOP)
        try:
            manage(env, "ingest", str(page), "--date", "2030-01-01")
            journaled = versions.journaled_ids(root)[0]
        finally:
            os.kill(build.pid, signal.SIGCONT)
        assert build.wait(timeout=120) == 0, build.stderr.read().decode()
        assert every_worker_answers(url, "鹭鸶滩湿地") == {(200, 1)}
        assert "up to date" in manage(env, "build_index", "--if-needed").stdout  # as many articles as the database
        assert journaled, "the ingest did not see the rebuild running"

        # A rebuild whose index has the generation of the one before it is followed as well.
        sql(env, "UPDATE archive_article SET headline = '白鹭湖畔新标题' WHERE id = (SELECT min(id) FROM archive_article)")
        assert every_worker_answers(url, "白鹭湖畔新标题") == {(200, 0)}
        manage(env, "build_index")
        assert every_worker_answers(url, "白鹭湖畔新标题") == {(200, 1)}
