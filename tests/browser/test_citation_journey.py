"""An editor renames a person; a journalist's old link to them still lands on their page."""

import re
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ADMIN_PASSWORD

pytestmark = pytest.mark.browser


def test_a_renamed_persons_old_url_redirects_to_the_new_one(page, live_url):
    page.goto(live_url + "/admin/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", ADMIN_PASSWORD)
    page.locator("input[type=submit]").click()
    page.goto(live_url + "/admin/archive/person/?q=魏松")
    page.locator("#result_list a", has_text=re.compile("^魏松$")).click()
    page.fill("#id_name", "魏嵩")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    response = page.goto(live_url + "/people/魏松/")
    assert response.request.redirected_from.response().status == 301
    assert unquote(page.url) == live_url + "/people/魏嵩/"
    assert page.locator("h1").inner_text() == "魏嵩"
    assert page.locator(".other-spellings").inner_text() == "其他写法：魏松"
    page.get_by_role("link", name="在检索中查看").click()
    expect(page.locator("h1.result-heading")).to_have_text(re.compile(r"^魏嵩 · 文章 [1-9]\d* 篇$"))
