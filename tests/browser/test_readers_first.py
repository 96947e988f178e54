"""Readers first (issue 15) in a browser: citing, a phone, the calendar, the chart, the keyboard
and axe-core's accessibility rules, against a real gunicorn."""

import csv
import io
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from tests.browser.axe import serious_violations
from tests.browser.conftest import ADMIN_PASSWORD

pytestmark = pytest.mark.browser
PHONE = {"width": 400, "height": 800}
ARTICLE = "/焦作日报/2020-03-27/7/4/"  # 武陟县召开 第二次脱贫攻坚推进会, with people named


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, accept_downloads=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def page_without_javascript(browser):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False, accept_downloads=True)
    yield context.new_page()
    context.close()


def test_cite_an_article_copy_its_permalink_and_read_both_citations(browser, live_url):
    context = browser.new_context(locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_url)
    page = context.new_page()
    page.goto(live_url + ARTICLE)
    cite = page.locator("section.cite")
    expect(cite.get_by_role("heading", name="引用本文")).to_be_visible()
    permalink = cite.get_by_label("永久链接")
    assert unquote(permalink.input_value()) == live_url + ARTICLE
    cite.get_by_role("button", name="复制链接").click()
    expect(page.locator("#cite-permalink-status")).to_have_text("已复制")
    assert page.evaluate("navigator.clipboard.readText()") == permalink.input_value()
    expect(cite.locator("#cite-gbt7714")).to_have_text(re.compile(r"^成睿\.武陟县召开 第二次脱贫攻坚推进会\[N\]\.焦作日报,2020-03-27\(07\)\.$"))
    expect(cite.locator("#cite-apa")).to_contain_text("成睿. (2020, March 27). 武陟县召开 第二次脱贫攻坚推进会. 焦作日报, 7.")
    assert page.title() == "武陟县召开 第二次脱贫攻坚推进会 · 焦作日报 2020年3月27日"
    assert page.locator('meta[name="citation_journal_title"]').get_attribute("content") == "焦作日报"
    context.close()


def test_on_a_phone_results_come_first_and_filters_fold_behind_a_button(phone, live_url):
    phone.goto(live_url + "/search/?q=县")
    first = phone.locator(".result").first
    box = first.bounding_box()
    assert box and box["y"] < PHONE["height"] * 0.75  # the first result is on the first screen
    county_facet = phone.locator('.facet[data-facet="county"]')
    expect(county_facet).to_be_hidden()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.get_by_text("筛选", exact=True).click()
    expect(county_facet).to_be_visible()
    county_facet.locator("a").first.click()
    expect(phone.locator(".chip")).to_have_count(1)


def test_on_a_wide_screen_the_filters_stand_beside_the_results(page, live_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_url + "/search/?q=县")
    facets = page.locator('.facet[data-facet="county"]')
    expect(facets).to_be_visible()
    expect(page.get_by_text("筛选", exact=True)).to_be_hidden()
    assert facets.bounding_box()["x"] < page.locator(".result").first.bounding_box()["x"]


def test_on_a_phone_an_articles_body_comes_before_its_people(phone, live_url):
    phone.goto(live_url + ARTICLE + "?q=脱贫攻坚")
    body, people = phone.locator(".article .body"), phone.locator(".article .officials")
    assert body.bounding_box()["y"] < people.bounding_box()["y"]
    assert body.bounding_box()["y"] < PHONE["height"]
    expect(phone.locator("h1 mark")).to_have_text("脱贫攻坚")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_browse_like_an_e_paper_calendar_editions_and_pages(page, live_url):
    page.goto(live_url + "/editions/?year=2020&month=3")
    calendar = page.locator("table.month-calendar")
    expect(calendar.locator("caption")).to_have_text("2020年3月")
    days = calendar.locator("td.has-edition a").all_inner_texts()
    # Another journey on this server uploads a page dated 2020-03-30: the days are read from the list.
    assert {"21", "27"} <= set(days) and len(days) == page.locator("ul.editions").first.locator("li").count()
    calendar.get_by_role("link", name="2020年3月21日 焦作日报").click()
    expect(page.locator("h1")).to_contain_text("2020年3月21日")
    page.get_by_role("link", name=re.compile("^下一期")).click()
    expect(page.locator("h1")).to_contain_text("2020年3月27日")
    page.locator(".page-nav a").first.click()
    expect(page.locator("h1")).to_have_text("07版 · 武陟")
    expect(page.locator('.page-nav a[aria-current="page"]')).to_have_text("07版 武陟")
    page.get_by_role("link", name="版面原文").wait_for()
    page.goto(live_url + "/editions/?year=2020&month=3")
    page.get_by_role("link", name=re.compile("2020年4月 →")).click()
    expect(page.locator("table.month-calendar caption")).to_have_text("2020年4月")


