"""Our search beside raw Whoosh, SQLite FTS5 (our bigrams; FTS5's trigram tokenizer) and tantivy:
the same corpus, the same searches, in the same run, every answer's total and facet counts
checked equal to ours.

    .venv/bin/python bench/compare_bench.py --articles 10000 --queries 240 [--seed 2020] [--serve]
    .venv/bin/python bench/compare_bench.py --articles 50 --queries 30 --check-only   # the smoke test's

- build: each engine's articles/s and index size on disk; ours beside jieba with the index's own
  settings (our dictionary, HMM off, as search.analysis.words cuts) in as many processes as
  search.engine.indexing.bulk_write uses, and beside plain `jieba.cut` (HMM on, one process).
- search: every case of bench.corpus.case_mix (single words, several words ANDed, either with a
  county, year or kind filter), each engine giving the total, a page of 20 ids and exact counts
  of the facets county, year, kind and official (a facet that is filtered is counted without its
  own filter, as the search page counts it). p50/p95 over all cases, first-time and repeated
  cases apart, several-word and filtered ones apart. Any count differing from ours is listed.
- --serve: the corpus loaded into the database of a served archive (migrate, collectstatic,
  `manage.py build_index`, gunicorn with config/gunicorn.conf.py as `make serve` starts it,
  2 workers, --preload), then end-to-end HTTP latency and throughput of /search/ at 1 and
  4 clients, and each gunicorn process's resident memory and open files from /proc.

tantivy is bench-only (bench/requirements.txt): installed into this interpreter when missing,
never in requirements.txt. Results: stdout and bench/out/compare-<articles>.json.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGE = 20
ENGINES = ("raw", "fts5-bigram", "fts5-trigram", "tantivy")


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


def ensure_tantivy(install: bool) -> bool:
    try:
        import tantivy  # noqa: F401

        return True
    except ImportError:
        if not install:
            return False
    requirements = ROOT / "bench" / "requirements.txt"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(requirements)], check=True)
    import importlib

    importlib.invalidate_caches()
    import tantivy  # noqa: F401

    return True


def counted_facets() -> tuple[str, ...]:
    """The facets compared: county, year, kind and official (month and reporter left out)."""
    from search.facets import NAMES

    return tuple(n for n in NAMES if n not in ("month", "reporter"))


def groups(filters: dict) -> list[tuple[dict, tuple[str, ...]]]:
    """(filters to apply, facets to count under them): the unfiltered facets under every filter,
    each filtered facet under the others only."""
    facets = counted_facets()
    plan = [(filters, tuple(f for f in facets if f not in filters))]
    for name in filters:
        if name in facets:
            plan.append(({k: v for k, v in filters.items() if k != name}, (name,)))
    return plan


def dir_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


class Answer:
    __slots__ = ("total", "counts", "ids")

    def __init__(self, total, counts, ids):
        self.total = total
        # Documents without a value (Whoosh's groups say None) are not a facet value.
        self.counts = {f: {k: v for k, v in c.items() if v and k is not None} for f, c in counts.items()}
        self.ids = ids


# --- ours -------------------------------------------------------------------------------------


class Ours:
    name = "ours"

    def __init__(self, index_root: Path):
        self.index_root = index_root

    def build(self, documents) -> float:
        from search_bench import build_index

        return build_index(documents, self.index_root)

    def path(self) -> Path:
        from search.engine import versions

        return self.index_root / versions.live_name(self.index_root)

    def reset(self) -> None:
        from search_bench import _clear_caches

        from search.api import warm_up

        _clear_caches()
        warm_up()  # what a served worker has done (config/wsgi.py, in gunicorn's master)

    def answer(self, q: str, filters: dict) -> Answer:
        from search.api import SearchParams, search

        results = search(SearchParams(q=q, **filters), limit=PAGE, facets=True)
        return Answer(results.total, {f: results.facets[f] for f in counted_facets()}, results.ids)


# --- raw Whoosh -------------------------------------------------------------------------------


class RawWhoosh:
    """A plain Whoosh application on our index: a new searcher per search, a Phrase of bigrams
    per run, the filter as `filter=`, Whoosh's own facets (`groupedby`)."""

    name = "raw Whoosh"

    def __init__(self, ours: Ours):
        self.ours = ours

    def build(self, documents) -> float:
        return float("nan")  # the same index as ours

    def path(self) -> Path:
        return self.ours.path()

    def reset(self) -> None:
        from whoosh import index as whoosh_index

        self.index = whoosh_index.open_dir(str(self.path()))

    def answer(self, q: str, filters: dict) -> Answer:
        from search_bench import filter_query, match_query, ranking_query
        from whoosh import query as wq
        from whoosh import sorting

        from search.api import SearchParams
        from search.facets import MULTI_VALUED

        total, ids, counts = 0, [], {}
        with self.index.searcher() as searcher:
            for n, (applied, facets) in enumerate(groups(filters)):
                params = SearchParams(q=q, **applied)
                groupedby = {f: sorting.FieldFacet(f, allow_overlap=f in MULTI_VALUED, maptype=sorting.Count) for f in facets}
                query = wq.AndMaybe(match_query(params.parsed), ranking_query(params.parsed))
                results = searcher.search(query, filter=filter_query(params), limit=PAGE, groupedby=groupedby)
                if n == 0:
                    total = len(results)
                    ids = [int(hit["django_id"]) for hit in results[:PAGE]]
                for f in facets:
                    counts[f] = dict(results.groups(f))
        return Answer(total, counts, ids)


