"""待核对: the admin lists pages by how doubtful their parse is, and an editor's correction
takes an article off the list."""

import re

import pytest

from archive.models import Article, Page, Place

pytestmark = pytest.mark.django_db


def test_pages_are_listed_worst_first_and_a_correction_clears_an_articles_doubts(admin_client, fresh_index):
    doubtful = Page.objects.filter(doubt_count__gt=0).order_by("-doubt_count")
    assert doubtful.exists(), "the fixture pages have articles printed without a headline"
    assert all(
        page.doubt_count == sum(len(a.doubts) for a in page.articles.filter(corrected_fields=[])) for page in Page.objects.all()
    )
    listing = admin_client.get("/admin/archive/page/", {"review": "doubtful"}).content.decode()
    listed = [int(pk) for pk in re.findall(r'href="/admin/archive/page/(\d+)/change/', listing)]
    counts = [Page.objects.get(pk=pk).doubt_count for pk in dict.fromkeys(listed)]
    assert counts and counts == sorted(counts, reverse=True) and 0 not in counts, "the most doubtful page comes first"

    article = Article.objects.exclude(doubts=[]).filter(corrected_fields=[]).select_related("page").first()
    before, doubts = article.page.doubt_count, len(article.doubts)
    change = admin_client.get(f"/admin/archive/article/{article.pk}/change/").content.decode()
    assert "待核对" in change
    form = {
        "headline": article.headline + "（校）", "headline_printed": "" if not article.headline_printed else "on",
        "kicker": article.kicker, "subheadline": article.subheadline, "kind": article.kind, "county": article.county,
        "event_dates": "\n".join(article.event_dates), "body": article.body,
        "mentions-TOTAL_FORMS": "0", "mentions-INITIAL_FORMS": "0",
    }
    response = admin_client.post(f"/admin/archive/article/{article.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.doubts == []
    assert Page.objects.get(pk=article.page_id).doubt_count == before - doubts


def test_every_county_an_article_is_about_is_a_place_of_the_gazetteer():
    counties = set(Article.objects.exclude(county="").values_list("county", flat=True))
    assert counties <= set(Place.objects.values_list("name", flat=True))
    assert Place.objects.get(code="410821").parent.name == "焦作市"
