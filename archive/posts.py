"""Officials over time, read from the archive's own evidence: every titled mention of an official,
its titles read into posts (archive/parsing/posts.py) in its article's context (the article's
county, the paper's home), then tenures (archive/tenures.py).

Nothing is stored: posts are read from the mentions whenever asked, so an editor's correction
of a title, a county, an edition date or a person shows at once. Reads for one place look only at
the mentions that can name it (articles about it or a place in it, articles about no division,
titles printing its name).
"""

from __future__ import annotations

import datetime
import json
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from urllib.parse import unquote

from django.db.models import Count, Max, Q
from django.urls import reverse

from .exporting import BOM, neutralise_formula, permalink, site_url
from .models import Alias, Article, Edition, Mention, Page, Person, Role
from .parsing.places import division_named, divisions
from .parsing.posts import (
    jurisdiction_named,
    level_of,
    post_named,
    post_names,
    post_title,
    principal_posts,
    read_posts,
)
from .parsing.profiles import profile_for
from .tenures import Evidence, Tenure, holders_on, tenures

_VALUES = (
    "person_id", "person__name", "titles", "article_id", "article__county", "article__headline",
    "article__page__edition__date", "article__page__edition__publication__name",
    "article__page__edition__publication__slug", "article__page__edition__key", "article__page__sequence",
    "article__ordinal",
)


@cache
def paper_home(publication: str) -> str | None:
    """The area a paper serves (焦作日报 → 焦作市, 武陟县报 → 武陟县), from its profile or name."""
    return profile_for(publication).home


# Titles that are only a list's heading (县领导甲、乙) name no post: most titled mentions of a
# county page are these, so they are left in the database.
LIST_TITLES = ("县领导", "区领导", "市领导", "省领导", "市县领导", "县市领导")


def _titled_mentions(where: Q | None = None):
    mentions = Mention.objects.filter(role=Role.OFFICIAL, article__isnull=False).exclude(titles=[])
    for heading in LIST_TITLES:
        mentions = mentions.exclude(titles=[heading])
    # Ordered by article, a column of the mention (the default ordering joins four tables to sort
    # by edition date): a day's evidence then comes in the order its articles were loaded, on any
    # database (PostgreSQL, unlike SQLite, returns rows without ORDER BY in no fixed order).
    return (mentions.filter(where) if where is not None else mentions).order_by("article_id", "pk").values_list(*_VALUES)


def _evidence(rows: Iterable[tuple], *, site: str = "", jurisdiction: str | None = None) -> list[Evidence]:
    found = []
    for person, name, titles, article, county, headline, date, paper, slug, key, sequence, ordinal in rows:
        url = None
        for title in titles:
            for post in read_posts(title, county=county, home=paper_home(paper)):
                if jurisdiction is None or post.jurisdiction == jurisdiction:
                    url = url or permalink(site=site, publication_slug=slug, edition_key=key, page_number=sequence, ordinal=ordinal)
                    found.append(Evidence(
                        post.jurisdiction, post.name, post.organ, person, name, date, post.acting, article, url, headline
                    ))
    return found


def _naming(jurisdiction: str) -> Q:
    """Mentions that can name a post of `jurisdiction`: in articles about it, a place in it or
    no division at all (a zone, an undecided county: the paper's home decides), or with a title
    printing its name."""
    counties = {jurisdiction, ""} | _places_within(jurisdiction) | _counties_not_divisions()
    where = Q(article__county__in=counties)
    division = division_named(jurisdiction)
    spellings = {jurisdiction} | ({division.short + jurisdiction[-1]} if division and division.short else set())
    for spelling in spellings:
        # JSON text may keep Chinese as it is or escape it (\u4fee\u6b66): look for both.
        where |= Q(titles__icontains=spelling) | Q(titles__icontains=json.dumps(spelling)[1:-1])
    return where


def _places_within(jurisdiction: str) -> set[str]:
    division = division_named(jurisdiction) or next(
        (d for d in divisions().values() if d.level == "province" and d.name == jurisdiction), None
    )
    if division is None or division.level == "county":
        return set()
    if division.level == "province":
        return {d.name for d in divisions().values() if d.province == division.code and d.code != division.code}
    return {d.name for d in divisions().values() if d.parent == division.code}


def _counties_not_divisions() -> set[str]:
    counties = Article.objects.exclude(county="").values_list("county", flat=True).distinct()
    return {county for county in counties if division_named(county) is None or division_named(county).name != county}


