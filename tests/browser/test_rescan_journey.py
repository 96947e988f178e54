"""An editor uploads a new scan of a page the archive has: the upload says what it would replace
and changes nothing until the editor confirms; the articles keep their URLs."""

import pytest

from tests.browser.conftest import ADMIN_PASSWORD
from tests.conftest import fixture_text

pytestmark = pytest.mark.browser


def upload(page, live_url, path):
    page.goto(live_url + "/admin/archive/edition/upload/")
    page.set_input_files("#id_files", str(path))
    page.get_by_role("button", name="上传并导入").click()


def test_rescan_upload_asks_before_replacing_and_articles_keep_their_urls(page, live_url, tmp_path):
    text = fixture_text("000").replace("2020年3月27日", "2020年4月2日")
    first, rescan = tmp_path / "2020-04-02-07.txt", tmp_path / "scan-again-0402.txt"
    first.write_text(text, encoding="utf-8")
    rescan.write_text(text.replace("（融媒）", "（本报融媒）"), encoding="utf-8")

    page.goto(live_url + "/admin/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", ADMIN_PASSWORD)
    page.locator("input[type=submit]").click()
    upload(page, live_url, first)
    assert "2020-04-02-07.txt：已新建" in page.locator(".upload-results").inner_text()
    article_url = live_url + "/焦作日报/2020-04-02/7/1/"
    assert page.context.request.get(article_url).ok

    upload(page, live_url, rescan)
    prompt = page.locator(".rescans-to-confirm").inner_text()
    assert "scan-again-0402.txt：替换 焦作日报 2020-04-02 第07版：" in prompt and "篇文章有改动" in prompt
    assert "（融媒）" in page.context.request.get(live_url + "/焦作日报/2020-04-02/7/text/").text()  # nothing yet

    page.get_by_role("button", name="确认替换").click()
    assert "scan-again-0402.txt：已替换为新扫描" in page.locator(".upload-results").inner_text()
    assert "（本报融媒）" in page.context.request.get(live_url + "/焦作日报/2020-04-02/7/text/").text()
    assert "（融媒）" in page.context.request.get(live_url + "/焦作日报/2020-04-02/7/text/?version=1").text()
    page.goto(article_url)
    assert page.locator("article.article h1").inner_text()
    assert page.locator(".withdrawn").count() == 0