def test_the_subject_over_time_reads_without_javascript_and_downloads(page_without_javascript, live_url):
    page = page_without_javascript
    page.goto(live_url + "/search/?q=王家鹏")
    chart = page.locator(".subject-timeline svg")
    expect(chart).to_be_visible()
    bars = chart.locator("rect.bar")
    assert bars.count() >= 1 and all(bars.nth(i).bounding_box()["height"] > 0 for i in range(bars.count()))
    page.get_by_text("数据表", exact=True).click()
    expect(page.locator(".timeline-table table")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载数据表（CSV）").click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    shown = page.locator(".timeline-table tbody tr").all_inner_texts()
    assert [r[0] for r in rows[1:]] == [row.split()[0] for row in shown]


def test_keyboard_skips_to_content_and_opens_the_filters(phone, live_url):
    phone.goto(live_url + "/search/?q=县")
    phone.keyboard.press("Tab")
    expect(phone.locator(":focus")).to_have_text("跳到正文")
    phone.keyboard.press("Enter")
    expect(phone.locator("main")).to_be_focused()
    summary = phone.locator("details.filters summary")
    for _ in range(30):
        phone.keyboard.press("Tab")
        if summary.evaluate("element => element === document.activeElement"):
            break
    expect(summary).to_be_focused()
    phone.keyboard.press("Enter")
    expect(phone.locator('.facet[data-facet="county"]')).to_be_visible()


def test_the_search_box_limits_its_length_and_a_name_offers_the_persons_page(page, live_url):
    page.goto(live_url + "/search/?q=王家鹏")
    box = page.get_by_role("searchbox", name="检索词")
    box.fill("")
    box.press_sequentially("县" * 205, delay=0)
    assert len(box.input_value()) == 200
    page.get_by_role("link", name="王家鹏：官员页面").click()
    expect(page.locator("h1")).to_have_text("王家鹏")
    page.goto(live_url + "/search/?q=示范区")
    page.locator(".result a.person").first.click()
    expect(page).to_have_url(re.compile(r"/people/"))


def test_a_page_that_does_not_exist_is_branded_with_a_way_back(phone, live_url):
    response = phone.goto(live_url + "/editions/?year=10000")
    assert response.status == 404
    expect(phone.locator("h1")).to_have_text("找不到这个页面")
    expect(phone.locator(".notice")).to_have_text("年份应在 1 至 9999 之间。")
    phone.get_by_role("link", name="回到首页").click()
    expect(phone.get_by_role("heading", name="地方政务新闻档案")).to_be_visible()


@pytest.mark.parametrize("path", ["/", "/search/?q=脱贫攻坚&county=武陟县", ARTICLE, "/people/王家鹏/", "/editions/"])
def test_pages_have_no_serious_accessibility_violations(page, live_url, path):
    page.goto(live_url + path)
    assert serious_violations(page) == []
    page.set_viewport_size(PHONE)
    assert serious_violations(page) == []


def test_the_admin_upload_page_has_no_serious_accessibility_violations(page, live_url):
    page.goto(live_url + "/admin/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", ADMIN_PASSWORD)
    page.locator("input[type=submit]").click()
    page.get_by_role("link", name="上传版面").first.click()
    expect(page.locator("#id_files")).to_be_visible()
    assert serious_violations(page) == []
