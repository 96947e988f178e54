"""Search benchmark: index build rate and search latency, each beside its baseline in the same run.

    .venv/bin/python bench/search_bench.py --articles 10000 [--seed 2020] [--queries 60]

- index build: our analysis + Whoosh writer (articles/s) beside jieba's own tokenisation of
  the same text (articles/s), reported as a ratio;
- search: p50/p95 through our engine (search.engine.run_search, as the web page calls it) for
  plain queries, +3 facets, +3 facets and a county filter, beside raw Whoosh (no Django)
  answering the same query with the same facets on the same index;
- a worker's readiness: seconds from a fresh process to its first answered search.

Results go to stdout and bench/out/search-<articles>.json. Figures in bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def build_index(documents, index_root: Path) -> float:
    """Seconds to index the corpus as `manage.py build_index` does (search.indexing.bulk_write),
    into a new directory then made live (search.versions)."""
    from haystack import connections
    from whoosh.filedb.filestore import FileStorage

    from search.engine import versions
    from search.engine.indexing import bulk_write

    shutil.rmtree(index_root, ignore_errors=True)
    directory = versions.new_directory(index_root)
    engine = connections["default"].get_backend()
    engine.load_schema()
    index = FileStorage(str(directory)).create_index(engine.schema)
    started = time.perf_counter()
    bulk_write(index, (document.fields() for document in documents))
    seconds = time.perf_counter() - started
    versions.publish(index_root, directory)
    return seconds


def jieba_seconds(documents) -> float:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    started = time.perf_counter()
    for document in documents:
        for _ in jieba.cut(f"{document.headline}\n{document.body}"):
            pass
    return time.perf_counter() - started


def _clear_caches() -> None:
    from search.engine import postings, searching

    searching._docset_cache.clear()
    searching._result_cache.clear()
    postings.segment_cache.clear()


def cache_index_files(index_dir: Path) -> None:
    """Read every index file once. This machine's file cache forgets an index within a minute
    (1.9 GB cached → 0.14 GB in 50 s, measured with `free`), a serving machine's keeps what it
    searches: each timed run starts from the files cached, ours and raw Whoosh alike."""
    for path in index_dir.iterdir():
        with path.open("rb") as f:
            while f.read(2**24):
                pass


def time_calls(function, queries) -> list[float]:
    function("预热")  # open the index and load what a running worker has loaded
    samples = []
    for query in queries:
        started = time.perf_counter()
        function(query)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def search_modes():
    from search.api import SearchParams

    return {
        "plain": lambda q: SearchParams(q=q),
        "+3 facets": lambda q: SearchParams(q=q),
        "+3 facets +filter": lambda q: SearchParams(q=q, county=("修武县",)),
    }


def ours(mode: str, make_params):
    from search.api import run_search

    facets = mode != "plain"
    return lambda q: run_search(make_params(q), limit=20, facets=facets)


def raw_whoosh(index_dir: Path, mode: str, make_params):
    """The same query and facets straight on Whoosh: a new searcher per query, stock facets."""
    from whoosh import index as whoosh_index
    from whoosh import query as wq
    from whoosh import sorting

    from search.facets import MULTI_VALUED
    from search.facets import NAMES as FACETS

    index = whoosh_index.open_dir(str(index_dir))

    def run(q):
        params = make_params(q)
        groupedby = None
        if mode != "plain":
            groupedby = {f: sorting.FieldFacet(f, allow_overlap=f in MULTI_VALUED, maptype=sorting.Count) for f in FACETS}
        with index.searcher() as searcher:
            query = wq.AndMaybe(match_query(params.parsed), ranking_query(params.parsed))  # same matches, same ranking clauses
            results = searcher.search(query, filter=filter_query(params), limit=20, groupedby=groupedby)
            len(results)
            [hit["django_id"] for hit in results[:20]]
            if groupedby:
                [results.groups(f) for f in FACETS]

    return run


WORKER_CODE = """
import os, time
started = time.perf_counter()
import django
django.setup()
from search.api import SearchParams, run_search, warm_up
if {forked}:
    warm_up()  # what config/wsgi.py does in gunicorn's master before it forks workers
    read, write = os.pipe()
    if os.fork() == 0:
        started = time.perf_counter()
        run_search(SearchParams(q="脱贫攻坚"))
        os.write(write, str(time.perf_counter() - started).encode())
        os._exit(0)
    os.wait()
    print(os.read(read, 100).decode())
else:
    run_search(SearchParams(q="脱贫攻坚"))
    print(time.perf_counter() - started)
