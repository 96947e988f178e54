"""The parser's time against page size: it must grow linearly.

    .venv/bin/python bench/parse_bench.py [--sizes 10000 100000 1000000]

Pages are the fixture pages repeated to the size (many articles), and the same text as one
line with no breaks (one paragraph: the worst case for rules that look inside paragraphs).
Prints seconds and microseconds per character for each; linear means the last column stays
flat as the size grows.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive.parsing import parse_page  # noqa: E402


def fixture_text() -> str:
    return "\n\n".join(page.read_text(encoding="utf-8") for page in sorted((ROOT / "fixtures").glob("*.txt")))


def timed(text: str) -> float:
    started = time.perf_counter()
    parse_page(text)
    return time.perf_counter() - started


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args(argv)
    base = fixture_text()
    parse_page(base[:2000])  # jieba's dictionaries load once, outside the timings
    print(f"{'characters':>12} {'layout':>12} {'seconds':>9} {'µs/char':>9}")
    for size in args.sizes:
        page = (base * (size // len(base) + 1))[:size]
        for layout, text in (("page", page), ("one line", page.replace("\n", ""))):
            seconds = timed(text)
            print(f"{size:>12,} {layout:>12} {seconds:>9.2f} {seconds / size * 1e6:>9.1f}", flush=True)


if __name__ == "__main__":
    main()
