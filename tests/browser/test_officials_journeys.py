"""Officials over time in a browser: a person's career timeline, and who held a post on a day."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def page_without_javascript(browser):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_a_persons_timeline_reads_without_javascript_and_leads_to_its_evidence(page_without_javascript, live_url):
    page = page_without_javascript
    page.goto(live_url + "/people/郭鹏/")
    timeline = page.locator("figure.timeline svg")
    expect(timeline).to_be_visible()
    expect(timeline.locator("text", has_text="修武县委书记")).to_be_visible()
    expect(timeline.locator("text", has_text="2020年")).to_be_visible()
    bar = timeline.locator("rect.bar").first
    box = bar.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0

    bar.click()
    assert page.url.endswith("#career-1-1")
    evidence = page.locator("dl.career-evidence dd a").first
    expect(evidence).to_have_text("修武县召开2020年招商引资工作会议")
    expect(page.locator("ol.companions li").first).to_contain_text("篇")

    evidence.click()
    expect(page.locator("article.article h1")).to_contain_text("修武县召开2020年招商引资工作会议")


def test_from_a_county_to_its_posts_and_who_held_them_on_a_day(page, live_url):
    """Other journeys share this server (an editor renames 魏松, uploads a page): the holder and
    the day are read from the page itself."""
    page.goto(live_url + "/counties/修武县/")
    page.get_by_role("link", name="历任官员").click()
    expect(page.locator("h1")).to_have_text("修武县 历任官员")
    county_head = page.locator("section.principal", has=page.locator("h2", has_text="修武县县长"))
    first_row = county_head.locator("table.holders tbody tr").first
    holder = first_row.locator("td").nth(0).inner_text().strip()
    first_seen = first_row.locator("td .evidence a, td.evidence a").first.inner_text().strip()
    assert re.fullmatch(r"20\d\d-\d\d-\d\d", first_seen) and holder

    page.locator("input[name=on]").fill(first_seen)
    page.get_by_role("button", name="查看").click()
    assert f"on={first_seen}" in page.url
    expect(county_head.locator(".on-answer")).to_contain_text("在任：")
    expect(county_head.locator(".on-answer a").first).to_have_text(holder)
    expect(county_head.locator("tr.on-day").first).to_contain_text(holder)

    page.locator("input[name=on]").fill("2000-01-01")
    page.get_by_role("button", name="查看").click()
    expect(county_head.locator(".on-answer")).to_contain_text("档案中没有当日在任的见报记录")

    county_head.locator("table.holders a", has_text=holder).first.click()
    expect(page.locator("h1")).to_have_text(holder)
    expect(page.locator("figure.timeline svg text", has_text="修武县县长")).to_be_visible()
