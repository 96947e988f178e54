"""How to cite an article: its permalink, GB/T 7714 (the very text of the CSV's 引文 column: the
same record through the same function), APA, and the citation_* tags reference managers such as
Zotero read from the page's head."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.html import format_html

from .exporting import citation, records_in_batches

# APA is written in English whatever the page's language: its dates are "(2020, March 27)".
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


@dataclass(frozen=True)
class ArticleCitation:
    permalink: str
    gbt7714: str
    apa: str
    apa_html: str
    meta: list[tuple[str, str]]


def article_citation(article, *, site: str) -> ArticleCitation:
    """The ways to cite `article`, its permalink on `site` (exporting.site_url)."""
    record = next(records_in_batches([article.pk], site=site))
    authors, date, title = _apa_parts(record)
    lead = f"{authors}. {date}. {title}." if authors else f"{title}. {date}."
    apa = f"{lead} {record['publication']}, {record['page_number']}. {record['url']}"
    apa_html = format_html("{} <i>{}</i>, {}. {}", lead, record["publication"], record["page_number"], record["url"])
    return ArticleCitation(record["url"], citation(record), apa, apa_html, citation_meta(record))


def _apa_parts(record: dict) -> tuple[str, str, str]:
    reporters = record["reporters"]
    # APA: "A & B"; "A, B, & C".
    authors = " & ".join(reporters) if len(reporters) < 3 else ", ".join(reporters[:-1]) + ", & " + reporters[-1]
    if record["edition_date"]:
        day = datetime.date.fromisoformat(record["edition_date"])
        date = f"({day.year}, {_MONTHS[day.month - 1]} {day.day})"
    else:
        date = "(n.d.)"
    return authors, date, record["headline"]


def citation_meta(record: dict) -> list[tuple[str, str]]:
    """Highwire Press tags (what Google Scholar and Zotero read), one (name, content) a tag."""
    meta = [("citation_title", record["headline"])]
    meta += [("citation_author", name) for name in record["reporters"]]
    if record["edition_date"]:
        meta.append(("citation_publication_date", record["edition_date"].replace("-", "/")))
    meta += [
        ("citation_journal_title", record["publication"]),
        ("citation_firstpage", str(record["page_number"])),
        ("citation_language", "zh"),
        ("citation_public_url", record["url"]),
    ]
    return meta