# --- SQLite FTS5 ------------------------------------------------------------------------------


def bigram_text(text: str) -> str:
    """Our bigrams (and each run's last character), in order, one token each: a phrase of a
    run's bigrams matches exactly where the run is written, as in our index."""
    from search.analysis import grams

    return " ".join(gram for _, gram in grams(text))


class Fts5:
    """FTS5 for the text, plain tables (indexed) for the facet values: matching ids into a
    temporary table, then one GROUP BY per facet."""

    def __init__(self, path: Path, tokenizer: str):
        self.file = path
        self.tokenizer = tokenizer
        self.name = f"FTS5 {tokenizer}"

    def path(self) -> Path:
        return self.file

    def build(self, documents) -> float:
        from search.analysis import normalise

        self.file.unlink(missing_ok=True)
        started = time.perf_counter()
        db = sqlite3.connect(self.file)
        db.executescript(
            """
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
            CREATE TABLE meta(pk INTEGER PRIMARY KEY, county TEXT, year TEXT, kind TEXT, date TEXT);
            CREATE TABLE officials(pk INTEGER, name TEXT);
            """
        )
        if self.tokenizer == "bigram":
            # Contentless: the bigram string is only a way to hand FTS5 our tokens.
            db.execute("CREATE VIRTUAL TABLE t USING fts5(text, content='', tokenize='unicode61 remove_diacritics 0')")
            prepare = bigram_text
        else:
            # The trigram tokenizer checks LIKE against the stored text: content kept.
            db.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize='trigram')")
            prepare = normalise
        with db:
            for d in documents:
                db.execute("INSERT INTO t(rowid, text) VALUES (?, ?)", (d.pk, prepare(f"{d.headline}\n{d.body}")))
                db.execute("INSERT INTO meta VALUES (?, ?, ?, ?, ?)", (d.pk, d.county, str(d.date.year), d.kind, d.date.isoformat()))
                db.executemany("INSERT INTO officials VALUES (?, ?)", [(d.pk, name) for name in d.officials])
        db.executescript(
            """
            CREATE INDEX meta_county ON meta(county, pk); CREATE INDEX meta_year ON meta(year, pk);
            CREATE INDEX meta_kind ON meta(kind, pk); CREATE INDEX officials_pk ON officials(pk, name);
            CREATE INDEX officials_name ON officials(name, pk);
            INSERT INTO t(t) VALUES ('optimize');
            """
        )
        db.close()
        return time.perf_counter() - started

    def reset(self) -> None:
        self.db = sqlite3.connect(self.file)
        self.db.execute("CREATE TEMP TABLE m(pk INTEGER PRIMARY KEY)")

    # The match, from our parsed query (the same runs ours matches).
    def _run_match(self, run: str) -> str:
        if len(run) == 1:
            return f'"{run}"*'
        return '"' + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + '"'

    def _match_expression(self, parsed) -> str:
        def term(t):
            return "(" + " OR ".join("(" + " AND ".join(self._run_match(r) for r in runs) + ")" for runs in t.runs) + ")"

        expression = " AND ".join(term(t) for t in parsed.positive)
        if parsed.negative:
            expression = f"({expression}) NOT ({' OR '.join(term(t) for t in parsed.negative)})"
        return expression

    def _like_expression(self, parsed) -> tuple[str, list[str]]:
        """The trigram tokenizer answers LIKE '%run%' from its index for runs of 3 or more
        characters. Shorter runs are `instr` over the stored text (a scan): on SQLite 3.40.1
        (this Python's) LIKE '%会议%' on a trigram table finds nothing at all."""
        values: list[str] = []

        def term(t):
            spellings = []
            for runs in t.runs:
                values.extend(f"%{r}%" if len(r) >= 3 else r for r in runs)
                spellings.append("(" + " AND ".join("text LIKE ?" if len(r) >= 3 else "instr(text, ?) > 0" for r in runs) + ")")
            return "(" + " OR ".join(spellings) + ")"

        expression = " AND ".join(term(t) for t in parsed.positive)
        for t in parsed.negative:
            expression += f" AND NOT {term(t)}"
        return expression, values

    @staticmethod
    def _filter_sql(filters: dict) -> tuple[str, list[str]]:
        sql, values = [], []
        for name, chosen in filters.items():
            marks = ",".join("?" * len(chosen))
            sql.append(f"meta.pk IN (SELECT pk FROM officials WHERE name IN ({marks}))" if name == "official" else f"meta.{name} IN ({marks})")
            values += list(chosen)
        return (" AND ".join(sql) or "1"), values

    def answer(self, q: str, filters: dict) -> Answer:
        from search.api import SearchParams

        parsed = SearchParams(q=q).parsed
        db = self.db
        db.execute("DELETE FROM m")
        if self.tokenizer == "bigram":
            match = self._match_expression(parsed)
            db.execute("INSERT INTO m SELECT rowid FROM t WHERE t MATCH ?", (match,))
        else:
            where, values = self._like_expression(parsed)
            db.execute(f"INSERT INTO m SELECT rowid FROM t WHERE {where}", values)
        counts = {}
        total = 0
        for n, (applied, facets) in enumerate(groups(filters)):
            where, values = self._filter_sql(applied)
            if n == 0:
                total = db.execute(f"SELECT count(*) FROM m JOIN meta USING (pk) WHERE {where}", values).fetchone()[0]
            for f in facets:
                if f == "official":
                    sql = f"SELECT o.name, count(*) FROM m JOIN meta USING (pk) JOIN officials o ON o.pk = meta.pk WHERE {where} GROUP BY o.name"
                else:
                    sql = f"SELECT meta.{f}, count(*) FROM m JOIN meta USING (pk) WHERE {where} GROUP BY meta.{f}"
                counts[f] = dict(db.execute(sql, values).fetchall())
        where, values = self._filter_sql(filters)
        if self.tokenizer == "bigram":  # ranked by FTS5's bm25
            # Materialised first: `t MATCH ? AND rowid IN (…)` took 112 s for one common phrase.
            ids = [r[0] for r in db.execute(
                "WITH r AS MATERIALIZED (SELECT rowid AS pk, rank AS score FROM t WHERE t MATCH ?) "
                f"SELECT r.pk FROM r JOIN meta USING (pk) WHERE {where} ORDER BY r.score LIMIT {PAGE}",
                [match, *values])]
        else:  # newest first (bm25 needs a MATCH, which a two-character run cannot be)
            ids = [r[0] for r in db.execute(f"SELECT pk FROM m JOIN meta USING (pk) WHERE {where} ORDER BY meta.date DESC LIMIT {PAGE}", values)]
        return Answer(total, counts, ids)


