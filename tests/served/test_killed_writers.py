"""Writers killed at any moment leave nothing wrong once repaired: real ingests, admin uploads (a
gunicorn worker killed mid-request) and re-parses are SIGKILLed at random points — half at a
random time, half while they hold the index's write lock (their page committed, the index not
yet written) — and after each kill `build_index --if-needed` runs; then every current article is
found by words of its own, every marker sentence ever written finds exactly the articles that
hold it now (a stale one finds nothing), and no article is left 待索引."""

from __future__ import annotations

import contextlib
import fcntl
import http.cookiejar
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_PAGES
from tests.server import ROOT, archive_env, manage, served

KILLS = {"ingest": 8, "upload": 6, "reparse": 7}
DIGITS = "零一二三四五六七八九"
HAN_RUN = re.compile(r"[\u4e00-\u9fff]{8}")

# A process that stays up between kills: the repair (the command an operator runs), then the
# check, and the edits a re-parse is to find, each on one line of stdin, answered on one line.
CHECKER = r"""
import io, json, sys
from django.core.management import call_command
from archive.models import Article, Page
from search.api import SearchParams, ids

def check(markers):
    out = io.StringIO()
    call_command("build_index", "--if-needed", stdout=out)
    articles = list(Article.objects.current())
    texts = {a.pk: "\n".join((a.kicker, a.headline, a.subheadline, a.body)) for a in articles}
    lost = []
    for article in articles:
        own = OWN_WORDS.findall(article.body[len(article.body) // 3:])
        if own and article.pk not in set(ids(SearchParams(q=own[0]))):
            lost.append(article.pk)
    wrong = {}
    for marker in markers:
        truth = sorted(pk for pk, text in texts.items() if marker in text)
        found = sorted(set(ids(SearchParams(q=marker))))
        if found != truth:
            wrong[marker] = {"found": found, "truth": truth}
    return {"repair": out.getvalue().strip(), "articles": len(articles), "lost": lost, "wrong": wrong,
            "pending": Article.objects.index_pending().count()}

def reparse_edit(marker):
    # As if a newer parser read the stored pages differently: the marker in one paragraph.
    for page in Page.objects.filter(source_name__startswith="k"):
        base = page.raw_text.split("\n本报讯 校验")[0]
        Page.objects.filter(pk=page.pk).update(raw_text=f"{base}\n本报讯 校验{marker}，这一段由重新解析写入。\n")
    return {"edited": True}

import re
OWN_WORDS = re.compile(r"[\u4e00-\u9fff]{8}")
for line in sys.stdin:
    command = json.loads(line)
    answer = check(command["markers"]) if command["do"] == "check" else reparse_edit(command["marker"])
    print("ANSWER " + json.dumps(answer, ensure_ascii=False), flush=True)
"""


class Checker:
    def __init__(self, env: dict):
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "shell", "-c", CHECKER], cwd=ROOT, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )

    def ask(self, **command) -> dict:
        self.process.stdin.write(json.dumps(command, ensure_ascii=False) + "\n")
        self.process.stdin.flush()
        while not (line := self.process.stdout.readline()).startswith("ANSWER "):
            assert line, "the checker stopped"
        return json.loads(line.removeprefix("ANSWER "))

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


def until_killed(kills: int, outcomes: list[str]):
    """Rounds until `kills` of them killed their writer (one that finished first is not a kill)."""
    for _ in range(kills * 2):
        before = sum(outcome.startswith("killed") for outcome in outcomes)
        yield
        kills -= sum(outcome.startswith("killed") for outcome in outcomes) - before
        if kills == 0:
            return


