"""Provenance stays true: what an editor supplied is marked as such (编者加) on the public pages,
and a corrected article says so (已校对) with the date; the admin's fields take dates and titles
as people write them."""

import pytest
from django.utils import formats, timezone, translation

from archive.exporting import records_in_batches
from archive.models import Article, Edition
from tests.integration.test_admin import change_article

pytestmark = pytest.mark.django_db


def public(client, article, **headers) -> str:
    response = client.get(article.get_absolute_url(), **headers)
    assert response.status_code == 200
    return response.content.decode()


def untitled_article() -> Article:
    """Printed without a headline: its headline was made from its text."""
    article = Article.objects.get(headline="修武县召开2020年招商引资工作会议")
    assert not article.headline_printed
    return article


def test_an_editors_headline_for_an_article_that_printed_none_is_shown_as_the_editors(editor, client):
    article = untitled_article()
    assert change_article(editor, article, headline="修武县全力招商引资").status_code == 302
    article.refresh_from_db()
    assert not article.headline_printed and article.headline_supplied
    html = public(client, article)
    assert "标题为编者所加" in html and "（编者加）" in html and "根据正文整理" not in html
    assert "（编者加）" in client.get(article.page.get_absolute_url()).content.decode()
    [exported] = records_in_batches([article.pk])
    assert (exported["headline"], exported["headline_printed"]) == ("修武县全力招商引资", False)


def test_the_editor_says_when_the_page_did_print_the_headline(editor, client):
    article = untitled_article()
    change_article(editor, article, headline="修武县召开招商引资工作会议", headline_printed="on")
    article.refresh_from_db()
    assert article.headline_printed and not article.headline_supplied
    assert "编者加" not in public(client, article)


def test_a_printed_headline_corrected_stays_printed(editor, client):
    article = Article.objects.get(headline="武陟县委常委会议召开")
    change_article(editor, article, headline="武陟县委常委会召开")
    article.refresh_from_db()
    assert article.headline_printed and "编者加" not in public(client, article)


def test_county_and_event_dates_an_editor_supplied_are_marked(editor, client):
    article = Article.objects.get(headline="武陟县委常委会议召开")
    html = public(client, article)
    assert "编者加" not in html
    change_article(editor, article, county="温县", event_dates="2020年3月18日")
    html = public(client, article)
    assert html.count("（编者加）") == 2
    assert "2020-03-18" in html


def test_an_edition_date_an_editor_gave_is_marked_on_the_article(client):
    edition = Edition.objects.get(publication__name="焦作日报", date=None)
    article = Article.objects.filter(page__edition=edition).first()
    assert "编者加" not in public(client, article)
    Edition.objects.filter(pk=edition.pk).update(date="2015-10-26", date_source="given")
    html = public(client, article)
    assert "2015年10月26日<span class=\"supplied\"" in html


def test_a_corrected_article_says_so_with_the_date_and_in_english_too(editor, client):
    article = Article.objects.get(headline="武陟县委常委会议召开")
    assert "已校对" not in public(client, article)
    change_article(editor, article, body=article.body.replace("会议", "会议 ", 1).strip())
    article.refresh_from_db()
    with translation.override("zh-hans"):
        today = formats.date_format(timezone.localtime(article.corrected_at), "DATE_FORMAT")
    assert f"已校对 {today}" in public(client, article)
    english = public(client, article, HTTP_ACCEPT_LANGUAGE="en")
    assert "Proofread" in english and "已校对" not in english


def test_english_marks_supplied_values(editor, client):
    article = untitled_article()
    change_article(editor, article, headline="修武县全力招商引资")
    english = public(client, article, HTTP_ACCEPT_LANGUAGE="en")
    assert "added by the editor" in english and "编者加" not in english


# The admin's fields fit people


def test_event_dates_are_entered_as_people_write_them(editor):
    article = Article.objects.get(headline="武陟县委常委会议召开")
    form = editor.get(f"/admin/archive/article/{article.pk}/change/").content.decode()
    assert '["' not in form.split('name="event_dates"')[1][:200]  # not raw JSON
    response = change_article(editor, article, event_dates="2020年3月19日\n2020-03-20，3月21日")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.event_dates == ["2020-03-19", "2020-03-20", "03-21"]


def test_an_impossible_event_date_is_refused_with_a_clear_message(editor):
    article = Article.objects.get(headline="武陟县委常委会议召开")
    before = article.event_dates
    response = change_article(editor, article, event_dates="2020-03-19\n2020-13-45")
    assert response.status_code == 200
    assert "“2020-13-45”是不存在的日期" in response.content.decode()
    article.refresh_from_db()
    assert article.event_dates == before


def test_titles_are_shown_one_a_line(editor):
    article = Article.objects.get(headline="武陟县召开 第二次脱贫攻坚推进会")
    form = editor.get(f"/admin/archive/article/{article.pk}/change/").content.decode()
    assert ">县委副书记、县长</textarea>" in form or ">\n县委副书记、县长</textarea>" in form