# --- tantivy ----------------------------------------------------------------------------------


class Tantivy:
    """tantivy with our bigrams as whitespace-separated tokens (positions kept), the facet
    values as raw fast fields counted by a terms aggregation."""

    name = "tantivy"

    def __init__(self, path: Path, threads: int):
        self.dir = path
        self.threads = threads

    def path(self) -> Path:
        return self.dir

    def _schema(self):
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_integer_field("pk", stored=True, indexed=True, fast=True)
        builder.add_text_field("text", stored=False, tokenizer_name="whitespace", index_option="position")
        for f in counted_facets():
            builder.add_text_field(f, stored=False, fast=True, tokenizer_name="raw", index_option="basic")
        return builder.build()

    def build(self, documents) -> float:
        import tantivy

        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True)
        started = time.perf_counter()
        self.schema = self._schema()
        index = tantivy.Index(self.schema, path=str(self.dir))
        writer = index.writer(heap_size=256 * 2**20, num_threads=self.threads)
        for d in documents:
            doc = tantivy.Document()
            doc.add_integer("pk", d.pk)
            doc.add_text("text", bigram_text(f"{d.headline}\n{d.body}"))
            doc.add_text("county", d.county)
            doc.add_text("year", str(d.date.year))
            doc.add_text("kind", d.kind)
            for name in d.officials:
                doc.add_text("official", name)
            writer.add_document(doc)
        writer.commit()
        writer.wait_merging_threads()
        return time.perf_counter() - started

    def reset(self) -> None:
        import tantivy

        self.schema = self._schema()
        self.index = tantivy.Index.open(str(self.dir))
        self.index.reload()
        self.searcher = self.index.searcher()

    def _query(self, parsed, filters: dict):
        from tantivy import Occur, Query

        def run(r):
            if len(r) == 1:
                return Query.regex_query(self.schema, "text", re.escape(r) + ".*")
            bigrams = [r[i : i + 2] for i in range(len(r) - 1)]
            if len(bigrams) == 1:
                return Query.term_query(self.schema, "text", bigrams[0])
            return Query.phrase_query(self.schema, "text", bigrams)

        def term(t):
            spellings = [Query.boolean_query([(Occur.Must, run(r)) for r in runs]) for runs in t.runs]
            return spellings[0] if len(spellings) == 1 else Query.boolean_query([(Occur.Should, s) for s in spellings])

        clauses = [(Occur.Must, term(t)) for t in parsed.positive] or [(Occur.Must, Query.all_query())]
        clauses += [(Occur.MustNot, term(t)) for t in parsed.negative]
        for name, chosen in filters.items():
            values = [Query.term_query(self.schema, name, v) for v in chosen]
            clauses.append((Occur.Must, values[0] if len(values) == 1 else Query.boolean_query([(Occur.Should, v) for v in values])))
        return Query.boolean_query(clauses)

    def answer(self, q: str, filters: dict) -> Answer:
        from search.api import SearchParams

        parsed = SearchParams(q=q).parsed
        counts, total, ids = {}, 0, []
        for n, (applied, facets) in enumerate(groups(filters)):
            query = self._query(parsed, applied)
            if n == 0:
                found = self.searcher.search(query, limit=PAGE, count=True)
                total = found.count
                ids = [self.searcher.doc(address)["pk"][0] for _score, address in found.hits]
            if facets:
                aggregated = self.searcher.aggregate(query, {f: {"terms": {"field": f, "size": 100_000}} for f in facets})
                for f in facets:
                    counts[f] = {b["key"]: b["doc_count"] for b in aggregated[f]["buckets"]}
        return Answer(total, counts, ids)


