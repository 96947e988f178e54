"""Rebuilding the index: one atomic switch of CURRENT, writes made meanwhile kept, every process
following, old directories removed, older or unreadable indexes rebuilt, haystack's commands
made harmless."""

import io
import sys
import time
import types
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command, get_commands

from archive.models import Article
from search.api import SearchParams, all_ids, run_search
from search.engine import formats, indexing, versions
from search.engine.indexing import backend, index_articles, rebuild
from tests.conftest import fixture_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_index")]


def root() -> Path:
    return Path(backend().path)


def index_directories() -> set[str]:
    return {p.name for p in root().iterdir() if p.is_dir() and p.name.startswith(versions.PREFIX)}


def everything_indexed() -> bool:
    return set(all_ids(SearchParams())) == set(Article.objects.values_list("pk", flat=True))


def build_index(*args) -> str:
    call_command("build_index", *args, stdout=(out := io.StringIO()))
    return out.getvalue()


def test_a_rebuild_goes_live_by_replacing_current_and_keeps_the_old_directory_until_it_has_settled():
    rebuild()
    first = versions.live_name(root())
    rebuild()
    second = versions.live_name(root())
    assert first != second and backend().live == second
    assert index_directories() == {first, second}  # a request that began on the first may still read it
    assert everything_indexed()
    later = time.time() + versions.RETIRED_GRACE_SECONDS + 1
    assert versions.remove_unused(root(), now=later) == [first]
    assert index_directories() == {second} and everything_indexed()


def test_writes_committed_during_a_rebuild_reach_the_new_index(monkeypatch, tmp_path, django_capture_on_commit_callbacks):
    rebuild()
    before = set(Article.objects.values_list("pk", flat=True))
    corrected, removed = Article.objects.order_by("pk")[:2]
    removed_pk = removed.pk  # delete() clears it
    page = tmp_path / "later.txt"
    page.write_text(fixture_text("000").replace("2020年3月27日", "2020年3月29日"), encoding="utf-8")
    built = indexing.bulk_write

    def ingest_while_building(index, documents):
        built(index, documents)  # the build has read every article it will write
        with django_capture_on_commit_callbacks(execute=True):  # the index written after commit
            call_command("ingest", str(page), stdout=io.StringIO())
        Article.objects.filter(pk=corrected.pk).update(headline="重建期间改的标题")
        removed.delete()
        index_articles([corrected.pk, removed_pk])
        # The live index, still the old one, already answers with the new articles.
        assert set(all_ids(SearchParams(q="重建期间改的标题"))) == {corrected.pk}
        assert versions.live_name(root()) != Path(index.storage.folder).name

    monkeypatch.setattr(indexing, "bulk_write", ingest_while_building)
    rebuild()
    added = set(Article.objects.values_list("pk", flat=True)) - before
    assert added and added <= set(all_ids(SearchParams()))
    assert set(all_ids(SearchParams(q="重建期间改的标题"))) == {corrected.pk}
    assert removed_pk not in set(all_ids(SearchParams()))
    assert everything_indexed()
    assert not (root() / versions.JOURNAL).exists()


