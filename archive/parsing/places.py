"""Which county, district or city a story is about, for any place in China.

The gazetteer (data/divisions.tsv: every province-, prefecture- and county-level division, its
code, level, parent and short form) names places anywhere; a paper's profile adds the names of
its own area that are not divisions (townships, zones: 七贤镇, 示范区) and says which area is
home, so a short name shared by two places (朝阳, 鼓楼) is read as the one near home.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .profiles import Profile, default_profile

DIVISIONS_FILE = Path(__file__).resolve().parent / "data" / "divisions.tsv"
# "我县" / "全县" speak for the paper's own county.
_FIRST_PERSON = re.compile(r"[我全本该]县")
# A short form that is also a common word is no evidence in running text: jieba's dictionary
# counts 商城 1,270 and 解放 4,855 times as words, 修武 15 and 潢川 21.
COMMON_WORD_FREQUENCY = 500
# Short forms of districts (区) are read in page labels only: 中原, 解放, 二七 are words first.
HEADLINE_WEIGHT = 3
# A visit to the paper's city is its story, whatever places the visitors come from.
VISIT_PURPOSES = "调研|考察|视察|检查|指导|交流|访问|参观|慰问|宣讲|,|，"
# Counties of one city a story names for it to be the city's, when none has this share of it.
MANY_COUNTIES = 3
MOST_OF_A_STORY = 0.5


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str  # province | prefecture | county
    parent: str
    short: str

    @property
    def province(self) -> str:
        return self.code[:2] + "0000"


@cache
def divisions() -> dict[str, Division]:
    with open(DIVISIONS_FILE, encoding="utf-8", newline="") as rows:
        return {row["code"]: Division(**row) for row in csv.DictReader(rows, delimiter="\t")}


@cache
def _named() -> dict[str, tuple[Division, ...]]:
    """Prefecture- and county-level divisions by full name and by short form. A short form that
    is a province's (河南 for 河南蒙古族自治县) names the province first: it is left out."""
    provinces = {d.short for d in divisions().values() if d.level == "province"}
    found: dict[str, list[Division]] = {}
    for division in divisions().values():
        if division.level == "province":
            continue
        for name in {division.name, division.short} - {"", *provinces}:
            found.setdefault(name, []).append(division)
    return {name: tuple(found_) for name, found_ in found.items()}


def division_named(name: str, *, near: Division | None = None) -> Division | None:
    """The division a name (full or short) stands for, the one nearest `near` when shared."""
    candidates = _named().get(name, ())
    if len(candidates) > 1 and near is not None:
        candidates = _nearest(candidates, near)
    return candidates[0] if len(candidates) == 1 else None


def _nearest(candidates, near: Division) -> tuple[Division, ...]:
    home_prefecture = near.code if near.level == "prefecture" else near.parent
    for test in (lambda d: home_prefecture in (d.code, d.parent), lambda d: d.province == near.province):
        close = tuple(d for d in candidates if test(d))
        if close:
            return close
    return candidates


def _is_common_word(name: str) -> bool:
    import jieba

    jieba.dt.check_initialized()
    return (jieba.dt.FREQ.get(name) or 0) > COMMON_WORD_FREQUENCY