# --- runs -------------------------------------------------------------------------------------


def jieba_fair_seconds(documents, procs: int) -> float:
    """jieba as the index cuts: search.analysis.words (our dictionary, HMM off), in `procs`
    processes as bulk_write writes."""
    import multiprocessing

    texts = [f"{d.headline}\n{d.body}" for d in documents]
    with multiprocessing.get_context("fork").Pool(procs, initializer=_jieba_ready) as pool:
        pool.map(_noop, range(procs))  # each process has its dictionary before timing
        started = time.perf_counter()
        pool.map(_cut, texts, chunksize=200)
        return time.perf_counter() - started


def _jieba_ready():
    from search.analysis import load_dictionary

    load_dictionary()


def _noop(_):
    time.sleep(0.2)


def _cut(text):
    from search.analysis import normalise, words

    normalise.cache_clear()
    return len(words(text))


def differences(reference: Answer, other: Answer) -> list[str]:
    found = []
    if reference.total != other.total:
        found.append(f"total {other.total} (ours {reference.total})")
    for f, ours in reference.counts.items():
        theirs = other.counts.get(f, {})
        if ours != theirs:
            wrong = sorted(k for k in set(ours) | set(theirs) if ours.get(k) != theirs.get(k))
            found.append(f"{f}: " + ", ".join(f"{k} {theirs.get(k, 0)} (ours {ours.get(k, 0)})" for k in wrong[:5]) + (" …" if len(wrong) > 5 else ""))
    return found


def summarise(samples: list[float]) -> dict:
    return {"n": len(samples), "p50": round(percentile(samples, 0.5), 1), "p95": round(percentile(samples, 0.95), 1)}


