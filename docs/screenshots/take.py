"""Take the README's screenshots: the reading pages at desktop and phone width, from the fixture
pages served by gunicorn as `make serve` serves them.

    .venv/bin/python docs/screenshots/take.py

Needs Debian's chromium (`make chromium`) and, for the Chinese to show, a CJK font
(`apt-get install fonts-wqy-microhei`). Viewport-sized PNGs, so they stay small.
"""

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.server import archive_env, served  # noqa: E402

OUT = Path(__file__).resolve().parent
PAGES = {
    "home": "/",
    "search": "/search/?q=脱贫攻坚&county=武陟县&county=示范区",
    "article": "/焦作日报/2020-03-27/7/4/?q=脱贫攻坚",
    "person": "/people/王家鹏/",
    "calendar": "/editions/?year=2020&month=3",
}
WIDTHS = {"desktop": (1100, 760), "phone": (400, 780)}


def main() -> None:
    with tempfile.TemporaryDirectory() as data, served(archive_env(Path(data))) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for device, (width, height) in WIDTHS.items():
            context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(url + path)
                if name == "article" and device == "desktop":
                    page.locator("section.cite").scroll_into_view_if_needed()
                page.screenshot(path=OUT / f"{name}-{device}.png")
                print(OUT / f"{name}-{device}.png")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
