"""A realistic synthetic corpus built from the fixture pages, reproducible by seed.

Each article takes a fixture headline, 3–8 paragraphs from fixture articles, a county, a date
between 2010 and 2020, officials and reporters seen in the fixtures.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from pathlib import Path

from archive.parsing import parse_page
from archive.parsing.profiles import default_profile

COUNTIES = (*default_profile().places, default_profile().home)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@dataclass(frozen=True)
class Document:
    pk: int
    headline: str
    body: str
    county: str
    kind: str
    date: datetime.date
    officials: tuple[str, ...]
    reporters: tuple[str, ...]

    def fields(self) -> dict:
        """The document as our Whoosh schema stores it."""
        text = f"{self.headline}\n{self.body}"
        return {
            "id": f"archive.article.{self.pk}",
            "django_ct": "archive.article",
            "django_id": str(self.pk),
            "text": text,
            "words": text,
            "headline": self.headline,
            "county": self.county,
            "kind": self.kind,
            "publication": "焦作日报",
            "year": str(self.date.year),
            "month": self.date.strftime("%Y-%m"),
            "dated": "1",
            "edition_date": datetime.datetime.combine(self.date, datetime.time()),
            "official": ",".join(self.officials),
            "reporter": ",".join(self.reporters),
        }


def fixture_material():
    articles = [a for path in sorted(FIXTURES.glob("*.txt")) for a in parse_page(path.read_text(encoding="utf-8")).articles]
    paragraphs = [p for a in articles for p in a.body.split("\n") if len(p) > 30]
    headlines = [a.headline for a in articles]
    officials = sorted({m.name for a in articles for m in a.people})
    reporters = sorted({r for a in articles for r in a.reporters})
    return headlines, paragraphs, officials, reporters


def generate(count: int, *, seed: int = 2020) -> list[Document]:
    rng = random.Random(seed)
    headlines, paragraphs, officials, reporters = fixture_material()
    kinds = ["news"] * 8 + ["feature", "commentary", "photo"]
    start = datetime.date(2010, 1, 1).toordinal()
    documents = []
    for pk in range(1, count + 1):
        documents.append(
            Document(
                pk=pk,
                headline=rng.choice(headlines),
                body="\n".join(rng.sample(paragraphs, rng.randint(3, 8))),
                county=rng.choice(COUNTIES),
                kind=rng.choice(kinds),
                date=datetime.date.fromordinal(start + rng.randrange(365 * 11)),
                officials=tuple(rng.sample(officials, rng.randint(0, 6))),
                reporters=tuple(rng.sample(reporters, rng.randint(0, 2))),
            )
        )
    return documents


def query_mix(*, seed: int = 2020, count: int = 60) -> list[str]:
    """Names, places, policy phrases and common words, as journalists search."""
    rng = random.Random(seed)
    _, _, officials, _ = fixture_material()
    places = ["修武县", "宁郭镇", "詹店新区", "云台山", "示范区", "七贤镇", "苏家作乡"]
    phrases = ["脱贫攻坚", "招商引资", "疫情防控", "复工复产", "项目建设", "首席服务官", "高质量发展"]
    common = ["会议", "发展", "工作", "企业", "群众"]
    pools = [officials, places, phrases, common]
    return [rng.choice(rng.choice(pools)) for _ in range(count)]


def case_mix(*, seed: int = 2020, count: int = 240) -> list[tuple[str, dict[str, tuple[str, ...]]]]:
    """Searches as (query, filters by facet name), drawn the way journalists search: single
    names, places, phrases and common words; two or three of them together (AND); and either
    kind narrowed by a county, a year or a kind. About a third repeat an earlier search."""
    rng = random.Random(seed)
    _, _, officials, _ = fixture_material()
    places = ["修武县", "宁郭镇", "詹店新区", "云台山", "示范区", "七贤镇", "苏家作乡"]
    phrases = ["脱贫攻坚", "招商引资", "疫情防控", "复工复产", "项目建设", "首席服务官", "高质量发展"]
    common = ["会议", "发展", "工作", "企业", "群众"]
    pools = [officials, places, phrases, common]
    cases: list[tuple[str, dict[str, tuple[str, ...]]]] = []
    while len(cases) < count:
        if cases and rng.random() < 0.33:
            cases.append(rng.choice(cases))
            continue
        shape = rng.random()
        words = [rng.choice(rng.choice(pools))]
        if shape >= 0.4:  # several words
            words += [rng.choice(pool) for pool in rng.sample(pools, rng.randint(1, 2))]
        filters: dict[str, tuple[str, ...]] = {}
        if rng.random() < 0.4:
            which = rng.choice(["county", "year", "kind"])
            filters[which] = (
                (rng.choice(COUNTIES),) if which == "county"
                else (str(rng.randint(2010, 2020)),) if which == "year"
                else ("news",)
            )
        cases.append((" ".join(dict.fromkeys(words)), filters))
    return cases
