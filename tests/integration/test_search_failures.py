"""A search the index cannot answer is logged with its traceback and told to the reader (503,
in Chinese) on every path: page, CSV, JSON, Atom; never a 500, never a partial file."""

import json
import logging
import shutil
from pathlib import Path

import pytest

from search.engine import versions
from search.engine.indexing import backend, rebuild

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_index")]

PATHS = {
    "page": "/search/?q=县委书记",
    "csv": "/search.csv?q=县委书记",
    "json": "/search.json?q=县委书记",
    "atom": "/search.atom?q=县委书记",
    "official's feed": "/people/王家鹏/feed/",
}


def garbage_table_of_contents(root: Path, live: Path) -> Path:
    directory = versions.new_directory(root)
    (directory / "_MAIN_1.toc").write_bytes(b"\x00not an index" * 10)
    return directory


def truncated_postings(root: Path, live: Path) -> Path:
    directory = versions.new_directory(root)
    shutil.copytree(live, directory, dirs_exist_ok=True)
    (directory / versions.WENT_LIVE).unlink()
    # A segment's postings: its own file, or its part of the segment's one packed file.
    for postings in [*directory.glob("*.pst"), *directory.glob("*.pack")]:
        postings.write_bytes(postings.read_bytes()[:64])
    return directory


@pytest.mark.parametrize("corrupt", [garbage_table_of_contents, truncated_postings])
def test_a_search_failure_is_logged_and_told_on_every_path(client, caplog, corrupt):
    rebuild()
    root = Path(backend().path)
    versions.publish(root, corrupt(root, root / versions.live_name(root)))
    for kind, path in PATHS.items():
        caplog.clear()
        with caplog.at_level(logging.ERROR, logger="search.views"):
            response = client.get(path)
        assert response.status_code == 503, kind
        assert response["Retry-After"] == "60" and not response.has_header("Content-Disposition"), kind
        body = response.content.decode()
        message = json.loads(body)["error"] if kind == "json" else body
        assert ("导出失败" if kind == "csv" else "检索服务暂时不可用") in message, kind
        asked = response.wsgi_request.get_full_path()
        failures = [r for r in caplog.records if r.exc_info and r.getMessage() == f"search failed for {asked}"]
        assert len(failures) == 1, kind
        assert "Traceback" in caplog.text and "The above exception was the direct cause" in caplog.text, kind

    rebuild()  # the repair: every path answers again, without a restart
    for kind, path in PATHS.items():
        assert client.get(path).status_code == 200, kind
