"""python manage.py export --format jsonl|csv|posts-csv [--output FILE] [search parameters]"""

import os
import sys

from django.core.management.base import BaseCommand, CommandError

from archive.exporting import jsonl_lines, records_in_batches
from search.facets import NAMES as FACET_NAMES


class Command(BaseCommand):
    help = "Export articles (all, or those matching a search) as JSON Lines or CSV."

    def add_arguments(self, parser):
        # posts-csv: every holder of every post (archive/posts.py), or of --county
        parser.add_argument("--format", choices=["jsonl", "csv", "posts-csv"], default="jsonl")
        parser.add_argument("--output", help="file to write (default: standard output)")
        parser.add_argument("--q", default="", help="search words, as on the search page")
        for name in FACET_NAMES:
            parser.add_argument(f"--{name}", action="append", default=[], help=f"filter by {name} (repeatable)")
        parser.add_argument("--date-from", dest="date_from")
        parser.add_argument("--date-to", dest="date_to")
        parser.add_argument("--sort", default="")

    def handle(self, *args, format="jsonl", output=None, **options):
        from search.exports import export_ids, search_csv_chunks

        if format == "posts-csv":
            from archive.posts import posts_csv_chunks

            chunks = posts_csv_chunks(counties=options["county"])
        else:
            params = _search_params(options)
            chunks = jsonl_lines(records_in_batches(export_ids(params))) if format == "jsonl" else search_csv_chunks(params)
        if not output:
            _write_to_stdout(chunks)
            return
        try:
            with open(output, "w", encoding="utf-8", newline="") as stream:
                stream.writelines(chunks)
        except OSError as error:
            raise CommandError(f"{output}: 无法写入（{error.strerror}）。") from None


def _write_to_stdout(chunks) -> None:
    """Into a pipe its reader may close early (`export | head -1`): then stop quietly, as cat
    does, with Python's exit status for a closed pipe (1) and no traceback."""
    try:
        sys.stdout.writelines(chunks)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python flushes stdout once more on exit; into /dev/null, that flush cannot fail.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(1) from None


def _search_params(options):
    """The options, read by the same form as the search page's parameters."""
    from search.forms import SearchForm

    keys = ("q", *FACET_NAMES, "date_from", "date_to", "sort")
    return SearchForm({key: options.get(key) for key in keys if options.get(key)}).params()
