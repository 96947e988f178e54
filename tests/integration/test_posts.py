"""Officials over time on a small archive of real pages: the fixture pages (焦作日报 of
2020-03-27, a 武陟县报 page an editor dates here, 示范区 pages) and three 沁县 pages of other
years (evaluation/real/qinxian), given the dates their issues were printed around."""

import datetime
import json
from pathlib import Path
from urllib.parse import unquote

import pytest

from archive import posts
from archive.ingest import page_ingest
from archive.models import Article, Edition, Mention, Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def archive_read_afresh():
    """Each test reads the archive-wide posts afresh (a test's changes are rolled back after it)."""
    posts._archive_wide.clear()
QINXIAN = Path(__file__).resolve().parents[2] / "evaluation" / "real" / "qinxian"


@pytest.fixture
def dated_archive():
    """001 (武陟县报: 常鸿 县委书记, 闫小杏 县长, 秦迎军 常务副县长) dated 2016-05-10 as an editor
    would; 沁县 pages of 2015, 2017 and 2018 loaded with their dates."""
    Edition.objects.filter(pages__source_name__startswith="001_").update(date=datetime.date(2016, 5, 10), date_source="given")
    for name, day in [("issue2015-968-01", "2015-03-20"), ("issue2017-1090-01", "2017-06-01"), ("issue2018-1156-01", "2018-09-27")]:
        data = (QINXIAN / f"{name}.txt").read_bytes()
        page_ingest(data=data, source_name=f"{name}.txt", date=datetime.date.fromisoformat(day))


def posts_json(client, status=200, **params):
    response = client.get("/posts.json", params)
    assert response.status_code == status, response.content
    return json.loads(response.content)


def holder_names(body):
    return [holder["name"] for holder in body["holders"]]


def articles_printing(name, title_part, county):
    mentions = Mention.objects.filter(person__name=name, role=Role.OFFICIAL, article__county=county)
    return {m.article_id for m in mentions if any(title_part in title for title in m.titles)}


def test_a_county_post_answers_its_holder_with_dates_and_evidence(client):
    body = posts_json(client, county="修武县", post="县长")
    assert (body["county"], body["post"], body["on"]) == ("修武县", "县长", None)
    [holder] = body["holders"]
    evidence = articles_printing("魏松", "县长", "修武县")
    assert holder["name"] == "魏松" and holder["url"] == "http://testserver/people/魏松/"
    assert (holder["first_seen"], holder["last_seen"], holder["acting"]) == ("2020-03-27", "2020-03-27", False)
    assert holder["articles"] == len(evidence) == len(holder["evidence"])
    expected = {"http://testserver" + unquote(Article.objects.get(pk=pk).get_absolute_url()) for pk in evidence}
    assert set(holder["evidence"]) == expected


def test_a_citys_posts_come_from_stories_about_its_counties_and_zones(client):
    assert holder_names(posts_json(client, county="焦作市", post="市委书记")) == ["王小平"]
    assert holder_names(posts_json(client, county="焦作市", post="市长")) == ["徐衣显"]
    assert holder_names(posts_json(client, county="焦作市", post="市委常委")) == ["郭鹏"]  # 市委常委、修武县委书记
    assert holder_names(posts_json(client, county="示范区", post="管委会主任")) == ["王家鹏"]


def test_tenures_follow_the_evidence_across_years(client, dated_archive):
    body = posts_json(client, county="武陟县", post="县委书记")
    assert [(h["name"], h["first_seen"]) for h in body["holders"]] == [("常鸿", "2016-05-10"), ("秦迎军", "2020-03-27")]
    assert holder_names(posts_json(client, county="武陟县", post="县长")) == ["闫小杏", "申琳"]
    assert holder_names(posts_json(client, county="沁县", post="县长")) == ["张宏伟"]
    assert holder_names(posts_json(client, county="沁县", post="常务副县长")) == ["裴润山"]


def test_on_a_day_answers_who_was_seen_in_the_post_and_not_yet_succeeded(client, dated_archive):
    def on(day, county="武陟县", post="县委书记"):
        return holder_names(posts_json(client, county=county, post=post, on=day))

    assert on("2016-05-09") == []
    assert on("2016-05-10") == on("2019-12-31") == ["常鸿"]
    assert on("2020-03-27") == on("2024-01-01") == ["秦迎军"]
    assert on("2018-01-01", post="县长") == ["闫小杏"] and on("2020-03-27", post="县长") == ["申琳"]
    # 秦迎军 moved from 常务副县长 to 县委书记: seen in the new post, he left the old one.
    assert on("2019-06-01", post="常务副县长") == ["秦迎军"] and on("2020-03-27", post="常务副县长") == []
    assert on("2017-12-31", county="沁县", post="县长") == ["张宏伟"]
    body = posts_json(client, county="武陟县", post="县委书记", on="2010-01-01")
    assert body["on"] == "2010-01-01" and body["holders"] == [] and body["note"]


def test_unknown_county_or_post_is_answered_with_a_note(client):
    for params in ({"county": "火星县", "post": "县长"}, {"county": "修武县", "post": "市长"}, {"county": "修武县", "post": "镇长"}):
        body = posts_json(client, **params)
        assert body["holders"] == [] and body["note"], params


def test_a_post_may_be_asked_in_any_printed_form_and_a_county_by_its_short_form(client):
    assert holder_names(posts_json(client, county="修武", post="修武县县长")) == ["魏松"]
    assert posts_json(client, county="武陟", post="统战部长")["post"] == "县委统战部部长"


@pytest.mark.parametrize("day", ["2020-02-30", "20200327", "2020-3-27x", "昨天"])
def test_a_malformed_date_is_a_400_with_a_message(client, day):
    body = posts_json(client, status=400, county="修武县", post="县长", on=day)
    assert "YYYY-MM-DD" in body["error"]


def test_county_and_post_are_required(client):
    assert "county" in posts_json(client, status=400, county="修武县")["error"]


def test_the_same_name_in_unrelated_places_stays_apart_on_their_page(client, dated_archive):
    qin_article = Article.objects.filter(county="沁县").first()
    person = Mention.objects.filter(person__name="魏松").first().person
    Mention.objects.create(person=person, page=qin_article.page, article=qin_article, role=Role.OFFICIAL, titles=["县长"])
    html = client.get(person.get_absolute_url()).content.decode()
    assert "可能是同名的不同人物" in html
    assert html.count("<svg") == 2
    assert holder_names(posts_json(client, county="沁县", post="县长")) == ["张宏伟", "魏松"]


def test_an_editors_correction_of_a_county_moves_the_evidence(client):
    article = Article.objects.filter(county="修武县", mentions__person__name="魏松").first()
    Article.objects.filter(mentions__person__name="魏松", county="修武县").exclude(pk=article.pk).update(county="温县")
    Article.objects.filter(pk=article.pk).update(county="温县")
    assert holder_names(posts_json(client, county="修武县", post="县长")) == []
    assert holder_names(posts_json(client, county="温县", post="县长")) == ["魏松"]
