"""Exports: articles as JSON Lines or CSV, streamed in batches (constant memory).

The same generator serves the command line and the web, so both write the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from urllib.parse import unquote

from django.conf import settings
from django.urls import reverse

from .characters import printable
from .models import Article, Kind, Mention, Role

BATCH = 500
BOM = "\ufeff"
CSV_COLUMNS = [
    ("id", "编号"), ("permalink", "永久链接"), ("publication", "报纸"), ("edition_date", "出版日期"),
    ("page", "版次"), ("county", "县区"), ("kind", "体裁"), ("headline", "标题"), ("subheadline", "副题"),
    ("officials", "官员（职务）"), ("reporters", "记者"), ("event_dates", "事件日期"), ("snippet", "摘要"),
    ("body", "全文"), ("citation", "引文（GB/T 7714）"),
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Where `make serve` publishes the archive by default: the command line's permalinks when
# ARCHIVE_SITE_URL is not set.
DEFAULT_SITE_URL = "http://127.0.0.1:8000"
KIND_LABELS = dict(Kind.choices)


_FIELDS = {
    "id": "pk", "ordinal": "ordinal", "kind": "kind", "headline": "headline", "headline_printed": "headline_printed",
    "subheadline": "subheadline", "county": "county", "event_dates": "event_dates", "credit_orgs": "credit_orgs",
    "body": "body", "page_number": "page__sequence", "page_label": "page__label", "source_file": "page__source_name",
    "edition_key": "page__edition__key", "edition_date": "page__edition__date",
    "edition_date_source": "page__edition__date_source", "publication": "page__edition__publication__name",
    "publication_slug": "page__edition__publication__slug",
}


def site_url(request=None) -> str:
    """Where permalinks point, the same for CSV, JSON and Atom: ARCHIVE_SITE_URL when it is set;
    otherwise the scheme and host a web request came to, or DEFAULT_SITE_URL on the command line."""
    if settings.ARCHIVE_SITE_URL:
        return settings.ARCHIVE_SITE_URL.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return DEFAULT_SITE_URL


def records_in_batches(ids: Iterable[int] | None = None, *, site: str | None = None) -> Iterator[dict]:
    """Export records (see `record`), a batch at a time, in the given order (reading order when
    no ids are given), their permalinks on `site` (default: `site_url()`). Plain rows, two
    queries a batch: fast, and constant in memory."""
    site = site or site_url()
    if ids is None:
        ids = Article.objects.current().in_reading_order().values_list("pk", flat=True).iterator(chunk_size=2000)
    batch: list[int] = []
    for pk in ids:
        batch.append(pk)
        if len(batch) == BATCH:
            yield from _records(batch, site)
            batch = []
    if batch:
        yield from _records(batch, site)


def _records(ids: list[int], site: str) -> list[dict]:
    rows = {row["pk"]: row for row in Article.objects.filter(pk__in=ids).values(*_FIELDS.values())}
    people: dict[int, list] = {pk: [] for pk in ids}
    mentions = Mention.objects.filter(article_id__in=ids).order_by("article_id", "position")
    for article_id, name, role, titles in mentions.values_list("article_id", "person__name", "role", "titles"):
        people[article_id].append((name, role, titles))
    rows = [{key: rows[pk][column] for key, column in _FIELDS.items()} for pk in ids if pk in rows]
    return [record(row, people[row["id"]], site=site) for row in rows]


@lru_cache(maxsize=16)
def _url_pattern(site: str) -> str:
    """The article URL with slots, reversed once from archive/urls.py rather than per row."""
    path = unquote(reverse("archive:article", args=["PAPER", "EDITION", 987654, 876543]))
    return site + path.replace("PAPER", "{0}").replace("EDITION", "{1}").replace("987654", "{2}").replace("876543", "{3}")


def permalink(*, site: str, publication_slug: str, edition_key: str, page_number: int, ordinal: int) -> str:
    """An article's absolute URL, readable in a citation: …/焦作日报/2020-03-27/7/1/, not
    percent-escapes."""
    return _url_pattern(site).format(publication_slug, edition_key, page_number, ordinal)


def article_permalink(article, *, site: str) -> str:
    edition = article.page.edition
    return permalink(site=site, publication_slug=edition.publication.slug, edition_key=edition.key,
                     page_number=article.page.sequence, ordinal=article.ordinal)


def record(row: dict, people: list[tuple], *, site: str) -> dict:
    """One article as the exports describe it (the JSON Lines fields of the README)."""
    date = row["edition_date"]
    return {
        "id": row["id"],
        "url": permalink(site=site, publication_slug=row["publication_slug"], edition_key=row["edition_key"],
                         page_number=row["page_number"], ordinal=row["ordinal"]),
        "source_file": row["source_file"],
        "publication": row["publication"],
        "edition_date": date.isoformat() if date else None,
        "edition_date_source": row["edition_date_source"] or None,
        "page_number": row["page_number"],
        "page_label": row["page_label"],
        "ordinal": row["ordinal"],
        "kind": row["kind"],
        "headline": row["headline"],
        "headline_printed": row["headline_printed"],
        "subheadline": row["subheadline"],
        "county": row["county"] or None,
        "event_dates": row["event_dates"],
        "reporters": [name for name, role, _ in people if role == Role.REPORTER],
        "credit_orgs": row["credit_orgs"],
        "people": [
            {"name": name, "titles": titles, "category": role}
            for name, role, titles in people
            if role in (Role.OFFICIAL, Role.BUSINESS, Role.OTHER)
        ],
        "body": row["body"],
    }


def jsonl_lines(records: Iterable[dict]) -> Iterator[str]:
    for item in records:
        yield json.dumps(item, ensure_ascii=False) + "\n"


def citation(item: dict) -> str:
    """GB/T 7714 for a newspaper article: 作者.题名[N].报纸名,出版日期(版次)."""
    authors = ",".join(item["reporters"])
    date = item["edition_date"] or "出版日期不详"
    prefix = f"{authors}." if authors else ""
    return f"{prefix}{item['headline']}[N].{item['publication']},{date}({item['page_number']:02d})."


def csv_row(item: dict, snippet: str = "") -> list[str]:
    officials = "；".join(f"{p['name']}（{'、'.join(p['titles'])}）" if p["titles"] else p["name"] for p in item["people"])
    values = {
        "id": str(item["id"]),
        "permalink": item["url"],
        "publication": item["publication"],
        "edition_date": item["edition_date"] or "",
        "page": f"{item['page_number']:02d}",
        "county": item["county"] or "",
        "kind": str(KIND_LABELS.get(item["kind"], item["kind"])),
        "headline": item["headline"],
        "subheadline": item["subheadline"],
        "officials": officials,
        "reporters": "、".join(item["reporters"]),
        "event_dates": "、".join(item["event_dates"]),
        "snippet": snippet,
        "body": item["body"],
        "citation": citation(item),
    }
    # No control character in a cell: Excel on Windows stops reading a file at \x1a.
    return [neutralise_formula(printable(values[key])) for key, _ in CSV_COLUMNS]


def neutralise_formula(cell: str) -> str:
    """A cell Excel would run as a formula (=, +, -, @) is prefixed with an apostrophe."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def csv_chunks(rows: Iterable[list[str]]) -> Iterator[str]:
    """CSV text in chunks: a UTF-8 BOM (so Excel reads Chinese), a Chinese header, CRLF rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([label for _, label in CSV_COLUMNS])
    yield BOM + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        yield buffer.getvalue()
