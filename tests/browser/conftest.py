"""A real gunicorn serving the fixture pages from a temporary data directory, and Debian's
chromium driven by Playwright."""

import shutil
from pathlib import Path

import pytest

from tests.server import archive_env, manage, served

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ADMIN_PASSWORD = "browser-test-only"


@pytest.fixture(scope="session")
def server_env(tmp_path_factory):
    env = archive_env(tmp_path_factory.mktemp("browser-data"))
    manage({**env, "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD}, "createsuperuser", "--noinput", "--username", "admin", "--email", "admin@example.org")
    return env


@pytest.fixture(scope="session")
def live_url(server_env):
    with served(server_env) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()
