"""Readers first (issue 15), on the search page and its feeds: what the page says matches what was
asked, highlights, the subject over time, and Atom valid per RFC 4287."""

import csv
import io
import math
import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote

import pytest

from archive.models import Article
from search.api import SearchParams, run_search
from search.query import MAX_QUERY_CHARS
from search.views import PER_PAGE

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def search_html(client, status=200, **params):
    response = client.get("/search/", params)
    assert response.status_code == status
    return response.content.decode()


def heading(html: str) -> str:
    return re.search(r'<h1 class="result-heading">([^<]*)</h1>', html).group(1)


def test_a_page_past_the_end_says_so_and_links_to_the_last_page(client):
    total = run_search(SearchParams(q="县")).total
    last = math.ceil(total / PER_PAGE)
    html = search_html(client, 404, q="县", page=last + 1)
    assert f"没有第 {last + 1} 页：这次检索的结果共 {last} 页。" in html
    assert f'<a href="?q=%E5%8E%BF&amp;page={last}">到最后一页</a>' in html
    assert "没有找到符合条件的文章" not in html and 'class="result"' not in html
    assert f"{last} / {last}" not in html
    assert f"的文章 {total} 篇" in heading(html)
    assert 'class="result"' in search_html(client, q="县", page=last)


def test_the_heading_names_every_filter(client):
    html = search_html(client, q="县", county=["修武县", "武陟县"], year="2020", month="2020-03", kind="news",
                       official="申琳", reporter="成睿", date_from="2020-03-01", date_to="2020-03-31")
    total = run_search(SearchParams(q="县", county=("修武县", "武陟县"), year=("2020",), month=("2020-03",), kind=("news",),
                                    official=("申琳",), reporter=("成睿",))).total
    assert heading(html) == f"修武县或武陟县 · 2020年 · 2020年3月 · 消息 · 申琳 · 记者 成睿 · 2020-03-01 至 2020-03-31 · 含“县”的文章 {total} 篇"
    assert heading(search_html(client, date_from="2020-03-22")).startswith("2020-03-22 起 · ")


@pytest.mark.parametrize(("param", "value", "label"), [("county", "火星县", "县区"), ("year", "10000", "年份"),
                                                       ("month", "2020-13", "月份"), ("kind", "poem", "体裁"),
                                                       ("date_from", "2020-02-30", "起始日期"), ("sort", "random", "排序")])
def test_an_ignored_filter_is_named_on_the_page(client, param, value, label):
    html = search_html(client, q="县", **{param: value})
    assert f"已忽略无效的筛选条件：{label} “{value}”。" in html
    assert heading(html) == f"含“县”的文章 {run_search(SearchParams(q='县')).total} 篇"


def test_a_reversed_date_range_says_why_nothing_matches_and_offers_to_swap(client):
    html = search_html(client, date_from="2020-03-27", date_to="2020-03-21")
    assert "起始日期 2020-03-27 晚于截止日期 2020-03-21，没有文章能同时满足。" in html
    swap = re.search(r'<a href="\?([^"]*)">对调两个日期</a>', html).group(1).replace("&amp;", "&")
    assert "date_from=2020-03-21" in swap and "date_to=2020-03-27" in swap
    assert 'class="result"' in search_html(client, **dict(p.split("=") for p in swap.split("&")))


def test_a_long_query_is_cut_with_a_message_and_the_box_limits_its_length(client):
    html = search_html(client, q="脱贫" * 300)
    assert f"检索词过长，只使用了前 {MAX_QUERY_CHARS} 个字。" in html
    assert f'maxlength="{MAX_QUERY_CHARS}"' in html
    assert heading(html).startswith("含“" + ("脱贫" * 100)[:MAX_QUERY_CHARS] + "”")
    assert f'maxlength="{MAX_QUERY_CHARS}"' in client.get("/").content.decode()


