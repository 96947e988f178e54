"""Tenures from evidence: who was seen in which post, from when to when, and who held it on a day.

Pure Python (no Django), so the archive's selectors (archive/posts.py) and the evaluation
(bench/posts_eval.py) answer the same way. A piece of evidence is one article printing a person
with a post; a tenure is one holder of one post: first and last seen (edition dates), acting or
not, the articles. The archive says nothing between sightings, so a holder is taken to stay in
the post from first seen until the evidence shows them succeeded:

- in a post one person holds at a time (县长, 县委书记), by anyone else seen in it later than
  the holder was last seen;
- in any post, by the holder seen later in a new post of the same organ (常务副县长 → 县长,
  县委常委 → 县委副书记) or a new principal post of the same place (县长 → 县委书记);
- on a bench (副县长, 县委常委), also by the bench seen without them for longer than
  BENCH_ABSENCE after they were last seen in it.
"""

from __future__ import annotations

import bisect
import datetime
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from .parsing.posts import PRINCIPAL, is_single_holder

# A bench (副县长, 常委) turns over without anyone printing it: someone not seen on it for a year
# while the others are seen has left it (a county's 副县长 are named every few weeks).
BENCH_ABSENCE = datetime.timedelta(days=365)


@dataclass(frozen=True)
class Evidence:
    jurisdiction: str  # 修武县
    post: str  # the vocabulary's name: 县长
    organ: str  # 县政府
    holder: Hashable  # the person (the archive's id; a name in the evaluation)
    name: str
    date: datetime.date | None  # the edition's; None when the page is undated
    acting: bool
    article: Hashable  # the article's id, or anything that tells articles apart
    url: str = ""
    headline: str = ""


@dataclass
class Tenure:
    jurisdiction: str
    post: str
    holder: Hashable
    name: str
    first_seen: datetime.date | None = None
    last_seen: datetime.date | None = None
    acting: bool = True  # every piece of evidence printed the post as acting (代县长)
    evidence: list[Evidence] = field(default_factory=list)  # one per article, by date
    succeeded_on: datetime.date | None = None  # the first evidence that someone else holds it

    @property
    def articles(self) -> int:
        return len(self.evidence)

    @property
    def key(self) -> tuple[str, str]:
        return self.jurisdiction, self.post

    def holds_on(self, day: datetime.date) -> bool:
        """Seen in the post on or before `day`, and not yet seen succeeded."""
        if self.first_seen is None or self.first_seen > day:
            return False
        return self.succeeded_on is None or day < self.succeeded_on


def tenures(evidence: Iterable[Evidence]) -> dict[tuple[str, str], list[Tenure]]:
    """(jurisdiction, post) → its holders, ordered by first seen (undated ones last)."""
    by_holder: dict[tuple[str, str, Hashable], Tenure] = {}
    seen_articles: set[tuple] = set()
    for item in sorted(evidence, key=_by_date):
        key = (item.jurisdiction, item.post, item.holder)
        if (*key, item.article) in seen_articles:
            continue
        seen_articles.add((*key, item.article))
        tenure = by_holder.get(key)
        if tenure is None:
            tenure = by_holder[key] = Tenure(item.jurisdiction, item.post, item.holder, item.name)
        tenure.evidence.append(item)
        tenure.acting = tenure.acting and item.acting
        if item.date is not None:
            tenure.first_seen = tenure.first_seen or item.date
            tenure.last_seen = item.date
    posts: dict[tuple[str, str], list[Tenure]] = defaultdict(list)
    for tenure in by_holder.values():
        posts[tenure.key].append(tenure)
    moves = _first_sightings(evidence_of(by_holder.values()))
    for holders in posts.values():
        holders.sort(key=lambda t: (t.first_seen is None, t.first_seen or datetime.date.min, t.name))
        _mark_successions(holders, moves)
    return dict(posts)


def evidence_of(tenures_: Iterable[Tenure]) -> list[Evidence]:
    return [item for tenure in tenures_ for item in tenure.evidence]


def holders_on(holders: list[Tenure], day: datetime.date) -> list[Tenure]:
    return [tenure for tenure in holders if tenure.holds_on(day)]


def _by_date(item: Evidence):
    return (item.date is None, item.date or datetime.date.min)


def _first_sightings(evidence: list[Evidence]) -> dict[tuple, dict[str, tuple[datetime.date, str]]]:
    """(jurisdiction, holder) → each post they were seen in there → (first date, its organ)."""
    firsts: dict[tuple, dict] = defaultdict(dict)
    for item in sorted((item for item in evidence if item.date), key=_by_date):
        firsts[(item.jurisdiction, item.holder)].setdefault(item.post, (item.date, item.organ))
    return firsts


def _moved_on(tenure: Tenure, moves: dict) -> list[datetime.date]:
    """When the holder was first seen, after last being seen in this post, in a new post of the
    same organ (常务副县长 → 县长) or a new principal post of the same place (县长 → 县委书记)."""
    organ = tenure.evidence[0].organ
    return [
        first
        for post, (first, post_organ) in moves.get((tenure.jurisdiction, tenure.holder), {}).items()
        if post != tenure.post and first > tenure.last_seen and (post_organ == organ or post in PRINCIPAL)
    ]


def _mark_successions(holders: list[Tenure], moves: dict) -> None:
    single = is_single_holder(holders[0].post)
    # Every dated sighting in the post, in order: after a holder's last sighting, all are others'.
    days = sorted(item.date for tenure in holders for item in tenure.evidence if item.date)
    for tenure in holders:
        if tenure.last_seen is None:
            continue
        ends = _moved_on(tenure, moves)
        after = tenure.last_seen if single else tenure.last_seen + BENCH_ABSENCE
        later = bisect.bisect_right(days, after)
        if later < len(days):
            ends.append(days[later])
        tenure.succeeded_on = min(ends, default=None)
