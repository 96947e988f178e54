"""Officials over time measured against the evaluation set (evaluation/README.md).

    .venv/bin/python bench/posts_eval.py [--verbose] [--generated N] [--seed S]

Each set of pages is a small archive. Its gold archive: the posts the gold officials' titles name
(archive/parsing/posts.py, read with the gold county and the gold paper's home), dated by the
gold edition date. Its parsed archive: the same from archive.parsing.parse_page's articles,
counties, papers and dates. Both become tenures (archive/tenures.py, as /posts.json answers).

- recall: of the gold facts (this page names this holder in this post of this place), those the
  parsed archive lists for that place and post, and, where the page is dated, holding it that day;
- precision: of the parsed archive's facts, those the gold archive agrees with the same way.

Also for the principal posts alone (县委书记, 县长, 市委书记, 市长 …). Pure Python: no database.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parse_eval import evaluation_sets  # noqa: E402  (the same pages in the same sets)

from archive.parsing import parse_page  # noqa: E402
from archive.parsing.posts import PRINCIPAL, read_posts  # noqa: E402
from archive.parsing.profiles import DEFAULT_PAPER, profile_for  # noqa: E402
from archive.tenures import Evidence, holders_on, tenures  # noqa: E402

EVALUATION = ROOT / "evaluation"


@dataclass(frozen=True)
class Fact:
    """A page names `name` in `post` of `place`, on the page's date (None: undated)."""

    place: str
    post: str
    name: str
    date: datetime.date | None
    page: str


@dataclass
class Archive:
    facts: set[Fact] = field(default_factory=set)
    evidence: list[Evidence] = field(default_factory=list)
    dated_pages: set[str] = field(default_factory=set)

    def add(self, *, page: str, article: int, name: str, titles, county, paper, date) -> None:
        home = profile_for(paper).home if paper else None
        if date is not None:
            self.dated_pages.add(page)
        for title in titles:
            for post in read_posts(title, county=county, home=home):
                self.facts.add(Fact(post.jurisdiction, post.name, name, date, page))
                self.evidence.append(Evidence(
                    post.jurisdiction, post.name, post.organ, name, name, date, post.acting, (page, article)
                ))

    def agrees(self, fact: Fact, table) -> bool:
        """Whether this archive lists the fact's holder for its place and post, and holding it on
        the fact's day when it has one."""
        holders = table.get((fact.place, fact.post), [])
        if fact.name not in {t.name for t in holders}:
            return False
        # A day is judged where this archive dates the page: the gold dates only printed dates,
        # so a date the parser inferred (seeds 002, 004) is neither confirmed nor refuted.
        if fact.date is None or fact.page not in self.dated_pages:
            return True
        return fact.name in {t.name for t in holders_on(holders, fact.date)}


def _date(value) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def load(gold_path: Path, gold: Archive, parsed: Archive) -> None:
    data = json.loads(gold_path.read_text(encoding="utf-8"))
    page_path = (gold_path.parent / data["page_file"]).resolve()
    name = str(gold_path.relative_to(EVALUATION) if gold_path.is_relative_to(EVALUATION) else gold_path.name)
    for number, article in enumerate(data["articles"]):
        for official in article.get("officials", []):
            gold.add(page=name, article=number, name=official["name"], titles=official["titles"],
                     county=article.get("county"), paper=data.get("paper"), date=_date(data.get("edition_date")))
    page = parse_page(page_path.read_text(encoding="utf-8"))
    paper = page.publication or DEFAULT_PAPER
    for article in page.articles:
        for mention in article.people:
            if mention.category == "official":
                parsed.add(page=name, article=article.ordinal, name=mention.name, titles=mention.titles,
                           county=article.county, paper=paper, date=page.edition_date)


@dataclass
class Score:
    counts: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # name → [right, total]
    misses: list = field(default_factory=list)

    def tally(self, name: str, right: bool) -> None:
        self.counts[name][0] += int(right)
        self.counts[name][1] += 1

    def add(self, other: Score) -> None:
        for name, (right, total) in other.counts.items():
            self.counts[name][0] += right
            self.counts[name][1] += total

    def ratio(self, name: str) -> str:
        right, total = self.counts.get(name, (0, 0))
        return f"{right / total:.2f} ({right}/{total})" if total else "—"


def score(gold_paths: list[Path]) -> Score:
    gold, parsed = Archive(), Archive()
    for path in gold_paths:
        load(path, gold, parsed)
    gold_table, parsed_table = tenures(gold.evidence), tenures(parsed.evidence)
    result = Score()
    for fact in sorted(gold.facts, key=repr):
        right = parsed.agrees(fact, parsed_table)
        for scope in ("all", "principal") if fact.post in PRINCIPAL else ("all",):
            result.tally(f"recall {scope}", right)
        if not right:
            result.misses.append(f"missed: {fact.page} {fact.place}{fact.post} {fact.name} {fact.date}")
    for fact in sorted(parsed.facts, key=repr):
        right = gold.agrees(fact, gold_table)
        for scope in ("all", "principal") if fact.post in PRINCIPAL else ("all",):
            result.tally(f"precision {scope}", right)
        if not right:
            result.misses.append(f"wrong: {fact.page} {fact.place}{fact.post} {fact.name} {fact.date}")
    return result


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="print every missed and every wrong fact")
    parser.add_argument("--generated", type=int, default=40, help="generated pages (0: none)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    started = datetime.datetime.now()
    scores = {}
    with tempfile.TemporaryDirectory(prefix="posts-eval-") as folder:
        for set_name, paths in evaluation_sets(args.generated, args.seed, Path(folder)).items():
            scores[set_name] = score(paths)
    overall = Score()
    for result in scores.values():
        overall.add(result)
    scores["overall"] = overall
    names = ["recall all", "precision all", "recall principal", "precision principal"]
    print(f"{'':<22}" + "".join(f"{name:>22}" for name in scores))
    for metric in names:
        print(f"{metric:<22}" + "".join(f"{result.ratio(metric):>22}" for result in scores.values()))
    if args.verbose:
        for set_name, result in scores.items():
            for line in result.misses:
                print(f"{set_name}: {line}")
    print(f"({(datetime.datetime.now() - started).total_seconds():.1f} s)")


if __name__ == "__main__":
    main()
