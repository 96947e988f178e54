"""Titles become posts: a printed title chain, read in its story's context, as the posts it names.

    read_posts("市委常委、修武县委书记", county="修武县", home="焦作市")
    → (Post("焦作市", "市委", "常委"), Post("修武县", "县委", "书记"))

A chain is split at 、 into phrases; each phrase is [place] organ rank ("修武县" "委" "书记"),
where the organ or the place may be left out: "县长" is the government's, "秘书长" after "市政协
副主席" is the 政协's, and "县委书记" names no place, so 县 is the story's county. A bare level
(县委, 市委, 省委) is the nearest place of that level: a place the chain names, else the story's
county, else the paper's home; 市 climbs from a county to its city unless the county is a
county-level city itself (孟州市's 市委书记 is 孟州市's). Anything not in the vocabulary (局长,
镇长, 总书记, 工会主席, 管委会 of an industrial park) names no post: better none than a wrong one.
docs/posts.md describes the vocabulary.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from .places import Division, division_named, divisions
from .profiles import profiles

LEVELS = "县市区州省"
# The organs of a level (县 → 县委, 县政府 …) and the ranks each gives. Government heads are
# written with the level itself: 县长, 副县长, 常务副县长, 代县长.
PARTY_RANKS = ("书记", "副书记", "常务副书记", "常委")
HEAD_RANKS = ("{L}长", "副{L}长", "常务副{L}长")
ORGAN_RANKS = {
    "{L}委": PARTY_RANKS,
    "{L}政府": ("秘书长",),
    "{L}人大常委会": ("主任", "副主任", "常务副主任", "秘书长"),
    "{L}政协": ("主席", "副主席", "秘书长"),
    "{L}纪委": ("书记", "副书记"),
    "{L}监委": ("主任", "副主任"),
    "{L}委组织部": ("部长", "副部长"),
    "{L}委宣传部": ("部长", "副部长"),
    "{L}委统战部": ("部长", "副部长"),
    "{L}委政法委": ("书记", "副书记"),
    "{L}政府党组": ("书记", "副书记"),
    "{L}人大常委会党组": ("书记", "副书记"),
    "{L}政协党组": ("书记", "副书记"),
}
# A zone that is no division (焦作's 示范区) has a working committee and a management committee.
ZONE_ORGAN_RANKS = {"党工委": ("书记", "副书记", "常务副书记"), "管委会": ("主任", "副主任", "常务副主任")}
PRINCIPAL = {f"{level}委书记" for level in LEVELS} | {f"{level}长" for level in LEVELS} | {"党工委书记", "管委会主任"}

# The forms titles are printed in, and the one the vocabulary uses. "县委书记、县人大会主任常鸿"
# (武陟县报) drops the 常委 of 人大常委会.
_SPELLINGS = (
    (re.compile(r"[（(][^（）()]*[）)]"), ""),  # "示范区(高新区)党工委": the other name of the same place
    (re.compile(r"^中共"), ""),
    (re.compile(r"第[一二三四五六七八九十百零\d]+届(?:委员会)?"), ""),  # 政协第十一届委员会主席
    (re.compile(r"(?:主管|分管)[^、]*?的"), ""),  # 巩义市主管农林水的副市长
    (re.compile(r"人民代表大会常务委员会|人大会(?=主任|副主任)"), "人大常委会"),
    (re.compile(r"人民政府"), "政府"),
    (re.compile(r"纪律检查委员会"), "纪委"),
    (re.compile(r"监察委员会"), "监委"),
    (re.compile(rf"(?<=[{LEVELS}])委员会"), "委"),  # 中共修武县委员会书记
    (re.compile(r"(组织|宣传|统战)部?(副?)部?长$"), r"\1部\2部长"),  # 宣传部长 → 宣传部部长
    (re.compile(r"专职副书记$"), "副书记"),
)
_RANK = re.compile(
    rf"(?P<rank>常务副书记|副书记|书记|常委|常务副[{LEVELS}]长|代理[{LEVELS}]长|代[{LEVELS}]长|副[{LEVELS}]长|"
    rf"[{LEVELS}]长|常务副主任|副主任|主任|副主席|主席|副部长|部长|秘书长)$"
)
# The organ at the end of a phrase's head, longest first; what is left before it is the place.
_ORGAN = re.compile(
    r"(?P<organ>党工委|管委会|(?P<dept>组织部|宣传部|统战部|政法委)|纪委监委|纪委|监委|人大常委会|人大|政协|政府|委)"
    r"(?P<group>党组)?$"
)
_GOVERNMENT_RANK = re.compile(rf"^(?:常务副|副|代理|代)?(?P<level>[{LEVELS}])长$")
MAX_PLACE_NAME = 12


@dataclass(frozen=True)
class Post:
    """A post in a jurisdiction: (修武县, 县委, 书记), (武陟县, 县政府, 县长), acting for 代县长."""

    jurisdiction: str
    organ: str
    rank: str
    acting: bool = False

    @property
    def name(self) -> str:
        """The post in the vocabulary: 县委书记, 县长, 常务副县长, 县人大常委会主任, 管委会主任."""
        return self.rank if _GOVERNMENT_RANK.match(self.rank) else self.organ + self.rank

    @property
    def principal(self) -> bool:
        return self.name in PRINCIPAL

    @property
    def title(self) -> str:
        """As a reader writes it: 修武县委书记, 修武县县长, 示范区管委会主任."""
        return post_title(self.jurisdiction, self.name)


def post_title(jurisdiction: str, name: str) -> str:
    """修武县 + 县委书记 → 修武县委书记; 修武县 + 县长 → 修武县县长; 示范区 + 党工委书记."""
    level = jurisdiction[-1:]
    if name.startswith(level) and name[1:2] in ("委", "人", "政", "纪", "监") and not _GOVERNMENT_RANK.match(name):
        return jurisdiction + name[1:]
    return jurisdiction + name


def is_single_holder(name: str) -> bool:
    """A post one person holds at a time (县长, 县委书记, 常务副县长), not a bench (副县长, 常委)."""
    rank = _RANK.search(name)
    rank_text = rank["rank"] if rank else name
    return not (rank_text.startswith("副") or rank_text == "常委")


def post_names(jurisdiction: str) -> tuple[str, ...]:
    """Every post of the vocabulary a jurisdiction can have, principal ones first."""
    level = level_of(jurisdiction)
    if level is None:
        return ()
    if level == "zone":
        return tuple(organ + rank for organ, ranks in ZONE_ORGAN_RANKS.items() for rank in ranks)
    names = [f"{level}委书记", f"{level}长"]
    names += [rank.format(L=level) for rank in HEAD_RANKS]
    for organ, ranks in ORGAN_RANKS.items():
        names += [organ.format(L=level) + rank for rank in ranks]
    return tuple(dict.fromkeys(names))


def principal_posts(jurisdiction: str) -> tuple[str, ...]:
    """The party secretary and the head of government: 县委书记 and 县长, 党工委书记 and 管委会主任."""
    return tuple(name for name in post_names(jurisdiction) if name in PRINCIPAL)


def level_of(jurisdiction: str) -> str | None:
    """县, 市, 区, 州, 省 (the character its organs are named with), "zone" for 示范区."""
    if jurisdiction in _zones():
        return "zone"
    level = jurisdiction[-1:]
    return level if level in LEVELS and len(jurisdiction) > 1 else None


# ---------------------------------------------------------------- places in and around a title


@dataclass(frozen=True)
class _Place:
    name: str
    division: Division | None = None
    above: str | None = None  # the city of a zone or of a county the gazetteer no longer has
    zone: bool = False

    @property
    def parent(self) -> _Place | None:
        if self.division is not None:
            parent = divisions().get(self.division.parent) if self.division.parent else None
            return _Place(parent.name, parent) if parent else None
        return _place(self.above) if self.above else None

    def lineage(self) -> list[_Place]:
        """Itself, its city, its province."""
        chain, place = [], self
        while place is not None and len(chain) < 4:
            chain.append(place)
            place = place.parent
        return chain


@cache
def _zones() -> dict[str, tuple[str, str]]:
    """Zones of the papers' profiles that are no division, by each of their names ending in 区
    (示范区, 城乡一体化示范区, 高新区) → (zone, its city). A township (七贤镇) is no jurisdiction."""
    found = {}
    for profile in profiles():
        for county, names in profile.places.items():
            if division_named(county) is not None or not profile.home:
                continue
            for name in (county, *names):
                if name.endswith("区"):
                    found[name] = (county, profile.home)
    return found


@cache
def _place(name: str, near: str | None = None) -> _Place | None:
    """A place by the name a title or a story gives it: a division (the one nearest `near` when
    the name is shared), a zone, or None. A short form alone (修武) is no title's place."""
    if name in _zones():
        zone, city = _zones()[name]
        return _Place(zone, above=city, zone=True)
    near_division = (division_named(near) or _province(near)) if near else None
    division = division_named(name, near=near_division)
    if division is None or division.name != name:
        # 海北州 for 海北藏族自治州, 管城区 for 管城回族区: a short form with its level
        division = division_named(name[:-1], near=near_division) if name[-1:] in LEVELS else None
        if division is not None and not (division.short == name[:-1] and division.name.endswith(name[-1])):
            division = None
    division = division or _province(name)
    return _Place(division.name, division) if division else None


