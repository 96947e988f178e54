"""Permalinks follow the site: CSV, JSON and Atom give the same absolute URL for an article,
on ARCHIVE_SITE_URL when it is set, else on the host a web download was asked on; the command
line uses the configured site URL, and `make serve` sets it to the port it serves on."""

import csv
import io
import json
import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.models import Article

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
ROOT = Path(__file__).resolve().parents[2]
ONE_ARTICLE = {"q": "统计业务骨干"}


def article_path() -> str:
    article = Article.objects.get(headline="示范区培训统计业务骨干")
    return f"/焦作日报/{article.page.edition.key}/{article.page.sequence}/{article.ordinal}/"


def permalinks(client, **request) -> tuple[str, str, str]:
    """The article's URL in the CSV, the JSON and the Atom feed of the same search."""
    body = b"".join(client.get("/search.csv", ONE_ARTICLE, **request).streaming_content)
    [row] = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))[1:]
    [record] = json.loads(client.get("/search.json", ONE_ARTICLE, **request).content)["results"]
    feed = ET.fromstring(client.get("/search.atom", ONE_ARTICLE, **request).content)
    [entry] = feed.findall(f"{ATOM}entry")
    return row[1], record["url"], entry.find(f"{ATOM}link").get("href")


def test_without_a_site_url_web_downloads_use_the_host_they_were_asked_on(client, settings):
    settings.ARCHIVE_SITE_URL = ""
    assert permalinks(client, HTTP_HOST="localhost:9000") == (f"http://localhost:9000{article_path()}",) * 3
    assert permalinks(client, HTTP_HOST="localhost", secure=True) == (f"https://localhost{article_path()}",) * 3


def test_a_configured_site_url_wins_over_the_host_asked(client, settings):
    settings.ARCHIVE_SITE_URL = "https://archive.example.org/"
    assert permalinks(client, HTTP_HOST="localhost:9000") == (f"https://archive.example.org{article_path()}",) * 3
    feed = ET.fromstring(client.get("/people/王家鹏/feed/", HTTP_HOST="localhost:9000").content)
    assert {link.get("href").split("/")[2] for link in feed.iter(f"{ATOM}link")} == {"archive.example.org"}
    page = json.loads(client.get("/search.json", {"per_page": 5}, HTTP_HOST="localhost:9000").content)
    assert page["next"].startswith("https://archive.example.org/search.json?")


@pytest.mark.parametrize(
    ("configured", "site"), [("", "http://127.0.0.1:8000"), ("https://archive.example.org", "https://archive.example.org")]
)
def test_command_line_export_uses_the_configured_site_url(settings, tmp_path, configured, site):
    settings.ARCHIVE_SITE_URL = configured
    out = tmp_path / "export.jsonl"
    call_command("export", "--format", "jsonl", "--q", ONE_ARTICLE["q"], "--output", str(out))
    [line] = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["url"] == site + article_path()


def served_site_url(**variables) -> str:
    """The ARCHIVE_SITE_URL `make serve` would start gunicorn with (a dry run: nothing runs)."""
    env = {k: v for k, v in os.environ.items() if k not in ("ARCHIVE_SITE_URL", "PORT", "MAKEFLAGS")}
    args = [f"{k}={v}" for k, v in variables.items() if k == "PORT"]
    env.update({k: v for k, v in variables.items() if k != "PORT"})
    dry_run = subprocess.run(["make", "-n", "serve", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    [line] = [line for line in dry_run.stdout.splitlines() if "ARCHIVE_SITE_URL=" in line]
    return line.split("ARCHIVE_SITE_URL=")[1].split()[0].strip('"')


def test_make_serve_publishes_permalinks_on_the_port_it_serves():
    assert served_site_url() == "http://127.0.0.1:8000"
    assert served_site_url(PORT="9123") == "http://127.0.0.1:9123"
    assert served_site_url(PORT="9123", ARCHIVE_SITE_URL="https://archive.example.org") == "https://archive.example.org"