def compare(engines, cases, report, *, timed: bool = True) -> list[str]:
    """Each engine answers every case; totals and counts checked against ours (the first)."""
    seen: set = set()
    first_time = []
    for q, filters in cases:
        key = (q, tuple(sorted(filters.items())))
        first_time.append(key not in seen)
        seen.add(key)
    several = [len(q.split()) > 1 for q, _ in cases]
    filtered = [bool(f) for _, f in cases]
    answers: dict[str, list[Answer]] = {}
    report["search_ms"] = {}
    for engine in engines:
        engine.reset()
        engine.answer("预热", {})  # open what a running process has open
        samples, results = [], []
        for q, filters in cases:
            started = time.perf_counter()
            results.append(engine.answer(q, filters))
            samples.append((time.perf_counter() - started) * 1000)
        answers[engine.name] = results
        if timed:
            def pick(flags, want=True, samples=samples):
                return [s for s, f in zip(samples, flags, strict=True) if f == want]

            report["search_ms"][engine.name] = {
                "all": summarise(samples),
                "first_time": summarise(pick(first_time)),
                "repeated": summarise(pick(first_time, False)),
                "several_words": summarise(pick(several)),
                "filtered": summarise(pick(filtered)),
            }
            print(engine.name, json.dumps(report["search_ms"][engine.name], ensure_ascii=False), flush=True)
    mismatches = []
    reference = answers[engines[0].name]
    for engine in engines[1:]:
        for (q, filters), ours, theirs in zip(cases, reference, answers[engine.name], strict=True):
            for difference in differences(ours, theirs):
                mismatches.append(f"{engine.name} on {q!r} {filters}: {difference}")
    report["cases_compared"] = len(cases)
    report["mismatches"] = mismatches
    report["mean_total"] = round(sum(a.total for a in reference) / len(reference))
    return mismatches


# --- served -----------------------------------------------------------------------------------


