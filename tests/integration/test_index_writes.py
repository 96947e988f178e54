"""Writing the index when another writer holds Whoosh's lock: wait and write, never drop."""

import threading
import time

import pytest

from archive.models import Article
from search.engine import SearchParams, all_ids, run_search
from search.indexing import backend, index_articles, rebuild

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_index")]


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