class PlaceReader:
    """Place names in text, for one paper: divisions anywhere by full name, divisions near home
    by short form, and the profile's own names of home places."""

    def __init__(self, profile: Profile):
        self.profile = profile
        self.home = division_named(profile.home) if profile.home else None
        self.names: dict[str, str] = {}  # name as written → the county (or zone) it stands for
        self.label_names: dict[str, str] = {}
        for name, candidates in _named().items():
            division = division_named(name, near=self.home) if self.home else (candidates[0] if len(candidates) == 1 else None)
            if division is None:
                continue
            self.label_names[name] = division.name
            if self._full_name_readable(name, division) or self._short_form_readable(name, division):
                self.names[name] = division.name
        for county, names in profile.places.items():
            for name in (county, *names):
                self.names[name] = self.label_names[name] = county
        self._name_sizes = _sizes_by_first_character(self.names)
        self._label_sizes = _sizes_by_first_character(self.label_names)

    def _full_name_readable(self, name: str, division: Division) -> bool:
        """A district of another city is named with its city ("上海市闵行区"); alone, 老城区 is an
        old town, not Luoyang's."""
        if name != division.name:
            return False
        return not (self.home is not None and name.endswith("区") and division.parent not in self._home_prefectures)

    @property
    def _home_prefectures(self) -> set[str]:
        return {self.home.code, self.home.parent} if self.home else set()

    def _short_form_readable(self, short: str, division: Division) -> bool:
        return (
            self.home is not None
            and division.province == self.home.province
            and not division.name.endswith("区")
            and not _is_common_word(short)
        )

    @property
    def home_name(self) -> str | None:
        return self.home.name if self.home else None

    def places_in(self, text: str, *, labels: bool = False) -> list[str]:
        """Every place named (in a label: by any of its names), longest name first at each
        position (修武县 before 修武). Only the lengths of names that start with a position's
        character are looked up there."""
        names, sizes = (self.label_names, self._label_sizes) if labels else (self.names, self._name_sizes)
        found, position = [], 0
        while position < len(text):
            for size in sizes.get(text[position], ()):
                place = names.get(text[position : position + size])
                if place:
                    found.append(place)
                    position += size
                    break
            else:
                position += 1
        return found

    def county_of_label(self, label: str) -> str | None:
        """The place a page or township label names: "焦作/ 修武", "淮阳新闻", "管城时报聚焦"."""
        cleaned = re.sub(r"\s|/", "", label)
        places = self.places_in(cleaned, labels=True)
        # The narrowest place is named last: "焦作/ 修武", "焦作市城乡一体化示范区".
        return places[-1] if places else None

    def article_county(self, *, headline: str, body: str, page_county: str | None) -> str | None:
        return self.article_county_and_doubt(headline=headline, body=body, page_county=page_county)[0]

    def article_county_and_doubt(self, *, headline: str, body: str, page_county: str | None) -> tuple[str | None, str]:
        """Named places count, the headline's three times; a county-level place wins over its
        city unless the city is named more. An article naming no place but speaking of 我县 is
        the page's county; one naming none at all is the page's, else the paper's home. The
        doubt says when no full name decided it (see model.DOUBTS)."""
        counts: Counter = Counter(self.places_in(body))
        for place in self.places_in(headline):
            counts[place] += HEADLINE_WEIGHT
        if page_county and (voiced := len(_FIRST_PERSON.findall(headline + body))):
            counts[page_county] += voiced
        if page_county and page_county != self.home_name:
            # On a county's page the paper's own city is the backdrop (焦作市制动器有限公司).
            counts.pop(self.home_name, None)
        elif self._visits_home(headline + body):
            return self.home_name, ""
        if counts:
            county = self._choose(counts)
            text = headline + body
            spoken_for = county == page_county and _FIRST_PERSON.search(text)
            return county, "" if spoken_for or self._named_in_full(county, text) else "county_short_name"
        return page_county or self.home_name, "county_unnamed"

    def _named_in_full(self, county: str, text: str) -> bool:
        """By its full name or a home place's name of three characters or more (七贤镇)."""
        return county in text or any(len(name) >= 3 and name in text for name in self.profile.places.get(county, ()))

    def _visits_home(self, text: str) -> bool:
        """"卢山来滨调研", "王乐文一行来周调研": a visit to the paper's city, named by its first
        character, is a story of that city whatever places the visitors come from."""
        if self.home is None or self.home.level != "prefecture" or not self.home.short:
            return False
        return bool(re.search(rf"[来莅抵]{re.escape(self.home.short[0])}(?:{VISIT_PURPOSES})", text))

    def _choose(self, counts: Counter) -> str:
        by_level: dict[str, Counter] = {"county": Counter(), "prefecture": Counter()}
        for place, count in counts.items():
            by_level[self._level(place)][place] += count
        if (city_of_many := self._city_of_many(by_level["county"])) is not None:
            return city_of_many
        county = by_level["county"].most_common(1)
        city = by_level["prefecture"].most_common(1)
        if county and (not city or county[0][1] >= city[0][1]):
            return county[0][0]
        return city[0][0]

    def _city_of_many(self, counties: Counter) -> str | None:
        """A story about several counties of one city, none of them most of it (部分县(市、区)两会
        完成换届选举: 定远县, 天长市, 琅琊区 …), is the city's."""
        if len(counties) < MANY_COUNTIES:
            return None
        if counties.most_common(1)[0][1] >= MOST_OF_A_STORY * sum(counties.values()):
            return None
        divisions_named = [division_named(place, near=self.home) for place in counties]
        parents = {division.parent for division in divisions_named if division is not None}
        if len(parents) != 1 or None in divisions_named:
            return None
        parent = divisions().get(parents.pop())
        return parent.name if parent is not None and parent.level == "prefecture" else None

    def _level(self, place: str) -> str:
        division = division_named(place, near=self.home)
        return "prefecture" if division is not None and division.level == "prefecture" else "county"


def _sizes_by_first_character(names) -> dict[str, tuple[int, ...]]:
    """For each first character, the lengths of the names it starts, longest first."""
    sizes: dict[str, set[int]] = {}
    for name in names:
        sizes.setdefault(name[0], set()).add(len(name))
    return {first: tuple(sorted(lengths, reverse=True)) for first, lengths in sizes.items()}


@cache
def place_reader(profile: Profile | None = None) -> PlaceReader:
    return PlaceReader(profile or default_profile())


def place_names() -> list[str]:
    """Every name the default paper's reader knows, for teaching a word segmenter."""
    return list(place_reader().names)


# A township or other local unit as a kicker or page label prints it: 金刚台乡, 苏家作乡, 城东路街道.
# A township's name is short and says nothing else: 金刚台乡, not 游浩在南里乡.
LOCAL_UNIT = re.compile(r"(?:(?![在到赴的和与])[\u4e00-\u9fff]){1,6}(?:乡|镇|街道|办事处|社区|新区|示范区|高新区|开发区|集聚区)")


def is_place_name(text: str) -> bool:
    """Whether a short line is a place's name: a division, a home place, or a local unit, with
    its city in front or not ("焦作市城乡一体化示范区", "苏家作乡", "修武")."""
    compact = "".join(text.split())
    without_city = re.sub(r"^[\u4e00-\u9fff]{2,4}市(?=[\u4e00-\u9fff]{2})", "", compact)
    names = place_reader().label_names
    return any(name in names or LOCAL_UNIT.fullmatch(name) for name in (compact, without_city))
