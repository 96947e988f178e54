"""`manage.py export`: every article, one per line/row, with the documented fields."""

import csv
import io
import json

import pytest
from django.core.management import call_command

from archive.models import Article

pytestmark = pytest.mark.django_db

JSONL_FIELDS = [
    "id", "url", "source_file", "publication", "edition_date", "edition_date_source", "page_number", "page_label",
    "ordinal", "kind", "headline", "headline_printed", "subheadline", "county", "event_dates", "reporters",
    "credit_orgs", "people", "body",
]


def export(tmp_path, *args) -> bytes:
    out = tmp_path / "out"
    call_command("export", *args, "--output", str(out))
    return out.read_bytes()


def test_jsonl_has_every_article_with_the_documented_fields(tmp_path):
    records = [json.loads(line) for line in export(tmp_path, "--format", "jsonl").decode().splitlines()]
    assert len(records) == Article.objects.count()
    assert all(list(r) == JSONL_FIELDS for r in records)
    by_headline = {r["headline"]: r for r in records}
    poverty = by_headline["武陟县召开 第二次脱贫攻坚推进会"]
    assert poverty["edition_date"] == "2020-03-27" and poverty["edition_date_source"] == "printed"
    assert poverty["url"] == "http://127.0.0.1:8000/焦作日报/2020-03-27/7/4/"
    assert poverty["event_dates"] == ["2020-03-22"] and poverty["reporters"] == ["成睿"]
    assert {"name": "申琳", "titles": ["县委副书记、县长"], "category": "official"} in poverty["people"]
    undated = [r for r in records if r["source_file"].startswith("003")]
    assert all(r["edition_date"] is None and r["edition_date_source"] is None for r in undated)
    assert "10-23" in {d for r in undated for d in r["event_dates"]}


def test_csv_opens_in_excel_with_chinese_header_and_all_rows(tmp_path):
    body = export(tmp_path, "--format", "csv")
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert rows[0][:4] == ["编号", "永久链接", "报纸", "出版日期"]
    assert len(rows) - 1 == Article.objects.count()
    assert body.count(b"\r\n") >= len(rows)


def test_export_takes_search_parameters(tmp_path):
    records = export(tmp_path, "--format", "jsonl", "--q", "脱贫攻坚", "--county", "武陟县").decode().splitlines()
    assert [json.loads(r)["headline"] for r in records] == ["武陟县召开 第二次脱贫攻坚推进会"]
