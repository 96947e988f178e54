"""Writers wait their turn: real `manage.py` processes writing one database (SQLite or PostgreSQL)
at the same time all complete, and a wait that runs out is one line saying to retry."""

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_PAGES
from tests.databases import database_name, process_env, sql, writer_holding
from tests.server import ROOT, manage

# An editor's correction as the admin makes it: read the article, then save it, in one
# transaction; and a rename, which re-saves every article naming the person.
CORRECTIONS = """
import os, time
from pathlib import Path
from django.db import transaction
from archive.corrections import mark_corrected, person_rename
from archive.models import Article, Person
stop, done = Path(os.environ["STOP_FILE"]), 0
deadline = time.monotonic() + 120
while not stop.exists() and time.monotonic() < deadline:
    with transaction.atomic():
        article = Article.objects.get(page__source_name__startswith="000_", headline__startswith="武陟县委常委会议召开")
        article.subheadline = f"第{done}次更正"
        mark_corrected(article, ["subheadline"])
        article.save()
    person = Person.objects.get(name__in=["柴英杰", "柴英杰甲"])
    person_rename(person=person, name="柴英杰甲" if person.name == "柴英杰" else "柴英杰")
    done += 1
    time.sleep(0.2)  # an editor reads between saves
print(f"corrections: {done}")
"""


@pytest.fixture
def env(tmp_path):
    """An empty archive of its own (not the test database), migrated, with an empty index."""
    env = process_env(tmp_path / "data")
    manage(env, "migrate", "--noinput")
    manage(env, "build_index")
    return env


def distinct_pages(folder: Path, copies: range) -> list[str]:
    """Copies of the fixture pages that are pages of their own: another year, one more line."""
    folder.mkdir()
    for copy in copies:
        for page in FIXTURE_PAGES:
            text = page.read_text(encoding="utf-8").replace("2020年", f"{1990 + copy}年")
            (folder / f"{copy:02d}_{page.name}").write_text(f"{text}\n\n本报讯 这是第{copy}份样张，只为测试。\n", encoding="utf-8")
    return sorted(p.name for p in folder.iterdir())


def start(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finished(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


def pages_in(env: dict) -> list[str]:
    return sorted(name for (name,) in sql(env, "SELECT source_name FROM archive_page"))


def test_two_ingests_at_once_both_load_every_page(env, tmp_path):
    first = distinct_pages(tmp_path / "first", range(0, 1))
    second = distinct_pages(tmp_path / "second", range(1, 2))
    runs = [start(env, "ingest", str(tmp_path / "first")), start(env, "ingest", str(tmp_path / "second"))]
    for returncode, out, err in map(finished, runs):
        assert returncode == 0, err
        assert "Traceback" not in err and "locked" not in err
        assert all(": created" in line for line in out.splitlines())
    assert pages_in(env) == sorted(first + second)


def test_an_ingest_and_an_editors_corrections_at_once_both_complete(env, tmp_path):
    manage(env, "ingest", "fixtures/")
    names = distinct_pages(tmp_path / "new", range(0, 1))
    stop = tmp_path / "stop"
    editor = start({**env, "STOP_FILE": str(stop)}, "shell", "-c", CORRECTIONS)
    time.sleep(2)  # the editor is at work when the ingest starts
    ingest = start(env, "ingest", str(tmp_path / "new"))
    ingest_returncode, ingest_out, ingest_err = finished(ingest)
    stop.touch()
    editor_returncode, editor_out, editor_err = finished(editor)
    assert ingest_returncode == 0 and "Traceback" not in ingest_err, ingest_err
    assert editor_returncode == 0 and "Traceback" not in editor_err, editor_err
    done = int(editor_out.split("corrections: ")[1])
    assert done >= 2
    assert pages_in(env) == sorted(names + [page.name for page in FIXTURE_PAGES])
    [(subheadline,)] = sql(env, "SELECT subheadline FROM archive_article JOIN archive_page ON page_id = archive_page.id"
                                " WHERE source_name LIKE '000%' AND headline LIKE '武陟县委常委会议召开%'")
    assert subheadline == f"第{done - 1}次更正"


def test_a_wait_that_runs_out_is_one_line_naming_the_file_and_saying_to_retry(env, tmp_path):
    (tmp_path / "page.txt").write_text(FIXTURE_PAGES[0].read_text(encoding="utf-8"), encoding="utf-8")
    with writer_holding(env):  # another writer, holding the write lock throughout
        returncode, out, err = finished(start({**env, "ARCHIVE_DATABASE_TIMEOUT": "1"}, "ingest", str(tmp_path / "page.txt")))
    assert returncode != 0 and "Traceback" not in err
    [message] = [line for line in err.splitlines() if "page.txt" in line]
    assert database_name(env) in message and "1 秒" in message and "请稍后重试" in message
    assert pages_in(env) == []