@cache
def _province(name: str) -> Division | None:
    return next((d for d in divisions().values() if d.level == "province" and name == d.name), None)


def _context_place(county: str | None, home: str | None) -> _Place | None:
    """The story's county as a place, else the paper's home. A county the gazetteer no longer
    has (淮阳县, a district since 2019) is still its own jurisdiction, in the home's city."""
    if not county:
        return _place(home) if home else None
    place = _place(county, home)
    if place is None and level_of(county) in tuple(LEVELS):
        home_place = _place(home) if home else None
        city = next((p.name for p in home_place.lineage() if p.name[-1] in "市州"), None) if home_place else None
        place = _Place(county, above=city)
    return place


def _places_named(head: str, near: str | None) -> list[_Place] | None:
    """The places a phrase's head names in order ("青海省海北州祁连县" → 3 places), or None when
    any part of it is no place (县产业集聚区, 城东路街道, 周口日报社党)."""
    found, position = [], 0
    while position < len(head):
        for size in range(min(MAX_PLACE_NAME, len(head) - position), 1, -1):
            place = _place(head[position : position + size], found[-1].name if found else near)
            if place is not None:
                found.append(place)
                position += size
                break
        else:
            return None
    return found


def _of_level(level: str, base: _Place | None) -> _Place | None:
    """The place of `level` for a story set in `base`: 县 and 区 the base itself; 市 and 州 the
    base or the city above it (孟州市 is its own 市); 省 the province."""
    if base is None:
        return None
    if level in "县区":
        return base if base.name.endswith(level) and not base.zone else None
    if level == "省":
        top = base.lineage()[-1]
        return top if top.name.endswith("省") else None
    return next((p for p in base.lineage() if p.name.endswith(level) and not p.zone), None)


