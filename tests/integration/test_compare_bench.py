"""The engine comparison of bench/compare_bench.py stays right: on 50 articles, every total and
facet count (county, year, kind, official) from raw Whoosh, SQLite FTS5 (our bigrams and FTS5's
trigram tokenizer) and tantivy equals ours. tantivy is left out when it is not installed (it is
bench-only: bench/requirements.txt)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_engine_counts_what_ours_counts(tmp_path):
    run = subprocess.run(
        [sys.executable, "bench/compare_bench.py", "--articles", "50", "--queries", "30", "--check-only", "--no-install", "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    report = json.loads((tmp_path / "compare-50.json").read_text(encoding="utf-8"))
    assert report["mismatches"] == []
    assert report["cases_compared"] == 30 and report["several_word_cases"] and report["filtered_cases"]
    assert report["mean_total"] > 0  # the searches find something to count
    engines = {"ours", "FTS5 bigram", "FTS5 trigram"} | ({"tantivy"} if importlib.util.find_spec("tantivy") else set())
    assert engines <= set(report["build"])
