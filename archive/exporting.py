"""Exports: articles as JSON Lines or CSV, streamed in batches (constant memory).

The same generator serves the command line and the web, so both write the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from urllib.parse import unquote

from django.conf import settings
from django.db.models import Prefetch

from .models import Article, Mention, Role

BATCH = 500
BOM = "\ufeff"
CSV_COLUMNS = [
    ("id", "编号"), ("permalink", "永久链接"), ("publication", "报纸"), ("edition_date", "出版日期"),
    ("page", "版次"), ("county", "县区"), ("kind", "体裁"), ("headline", "标题"), ("subheadline", "副题"),
    ("officials", "官员（职务）"), ("reporters", "记者"), ("event_dates", "事件日期"), ("snippet", "摘要"),
    ("body", "全文"), ("citation", "引文（GB/T 7714）"),
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def articles_in_batches(ids: Iterable[int] | None = None) -> Iterator[Article]:
    """Articles with everything an export needs, loaded a batch at a time, in the given order
    (reading order when no ids are given)."""
    queryset = Article.objects.for_display().prefetch_related(
        Prefetch("mentions", queryset=Mention.objects.select_related("person").order_by("position"))
    )
    if ids is None:
        ids = Article.objects.in_reading_order().values_list("pk", flat=True).iterator(chunk_size=2000)
    batch: list[int] = []
    for pk in ids:
        batch.append(pk)
        if len(batch) == BATCH:
            yield from _load(queryset, batch)
            batch = []
    if batch:
        yield from _load(queryset, batch)


def _load(queryset, ids: list[int]) -> list[Article]:
    by_id = queryset.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def permalink(article: Article) -> str:
    # Readable in a citation: /焦作日报/2020-03-27/7/1/, not percent-escapes.
    return settings.ARCHIVE_SITE_URL.rstrip("/") + unquote(article.get_absolute_url())


def article_record(article: Article) -> dict:
    edition, page = article.page.edition, article.page
    mentions = list(article.mentions.all())
    return {
        "id": article.pk,
        "url": permalink(article),
        "source_file": page.source_name,
        "publication": edition.publication.name,
        "edition_date": edition.date.isoformat() if edition.date else None,
        "edition_date_source": edition.date_source or None,
        "page_number": page.sequence,
        "page_label": page.label,
        "ordinal": article.ordinal,
        "kind": article.kind,
        "headline": article.headline,
        "headline_printed": article.headline_printed,
        "subheadline": article.subheadline,
        "county": article.county or None,
        "event_dates": article.event_dates,
        "reporters": [m.person.name for m in mentions if m.role == Role.REPORTER],
        "credit_orgs": article.credit_orgs,
        "people": [
            {"name": m.person.name, "titles": m.titles, "category": m.role}
            for m in mentions
            if m.role in (Role.OFFICIAL, Role.BUSINESS, Role.OTHER)
        ],
        "body": article.body,
    }


def jsonl_lines(articles: Iterable[Article]) -> Iterator[str]:
    for article in articles:
        yield json.dumps(article_record(article), ensure_ascii=False) + "\n"


def citation(article: Article) -> str:
    """GB/T 7714 for a newspaper article: 作者.题名[N].报纸名,出版日期(版次)."""
    record = article_record(article)
    authors = ",".join(record["reporters"])
    date = record["edition_date"] or "出版日期不详"
    prefix = f"{authors}." if authors else ""
    return f"{prefix}{article.headline}[N].{record['publication']},{date}({article.page.sequence:02d})."


def csv_row(article: Article, snippet: str = "") -> list[str]:
    record = article_record(article)
    officials = "；".join(
        f"{p['name']}（{'、'.join(p['titles'])}）" if p["titles"] else p["name"] for p in record["people"]
    )
    values = {
        "id": str(article.pk),
        "permalink": record["url"],
        "publication": record["publication"],
        "edition_date": record["edition_date"] or "",
        "page": f"{article.page.sequence:02d}",
        "county": record["county"] or "",
        "kind": article.get_kind_display(),
        "headline": article.headline,
        "subheadline": article.subheadline,
        "officials": officials,
        "reporters": "、".join(record["reporters"]),
        "event_dates": "、".join(record["event_dates"]),
        "snippet": snippet,
        "body": article.body,
        "citation": citation(article),
    }
    return [neutralise_formula(values[key]) for key, _ in CSV_COLUMNS]


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
