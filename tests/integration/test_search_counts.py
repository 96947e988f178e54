"""What a search page shows is what the whole result says: each facet's counts are the matching
articles' own values, counted by the database, and each page of results is that stretch of the
full ordering (the export's), however the engine gets there (a set of most of the archive counted
from the rest, the first page found by partition rather than a full sort)."""

from collections import Counter

import pytest

from archive.models import Article
from search import api
from search.api import SearchParams
from search.facets import FACETS

pytestmark = pytest.mark.django_db


def counted_by_the_database(params: SearchParams) -> dict[str, dict[str, int]]:
    matching = Article.objects.filter(pk__in=api.ids(params)).select_related("page__edition").prefetch_related("mentions__person")
    return {facet.name: dict(Counter(value for article in matching for value in facet.values_of(article))) for facet in FACETS}


QUERIES = ["", "县", "发展", "脱贫攻坚", "王小平 调研", "疫情 -防控"]


@pytest.mark.parametrize("query", QUERIES)
def test_every_facet_counts_the_matching_articles_values(query):
    params = SearchParams(q=query)
    assert api.search(params).facets == counted_by_the_database(params)


def test_the_queries_cover_sets_of_most_of_the_archive_and_of_few():
    everything = Article.objects.count()
    shares = [len(api.ids(SearchParams(q=query))) / everything for query in QUERIES]
    assert max(shares) > 0.5 and 0 < min(shares) < 0.5


@pytest.mark.usefixtures("fresh_index")
def test_counts_stay_exact_after_corrections_leave_deleted_documents_in_the_index():
    api.index(list(Article.objects.values_list("pk", flat=True)))
    changed = list(Article.objects.order_by("pk")[:5])
    for article in changed:
        article.county = "温县" if article.county != "温县" else "博爱县"
        article.save()
    api.index([article.pk for article in changed])  # each old document deleted, a new one added
    for query in ("", "县", "脱贫攻坚"):
        params = SearchParams(q=query)
        assert api.search(params).facets == counted_by_the_database(params)


@pytest.mark.parametrize("query", ["的", "工作", "发展", "县 发展"])
def test_every_page_is_that_stretch_of_the_full_ordering(query):
    params = SearchParams(q=query)
    ordering = api.ids(params)
    assert len(ordering) > 12
    for offset, limit in [(0, 1), (0, 3), (0, 7), (5, 5), (10, 2), (len(ordering) - 3, 20)]:
        assert api.search(params, offset=offset, limit=limit).ids == ordering[offset : offset + limit], (offset, limit)


@pytest.mark.parametrize("query", ["的", "发展 工作", "的 王小平"])
def test_narrowing_a_search_keeps_the_order_of_the_articles_it_keeps(query):
    everywhere = api.ids(SearchParams(q=query))
    for county in ("武陟县", "修武县"):
        narrowed = api.ids(SearchParams(q=query, county=(county,)))
        in_county = set(Article.objects.filter(county=county).values_list("pk", flat=True))
        assert narrowed == [pk for pk in everywhere if pk in in_county]
        assert len(narrowed) < len(everywhere)


@pytest.mark.usefixtures("fresh_index")
def test_a_worker_keeps_the_whole_index_facet_values_of_the_current_index_only():
    """Each correction makes a new set of segments; a worker that kept every set's facet values
    (≈ 10 MB a facet at 1M articles) would grow with each one."""
    from search.engine import columns, postings, searching

    api.index(list(Article.objects.values_list("pk", flat=True)))
    article = Article.objects.order_by("pk").first()
    for county in ("温县", "博爱县", "沁阳市"):
        article.county = county
        article.save()
        api.index([article.pk])
        assert api.search(SearchParams(sort="newest")).facets["county"][county] == Article.objects.filter(county=county).count()
    current = tuple(postings.segment_id(leaf) for leaf, _ in postings.leaves(searching._searcher()))
    # Each facet's values and the dates once, for the index as it now is.
    assert set(columns._whole_index) == {*(facet.name for facet in FACETS), "dates"}
    assert [key for key, _ in columns._whole_index.values()] == [current] * len(columns._whole_index)


@pytest.mark.usefixtures("fresh_index")
def test_a_warmed_up_worker_answers_the_archives_commonest_word_from_memory(monkeypatch):
    """warm_up reads the words most articles hold, so the first journalist to search one does
    not wait for its postings (at 1M articles 200–400 ms); the answer is the one a worker that
    had not read them gives, which reads them."""
    from search.analysis import words
    from search.engine import blocks, postings, searching

    api.index(list(Article.objects.values_list("pk", flat=True)))
    holding = Counter(word for body in Article.objects.values_list("body", flat=True) for word in set(words(body)) if len(word) > 1)
    commonest, _ = holding.most_common(1)[0]
    reads = []
    read_list = blocks.read_list
    monkeypatch.setattr(blocks, "read_list", lambda *args: reads.append(args) or read_list(*args))

    def first_search(common_words_bytes):
        monkeypatch.setattr(searching, "COMMON_WORDS_BYTES", common_words_bytes)
        for cache in (postings.segment_cache, searching._docset_cache, searching._result_cache):
            cache.clear()
        api.warm_up()
        reads.clear()
        return api.search(SearchParams(q=commonest))

    unread = first_search(0)
    assert reads
    warmed = first_search(96 * 2**20)
    assert not reads
    assert (warmed.total, warmed.ids, warmed.facets) == (unread.total, unread.ids, unread.facets)
    assert warmed.total >= Article.objects.count() // 4