"""


def _run_query(field, run):
    """A run as a plain Whoosh application asks for it: a phrase of its bigrams (one character
    as a prefix)."""
    from whoosh import query as wq

    if len(run) == 1:
        return wq.Prefix(field, run)
    bigrams = [run[i : i + 2] for i in range(len(run) - 1)]
    return wq.Term(field, bigrams[0]) if len(bigrams) == 1 else wq.Phrase(field, bigrams)


def _term_query(term, field="text"):
    from whoosh import query as wq

    return wq.Or([wq.And([_run_query(field, run) for run in runs]) for runs in term.runs])


def match_query(parsed):
    """What must match, as one Whoosh query: terms ANDed, spellings ORed, negated terms excluded."""
    from whoosh import query as wq

    query = wq.And([_term_query(t) for t in parsed.positive]) if parsed.positive else wq.Every()
    negative = [_term_query(t) for t in parsed.negative]
    return wq.AndNot(query, wq.Or(negative)) if negative else query


def ranking_query(parsed):
    """What ranks, as one Whoosh query: the terms in the headline (3×), their jieba words."""
    from whoosh import query as wq

    from search.analysis import words

    clauses = []
    for term in parsed.positive:
        in_headline = _term_query(term, "headline")
        in_headline.boost = 3.0
        clauses.append(in_headline)
    clauses += [wq.Term("words", w) for term in parsed.positive for s in (term.text, *term.alternatives) for w in words(s)]
    return wq.Or(clauses) if clauses else wq.Every()


def filter_query(params):
    """The filters as one Whoosh query, as a plain Whoosh application would pass them."""
    import datetime

    from whoosh import query as wq

    from search.facets import NAMES as FACETS

    clauses = [wq.Or([wq.Term(f, v) for v in params.selected(f)]) for f in FACETS if params.selected(f)]
    if params.date_from or params.date_to:
        start = datetime.datetime.combine(params.date_from, datetime.time.min) if params.date_from else None
        end = datetime.datetime.combine(params.date_to, datetime.time.max) if params.date_to else None
        clauses.append(wq.DateRange("edition_date", start, end))
    return wq.And(clauses) if clauses else None


def worker_ready_seconds(env, *, forked: bool) -> float:
    """Seconds to a first answered search: a cold process, or a worker forked from a warmed
    master (gunicorn --preload, as `make serve` runs it)."""
    code = WORKER_CODE.format(forked=forked)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--reuse-index", action="store_true", help="search an index a previous run built (no build figures)")
    args = parser.parse_args()

    out_dir = ROOT / "bench" / "out"
    data_dir = out_dir / f"data-{args.articles}"
    index_root = data_dir / "whoosh"
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "config.settings"}
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from bench.corpus import generate, query_mix
    from search.engine import versions

    call_command("migrate", verbosity=0)  # an empty archive: the corpus goes straight to the index

    documents = generate(args.articles, seed=args.seed)
    queries = query_mix(seed=args.seed, count=args.queries)
    report = {"articles": args.articles, "seed": args.seed, "queries": len(queries)}

    if args.reuse_index and index_root.exists() and versions.live_name(index_root):
        report["index"] = "reused from a previous run"
    else:
        build = build_index(documents, index_root)
        tokenise = jieba_seconds(documents)
        report["index_articles_per_s"] = round(args.articles / build, 1)
        report["jieba_articles_per_s"] = round(args.articles / tokenise, 1)
        report["index_vs_jieba"] = round(tokenise / build, 2)
    index_dir = index_root / versions.live_name(index_root)
    report["index_mb"] = round(sum(f.stat().st_size for f in index_dir.iterdir()) / 2**20, 1)

    report["search_ms"] = {}
    first_time = [i for i, q in enumerate(queries) if q not in queries[:i]]
    for mode, make_params in search_modes().items():
        _clear_caches()
        cache_index_files(index_dir)
        mine = time_calls(ours(mode, make_params), queries)
        cache_index_files(index_dir)
        raw = time_calls(raw_whoosh(index_dir, mode, make_params), queries)
        mine_first = [mine[i] for i in first_time]
        report["search_ms"][mode] = {
            "ours_p50": round(percentile(mine, 0.5), 1), "ours_p95": round(percentile(mine, 0.95), 1),
            "raw_p50": round(percentile(raw, 0.5), 1), "raw_p95": round(percentile(raw, 0.95), 1),
            "p50_ratio": round(percentile(mine, 0.5) / percentile(raw, 0.5), 2),
            "p95_ratio": round(percentile(mine, 0.95) / percentile(raw, 0.95), 2),
            # The same query, side by side: how many of ours took longer than raw Whoosh's.
            "queries_slower_than_raw": sum(m > r for m, r in zip(mine, raw, strict=True)),
            # Queries asked for the first time in the run: no cached document sets to help.
            "ours_first_time_p50": round(percentile(mine_first, 0.5), 1),
            "ours_first_time_p95": round(percentile(mine_first, 0.95), 1),
        }
    cache_index_files(index_dir)
    report["cold_process_ready_s"] = round(worker_ready_seconds(env, forked=False), 2)
    cache_index_files(index_dir)
    report["preloaded_worker_ready_s"] = round(worker_ready_seconds(env, forked=True), 3)

    out_dir.mkdir(exist_ok=True)
    (out_dir / f"search-{args.articles}.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
