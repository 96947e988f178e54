"""An editor in a browser: log in, upload a page, correct a headline, find it in public search."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ADMIN_PASSWORD
from tests.conftest import fixture_text

pytestmark = pytest.mark.browser


def test_upload_correct_and_find_the_correction(page, live_url, tmp_path):
    new_page = tmp_path / "2020-03-30-07.txt"
    new_page.write_text(fixture_text("000").replace("2020年3月27日", "2020年3月30日"), encoding="gb18030")

    page.goto(live_url + "/admin/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", ADMIN_PASSWORD)
    page.locator("input[type=submit]").click()
    page.get_by_role("link", name="上传版面").first.click()
    page.set_input_files("#id_files", str(new_page))
    page.locator("input[type=submit]").click()
    assert "2020-03-30-07.txt：已新建（7 篇文章" in page.locator(".upload-results").inner_text()

    page.get_by_role("link", name="查看切分").click()
    assert "JIAOZUO DAILY" in page.locator(".parse-review pre").inner_text()
    page.locator(".parse-review ol a").first.click()
    page.fill("#id_headline", "修武县掀起招商引资热潮")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()  # the save has landed

    page.goto(live_url + "/search/?q=掀起招商引资热潮")
    assert page.locator("h1.result-heading").inner_text() == "含“掀起招商引资热潮”的文章 1 篇"
    page.locator(".result h2 a").first.click()
    assert page.locator("article.article h1").inner_text() == "修武县掀起招商引资热潮"
    assert "2020年3月30日" in page.locator("dl.facts").inner_text()