@pytest.mark.parametrize("crash_in", ["bulk_write", "publish", "remove_unused"])
def test_a_rebuild_that_dies_leaves_a_whole_index_live_and_the_next_build_removes_its_remains(monkeypatch, crash_in):
    rebuild()
    before = versions.live_name(root())

    def dies(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(indexing if crash_in == "bulk_write" else versions, crash_in, dies)
    with pytest.raises(KeyboardInterrupt):
        rebuild()
    monkeypatch.undo()
    live = versions.live_name(root())
    assert (live == before) == (crash_in != "remove_unused")  # the old index, or the new one once switched
    assert everything_indexed()
    assert "up to date" in build_index("--if-needed")
    never_live = {name for name in index_directories() if not (root() / name / versions.WENT_LIVE).exists()}
    assert never_live == set()


def test_every_process_follows_an_index_another_process_made_live():
    rebuild()
    assert run_search(SearchParams(q="只有新索引才有的标题")).total == 0  # remembered for the old index
    article = Article.objects.order_by("pk").first()
    Article.objects.filter(pk=article.pk).update(headline="只有新索引才有的标题")  # no signal: only a build sees it
    # Another process's build: it writes and publishes without touching this process's backend.
    directory = versions.new_directory(root())
    indexing._build_into(directory, backend().schema)
    versions.publish(root(), directory)
    assert run_search(SearchParams(q="只有新索引才有的标题")).ids == [article.pk]


def test_build_if_needed_rebuilds_an_index_it_cannot_unpickle_and_says_why():
    from whoosh.filedb.filestore import FileStorage

    from search.engine.backend import _text_field
    from search.engine.tokenizers import BigramTokenizer

    # A tokenizer class of an earlier version, pickled into the schema, then renamed away.
    retired = types.ModuleType("search_retired_analysis")
    retired.OldBigramTokenizer = type("OldBigramTokenizer", (BigramTokenizer,), {"__module__": retired.__name__})
    sys.modules[retired.__name__] = retired
    try:
        schema = backend().schema.copy()
        schema.remove("text")
        schema.add("text", _text_field(retired.OldBigramTokenizer(), formats.PackedPositions()))
        directory = versions.new_directory(root())
        FileStorage(str(directory)).create_index(schema)
        versions.publish(root(), directory)
    finally:
        del sys.modules[retired.__name__]
    out = build_index("--if-needed")
    assert "to be rebuilt: the index cannot be read (ModuleNotFoundError: No module named 'search_retired_analysis')" in out
    assert f"rebuilt: {Article.objects.count()} articles" in out
    assert everything_indexed()


def test_build_if_needed_rebuilds_an_index_of_another_block_format_and_says_why(monkeypatch):
    rebuild()
    monkeypatch.setattr(formats, "BLOCK_FORMAT", formats.BLOCK_FORMAT + 1)
    out = build_index("--if-needed")
    assert f"posting blocks of format {formats.BLOCK_FORMAT - 1}, this version writes format {formats.BLOCK_FORMAT}" in out
    assert everything_indexed()
    assert "up to date" in build_index("--if-needed")


def test_build_if_needed_rebuilds_when_the_live_directory_is_gone():
    import shutil

    rebuild()
    shutil.rmtree(root() / versions.live_name(root()))
    assert "to be rebuilt: the index cannot be read" in build_index("--if-needed")
    assert everything_indexed()


def test_build_if_needed_tidies_what_the_layout_before_current_left():
    rebuild()
    (root() / "_MAIN_3.toc").write_bytes(b"an index written straight into the directory")
    (root() / f"{versions.PREFIX}20200101T000000-deadbeef").mkdir()  # a build that died
    assert "up to date" in build_index("--if-needed")
    assert not (root() / "_MAIN_3.toc").exists()
    assert index_directories() == {versions.live_name(root())}


def test_haystacks_index_commands_are_ours():
    assert {name: get_commands()[name] for name in ("build_index", "update_index", "rebuild_index", "clear_index")} == {
        "build_index": "search", "update_index": "search", "rebuild_index": "search", "clear_index": "search",
    }


@pytest.mark.parametrize("command", [["update_index"], ["update_index", "--remove", "--age", "2"], ["rebuild_index", "--noinput"]])
def test_haystacks_update_and_rebuild_build_a_new_directory_and_search_still_answers(client, command):
    rebuild()
    before = versions.live_name(root())
    call_command(*command, stdout=(out := io.StringIO()))
    assert f"rebuilt: {Article.objects.count()} articles" in out.getvalue()
    assert versions.live_name(root()) != before
    assert "up to date" in build_index("--if-needed")  # same schema, same blocks
    assert client.get("/search/", {"q": "县委"}).status_code == 200
    assert client.get("/search.csv", {"q": "县委"}).status_code == 200
    assert everything_indexed()


def test_haystacks_clear_index_is_refused_and_changes_nothing(client):
    rebuild()
    live = versions.live_name(root())
    with pytest.raises(CommandError, match="never cleared: `python manage.py build_index` rebuilds it"):
        call_command("clear_index", "--noinput")
    assert versions.live_name(root()) == live and everything_indexed()
    assert client.get("/search.csv", {"q": "县委"}).status_code == 200


def test_haystacks_backend_api_writes_through_our_writer():
    from haystack import connections
    from haystack.exceptions import SearchBackendError

    rebuild()
    article = Article.objects.order_by("pk").first()
    Article.objects.filter(pk=article.pk).update(headline="经由草垛接口改的标题")
    engine = connections["default"].get_backend()
    engine.update(indexing.article_index(), [Article.objects.get(pk=article.pk)])
    assert all_ids(SearchParams(q="经由草垛接口改的标题")) == [article.pk]  # our blocks: readable
    with pytest.raises(SearchBackendError, match="never cleared"):
        engine.clear()
    assert everything_indexed()


def test_a_write_to_an_index_that_cannot_be_opened_is_logged_and_left_to_build_if_needed(caplog):
    rebuild()
    directory = versions.new_directory(root())
    (directory / "_MAIN_1.toc").write_bytes(b"\x00written by nothing we know")
    versions.publish(root(), directory)
    article = Article.objects.order_by("pk").first()
    Article.objects.filter(pk=article.pk).update(headline="索引打不开时改的标题")
    index_articles([article.pk])  # as after an ingest's commit: the page stays loaded
    assert "search index cannot be opened: 1 articles wait for" in caplog.text and "Traceback" in caplog.text
    assert "to be rebuilt: the index cannot be read" in build_index("--if-needed")
    assert all_ids(SearchParams(q="索引打不开时改的标题")) == [article.pk]