# ---------------------------------------------------------------- reading a chain


@dataclass(frozen=True)
class _Phrase:
    """One phrase of a chain, before its place is resolved."""

    places: tuple[_Place, ...]  # named in the phrase itself
    level: str | None  # the bare level it names (县委 → 县), or the government rank's (副县长 → 县)
    organ: str | None  # "{L}委", "{L}政协", "党工委" …; None for a rank alone (秘书长)
    rank: str
    acting: bool


def read_posts(title: str, *, county: str | None = None, home: str | None = None) -> tuple[Post, ...]:
    """The posts a printed title chain names, for a story about `county` in a paper serving
    `home` (gazetteer names: 修武县, 焦作市; a zone: 示范区)."""
    return _read_posts(title, county or None, home or None)


@lru_cache(maxsize=65536)
def _read_posts(title: str, county: str | None, home: str | None) -> tuple[Post, ...]:
    context = _context_place(county, home)
    home_place = _context_place(None, home)
    near = context.name if context else home
    phrases = [_read_phrase(text, near, context) for text in _normalised(title).split("、")]
    named = [phrase.places[-1] if phrase and phrase.places else None for phrase in phrases]
    posts: list[Post] = []
    previous: _Reading | None = None
    for index, phrase in enumerate(phrases):
        if phrase is None or not phrase.rank:
            previous = None
            continue
        base = _chain_base(named, index) or context
        previous = _resolve(phrase, base=base, home=home_place, previous=previous)
        if previous is not None and previous.post not in posts:
            posts.append(previous.post)
    return tuple(posts)


