"""A search as an export: CSV (the page's own parameters, every row, streamed), JSON and Atom.

The command line and the web call the same functions, so they write the same bytes.
"""

from __future__ import annotations

import datetime
import re

from archive.exporting import csv_chunks, csv_row, records_in_batches

from .api import SearchParams, all_ids
from .highlight import snippet_text
from .query import parse_query


def export_ids(params: SearchParams) -> list[int] | None:
    """The ids to export, in order, found before anything is written (so an error can still be
    reported as an error, not as a broken file); None means every article in reading order."""
    if params == SearchParams():
        return None
    if not params.q.strip() and params.sort == "relevance":
        params = SearchParams(**{**params.__dict__, "sort": "newest"})
    return list(all_ids(params))


def csv_rows_for(records, q: str):
    needles = parse_query(q).highlight_runs()
    for item in records:
        yield csv_row(item, snippet_text(item["body"], needles) if needles else "")


def search_csv_chunks(params: SearchParams, *, site: str | None = None):
    """The CSV of a search, its permalinks on `site` (default: the configured site URL)."""
    ids = export_ids(params)
    return csv_chunks(csv_rows_for(records_in_batches(ids, site=site), params.q))


def export_filename(params: SearchParams, today: datetime.date, extension: str = "csv") -> str:
    """What the file is: archive-脱贫攻坚-修武县-2026-11-22.csv."""
    parts = ["archive", params.q.strip(), *params.county, *params.year, *params.official]
    cleaned = [re.sub(r'[\\/:*?"<>|\s]+', "_", part)[:40] for part in parts if part]
    return "-".join([*cleaned, today.isoformat()]) + f".{extension}"
