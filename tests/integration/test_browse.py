"""What a reader sees on the browse pages, against the ingested fixture pages."""

import pytest

from archive.models import Article

pytestmark = pytest.mark.django_db


def page_text(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def test_home_lists_latest_editions_with_counts_and_a_search_box(client):
    html = page_text(client, "/")
    assert "地方政务新闻档案" in html
    assert "焦作日报 2020年3月27日" in html
    assert 'name="q"' in html
    from archive.models import Edition

    latest = Edition.objects.exclude(date=None).order_by("-date").first()
    assert f"{Article.objects.filter(page__edition=latest).count()} 篇文章" in html


def test_calendar_goes_from_years_to_months_to_days(client):
    assert "2020年" in page_text(client, "/editions/")
    assert "3月" in page_text(client, "/editions/", year=2020)
    days = page_text(client, "/editions/", year=2020, month=3)
    assert "2020年3月27日" in days and "2020年3月21日" in days
    assert "（推断）" in days  # page 002's date was inferred from its text
    assert "日期不详的版面" in page_text(client, "/editions/")


def test_edition_page_navigates_pages_and_lists_articles_in_order(client):
    html = page_text(client, "/焦作日报/2020-03-27/")
    assert "版面导航" in html and "07版" in html
    assert html.index("武陟县委常委会议召开") < html.index("武陟县加速推进重点项目建设")


def test_article_page_shows_date_county_officials_and_full_text(client):
    article = Article.objects.get(headline="武陟县召开 第二次脱贫攻坚推进会")
    html = page_text(client, article.get_absolute_url())
    assert article.get_absolute_url() == "/%E7%84%A6%E4%BD%9C%E6%97%A5%E6%8A%A5/2020-03-27/7/4/"
    assert "2020年3月27日" in html and "武陟县" in html and "成睿" in html
    assert '<a href="/people/%E7%94%B3%E7%90%B3/">申琳</a>' in html
    assert "县委副书记、县长" in html
    assert "确保圆满完成脱贫攻坚各项任务" in html
    assert "上一篇" in html and "下一篇" in html
    assert "版面原文" in html


def test_derived_headline_is_flagged(client):
    article = Article.objects.get(headline="修武县召开2020年招商引资工作会议")
    assert "标题系根据正文整理" in page_text(client, article.get_absolute_url())


def test_article_page_highlights_the_query(client):
    article = Article.objects.get(headline="武陟县委常委会议召开")
    assert "<mark>首席服务官</mark>" in page_text(client, article.get_absolute_url(), q="首席服务官")


def test_raw_page_text_is_one_click_away(client):
    response = client.get("/焦作日报/2020-03-27/7/text/")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "JIAOZUO DAILY" in response.content.decode()


def test_official_page_lists_titles_with_dates_and_articles(client):
    html = page_text(client, "/people/王家鹏/")
    assert "见报职务" in html
    assert "示范区(高新区)党工委、管委会主任" in html
    assert "示范区召开安全生产工作会议" in html
    assert "2020年3月21日" in html  # first/last seen (the inferred edition date)


def test_county_page_lists_its_articles(client):
    html = page_text(client, "/counties/修武县/")
    assert "修武县积极统筹疫情防控和经济社会发展各项工作" in html
    assert "武陟县委常委会议召开" not in html
    assert client.get("/counties/火星/").status_code == 404


def test_unknown_edition_is_404(client):
    assert client.get("/焦作日报/1999-01-01/").status_code == 404


def test_english_is_available(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = page_text(client, "/")
    assert "Local Government News Archive" in html
    assert "Search" in html