def _normalised(title: str) -> str:
    text = unicodedata.normalize("NFKC", title).replace(" ", "")
    for pattern, replacement in _SPELLINGS:
        text = pattern.sub(replacement, text)
    return text


def _chain_base(named: list[_Place | None], index: int) -> _Place | None:
    """The place a chain names nearest before the phrase, else after it: "市委常委、修武县委书记"
    sets its 市 by 修武县."""
    before = [place for place in named[: index + 1] if place is not None]
    if before:
        return before[-1]
    return next((place for place in named[index + 1 :] if place is not None), None)


def _read_phrase(text: str, near: str | None, context: _Place | None = None) -> _Phrase | None:
    """"修武县委书记" → places (修武县,), organ "{L}委", rank 书记. A phrase with no rank still
    names its place ("示范区党工委" before "管委会主任"); a phrase whose head is not a place and
    an organ names nothing."""
    rank_match = _RANK.search(text)
    rank = rank_match["rank"] if rank_match else ""
    head = text[: rank_match.start()] if rank_match else text
    acting = rank.startswith("代")
    rank = re.sub(r"^代理?", "", rank)
    organ, level = None, None
    if government := _GOVERNMENT_RANK.match(rank):
        level = government["level"]
        if head.endswith("政府"):
            head = head[: -len("政府")]
    elif organ_match := _ORGAN.search(head):
        organ = _organ_key(organ_match)
        if organ is None:
            return None
        head = head[: organ_match.start()]
        if organ_match["dept"]:
            head = head.removesuffix("委")  # 县委宣传部 as well as 宣传部 after 县委常委、
    named_in_full = context is not None and head == context.name or _places_named(head, near) is not None
    if head and head[-1] in LEVELS and (len(head) == 1 or not named_in_full):
        level, head = head[-1], head[:-1]
    places = [context] if context and head == context.name else _places_named(head, near) if head else []
    if places is None:
        return None
    if places and level is None and organ is not None and organ not in ZONE_ORGAN_RANKS:
        level = places[-1].name[-1]
    return _Phrase(tuple(places), level, organ, rank, acting)


def _organ_key(match: re.Match) -> str | None:
    """The organ a phrase ends with, as its vocabulary form with the level left open."""
    organ = match["organ"]
    if match["dept"]:
        organ = "{L}委" + match["dept"]
    elif organ in ZONE_ORGAN_RANKS:
        return organ
    else:
        organ = "{L}" + {"纪委监委": "纪委", "人大": "人大常委会"}.get(organ, organ)
    if match["group"]:
        if organ not in ("{L}政府", "{L}人大常委会", "{L}政协"):
            return None
        organ += "党组"
    return organ


@dataclass(frozen=True)
class _Reading:
    post: Post
    organ: str  # with the level open: "{L}政协", for a rank alone after it (秘书长)
    place: _Place