# ---------------------------------------------------------------- what the pages and the API ask


def jurisdiction_tenures(*, jurisdiction: str, site: str = "") -> dict[str, list[Tenure]]:
    """A place's posts → their holders over time, in the vocabulary's order (principal first)."""
    evidence = _evidence(_titled_mentions(_naming(jurisdiction)), site=site, jurisdiction=jurisdiction)
    found = {post: holders for (_, post), holders in tenures(evidence).items()}
    order = {name: index for index, name in enumerate(post_names(jurisdiction))}
    return dict(sorted(found.items(), key=lambda item: order.get(item[0], len(order))))


def person_evidence(*, person, site: str = "") -> list[Evidence]:
    """Every post a person's titles name, one piece of evidence an article."""
    return _evidence(_titled_mentions(Q(person=person)), site=site)


def all_tenures(*, site: str = "") -> dict[tuple[str, str], list[Tenure]]:
    """Every post of every place (the index, the archive-wide feed and CSV). Reading the whole
    archive takes seconds at 100,000 articles, so the answer is kept for ARCHIVE_WIDE_SECONDS
    in this process, and read again at once when a page is loaded or a mention, edition,
    person or alias is added or removed. (A correction in place shows within that time; a
    place's own pages and /posts.json always read afresh.)"""
    state = _archive_state()
    kept = _archive_wide.get(site)
    if kept and kept[0] == state and time.monotonic() - kept[1] < ARCHIVE_WIDE_SECONDS:
        return kept[2]
    found = tenures(_evidence(_titled_mentions(), site=site))
    _archive_wide[site] = (state, time.monotonic(), found)
    return found


ARCHIVE_WIDE_SECONDS = 60
_archive_wide: dict = {}  # site → (archive state, when, tenures)


def _archive_state() -> tuple:
    return (
        tuple(Mention.objects.aggregate(n=Count("id"), last=Max("id")).values()),
        Page.objects.aggregate(last=Max("ingested_at"))["last"],
        tuple(Edition.objects.aggregate(n=Count("id"), dated=Count("date"), last=Max("id")).values()),
        Person.objects.count(),
        Alias.objects.count(),
    )


def known_jurisdiction(name: str) -> str | None:
    """The full name of a place posts can be asked about (武陟县, also for 武陟), a county the
    archive's articles name that the gazetteer no longer has (淮阳县), or None."""
    name = name.strip()
    found = jurisdiction_named(name)
    if found is None and level_of(name) and Article.objects.filter(county=name).exists():
        found = name
    return found


def place_has_articles(name: str) -> bool:
    return Article.objects.filter(county=name).exists()


@dataclass(frozen=True)
class PostAnswer:
    """What /posts.json and the place page answer: the holders, or a note saying why none."""

    jurisdiction: str
    post: str
    on: datetime.date | None
    holders: list[Tenure]
    note: str = ""


def post_holders(*, county: str, post: str, on: datetime.date | None = None, site: str = "") -> PostAnswer:
    from django.utils.translation import gettext as _

    jurisdiction = known_jurisdiction(county)
    if jurisdiction is None:
        return PostAnswer(county, post, on, [], _("档案不认识这个县区：请用印在报上的全称，如 武陟县、孟州市、焦作市。"))
    post = post_named(jurisdiction, post) or post.strip()
    if post not in post_names(jurisdiction):
        principal = "、".join(principal_posts(jurisdiction))
        note = _("%(place)s 没有“%(post)s”这个职务；主要职务是 %(principal)s（全部见 docs/posts.md）。")
        return PostAnswer(jurisdiction, post, on, [], note % {"place": jurisdiction, "post": post, "principal": principal})
    holders = jurisdiction_tenures(jurisdiction=jurisdiction, site=site).get(post, [])
    if on is not None:
        holders = holders_on(holders, on)
    note = "" if holders else _("档案中没有这个职务的见报记录。") if on is None else _("档案中没有当日在任的见报记录。")
    return PostAnswer(jurisdiction, post, on, holders, note)


def person_url(name: str, *, site: str = "") -> str:
    return site + unquote(reverse("archive:person", args=[name]))


