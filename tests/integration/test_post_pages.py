"""What users get of officials over time: a place's post page, a person's career, 人事变动 feeds,
the CSV on the web and on the command line."""

import csv
import datetime
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command

from archive import posts
from archive.models import Edition, Mention

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def archive_read_afresh():
    """Each test reads the archive-wide posts afresh (a test's changes are rolled back after it)."""
    posts._archive_wide.clear()
ATOM = "{http://www.w3.org/2005/Atom}"


def html(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, url
    return response.content.decode()


def feed_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [
        (entry.findtext(f"{ATOM}title"), entry.find(f"{ATOM}link").get("href"), entry.findtext(f"{ATOM}updated"))
        for entry in root.iter(f"{ATOM}entry")
    ]


def test_a_place_page_lists_principal_posts_with_holders_and_evidence(client):
    page = html(client, "/posts/修武县/")
    assert "修武县 历任官员" in page
    assert page.index("修武县委书记") < page.index("修武县县长") < page.index("其他职务")
    assert '<a href="/people/%E9%AD%8F%E6%9D%BE/">魏松</a>' in page
    assert 'href="/焦作日报/2020-03-27/7/1/"' in page  # the evidence
    assert 'type="date" name="on"' in page


def test_the_date_field_says_who_held_each_principal_post_that_day(client):
    page = html(client, "/posts/修武县/", on="2020-03-27")
    assert re.search(r"2020年3月27日在任：\s*<a [^>]+>郭鹏</a>", page)
    assert re.search(r"2020年3月27日在任：\s*<a [^>]+>魏松</a>", page)
    before = html(client, "/posts/修武县/", on="2019-01-01")
    assert "档案中没有当日在任的见报记录" in before


def test_a_malformed_date_on_the_page_says_how_to_write_it(client):
    assert "YYYY-MM-DD" in html(client, "/posts/修武县/", status=400, on="2020-13-01")


def test_an_unknown_place_is_not_found_and_the_index_links_every_place(client):
    html(client, "/posts/火星/", status=404)
    index = html(client, "/posts/")
    for place in ("焦作市", "修武县", "武陟县", "示范区"):
        assert f">{place}</a>" in index
    assert "历任官员" in html(client, "/counties/修武县/")


def test_a_person_page_has_a_career_timeline_drawn_on_the_server(client):
    page = html(client, "/people/郭鹏/")
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "修武县委书记" in svg and "焦作市委常委" in svg and "2020年" in svg
    assert svg.count('class="bar"') == 2 and 'href="#career-1-1"' in svg
    assert 'id="career-1-1"' in page  # the evidence behind the bar, below the chart
    assert "修武县召开2020年招商引资工作会议" in page[page.index('id="career-1-1"') :]
    assert '<a href="/posts/%E4%BF%AE%E6%AD%A6%E5%8E%BF/">修武县</a>' in page  # places served


def test_people_appearing_together_are_counted_by_articles(client):
    page = html(client, "/people/魏松/")
    together = {}
    for mention in Mention.objects.filter(person__name="魏松").exclude(article=None):
        for other in mention.article.mentions.filter(role="official").exclude(person__name="魏松"):
            together.setdefault(other.person.name, set()).add(mention.article_id)
    most = max(together, key=lambda name: (len(together[name]), -ord(name[0])))
    companions = page[page.index('class="companions"') :]
    assert re.search(rf">{most}</a> <span class=\"count\">{len(together[most])} 篇</span>", companions)


def test_an_undated_post_is_listed_without_a_bar(client):
    page = html(client, "/people/常鸿/")  # only on the undated 武陟县报 page
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'class="bar"' not in svg and "日期不详" in svg


def test_personnel_feed_has_an_entry_per_new_holder_newest_first(client):
    entries = feed_entries(client, "/posts.atom")
    titles = [title for title, _, _ in entries]
    assert "新见 修武县县长：魏松，首见 2020-03-27" in titles
    assert "新见 焦作市委书记：王小平，首见 2020-03-21" in titles
    assert all("副" not in title.split("：")[0] for title in titles)  # benches are not followed
    updated = [day for _, _, day in entries]
    assert updated == sorted(updated, reverse=True)
    link = dict((title, link) for title, link, _ in entries)["新见 修武县县长：魏松，首见 2020-03-27"]
    assert link == "http://testserver/焦作日报/2020-03-27/7/1/"


def test_a_countys_feed_follows_its_posts_only_and_sees_a_successor(client):
    titles = [title for title, _, _ in feed_entries(client, "/posts/武陟县/feed/")]
    assert titles and all(title.startswith("新见 武陟县") for title in titles)
    assert "新见 武陟县县长：申琳，首见 2020-03-27" in titles
    Edition.objects.filter(pages__source_name__startswith="001_").update(date=datetime.date(2016, 5, 10))
    titles = [title for title, _, _ in feed_entries(client, "/posts/武陟县/feed/")]
    assert titles.index("新见 武陟县县长：申琳，首见 2020-03-27") < titles.index("新见 武陟县县长：闫小杏，首见 2016-05-10")
    assert client.get("/posts/火星/feed/").status_code == 404


def web_csv(client, **params) -> bytes:
    response = client.get("/posts.csv", params)
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    return b"".join(response.streaming_content)


def test_posts_csv_is_excel_ready_and_has_a_row_per_holder(client):
    body = web_csv(client, county="修武县")
    assert body.startswith("\ufeff县区,职务,任职者,首见,最近,代理,篇数,证据链接\r\n".encode())
    assert body.endswith(b"\r\n") and b"\n" not in body.replace(b"\r\n", b"")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))[1:]
    assert rows[0][:3] == ["修武县", "县委书记", "郭鹏"] and rows[1][:3] == ["修武县", "县长", "魏松"]
    assert {row[0] for row in rows} == {"修武县"}
    assert rows[1][3:7] == ["2020-03-27", "2020-03-27", "否", str(len(rows[1][7].split()))]
    assert all(url.startswith("http://testserver/") for url in rows[1][7].split())


def test_command_line_posts_csv_writes_the_same_bytes_as_the_web(client, tmp_path, settings):
    settings.ARCHIVE_SITE_URL = "http://127.0.0.1:8000"
    out = tmp_path / "posts.csv"
    call_command("export", "--format", "posts-csv", "--county", "武陟县", "--output", str(out))
    assert out.read_bytes() == web_csv(client, county="武陟县")
    call_command("export", "--format", "posts-csv", "--output", str(out))
    assert out.read_bytes() == web_csv(client)
    assert {"修武县", "武陟县", "焦作市"} <= {row[0] for row in csv.reader(io.StringIO(out.read_text("utf-8-sig")))}
