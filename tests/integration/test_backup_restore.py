"""manage.py backup while a real ingest writes, restored into a fresh data directory: the same
articles, the same search results, and an index `build_index --if-needed` calls up to date."""

import json
import subprocess
import sys
import time

from tests.databases import process_env, sql
from tests.integration.test_writers_at_once import distinct_pages, finished, start
from tests.server import ROOT, manage

SEARCH = """
from search.api import SearchParams, ids
print(ids(SearchParams(q="县委")))
"""


def searched(env: dict) -> list[int]:
    done = subprocess.run([sys.executable, "manage.py", "shell", "-c", SEARCH], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def article_ids(env: dict) -> set[int]:
    return {pk for (pk,) in sql(env, "SELECT id FROM archive_article WHERE NOT withdrawn")}


def test_backup_while_ingesting_restores_the_same_archive(tmp_path):
    source = process_env(tmp_path / "source")
    manage(source, "migrate", "--noinput")
    manage(source, "ingest", str(ROOT / "fixtures"))
    manage(source, "build_index")
    distinct_pages(tmp_path / "more", range(0, 4))
    ingest = start(source, "ingest", str(tmp_path / "more"))
    time.sleep(1.5)  # the ingest is writing pages and their index entries
    backup = manage(source, "backup", str(tmp_path / "backup"))
    returncode, out, err = finished(ingest)
    assert returncode == 0, err
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["articles"] == manifest["indexed"] >= 40
    assert f"backed up {manifest['articles']} articles" in backup.stdout

    restored = process_env(tmp_path / "restored")
    done = manage(restored, "restore", str(tmp_path / "backup"))
    assert f"restored {manifest['articles']} articles" in done.stdout
    assert len(article_ids(restored)) == manifest["articles"]
    assert manage(restored, "build_index", "--if-needed").stdout.strip() == (
        f"search index up to date ({manifest['articles']} articles)"
    )
    kept = article_ids(restored)
    assert kept <= article_ids(source)
    found = searched(restored)
    assert found and found == [pk for pk in searched(source) if pk in kept]


def test_restore_refuses_a_non_empty_archive_without_force(tmp_path):
    source = process_env(tmp_path / "source")
    manage(source, "migrate", "--noinput")
    manage(source, "ingest", str(ROOT / "fixtures"))
    manage(source, "build_index")
    manage(source, "backup", str(tmp_path / "backup"))
    refused = subprocess.run([sys.executable, "manage.py", "restore", str(tmp_path / "backup")], cwd=ROOT,
                             env=source, capture_output=True, text=True)
    assert refused.returncode != 0 and "not empty" in refused.stderr and "--force" in refused.stderr
    assert "restored 40 articles" in manage(source, "restore", "--force", str(tmp_path / "backup")).stdout
    assert manage(source, "build_index", "--if-needed").stdout.strip() == "search index up to date (40 articles)"
    again = subprocess.run([sys.executable, "manage.py", "backup", str(tmp_path / "backup")], cwd=ROOT,
                           env=source, capture_output=True, text=True)
    assert again.returncode != 0 and "not empty" in again.stderr
