"""No character can break output: a stray control character (\\x1a, a DOS end-of-file; \\x08, a
backspace) in a page or in the database leaves every page, feed and export valid, and a search
for one is a search like any other."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command

from archive.models import Article, Page
from tests.conftest import fixture_text

pytestmark = pytest.mark.django_db
# What neither XML nor HTML allows, and a CSV read on Windows stops at (\x1a).
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
HEADLINE = "武陟县委常委会议召开"


@pytest.fixture
def stored_with_control_characters():
    """An article whose stored text holds control characters, as a direct edit could leave it."""
    article = Article.objects.get(headline=HEADLINE)
    body = article.body.replace("武陟县委书记", "武陟县委\x08书记\x1a", 1)
    Article.objects.filter(pk=article.pk).update(headline=f"{HEADLINE}\x1a", subheadline="\x08副题", body=body)
    return Article.objects.get(pk=article.pk)


def outputs(client, article) -> dict[str, bytes]:
    official = article.mentions.get(person__name="秦迎军").person
    paths = {
        "search page": "/search/?q=秦迎军",
        "article page": article.get_absolute_url(),
        "page page": article.page.get_absolute_url(),
        "person page": official.get_absolute_url(),
        "search feed": "/search.atom?q=秦迎军",
        "official feed": f"/people/{official.name}/feed/",
        "json": "/search.json?q=秦迎军",
        "csv": "/search.csv?q=秦迎军",
    }
    answers = {}
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code == 200, f"{name}: {response.status_code}"
        answers[name] = b"".join(response.streaming_content) if response.streaming else response.content
    return answers


def test_every_output_is_valid_for_stored_control_characters(client, stored_with_control_characters, tmp_path):
    answers = outputs(client, stored_with_control_characters)
    for name, content in answers.items():
        assert not UNPRINTABLE.search(content.decode("utf-8")), f"{name} carries a control character"
    for name in ("search page", "article page", "person page", "search feed", "official feed"):
        assert HEADLINE.encode() in answers[name], name
    for name in ("search feed", "official feed"):
        entries = ET.fromstring(answers[name]).findall("{http://www.w3.org/2005/Atom}entry")
        assert HEADLINE in [entry.findtext("{http://www.w3.org/2005/Atom}title") for entry in entries]
    [record] = [r for r in json.loads(answers["json"])["results"] if r["id"] == stored_with_control_characters.pk]
    assert record["headline"] == f"{HEADLINE}\x1a"  # JSON escapes it (\u001a): the text as stored
    rows = list(csv.reader(io.StringIO(answers["csv"].decode("utf-8-sig"), newline="")))
    assert [row[7] for row in rows[1:] if row[0] == str(stored_with_control_characters.pk)] == [HEADLINE]
    for export_format in ("jsonl", "csv"):
        call_command("export", "--format", export_format, "--q", "秦迎军", "--output", str(out := tmp_path / export_format))
        assert not UNPRINTABLE.search(out.read_text(encoding="utf-8")), export_format
    assert [json.loads(line)["id"] for line in (tmp_path / "jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("path", ["/search/", "/search.atom", "/search.json", "/search.csv"])
@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1a", "\x08", "\x1b"])
def test_a_query_with_a_control_character_is_a_valid_search(client, path, control):
    response = client.get(path, {"q": f"秦迎军{control}"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert not UNPRINTABLE.search(content.decode("utf-8"))
    if path == "/search.atom":
        ET.fromstring(content)  # well-formed


def test_a_control_character_in_a_query_separates_words_like_a_space(client):
    def count(q):
        return json.loads(client.get("/search.json", {"q": q}).content)["count"]

    assert count("县委\x07秦迎军") == count("县委 秦迎军") > 0


def test_ingest_removes_control_characters_and_says_how_many(tmp_path, capsys, fresh_index, django_capture_on_commit_callbacks):
    text = fixture_text("000").replace("2020年3月27日", "2020年3月28日")
    assert "富耐克超硬材料" in text
    hostile = text.replace("富耐克超硬材料", "富耐克\x08超硬\x1a材料", 1) + "\x0c\x7f"
    (tmp_path / "hostile.txt").write_text(hostile, encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest", str(tmp_path / "hostile.txt"))
    assert "hostile.txt: created" in (out := capsys.readouterr().out) and "删除 4 个控制字符" in out
    page = Page.objects.get(source_name="hostile.txt")
    assert page.raw_text == text  # the rest of the page, every character of it
    articles = page.articles.all()
    assert not any(UNPRINTABLE.search(a.headline + a.subheadline + a.body) for a in articles)
    assert any("富耐克超硬材料" in a.body for a in articles)  # the words either side join again
    from search.api import SearchParams, all_ids

    assert set(all_ids(SearchParams(q="富耐克超硬材料"))) & {a.pk for a in articles}


def test_json_and_csv_snippets_are_plain_text_and_html_stays_escaped(client):
    article = Article.objects.get(headline=HEADLINE)
    body = article.body.replace("秦迎军", "秦迎军<主持>&召开", 1)
    Article.objects.filter(pk=article.pk).update(body=body)
    [record] = [r for r in client.get("/search.json", {"q": "秦迎军", "per_page": 100}).json()["results"] if r["id"] == article.pk]
    assert "秦迎军<主持>&召开" in record["snippet"] and "&lt;" not in record["snippet"]
    rows = csv.reader(io.StringIO(b"".join(client.get("/search.csv", {"q": "秦迎军"}).streaming_content).decode("utf-8-sig")))
    [snippet] = [row[12] for row in rows if row[0] == str(article.pk)]
    assert "秦迎军<主持>&召开" in snippet and "&lt;" not in snippet and "&amp;" not in snippet
    html = client.get("/search/", {"q": "秦迎军"}).content.decode()
    assert "<mark>秦迎军</mark>&lt;主持&gt;&amp;召开" in html


def test_an_upload_says_how_many_control_characters_it_removed(admin_client, fresh_index):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = fixture_text("000").replace("2020年3月27日", "2020年3月29日").replace("富耐克超硬材料", "富耐克\x08超硬\x1a材料")
    page = SimpleUploadedFile("hostile.txt", text.encode("gb18030"))
    html = admin_client.post("/admin/archive/edition/upload/", {"files": [page]}).content.decode()
    assert "hostile.txt：已新建" in html and "删除 2 个控制字符" in html