def ingest_edited(env: dict, folder: Path, sources: list[Path], markers: list[str]) -> subprocess.Popen:
    markers.append(mark := marker(len(markers)))
    for source in sources:
        (folder / f"k{source.name}").write_text(page_text(source, mark), encoding="utf-8")
    return subprocess.Popen([sys.executable, "manage.py", "ingest", str(folder)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def marker(number: int) -> str:
    return "标记" + "".join(DIGITS[int(d)] for d in f"{number:03d}") + "号句"


def page_text(source: Path, mark: str) -> str:
    """A fixture page of another year (a page of its own) with a marker sentence inside its
    longest paragraph: each marker another edit of the same page."""
    lines = source.read_text(encoding="utf-8").replace("2020年", "1995年").split("\n")
    longest = max(range(len(lines)), key=lambda n: len(lines[n]))
    lines[longest] = lines[longest][: len(lines[longest]) // 2] + f"，{mark}，" + lines[longest][len(lines[longest]) // 2 :]
    return "\n".join(lines)


def index_lock(env: dict) -> Path:
    root = Path(env["ARCHIVE_DATA_DIR"]) / "whoosh"
    return root / (root / "CURRENT").read_text().strip() / "MAIN_WRITELOCK"


def holds_index_lock(lock: Path) -> bool:
    """Whether another process holds Whoosh's write lock (tried without waiting, and let go)."""
    try:
        with open(lock, "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
    except FileNotFoundError:
        return False
    return False


def kill_when(pids, *, chance: random.Random, env: dict, is_alive, latest: float) -> str:
    """SIGKILL the processes at a random moment (up to `latest` s), or once one of them holds the
    index's write lock: what each kill hit, for the test's record."""
    aim = chance.choice(["time", "index"])
    deadline = time.monotonic() + (chance.uniform(0.2, latest * 0.9) if aim == "time" else latest * 3)
    lock = index_lock(env)
    while time.monotonic() < deadline and is_alive():
        if aim == "index" and holds_index_lock(lock):
            time.sleep(chance.uniform(0, 0.05))
            break
        time.sleep(0.005)
    if not is_alive():
        return "finished"
    for pid in pids():
        os.kill(pid, signal.SIGKILL)
    return f"killed ({aim})"


def kill_process(process: subprocess.Popen, **when) -> str:
    return kill_when(lambda: [process.pid], is_alive=lambda: process.poll() is None, **when)


def assert_agree(result: dict, kill: str) -> None:
    assert result["lost"] == [] and result["wrong"] == {} and result["pending"] == 0, (kill, result)


@pytest.fixture
def env(tmp_path):
    env = archive_env(tmp_path / "data")
    manage(env, "ensure_admin")
    return env


def test_writers_killed_at_random_points_leave_an_archive_the_repair_makes_agree(env, tmp_path):
    chance = random.Random(int(os.environ.get("KILL_SEED", "2020")))
    checker = Checker(env)
    markers: list[str] = []
    outcomes: list[str] = []
    try:
        pages = tmp_path / "pages"
        pages.mkdir()
        sources = FIXTURE_PAGES[:3]

        # Ingests of three edited pages (named k…: the re-parse edits these); the first runs whole,
        # to learn how long a kill may wait.
        started = time.monotonic()
        ingest = ingest_edited(env, pages, sources, markers)
        assert ingest.wait(timeout=120) == 0, ingest.stderr.read()
        whole = time.monotonic() - started
        for _ in until_killed(KILLS["ingest"], outcomes):
            ingest = ingest_edited(env, pages, sources, markers)
            outcomes.append(kill_process(ingest, chance=chance, env=env, latest=whole))
            ingest.wait(timeout=60)
            assert_agree(checker.ask(do="check", markers=markers), outcomes[-1])

        # Admin uploads, the worker answering killed mid-request (gunicorn starts another).
        with served(env) as url:
            admin = AdminClient(url, password=_reset_admin_password(env))
            for _ in until_killed(KILLS["upload"], outcomes):
                markers.append(mark := marker(len(markers)))
                files = {f"k{source.name}": page_text(source, mark) for source in sources}
                upload = threading.Thread(target=admin.upload, args=(files,))
                upload.start()
                outcomes.append(kill_when(lambda: _workers(url), chance=chance, env=env, is_alive=upload.is_alive, latest=3.0))
                upload.join(timeout=120)
                assert_agree(checker.ask(do="check", markers=markers), outcomes[-1])

        # Re-parses of the stored pages after their text changed (as a newer parser would read them).
        for _ in until_killed(KILLS["reparse"], outcomes):
            markers.append(mark := marker(len(markers)))
            checker.ask(do="reparse_edit", marker=mark)
            reparse = subprocess.Popen([sys.executable, "manage.py", "reparse", "--apply"], cwd=ROOT, env=env,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            outcomes.append(kill_process(reparse, chance=chance, env=env, latest=whole))
            reparse.wait(timeout=60)
            assert_agree(checker.ask(do="check", markers=markers), outcomes[-1])
    finally:
        checker.close()
    kills = [outcome for outcome in outcomes if outcome.startswith("killed")]
    assert len(kills) >= 20, outcomes
    assert sum(outcome == "killed (index)" for outcome in outcomes) >= 5, outcomes


def _reset_admin_password(env: dict) -> str:
    password = uuid.uuid4().hex
    script = f"from django.contrib.auth.models import User; u = User.objects.get(username='admin'); u.set_password('{password}'); u.save()"
    manage(env, "shell", "-c", script)
    return password


def _workers(url: str) -> list[int]:
    """The gunicorn workers serving `url`: the children of its master."""
    port = urllib.parse.urlsplit(url).port
    masters = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _cmdline(p).endswith(f"127.0.0.1:{port}")]
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _parent(p) in masters]


def _cmdline(proc: Path) -> str:
    try:
        return (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""


def _parent(proc: Path) -> int | None:
    try:
        return int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


class AdminClient:
    """The admin's upload form, driven over HTTP as a browser would (login, CSRF, multipart)."""

    def __init__(self, url: str, *, password: str):
        self.url = url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self._post("/admin/login/", {"username": "admin", "password": password, "next": "/admin/"})

    def upload(self, files: dict[str, str]) -> None:
        with contextlib.suppress(OSError):  # the worker was killed: the connection drops, as a browser sees it
            self._post("/admin/archive/edition/upload/", {}, files)

    def _token(self, path: str) -> str:
        page = self.opener.open(self.url + path, timeout=60).read().decode()
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def _post(self, path: str, fields: dict, files: dict[str, str] | None = None) -> None:
        fields = {**fields, "csrfmiddlewaretoken": self._token(path)}
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields.items()]
        parts += [
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            f"Content-Type: text/plain\r\n\r\n{text}\r\n"
            for name, text in (files or {}).items()
        ]
        body = ("".join(parts) + f"--{boundary}--\r\n").encode()
        request = urllib.request.Request(self.url + path, data=body, headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": self.url + path,
        })
        self.opener.open(request, timeout=120).read()
