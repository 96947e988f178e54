"""Search results as export rows: the CSV carries a plain-text snippet of the query's context."""

from django.utils.html import strip_tags

from archive.exporting import csv_row

from .highlight import snippet
from .query import parse_query


def csv_rows_for(articles, q: str):
    needles = parse_query(q).highlight_runs()
    for article in articles:
        yield csv_row(article, strip_tags(snippet(article.body, needles)) if needles else "")
