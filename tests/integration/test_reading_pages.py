"""Readers first (issue 15), on the browse pages: citing an article, counties with counts, the
calendar and edition navigation, out-of-range numbers, branded error pages, English."""

import csv
import io
import re
from html import unescape

import pytest
from django.test import Client

from archive.models import Article, Edition, Person

pytestmark = pytest.mark.django_db


def html_of(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, url
    return response.content.decode()


def meta_tags(html: str) -> list[tuple[str, str]]:
    return [(n, unescape(c)) for n, c in re.findall(r'<meta name="(citation_[a-z_]+)" content="([^"]*)">', html)]


def test_article_page_cites_it_as_the_csv_does(client):
    article = Article.objects.get(headline="示范区培训统计业务骨干")
    html = html_of(client, article.get_absolute_url())
    response = client.get("/search.csv", {"q": "统计业务骨干"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"), newline="")))
    csv_citation = rows[1][rows[0].index("引文（GB/T 7714）")]
    assert f'<span id="cite-gbt7714" class="citation">{csv_citation}</span>' in html
    permalink = f"http://testserver/焦作日报/{article.page.edition.key}/{article.page.sequence}/{article.ordinal}/"
    assert f'value="{permalink}"' in html and f'<link rel="canonical" href="{permalink}">' in html
    assert f"徐林. (n.d.). 示范区培训统计业务骨干. <i>焦作日报</i>, {article.page.sequence}. {permalink}" in html


def test_article_page_has_meta_tags_for_zotero_and_a_title_with_paper_and_date(client):
    article = Article.objects.get(headline="武陟县召开 第二次脱贫攻坚推进会")
    html = html_of(client, article.get_absolute_url())
    assert meta_tags(html)[:5] == [
        ("citation_title", "武陟县召开 第二次脱贫攻坚推进会"),
        ("citation_author", "成睿"),
        ("citation_publication_date", "2020/03/27"),
        ("citation_journal_title", "焦作日报"),
        ("citation_firstpage", "7"),
    ]
    assert "<title>武陟县召开 第二次脱贫攻坚推进会 · 焦作日报 2020年3月27日</title>" in html
    assert "成睿. (2020, March 27). 武陟县召开 第二次脱贫攻坚推进会. <i>焦作日报</i>, 7." in html


def test_article_body_comes_before_its_people_and_every_match_is_marked(client):
    article = Article.objects.get(headline="武陟县召开 第二次脱贫攻坚推进会")
    Article.objects.filter(pk=article.pk).update(subheadline="脱贫攻坚再推进")
    html = html_of(client, article.get_absolute_url(), q="脱贫攻坚")
    assert html.index('<div class="body">') < html.index('<section class="officials">') < html.index('class="cite"')
    assert "<h1>武陟县召开 第二次<mark>脱贫攻坚</mark>推进会</h1>" in html
    assert '<p class="subheadline"><mark>脱贫攻坚</mark>再推进</p>' in html


def test_home_lists_only_counties_with_articles_each_with_its_count(client):
    html = html_of(client, "/")
    listed = re.findall(r'<li><a href="/counties/[^"]+/">([^<]+)</a> <span class="count">(\d+) 篇文章</span></li>', html)
    expected = {c: Article.objects.filter(county=c).count() for c in Article.objects.exclude(county="").values_list("county", flat=True)}
    assert dict((county, int(n)) for county, n in listed) == expected
    assert all(int(n) > 0 for _, n in listed) and [int(n) for _, n in listed] == sorted((int(n) for _, n in listed), reverse=True)


def test_calendar_shows_a_month_with_its_days_that_have_editions(client):
    html = html_of(client, "/editions/", year=2020, month=3)
    days = re.findall(r'<a href="(/[^"]+/)" aria-label="2020年3月(\d+)日 焦作日报"', html)
    expected = Edition.objects.filter(date__year=2020, date__month=3)
    assert sorted((int(d), href) for href, d in days) == sorted((e.date.day, e.get_absolute_url()) for e in expected)
    assert html.count('<td class="has-edition">') == expected.count()
    assert "<caption>\n      2020年3月\n    </caption>" in html
    latest = Edition.objects.exclude(date=None).latest("date").date
    assert f"{latest.year}年{latest.month}月" in html_of(client, "/editions/")  # the latest month when none asked


@pytest.mark.parametrize("params", [{"year": "10000"}, {"year": "0"}, {"year": "abc"}, {"year": "2020", "month": "13"},
                                    {"year": "2020", "month": "x"}, {"month": "3"}, {"year": "1999"},
                                    {"year": "99999999999999999999999"}])
def test_calendar_out_of_range_is_a_404_that_says_why(client, params):
    html = html_of(client, "/editions/", 404, **params)
    assert "找不到这个页面" in html and '<p class="notice">' in html


def test_edition_links_to_the_previous_and_next_edition_of_its_paper(client):
    html = html_of(client, "/焦作日报/2020-03-27/")
    assert re.search(r'href="/%E7%84%A6%E4%BD%9C%E6%97%A5%E6%8A%A5/2020-03-21/" rel="prev">← 上一期 2020年3月21日', html)
    assert re.search(r'href="/%E7%84%A6%E4%BD%9C%E6%97%A5%E6%8A%A5/2020-04-24/" rel="next">下一期 2020年4月24日 →', html)
    first = Edition.objects.filter(publication__name="焦作日报").exclude(date=None).earliest("date")
    assert 'rel="prev"' not in html_of(client, first.get_absolute_url())


def test_a_page_lists_its_editions_pages_with_itself_marked(client):
    html = html_of(client, "/焦作日报/2020-03-27/7/")
    nav = html[html.index('<nav class="page-nav"'):]
    assert 'aria-current="page" class="selected">07版 武陟</a>' in nav[: nav.index("</nav>")]


@pytest.mark.parametrize(("url", "status"), [
    ("/焦作日报/2020-03-27/99999999999999999999/", 404),
    ("/焦作日报/2020-03-27/7/99999999999999999999/", 404),
    ("/焦作日报/2020-03-27/40000/1/", 404),
    ("/counties/修武县/?page=99", 404),
    ("/counties/修武县/?page=abc", 404),
    ("/people/?page=0", 404),
    ("/search/?page=99999999999999999999999", 404),
    ("/search.json?page=99999999999999999999999&per_page=-5", 200),
    ("/焦作日报/2020-03-27/7/1/?q=" + "县" * 5000, 200),
])
def test_numbers_out_of_range_answer_404_never_500(client, url, status):
    assert client.get(url).status_code == status


def test_a_page_past_the_end_of_a_list_says_how_many_there_are(client):
    html = html_of(client, "/counties/修武县/", 404, page=5)
    assert "没有第 5 页：共 1 页。" in html


def test_404_page_is_branded_with_the_header_and_ways_back(client, settings):
    settings.DEBUG = False
    html = html_of(client, "/焦作日报/1999-01-01/", 404)
    assert '<header class="site">' in html and "找不到这个页面" in html
    assert '<a href="/">回到首页</a>' in html and 'href="/editions/"' in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Page not found" in html_of(client, "/焦作日报/1999-01-01/", 404)


def test_500_page_is_branded_in_the_readers_language(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.integration.failing_urls"
    client = Client(raise_request_exception=False)
    response = client.get("/fails/")
    html = response.content.decode()
    assert response.status_code == 500
    assert '<header class="site">' in html and "服务器出错了" in html and '<a href="/">回到首页</a>' in html
    response = client.get("/fails/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Server error" in response.content.decode()


def test_english_reads_as_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    home = html_of(client, "/")
    sentence = re.search(r"(\d+) editions, (\d+) pages, (\d+) articles, (\d+) officials\.", home)
    assert sentence and home.count(sentence.group(0)) == 1
    assert "1 page ·" in home and "1 pages" not in home
    assert re.search(r"March 27, 2020", home) and "(inferred)" in home and "（" not in home
    article = Article.objects.get(headline="武陟县召开 第二次脱贫攻坚推进会")
    page = html_of(client, article.get_absolute_url())
    assert "Page 7" in page and "07版" not in page and "Cite this article" in page
    calendar = html_of(client, "/editions/", year=2020)
    assert "March 2020" in calendar and "2020年" not in calendar
    search = html_of(client, "/search/", q="县", year="2020")
    assert '<h1 class="result-heading">2020 · ' in search and "Filters" in search and "2020 ✕" in search


def test_the_search_offers_a_named_persons_page_and_links_names_in_results(client):
    person = Person.objects.get(name="王家鹏")
    html = html_of(client, "/search/", q="王家鹏")
    assert f'<a href="{person.get_absolute_url()}">王家鹏：官员页面</a>' in html
    assert f'<a class="person" href="{person.get_absolute_url()}">王家鹏</a>' in html
    assert "官员页面" not in html_of(client, "/search/", q="脱贫攻坚")


def test_a_months_calendar_links_the_nearest_months_with_editions(client):
    html = html_of(client, "/editions/", year=2020, month=3)
    assert '<a href="?year=2020&amp;month=4" rel="next">2020年4月 →</a>' in html
    assert 'rel="prev"' not in html  # nothing before March 2020
    assert '<a href="?year=2020&amp;month=3" rel="prev">← 2020年3月</a>' in html_of(client, "/editions/", year=2020, month=4)
