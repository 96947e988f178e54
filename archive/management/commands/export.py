"""python manage.py export --format jsonl|csv [--output FILE] [search parameters]"""

import sys

from django.core.management.base import BaseCommand, CommandError

from archive.exporting import articles_in_batches, csv_chunks, jsonl_lines


class Command(BaseCommand):
    help = "Export articles (all, or those matching a search) as JSON Lines or CSV."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("--output", help="file to write (default: standard output)")
        parser.add_argument("--q", default="", help="search words, as on the search page")
        for name in ("county", "year", "month", "kind", "official", "reporter"):
            parser.add_argument(f"--{name}", action="append", default=[], help=f"filter by {name} (repeatable)")
        parser.add_argument("--date-from", dest="date_from")
        parser.add_argument("--date-to", dest="date_to")
        parser.add_argument("--sort", default="")

    def handle(self, *args, format="jsonl", output=None, **options):
        ids = _search_ids(options)
        articles = articles_in_batches(ids)
        if format == "jsonl":
            chunks = jsonl_lines(articles)
        else:
            from search.exports import csv_rows_for

            chunks = csv_chunks(csv_rows_for(articles, options.get("q", "")))
        if not output:
            sys.stdout.writelines(chunks)
            return
        try:
            with open(output, "w", encoding="utf-8", newline="") as stream:
                stream.writelines(chunks)
        except OSError as error:
            raise CommandError(f"{output}: 无法写入（{error.strerror}）。") from None


def _search_ids(options):
    """None (every article, in reading order) unless a search parameter was given."""
    keys = ("q", "county", "year", "month", "kind", "official", "reporter", "date_from", "date_to", "sort")
    data = {key: options.get(key) for key in keys if options.get(key)}
    if not data:
        return None
    from search.engine import all_ids
    from search.forms import SearchForm

    if "sort" not in data and not data.get("q"):
        data["sort"] = "newest"
    return all_ids(SearchForm(data).params())