def load_into(data_dir: Path, articles: int, seed: int) -> None:
    """(In a child process) the corpus as articles in a fresh archive database."""
    os.environ.update({"ARCHIVE_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "config.settings"})
    import django

    django.setup()
    from bench.corpus import generate
    from bench.export_bench import load_corpus

    load_corpus(generate(articles, seed=seed))


def gunicorn_processes(port: int) -> list[int]:
    """The gunicorn master bound to this port and its workers, from /proc."""
    candidates, parents = [], {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            parents[int(entry)] = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        if "gunicorn" in cmdline and f"127.0.0.1:{port}" in cmdline:
            candidates.append(int(entry))
    masters = [pid for pid in candidates if parents.get(pid) not in candidates]
    if len(masters) != 1:
        return []
    return masters + sorted(pid for pid in candidates if parents.get(pid) == masters[0])


def process_figures(pid: int) -> dict:
    status = Path(f"/proc/{pid}/status").read_text()
    rss_kb = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
    fds = os.listdir(f"/proc/{pid}/fd")
    index_files = sum("whoosh" in os.readlink(f"/proc/{pid}/fd/{fd}") for fd in fds if os.path.exists(f"/proc/{pid}/fd/{fd}"))
    return {"pid": pid, "rss_mb": round(rss_kb / 1024, 1), "open_files": len(fds), "index_files_open": index_files}


def leave_common_words_unread(unread: bool) -> None:
    """--no-common-words: a worker's warm-up without the archive's commonest words read."""
    if unread:
        from search.engine import searching

        searching.COMMON_WORDS_BYTES = 0


def search_process(data_dir: Path, seed: int, count: int, no_common_words: bool = False) -> dict:
    """(In a child process) what a serving worker holds: our index opened and warmed up as
    config/wsgi.py does, every case of the mix answered, then this process's resident memory
    and open files. The bench process itself also holds the corpus and the other engines."""
    os.environ.update({"ARCHIVE_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "config.settings"})
    import django

    django.setup()
    from bench.corpus import case_mix
    from search.api import warm_up

    leave_common_words_unread(no_common_words)
    warm_up()
    ours = Ours(data_dir / "whoosh")
    for q, filters in case_mix(seed=seed, count=count):
        ours.answer(q, filters)
    return process_figures(os.getpid())


def index_files(directory: Path) -> dict:
    """Our index's segments and files (one file a segment once packed)."""
    names = [p.name for p in directory.iterdir() if p.is_file()]
    return {"files": len(names), "segments": len({n.split(".", 1)[0] for n in names if n.startswith("MAIN_") and "." in n})}


def peak_child_rss_mb() -> float:
    """The largest resident memory any finished child process (a writer process) reached."""
    import resource

    return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)


def http_pass(url: str, asked, clients: int, seen: set) -> dict:
    """`clients` threads asking /search/ for the cases in turn; latency, throughput, failures."""
    samples, first, failures = [], [], []
    queue = list(asked)
    lock = threading.Lock()

    def client():
        while True:
            with lock:
                if not queue:
                    return
                q, filters = queue.pop(0)
                key = (q, tuple(sorted(filters.items())))
                is_first = key not in seen
                seen.add(key)
            query = urllib.parse.urlencode([("q", q), *[(f, v) for f, vs in filters.items() for v in vs]])
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(f"{url}/search/?{query}", timeout=120) as response:
                    response.read()
                    status = response.status
            except Exception as error:  # noqa: BLE001 - counted and reported
                status = repr(error)
            took = (time.perf_counter() - started) * 1000
            with lock:
                samples.append(took)
                first.append(is_first)
                if status != 200:
                    failures.append(f"{q} {filters}: {status}")

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {
        "requests": len(samples), "per_s": round(len(samples) / wall, 1),
        "all": summarise(samples),
        "first_time": summarise([s for s, f in zip(samples, first, strict=True) if f]),
        "repeated": summarise([s for s, f in zip(samples, first, strict=True) if not f]),
        "failures": failures[:10], "failed": len(failures),
    }


def serve_figures(data_dir: Path, args, cases, report) -> None:
    from bench.corpus import case_mix
    from tests.server import manage, served

    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "config.settings"}
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    started = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--load-into", str(data_dir), "--articles", str(args.articles), "--seed", str(args.seed)], check=True, env=env)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    manage(env, "build_index", "--if-needed")  # as `make serve` does
    built = time.perf_counter() - started
    served_report = {"load_s": round(loaded, 1), "build_index_s": round(built, 1), "workers": 2}
    seen: set = set()
    with served(env, workers=2) as url:
        port = int(url.rsplit(":", 1)[1])
        # 4 clients ask another draw of the mix (seed + 1), so they too meet searches not yet asked.
        for clients, asked in ((1, cases), (4, case_mix(seed=args.seed + 1, count=len(cases)))):
            served_report[f"{clients}_clients"] = http_pass(url, asked, clients, seen)
            print(f"served, {clients} clients", json.dumps(served_report[f"{clients}_clients"], ensure_ascii=False), flush=True)
        pids = gunicorn_processes(port)
        served_report["processes"] = [{"role": "master" if n == 0 else "worker", **process_figures(pid)} for n, pid in enumerate(pids)]
    report["served"] = served_report


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--queries", type=int, default=240)
    parser.add_argument("--serve", action="store_true", help="also measure a served archive over HTTP")
    parser.add_argument("--check-only", action="store_true", help="counts only, no timing (the smoke test); exits 1 on a mismatch")
    parser.add_argument("--no-install", action="store_true", help="leave tantivy out when it is not installed")
    parser.add_argument("--reuse-indexes", action="store_true", help="search the indexes a previous run built (no build figures)")
    parser.add_argument("--engines", default=",".join(ENGINES), help=f"which to run, of {','.join(ENGINES)} (ours always)")
    parser.add_argument("--no-jieba", action="store_true", help="leave out the jieba baselines (a long run's build rate alone)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--load-into", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--search-process", action="store_true", help="only a search process's memory and files on the built index")
    parser.add_argument("--no-common-words", action="store_true",
                        help="warm up as a worker would but without reading the archive's commonest words")
    args = parser.parse_args()
    if args.load_into:
        load_into(args.load_into, args.articles, args.seed)
        return
    if args.search_process:
        print(json.dumps(search_process(args.out / f"compare-{args.articles}", args.seed, args.queries, args.no_common_words)))
        return

    have_tantivy = "tantivy" in args.engines.split(",") and ensure_tantivy(install=not args.no_install)
    data_dir = args.out / f"compare-{args.articles}"
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {"ARCHIVE_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "config.settings"}
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "bench"))
    import django

    django.setup()
    from django.core.management import call_command

    leave_common_words_unread(args.no_common_words)

    from bench.corpus import case_mix, generate
    from search.engine.indexing import bulk_write  # noqa: F401 - the build measured is this

    call_command("migrate", verbosity=0)  # an empty archive: the corpus goes straight to each index
    # Made when a build or jieba needs them, let go before searching: a process holding 1M of
    # them spends searches in the garbage collector (first-time p95 at 1M 209 ms, without 144).
    documents = None
    cases = case_mix(seed=args.seed, count=args.queries)
    procs = max(1, min(4, os.cpu_count() or 1))  # as bulk_write
    report = {"articles": args.articles, "seed": args.seed, "cases": len(cases), "processes": procs,
              "first_time_cases": len({(q, tuple(sorted(f.items()))) for q, f in cases}),
              "several_word_cases": sum(len(q.split()) > 1 for q, _ in cases), "filtered_cases": sum(bool(f) for _, f in cases),
              "tantivy": have_tantivy, "common_words_read_at_start": not args.no_common_words}
    chosen = set(args.engines.split(","))
    ours = Ours(data_dir / "whoosh")
    engines = [ours]
    engines += [RawWhoosh(ours)] if "raw" in chosen else []
    engines += [Fts5(data_dir / f"fts5-{t}.sqlite3", t) for t in ("bigram", "trigram") if f"fts5-{t}" in chosen]
    if have_tantivy and "tantivy" in chosen:
        import tantivy

        report["tantivy_version"] = tantivy.__version__
        engines.append(Tantivy(data_dir / "tantivy", procs))

    report["build"] = {}
    for engine in engines:
        if isinstance(engine, RawWhoosh):
            continue
        if args.reuse_indexes and engine.path().exists():
            report["build"][engine.name] = {"reused": True, "size_mb": round(dir_size(engine.path()) / 2**20, 1)}
            continue
        documents = documents or generate(args.articles, seed=args.seed)
        seconds = engine.build(documents)
        report["build"][engine.name] = {"articles_per_s": round(args.articles / seconds, 1), "size_mb": round(dir_size(engine.path()) / 2**20, 1)}
        if engine is ours:
            report["build"]["ours"].update(index_files(ours.path()), writer_peak_rss_mb=peak_child_rss_mb())
        print("built", engine.name, report["build"][engine.name], flush=True)
    if not args.check_only and not args.reuse_indexes and not args.no_jieba:
        from search_bench import jieba_seconds

        documents = documents or generate(args.articles, seed=args.seed)
        fair = jieba_fair_seconds(documents, procs)
        plain = jieba_seconds(documents)
        ours_rate = report["build"]["ours"]["articles_per_s"]
        report["build"]["jieba as the index cuts"] = {"articles_per_s": round(args.articles / fair, 1), "note": f"our dictionary, HMM off, {procs} processes"}
        report["build"]["jieba.cut"] = {"articles_per_s": round(args.articles / plain, 1), "note": "HMM on, 1 process"}
        report["build"]["ours_vs_jieba_fair"] = round(ours_rate / (args.articles / fair), 2)
        report["build"]["ours_vs_jieba_cut"] = round(ours_rate / (args.articles / plain), 2)
        print("jieba", report["build"]["jieba as the index cuts"], report["build"]["jieba.cut"], flush=True)
    documents = None
    gc.collect()
    if not args.check_only:
        from search_bench import cache_index_files

        cache_index_files(ours.path())

    mismatches = compare(engines, cases, report, timed=not args.check_only)
    print(f"{len(cases)} cases, {len(mismatches)} mismatches", flush=True)
    # This process has searched every engine's index: its memory and open files (ours: a pack
    # per segment, see search/engine/packs.py).
    report["bench_process"] = process_figures(os.getpid())
    print("bench process", report["bench_process"], flush=True)
    if not args.check_only:
        searched = subprocess.run([sys.executable, __file__, "--search-process", "--articles", str(args.articles), "--seed",
                                   str(args.seed), "--queries", str(args.queries), "--out", str(args.out),
                                   *(["--no-common-words"] if args.no_common_words else [])],
                                  check=True, capture_output=True, text=True, env={**os.environ, **env})
        report["search_process"] = json.loads(searched.stdout.strip().splitlines()[-1])
        print("search process", report["search_process"], flush=True)
    for line in mismatches[:40]:
        print("  MISMATCH", line)

    if args.serve and not args.check_only:
        serve_figures(args.out / f"served-{args.articles}", args, cases, report)

    (args.out / f"compare-{args.articles}.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(json.dumps(report, ensure_ascii=False, indent=2))
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