def _resolve(phrase: _Phrase, *, base: _Place | None, home: _Place | None, previous: _Reading | None) -> _Reading | None:
    """The post a phrase names, its place from the phrase, the phrase before it or the story."""
    if phrase.organ is None and phrase.level is None:
        return _continued(phrase, previous)
    place = _phrase_place(phrase, base=base, home=home, previous=previous)
    if place is None:
        return None
    level = "zone" if place.zone else level_of(place.name)
    if phrase.organ in ZONE_ORGAN_RANKS:
        if not place.zone or phrase.rank not in ZONE_ORGAN_RANKS[phrase.organ]:
            return None
        organ = phrase.organ
    elif level in (None, "zone") or (phrase.level and phrase.level != level):
        return None
    elif phrase.organ is None:  # 县长, 副市长: the government's head or deputy
        organ = "{L}政府"
    elif phrase.rank in ORGAN_RANKS[phrase.organ]:
        organ = phrase.organ
    else:
        return None
    post = Post(place.name, organ.format(L=level), phrase.rank, phrase.acting)
    return _Reading(post, organ, place)


def _phrase_place(phrase: _Phrase, *, base, home, previous: _Reading | None) -> _Place | None:
    if phrase.places:
        return phrase.places[-1]
    if phrase.level:  # 县委, 市委, 副县长: the nearest place of that level
        return _of_level(phrase.level, base) or _of_level(phrase.level, home)
    # 政协主席, 统战部部长, 管委会主任: where the phrase before it is, else a county's story. A
    # city paper prints the level (市政协主席): a bare one in a city-wide story is too unsure
    # (今日浮山's "政协主席段玉明" on a page the archive could only file under its home city).
    if previous:
        return previous.place
    return base if base and (base.division is None or base.division.level == "county") else None


def _continued(phrase: _Phrase, previous: _Reading | None) -> _Reading | None:
    """A rank alone continues the organ before it: "市政协副主席、秘书长"; after a party group,
    the organ the group leads: "县人大常委会党组书记、主任"."""
    if previous is None:
        return None
    for organ in dict.fromkeys((previous.organ, previous.organ.removesuffix("党组"))):
        if phrase.rank in ORGAN_RANKS.get(organ, ()):
            level = level_of(previous.place.name)
            post = Post(previous.place.name, organ.format(L=level), phrase.rank, phrase.acting)
            return _Reading(post, organ, previous.place)
    return None


def same_area(first: str, second: str) -> bool:
    """Whether two jurisdictions are near enough for one person to have served in both as far as
    the evidence goes: the same city's (修武县, 焦作市, 示范区), or a province and a place in it.
    Two places in unrelated cities are not: the same name there is two people until an editor
    says otherwise."""
    places = [_place(first) or _Place(first), _place(second) or _Place(second)]
    lineages = [[p.name for p in place.lineage()] for place in places]
    cities = [next((name for name in lineage if name[-1] in "市州" or name.endswith("盟")), None) for lineage in lineages]
    if cities[0] and cities[0] == cities[1]:
        return True
    return first in lineages[1] or second in lineages[0]


def jurisdiction_named(name: str) -> str | None:
    """The jurisdiction a name stands for, as posts name it: 武陟县 (also for 武陟), 焦作市, 河南省,
    示范区 (also for 高新区); None for a name that is no place with posts."""
    name = unicodedata.normalize("NFKC", name).strip()
    if name in _zones():
        return _zones()[name][0]
    division = division_named(name) or _province(name)
    return division.name if division is not None and level_of(division.name) else None


def post_named(jurisdiction: str, text: str) -> str | None:
    """The vocabulary's name of a post asked for in any printed form, for a jurisdiction:
    人大常委会主任 → 县人大常委会主任, 代县长 → 县长, 宣传部长 → 县委宣传部部长, 武陟县县长 → 县长."""
    text = unicodedata.normalize("NFKC", text).strip()
    if text in post_names(jurisdiction):
        return text
    found = {post.name for post in read_posts(text, county=jurisdiction) if post.jurisdiction == jurisdiction}
    return found.pop() if len(found) == 1 else None
