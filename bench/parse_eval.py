"""The parser measured against the evaluation set (evaluation/README.md says what is there).

    .venv/bin/python bench/parse_eval.py [--verbose] [--generated N] [--seed S]

Prints, per set and overall: article boundary precision/recall/F1 (a parsed article matches a
gold one when their spans overlap with IoU >= 0.6), headline, county, paper and edition date
accuracy, officials and reporters precision and recall, titles and event dates. Pure Python:
no database, no Django.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import tempfile
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive.parsing import parse_page  # noqa: E402
from archive.parsing.people import LEADER_WORD  # noqa: E402
from archive.parsing.profiles import DEFAULT_PAPER  # noqa: E402

EVALUATION = ROOT / "evaluation"
MATCH_IOU = 0.6


def compact(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split())


@dataclass
class Score:
    """Counts for one set of pages."""

    pages: int = 0
    gold_articles: int = 0
    parsed_articles: int = 0
    matched: int = 0
    tallies: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # name -> [right, total]
    misses: list = field(default_factory=list)

    def tally(self, name: str, right: bool | int, total: int = 1) -> None:
        self.tallies[name][0] += int(right)
        self.tallies[name][1] += total

    def add(self, other: Score) -> None:
        self.pages += other.pages
        self.gold_articles += other.gold_articles
        self.parsed_articles += other.parsed_articles
        self.matched += other.matched
        for name, (right, total) in other.tallies.items():
            self.tally(name, right, total)

    def ratio(self, name: str) -> float | None:
        right, total = self.tallies.get(name, (0, 0))
        return right / total if total else None

    def figures(self) -> dict[str, float | None]:
        precision = self.matched / self.parsed_articles if self.parsed_articles else 0.0
        recall = self.matched / self.gold_articles if self.gold_articles else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "boundary F1": f1, "boundary P": precision, "boundary R": recall,
            "headline": self.ratio("headline"), "county": self.ratio("county"),
            "paper": self.ratio("paper"), "edition date": self.ratio("edition date"),
            "officials P": self.ratio("officials P"), "officials R": self.ratio("officials R"),
            "titles": self.ratio("titles"),
            "reporters P": self.ratio("reporters P"), "reporters R": self.ratio("reporters R"),
            "event dates P": self.ratio("event dates P"), "event dates R": self.ratio("event dates R"),
        }


def gold_spans(page: str, articles: list[dict]) -> list[tuple[int, int]]:
    """The gold articles' spans in the page's compact text: each start found after the one
    before it, each end the last occurrence of its text before the next article starts (a
    headline printed after its body repeats the body's first words)."""
    starts, cursor = [], 0
    for article in articles:
        start = page.find(compact(article["start"]), cursor)
        if start < 0:
            raise ValueError(f"gold start not found in the page: {article['start']!r}")
        starts.append(start)
        cursor = start + 1
    spans = []
    for i, article in enumerate(articles):
        end_text = compact(article["end"])
        limit = starts[i + 1] + len(end_text) - 1 if i + 1 < len(articles) else len(page)
        end = page.rfind(end_text, starts[i], min(limit, len(page)))
        if end < 0:
            raise ValueError(f"gold end not found in the page: {article['end']!r}")
        spans.append((starts[i], end + len(end_text)))
    return spans


def parsed_span(page: str, article, cursor: int) -> tuple[int, int] | None:
    """Where a parsed article lies in the page's compact text, from its body's first and last
    characters and its printed heading, byline and credit nearby."""
    body = compact(article.body)
    pieces = [compact(p) for p in article.printed_parts() if compact(p)]
    anchors = []
    if body:
        for size in (14, 8, 4):
            head = page.find(body[:size], cursor)
            if head >= 0:
                anchors.append((head, head + size))
                break
        for size in (14, 8, 4):
            tail = page.find(body[-size:], anchors[0][0] if anchors else cursor)
            if tail >= 0:
                anchors.append((tail, tail + size))
                break
    if not anchors:
        for piece in pieces:
            found = page.find(piece, cursor)
            if found >= 0:
                anchors.append((found, found + len(piece)))
                break
    if not anchors:
        return None
    start, end = min(a for a, _ in anchors), max(b for _, b in anchors)
    for piece in pieces:
        if len(piece) > 60:
            continue
        # A heading or credit printed next to the body (before it or after it).
        for found in _occurrences(page, piece):
            if start - len(piece) - 40 <= found <= end + 40:
                start, end = min(start, found), max(end, found + len(piece))
                break
    return start, end


def _occurrences(text: str, piece: str):
    found = text.find(piece)
    while found >= 0:
        yield found
        found = text.find(piece, found + 1)


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    overlap = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return overlap / union if union else 0.0


def match_articles(gold_spans, parsed_spans) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, parsed index) by best IoU first."""
    candidates = sorted(
        ((iou(g, p), gi, pi) for gi, g in enumerate(gold_spans) for pi, p in enumerate(parsed_spans) if p),
        reverse=True,
    )
    pairs, used_gold, used_parsed = [], set(), set()
    for overlap, gi, pi in candidates:
        if overlap < MATCH_IOU or gi in used_gold or pi in used_parsed:
            continue
        pairs.append((gi, pi))
        used_gold.add(gi)
        used_parsed.add(pi)
    return pairs


def _titles(titles) -> set[str]:
    return {compact(t) for t in titles if not LEADER_WORD.fullmatch(compact(t))}


def _dates(values) -> set[str]:
    return {v[-5:] for v in values}  # month and day: a year the page does not print is no fault


def evaluate_page(gold_path: Path, score: Score, *, verbose: bool) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    page_path = (gold_path.parent / gold["page_file"]).resolve()
    raw = page_path.read_text(encoding="utf-8")
    parsed = parse_page(raw)
    page = compact(raw)
    score.pages += 1
    score.gold_articles += len(gold["articles"])
    score.parsed_articles += len(parsed.articles)
    name = gold_path.relative_to(EVALUATION) if gold_path.is_relative_to(EVALUATION) else gold_path.name

    paper = parsed.publication or DEFAULT_PAPER
    if gold.get("paper"):  # a county paper whose name its page does not give is not judged
        score.tally("paper", paper == gold["paper"])
    if gold.get("edition_date"):
        printed = parsed.edition_date.isoformat() if parsed.edition_date else None
        score.tally("edition date", printed == gold["edition_date"])
        if verbose and printed != gold["edition_date"]:
            print(f"{name}: edition date {printed} ≠ {gold['edition_date']}")
    if verbose and gold.get("paper") and paper != gold["paper"]:
        print(f"{name}: paper {paper} ≠ {gold['paper']}")

    golden = gold_spans(page, gold["articles"])
    parsed_spans, cursor = [], 0
    for article in parsed.articles:
        span = parsed_span(page, article, cursor)
        parsed_spans.append(span)
        if span:
            cursor = span[0] + 1
    pairs = dict(match_articles(golden, parsed_spans))
    score.matched += len(pairs)
    if verbose:
        for gi, article in enumerate(gold["articles"]):
            if gi not in pairs:
                print(f"{name}: no parsed article for gold #{gi + 1} {article['headline'] or article['start']!r}")
        for pi, article in enumerate(parsed.articles):
            if pi not in pairs.values():
                print(f"{name}: parsed #{pi + 1} matches no gold article: {article.headline!r} {parsed_spans[pi]}")

    for gi, article in enumerate(gold["articles"]):
        mine = parsed.articles[pairs[gi]] if gi in pairs else None
        if article.get("headline"):
            right = bool(mine) and mine.headline_printed and compact(mine.headline) == compact(article["headline"])
            score.tally("headline", right)
            if verbose and mine and not right:
                print(f"{name}: headline {mine.headline!r} ≠ {article['headline']!r}")
        score.tally("county", bool(mine) and mine.county == article.get("county"))
        if verbose and mine and mine.county != article.get("county"):
            print(f"{name}: county {mine.county} ≠ {article.get('county')} ({article['headline'] or article['start']})")
        gold_people = {compact(o["name"]): o["titles"] for o in article.get("officials", [])}
        my_people = {compact(m.name): m.titles for m in (mine.people if mine else ()) if m.category == "official"}
        score.tally("officials R", len(gold_people.keys() & my_people.keys()), len(gold_people))
        for person, titles in gold_people.items():
            for title in _titles(titles):
                score.tally("titles", person in my_people and title in _titles(my_people[person]))
        gold_reporters = {compact(r) for r in article.get("reporters", [])}
        my_reporters = {compact(r) for r in (mine.reporters if mine else ())}
        score.tally("reporters R", len(gold_reporters & my_reporters), len(gold_reporters))
        gold_dates = _dates(article.get("event_dates", []))
        my_dates = _dates([d.iso() for d in mine.event_dates]) if mine else set()
        score.tally("event dates R", len(gold_dates & my_dates), len(gold_dates))
        if mine:
            score.tally("officials P", len(gold_people.keys() & my_people.keys()), len(my_people))
            score.tally("reporters P", len(gold_reporters & my_reporters), len(my_reporters))
            score.tally("event dates P", len(gold_dates & my_dates), len(my_dates))
            if verbose:
                for extra in sorted(my_people.keys() - gold_people.keys()):
                    print(f"{name}: official not in gold: {extra} {my_people[extra]}")
                for missing in sorted(gold_people.keys() - my_people.keys()):
                    print(f"{name}: official missed: {missing} {gold_people[missing]}")
                if gold_reporters != my_reporters:
                    print(f"{name}: reporters {sorted(my_reporters)} ≠ {sorted(gold_reporters)}")
    # Parsed articles matching no gold article still count against precision.
    for pi, article in enumerate(parsed.articles):
        if pi not in pairs.values():
            score.tally("officials P", 0, sum(1 for m in article.people if m.category == "official"))
            score.tally("reporters P", 0, len(article.reporters))


def evaluate(sets: dict[str, list[Path]], *, verbose: bool) -> dict[str, Score]:
    scores = {}
    for set_name, gold_paths in sets.items():
        score = Score()
        for gold_path in gold_paths:
            evaluate_page(gold_path, score, verbose=verbose)
        scores[set_name] = score
    overall = Score()
    for score in scores.values():
        overall.add(score)
    scores["overall"] = overall
    return scores


def evaluation_sets(generated: int, seed: int, folder: Path) -> dict[str, list[Path]]:
    sets = {"seeds": sorted((EVALUATION / "seeds").glob("*.gold.json"))}
    real = sorted((EVALUATION / "real").glob("*/*.gold.json"))
    sets["jiaozuo pages"] = [path for path in real if path.parent.name == "jiaozuo"]
    sets["other papers"] = [path for path in real if path.parent.name != "jiaozuo"]
    if generated:
        from parse_layouts import write_generated_pages

        sets["generated"] = write_generated_pages(count=generated, seed=seed, folder=folder)
    return sets


def print_table(scores: dict[str, Score]) -> None:
    names = list(scores)
    figures = {name: score.figures() for name, score in scores.items()}
    header = f"{'':<16}" + "".join(f"{name:>14}" for name in names)
    print(header)
    print(f"{'pages':<16}" + "".join(f"{scores[n].pages:>14}" for n in names))
    print(f"{'articles (gold)':<16}" + "".join(f"{scores[n].gold_articles:>14}" for n in names))
    for metric in figures[names[0]]:
        cells = []
        for name in names:
            value = figures[name][metric]
            cells.append(f"{'—' if value is None else f'{value:.2f}':>14}")
        print(f"{metric:<16}" + "".join(cells))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="print every disagreement with the gold")
    parser.add_argument("--generated", type=int, default=40, help="generated pages (0: none)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    started = datetime.datetime.now()
    with tempfile.TemporaryDirectory(prefix="parse-eval-") as folder:
        print_table(evaluate(evaluation_sets(args.generated, args.seed, Path(folder)), verbose=args.verbose))
    print(f"({(datetime.datetime.now() - started).total_seconds():.1f} s)")


if __name__ == "__main__":
    main()