def answer_json(answer: PostAnswer, *, site: str) -> dict:
    """/posts.json: holders ordered by first seen, each with the evidence's permalinks."""
    body = {
        "county": answer.jurisdiction,
        "post": answer.post,
        "on": answer.on.isoformat() if answer.on else None,
        "holders": [
            {
                "name": tenure.name,
                "url": person_url(tenure.name, site=site),
                "first_seen": _iso(tenure.first_seen),
                "last_seen": _iso(tenure.last_seen),
                "acting": tenure.acting,
                "articles": tenure.articles,
                "evidence": [item.url for item in tenure.evidence],
            }
            for tenure in answer.holders
        ],
    }
    if answer.note:
        body["note"] = answer.note
    return body


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def jurisdictions_with_posts() -> list[tuple[str, list[Tenure]]]:
    """Every place the archive has seen a principal post of, with its latest principal holders."""
    latest: dict[str, dict[str, Tenure]] = {}
    for (jurisdiction, post), holders in all_tenures().items():
        if post in principal_posts(jurisdiction):
            dated = [tenure for tenure in holders if tenure.first_seen]
            latest.setdefault(jurisdiction, {})[post] = dated[-1] if dated else holders[0]
    order = {name: index for index, name in enumerate(("省", "州", "市", "区", "县", "zone"))}
    ranked = sorted(latest.items(), key=lambda item: (order.get(level_of(item[0]) or "", 9), item[0]))
    return [(place, [posts[p] for p in principal_posts(place) if p in posts]) for place, posts in ranked]


# ---------------------------------------------------------------- 人事变动 and the CSV


@dataclass(frozen=True)
class PostChange:
    """A post's evidence naming a new holder: "新见 修武县县长：魏松，首见 2020-03-27"."""

    tenure: Tenure
    previous: Tenure | None

    @property
    def title(self) -> str:
        return f"新见 {post_title(self.tenure.jurisdiction, self.tenure.post)}：{self.tenure.name}，首见 {self.tenure.first_seen}"


def post_changes(*, jurisdiction: str | None = None, site: str = "", limit: int = 50) -> list[PostChange]:
    """Newest first: each holder first seen in a post one person holds at a time."""
    from .parsing.posts import is_single_holder

    if jurisdiction is None:
        posts = all_tenures(site=site)
    else:
        posts = {(jurisdiction, post): h for post, h in jurisdiction_tenures(jurisdiction=jurisdiction, site=site).items()}
    changes = []
    for (_place, post), holders in posts.items():
        if not is_single_holder(post):
            continue
        dated = [tenure for tenure in holders if tenure.first_seen]
        changes += [PostChange(tenure, dated[i - 1] if i else None) for i, tenure in enumerate(dated)]
    changes.sort(key=lambda change: (change.tenure.first_seen, change.tenure.jurisdiction, change.tenure.post), reverse=True)
    return changes[:limit]


CSV_COLUMNS = ("县区", "职务", "任职者", "首见", "最近", "代理", "篇数", "证据链接")
# No control character in a cell or a feed (Excel stops reading at \x1a, XML refuses them): the
# set archive/characters.py removes at ingest, here for text that reached the database otherwise.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def printable(text: str) -> str:
    return _UNPRINTABLE.sub("", text)


def posts_csv_chunks(*, counties: Iterable[str] = (), posts: Iterable[str] = (), site: str | None = None) -> Iterator[str]:
    """Every holder of every post (or of the counties and posts asked), one a row: a UTF-8 BOM,
    a Chinese header, CRLF rows, evidence permalinks separated by spaces, like the article CSV."""
    import csv
    import io

    site = site or site_url()
    counties, posts = [c for c in counties if c], {p for p in posts if p}
    if counties:
        found = {}
        for county in counties:
            place = known_jurisdiction(county) or county
            found.update({(place, post): h for post, h in jurisdiction_tenures(jurisdiction=place, site=site).items()})
    else:
        found = all_tenures(site=site)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    yield BOM + buffer.getvalue()
    for (_place, post), holders in sorted(found.items(), key=_csv_order):
        if posts and post not in posts:
            continue
        for tenure in holders:
            buffer.seek(0)
            buffer.truncate()
            writer.writerow([neutralise_formula(printable(cell)) for cell in _csv_row(tenure)])
            yield buffer.getvalue()


def _csv_order(item):
    (place, post), _ = item
    names = post_names(place)
    return place, names.index(post) if post in names else len(names)


def _csv_row(tenure: Tenure) -> list[str]:
    return [
        tenure.jurisdiction, tenure.post, tenure.name, _iso(tenure.first_seen) or "", _iso(tenure.last_seen) or "",
        "是" if tenure.acting else "否", str(tenure.articles), " ".join(item.url for item in tenure.evidence),
    ]
