"""An index of many segments opens one file per segment (packed) and answers exactly as an index
of one segment does."""

import os
from pathlib import Path

import pytest

from archive.models import Article
from search.api import SearchParams, all_ids, run_search
from search.engine import versions
from search.engine.indexing import backend, index_articles, rebuild
from search.engine.packs import PACK_EXT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_index")]

SEARCHES = [
    SearchParams(q="武陟县委常委会议"),
    SearchParams(q="县"),
    SearchParams(q="发展 工作"),
    SearchParams(q="会议", county=("武陟县",)),
    SearchParams(q="项目建设", sort="newest"),
    SearchParams(),
]


def answers() -> list:
    found = []
    for params in SEARCHES:
        results = run_search(params, limit=1000)
        found.append((sorted(all_ids(params)), results.total, results.facets))
    return found


def live_directory() -> Path:
    root = Path(backend().path)
    return root / versions.live_name(root)


def segment_files(directory: Path) -> dict[str, list[str]]:
    """Each segment's files in the directory, by segment id."""
    found: dict[str, list[str]] = {}
    for path in directory.iterdir():
        if path.name.startswith("MAIN_") and "." in path.name:
            found.setdefault(path.name.split(".", 1)[0], []).append(path.name)
    return found


def open_index_files(directory: Path) -> int:
    return sum(str(directory) in os.readlink(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")
               if os.path.exists(f"/proc/self/fd/{fd}"))


def test_a_build_of_many_segments_opens_one_file_a_segment_and_answers_as_one_segment(monkeypatch):
    from search.engine import indexing
    from search.engine.postings import leaves

    rebuild()
    one_segment = answers()
    # Forked writer processes, a segment of 4 articles each: about ten segments.
    monkeypatch.setattr(indexing, "SINGLE_PROCESS_DOCS", 5)
    monkeypatch.setattr(indexing, "BUILD_SEGMENT_DOCS", 4)
    rebuild()
    with backend().index.searcher() as searcher:
        segments = len(leaves(searcher))
    assert segments >= Article.objects.count() // 4
    assert answers() == one_segment
    files = segment_files(live_directory())
    assert len(files) == segments and all(names == [f"{segment}{PACK_EXT}"] for segment, names in files.items())
    assert open_index_files(live_directory()) <= segments + 2  # a pack each, the table of contents


def test_single_writes_leave_at_most_one_segment_loose(monkeypatch):
    from search.engine import indexing

    monkeypatch.setattr(indexing, "SMALL_SEGMENT_DOCS", 1)  # nothing merged: every write adds a segment
    rebuild()
    before = answers()
    article = Article.objects.get(headline="武陟县委常委会议召开")
    for _ in range(4):
        index_articles([article.pk])
        loose = [s for s, names in segment_files(live_directory()).items() if f"{s}{PACK_EXT}" not in names]
        assert len(loose) <= 1
    assert answers() == before
    assert set(all_ids(SearchParams(q="武陟县委常委会议"))) == {article.pk}
