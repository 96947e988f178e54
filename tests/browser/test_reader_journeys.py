"""What a journalist does in a browser, against a real gunicorn."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_search_filter_by_county_and_open_an_article_with_highlights(page, live_url):
    page.goto(live_url + "/")
    page.get_by_role("heading", name="地方政务新闻档案").wait_for()
    page.locator(".big-search input[name=q]").fill("脱贫攻坚")
    page.locator(".big-search button").click()
    heading = page.locator("h1.result-heading")
    assert re.fullmatch(r"含“脱贫攻坚”的文章 \d+ 篇", heading.inner_text())

    page.locator('.facet[data-facet="county"] a', has_text="武陟县").click()
    expect(heading).to_have_text(re.compile(r"^武陟县 · 含“脱贫攻坚”的文章 \d+ 篇$"))
    expect(page.locator(".chip", has_text="武陟县")).to_be_visible()

    page.locator(".result h2 a").first.click()
    assert page.locator("article.article h1").inner_text()
    assert page.locator(".body mark", has_text="脱贫攻坚").count() >= 1
    assert re.search(r"焦作日报 20\d\d年\d{1,2}月\d{1,2}日", page.locator("dl.facts").inner_text())


def test_browse_by_date_to_an_edition_and_its_pages(page, live_url):
    page.goto(live_url + "/editions/")
    page.locator("nav.years").get_by_role("link", name="2020年").click()
    page.get_by_role("link", name="2020年3月", exact=True).click()
    page.locator("ul.editions").get_by_role("link", name=re.compile("2020年3月27日")).click()
    assert "版面导航" in page.locator(".page-nav").inner_text()
    page.locator(".page-nav a").first.click()
    assert page.locator("h1").inner_text().startswith("07版")


def test_official_page_from_an_article(page, live_url):
    page.goto(live_url + "/search/?q=王家鹏")
    page.locator(".result h2 a").first.click()
    page.locator(".officials a", has_text="王家鹏").click()
    assert page.locator("h1").inner_text() == "王家鹏"
    assert "见报职务" in page.content()


def test_switch_to_english(page, live_url):
    page.goto(live_url + "/")
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Local Government News Archive").wait_for()
    page.get_by_role("button", name="中文").click()
    page.get_by_role("heading", name="地方政务新闻档案").wait_for()


def test_export_csv_downloads_every_matching_row_with_a_bom(page, live_url):
    page.goto(live_url + "/search/?q=县")
    total = int(re.search(r"(\d+) 篇", page.locator("h1.result-heading").inner_text()).group(1))
    with page.expect_download() as download:
        page.locator("a.export-csv").click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert download.value.suggested_filename.startswith("archive-县-")
    import csv
    import io

    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) - 1 == total