def test_results_highlight_headline_subheadline_and_snippet(client):
    article = Article.objects.get(headline="武陟县召开 第二次脱贫攻坚推进会")
    Article.objects.filter(pk=article.pk).update(subheadline="县里脱贫攻坚再推进")
    html = search_html(client, q="脱贫攻坚", county="武陟县")
    result = html[html.index('<article class="result">'):]
    result = result[: result.index("</article>")]
    assert re.search(r"<h2><a [^>]*>武陟县召开 第二次<mark>脱贫攻坚</mark>推进会</a></h2>", result)
    assert '<p class="subheadline">县里<mark>脱贫攻坚</mark>再推进</p>' in result
    assert '<p class="snippet">' in result and "<mark>脱贫攻坚</mark>" in result.split('<p class="snippet">')[1]


def test_every_search_page_charts_shares_of_the_archive_by_month(client):
    html = search_html(client, q="王家鹏")
    months = run_search(SearchParams(q="王家鹏")).facets["month"]
    everything = run_search(SearchParams()).facets["month"]
    chart = html[html.index('<section class="subject-timeline"'):]
    assert "<svg" in chart and chart.count('<rect class="bar"') == len(months)
    for month, n in months.items():
        share = f"{n / everything[month] * 100:.1f}%".replace(".0%", "%")
        assert f"<title>{month}：{n} / {everything[month]} 篇（{share}）</title>" in chart


def test_the_chart_splits_by_county_when_counties_are_chosen(client):
    html = search_html(client, q="县", county=["修武县", "武陟县"])
    chart = html[html.index('<section class="subject-timeline"'):]
    assert '<ul class="legend">' in chart and "修武县" in chart and "武陟县" in chart
    for county in ("修武县", "武陟县"):
        own = run_search(SearchParams(county=(county,))).facets["month"]
        matching = run_search(SearchParams(q="县", county=(county,))).facets["month"]
        for month, n in matching.items():
            assert f"<title>{county} {month}：{n} / {own[month]} 篇" in chart


def test_the_charts_table_downloads_as_csv_like_the_other_exports(client):
    response = client.get("/search/timeline.csv", {"q": "王家鹏"})
    data = response.content
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert data.startswith("\ufeff时期,县区,匹配文章,档案文章,占比\r\n".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))[1:]
    months = run_search(SearchParams(q="王家鹏")).facets["month"]
    assert {r[0]: int(r[2]) for r in rows if int(r[2])} == months
    assert "-timeline.csv" in unquote(response["Content-Disposition"])


def test_search_and_person_pages_announce_their_feeds(client):
    html = search_html(client, q="王家鹏", county="示范区")
    assert re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="/search.atom\?q=%E7%8E%8B%E5%AE%B6%E9%B9%8F&amp;county=', html)
    person = client.get("/people/王家鹏/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml" title="王家鹏的见报文章" href="/people/%E7%8E%8B%E5%AE%B6%E9%B9%8F/feed/">' in person


def test_atom_is_valid_per_rfc_4287_for_dated_and_undated_entries(client):
    """Every entry: id, title, updated, link and an author; the feed: id, title, updated, an
    author, and a self link that keeps the query."""
    response = client.get("/search.atom", {"q": "统计", "county": "示范区"})
    feed = ET.fromstring(response.content)
    for name in ("id", "title", "updated", "author/name"):
        assert (feed.findtext(f"{ATOM}{name.replace('/', '/' + ATOM)}") or "").strip(), name
    self_link = next(link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self")
    assert unquote(self_link) == "http://testserver/search.atom?q=统计&county=示范区"
    entries = feed.findall(f"{ATOM}entry")
    undated = [e for e in entries if e.find(f"{ATOM}published") is None]
    assert entries and undated  # the fixture's undated 示范区 page
    for entry in entries:
        for name in ("id", "title", "updated", f"author/{ATOM}name"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
        assert entry.find(f"{ATOM}link").get("href")


def test_an_entry_naming_no_reporter_is_authored_by_its_paper(client):
    unsigned = Article.objects.exclude(mentions__role="reporter").exclude(page__edition__date=None).first()
    feed = ET.fromstring(client.get("/search.atom", {"q": unsigned.headline.split()[0][:12]}).content)
    entry = next(e for e in feed.findall(f"{ATOM}entry") if e.find(f"{ATOM}link").get("href").endswith(
        f"/{unsigned.page.sequence}/{unsigned.ordinal}/") and unsigned.page.edition.key in e.findtext(f"{ATOM}id"))
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == unsigned.page.edition.publication.name
