"""Writing the index when another writer holds Whoosh's lock: wait and write, never drop."""

import io
import threading
import time

import pytest

from archive.models import Article
from search.api import SearchParams, all_ids, run_search
from search.engine.indexing import backend, index_articles, rebuild

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_index")]


def live_index_written_with(schema):
    """An index an older version wrote, made live as a rebuild would."""
    from pathlib import Path

    from whoosh.filedb.filestore import FileStorage

    from search.engine import versions

    root = Path(backend().path)
    directory = versions.new_directory(root)
    index = FileStorage(str(directory)).create_index(schema)
    versions.publish(root, directory)
    return index


def test_an_update_waits_for_the_lock_instead_of_failing_silently():
    article = Article.objects.get(headline="武陟县委常委会议召开")
    holder = backend().index.writer()  # another process's writer, holding the lock
    release = threading.Timer(0.5, holder.cancel)
    release.start()
    started = time.monotonic()
    index_articles([article.pk])
    assert time.monotonic() - started >= 0.4
    assert article.pk in set(all_ids(SearchParams(q="武陟县委常委会议")))


def test_a_deleted_article_leaves_the_index():
    article = Article.objects.get(headline="武陟县委常委会议召开")
    pk = article.pk  # delete() clears it
    index_articles([pk])
    article.delete()
    index_articles([pk])
    assert set(all_ids(SearchParams(q="武陟县委常委会议"))) == set()


def test_rebuild_swaps_in_a_complete_index():
    assert rebuild() == Article.objects.count()
    assert len(set(all_ids(SearchParams()))) == Article.objects.count()


def test_results_remembered_before_a_rebuild_are_not_served_after_it():
    rebuild()
    assert set(all_ids(SearchParams(q="全新的标题"))) == set()
    run_search_cached = run_search(SearchParams(q="全新的标题"))
    assert run_search_cached.total == 0
    article = Article.objects.get(headline="武陟县委常委会议召开")
    Article.objects.filter(pk=article.pk).update(headline="全新的标题")  # no signal: only a rebuild sees it
    rebuild()
    assert run_search(SearchParams(q="全新的标题")).ids == [article.pk]


def test_build_if_needed_rebuilds_an_index_written_by_an_older_version():
    from django.core.management import call_command
    from whoosh.fields import TEXT

    engine = backend()
    older_schema = engine.schema.copy()
    older_schema.remove("text")
    older_schema.add("text", TEXT(phrase=True))  # Whoosh's stock pickled positions
    live_index_written_with(older_schema)
    call_command("build_index", "--if-needed", stdout=(out := io.StringIO()))
    assert "rebuilt" in out.getvalue()
    assert len(set(all_ids(SearchParams(q="武陟县委常委会议")))) == 1
    call_command("build_index", "--if-needed", stdout=(out := io.StringIO()))
    assert "up to date" in out.getvalue()


def test_build_if_needed_rebuilds_an_index_of_older_posting_blocks():
    from django.core.management import call_command
    from whoosh.codec.whoosh3 import W3Codec

    from search.engine.indexing import document_fields

    older = live_index_written_with(backend().schema)
    with older.writer(codec=W3Codec()) as writer:  # the same schema, Whoosh's pickled blocks
        for article in Article.objects.all():
            writer.add_document(**document_fields(article))
    call_command("build_index", "--if-needed", stdout=(out := io.StringIO()))
    assert "rebuilt" in out.getvalue()
    assert len(set(all_ids(SearchParams(q="武陟县委常委会议")))) == 1


def test_a_build_writes_segments_without_merging_and_corrections_merge_only_small_ones(monkeypatch):
    from search.engine import indexing
    from search.engine.postings import leaves

    monkeypatch.setattr(indexing, "BUILD_SEGMENT_DOCS", 8)
    monkeypatch.setattr(indexing, "SMALL_SEGMENT_DOCS", 5)
    rebuild()
    segments = lambda: sorted(leaf.doc_count_all() for leaf, _ in leaves(backend().index.searcher()))  # noqa: E731
    built = segments()
    assert len(built) >= Article.objects.count() // 8 and min(built) > 0
    article = Article.objects.get(headline="武陟县委常委会议召开")
    for _ in range(3):
        index_articles([article.pk])
    after = segments()
    assert [n for n in after if n >= 5] == [n for n in built if n >= 5]  # the build's segments are left as written
    assert len([n for n in after if n < 5]) <= len([n for n in built if n < 5]) + 1  # corrections merged together
    assert set(all_ids(SearchParams(q="武陟县委常委会议"))) == {article.pk}
    assert len(set(all_ids(SearchParams()))) == Article.objects.count()


def test_date_sorts_order_every_result_and_put_undated_articles_last():
    undated = Article.objects.filter(body__contains="县").first().page.edition
    type(undated).objects.filter(pk=undated.pk).update(date=None)
    rebuild()
    for sort, newest_first in (("newest", True), ("oldest", False)):
        ids = all_ids(SearchParams(q="县", sort=sort))
        date_of = dict(Article.objects.filter(pk__in=ids).values_list("pk", "page__edition__date"))
        dates = [date_of[pk] for pk in ids]
        dated = [date for date in dates if date is not None]
        assert len(dated) < len(dates) == len(set(ids))
        assert dates == dated + [None] * (len(dates) - len(dated))
        assert dated == sorted(dated, reverse=newest_first)


def test_an_empty_archive_warms_up_and_answers_every_kind_of_search():
    import datetime

    from search.api import warm_up

    Article.objects.all().delete()
    rebuild()  # an index of no article, as a new install's before its first ingest
    warm_up()
    for params in (SearchParams(), SearchParams(q="脱贫攻坚", sort="newest"),
                   SearchParams(county=("修武县",), date_from=datetime.date(2020, 1, 1))):
        results = run_search(params)
        assert (results.total, results.ids, all_ids(params)) == (0, [], [])
        assert all(counts == {} for counts in results.facets.values())
