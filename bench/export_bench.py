"""Export benchmark: CSV rows/s and peak memory, beside a bare csv.writer in the same run.

    .venv/bin/python bench/export_bench.py --articles 100000 [--seed 2020]

Loads the seeded corpus (bench/corpus.py) into a fresh SQLite database, then streams the whole
archive as CSV through archive.exporting (what /search.csv and `manage.py export` use) to a
null sink, and does the same with a baseline that writes only (id, headline, body) from one
values_list query. Speed comes from an untraced pass; peak Python memory (tracemalloc) from a
second pass, at 10% of the rows and at the end: flat memory means the two are about the same. Results: stdout and bench/out/export-<n>.json.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def load_corpus(documents) -> None:
    from archive.models import Article, Edition, Mention, Page, Person, Publication, Role

    paper = Publication.objects.create(name="焦作日报", slug="焦作日报")
    people = {}
    batch_size = 2000
    for start in range(0, len(documents), batch_size):
        chunk = documents[start : start + batch_size]
        editions = {}
        for document in chunk:
            editions.setdefault(document.date, None)
        existing = {e.date: e for e in Edition.objects.filter(publication=paper, date__in=list(editions))}
        new = [Edition(publication=paper, date=d, date_source="printed", key=d.isoformat()) for d in editions if d not in existing]
        for edition in Edition.objects.bulk_create(new):
            existing[edition.date] = edition
        pages = Page.objects.bulk_create(
            Page(edition=existing[d.date], sequence=1000 + d.pk, label=d.county, source_name=f"bench-{d.pk}.txt",
                 content_hash=f"bench-{d.pk}", raw_text=d.body)
            for d in chunk
        )
        articles = Article.objects.bulk_create(
            Article(page=page, ordinal=1, position=1, kind=d.kind, headline=d.headline, body=d.body, county=d.county)
            for page, d in zip(pages, chunk, strict=True)
        )
        mentions = []
        for article, d in zip(articles, chunk, strict=True):
            for position, name in enumerate(d.officials + d.reporters):
                role = Role.REPORTER if name in d.reporters else Role.OFFICIAL
                if name not in people:
                    people[name] = Person.objects.create(name=name, category=role)
                mentions.append(Mention(person=people[name], page=article.page, article=article, role=role, position=position, titles=["县领导"] if role == Role.OFFICIAL else []))
        Mention.objects.bulk_create(mentions)


class NullSink(io.TextIOBase):
    def write(self, chunk):
        return len(chunk)


def run(export_rows, total: int) -> dict:
    """Rows/s from an untraced pass (tracing slows allocation 2–3×), then peak traced memory
    at 10% of the rows and at the end from a second pass."""
    sink = NullSink()
    started = time.perf_counter()
    for chunk in export_rows():
        sink.write(chunk)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    early_peak = None
    for rows_done, chunk in enumerate(export_rows()):
        sink.write(chunk)
        if early_peak is None and rows_done >= total // 10:
            early_peak = tracemalloc.get_traced_memory()[1]
    final_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"rows_per_s": round(total / seconds), "peak_mb_at_10pct": round((early_peak or 0) / 2**20, 1),
            "peak_mb_at_end": round(final_peak / 2**20, 1)}


def ours():
    from search.api import SearchParams
    from search.exports import search_csv_chunks

    return search_csv_chunks(SearchParams())


def baseline():
    from archive.models import Article

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in Article.objects.values_list("pk", "headline", "body").iterator(chunk_size=2000):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        yield buffer.getvalue()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2020)
    args = parser.parse_args()
    data_dir = ROOT / "bench" / "out" / f"export-data-{args.articles}"
    if data_dir.exists():
        import shutil

        shutil.rmtree(data_dir)
    os.environ.update({"ARCHIVE_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "config.settings"})
    import django

    django.setup()
    from django.core.management import call_command

    from bench.corpus import generate

    call_command("migrate", verbosity=0)
    from django.apps import apps

    apps.get_app_config("haystack").signal_processor.teardown()  # the export reads the database only
    started = time.perf_counter()
    load_corpus(generate(args.articles, seed=args.seed))
    report = {"articles": args.articles, "seed": args.seed, "load_s": round(time.perf_counter() - started, 1)}
    report["ours"] = run(ours, args.articles)
    report["baseline"] = run(baseline, args.articles)
    report["rows_per_s_ratio"] = round(report["ours"]["rows_per_s"] / report["baseline"]["rows_per_s"], 2)
    out = ROOT / "bench" / "out" / f"export-{args.articles}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
