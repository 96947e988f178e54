"""CSV, JSON and Atom exports of a search: what a researcher downloads."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.utils import timezone

from archive.models import Article

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def web_csv(client, **params) -> bytes:
    response = client.get("/search.csv", params)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_csv_bytes_for_a_one_article_query(client):
    article = Article.objects.get(headline="示范区培训统计业务骨干")
    body = web_csv(client, q="统计业务骨干")
    header = "编号,永久链接,报纸,出版日期,版次,县区,体裁,标题,副题,官员（职务）,记者,事件日期,摘要,全文,引文（GB/T 7714）"
    url = f"http://testserver/焦作日报/{article.page.edition.key}/{article.page.sequence}/{article.ordinal}/"
    citation = f"徐林.示范区培训统计业务骨干[N].焦作日报,出版日期不详({article.page.sequence:02d})."
    snippet = article.body.replace("\n", " ")[:120]
    row = [str(article.pk), url, "焦作日报", "", f"{article.page.sequence:02d}", "示范区", "消息",
           "示范区培训统计业务骨干", "", "", "徐林", "10-21、10-22", snippet + "…", f'"{article.body}"', f'"{citation}"']
    assert body == ("\ufeff" + header + "\r\n" + ",".join(row) + "\r\n").encode("utf-8")


def test_csv_neutralises_formula_cells(client):
    Article.objects.filter(headline="示范区培训统计业务骨干").update(subheadline="=HYPERLINK(\"http://x\")", headline="-1+1")
    text = web_csv(client, q="统计业务骨干").decode("utf-8-sig")
    assert ",'-1+1," in text and "'=HYPERLINK" in text


def test_csv_has_every_matching_row_not_just_one_page(client):
    import csv
    import io

    from search.api import SearchParams, run_search

    rows = list(csv.reader(io.StringIO(web_csv(client, kind="news").decode("utf-8-sig"), newline="")))
    assert len(rows) - 1 == run_search(SearchParams(kind=("news",))).total > 20  # more than a page of results


def test_csv_filename_says_what_it_is(client):
    response = client.get("/search.csv", {"q": "脱贫攻坚", "county": "修武县"})
    today = timezone.localdate().isoformat()
    expected = f"archive-%E8%84%B1%E8%B4%AB%E6%94%BB%E5%9D%9A-%E4%BF%AE%E6%AD%A6%E5%8E%BF-{today}.csv"
    assert response["Content-Disposition"].endswith(f"filename*=UTF-8''{expected}")


def test_command_line_writes_the_same_bytes_as_the_web(client, tmp_path, settings):
    settings.ARCHIVE_SITE_URL = "http://127.0.0.1:8000"  # as `make serve` sets it
    out = tmp_path / "cli.csv"
    call_command("export", "--format", "csv", "--q", "脱贫攻坚", "--county", "武陟县", "--county", "修武县", "--output", str(out))
    assert out.read_bytes() == web_csv(client, q="脱贫攻坚", county=["武陟县", "修武县"])
    call_command("export", "--format", "csv", "--output", str(out))
    assert out.read_bytes() == web_csv(client)


def test_json_is_paginated_with_a_next_link(client):
    first = json.loads(client.get("/search.json", {"q": "县"}).content)
    assert first["count"] == len(first["results"]) or first["next"]
    assert set(first["results"][0]) >= {"id", "url", "headline", "edition_date", "county", "people", "snippet"}
    everything = json.loads(client.get("/search.json", {"per_page": 10}).content)
    assert everything["count"] == Article.objects.count() and everything["next"].endswith("page=2")
    second = json.loads(client.get(everything["next"].split("testserver")[1]).content)
    assert second["previous"] and {r["id"] for r in second["results"]}.isdisjoint({r["id"] for r in everything["results"]})


def test_atom_feed_of_a_search_and_of_an_official_newest_first(client):
    naming = Article.objects.filter(mentions__person__name="王家鹏").distinct().count()
    assert naming >= 2
    feed = ET.fromstring(client.get("/search.atom", {"q": "王家鹏"}).content)
    assert feed.find(f"{ATOM}title").text == f"含“王家鹏”的文章 {naming} 篇"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == naming
    official = ET.fromstring(client.get("/people/王家鹏/feed/").content)
    dates = [e.find(f"{ATOM}updated").text for e in official.findall(f"{ATOM}entry")]
    assert dates == sorted(dates, reverse=True) and len(dates) == naming
