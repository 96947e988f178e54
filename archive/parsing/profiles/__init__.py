"""What differs between papers, as data: one TOML file a paper in this folder.

A profile names the paper, the other forms its masthead is printed in, the area it serves
(its home: a prefecture or county of the gazetteer) and the places of that area a story names
that are not divisions (townships, zones: 七贤镇, 示范区). A page's profile is chosen from its
masthead; a paper without a profile gets a general one whose home is read from its name
(洛阳日报 → 洛阳市). The rules themselves are general and know no paper.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent
# What a paper's name ends with, after the place it serves: 洛阳日报, 武陟县报, 今日修武 has none.
PAPER_SUFFIX = re.compile(r"(?:日报|晚报|早报|时报|商报|都市报|周报|报)$")


@dataclass(frozen=True)
class Profile:
    name: str
    home: str | None = None  # the gazetteer name of the area the paper serves: 焦作市, 武陟县
    mastheads: tuple[str, ...] = ()  # other printed forms of the name: JIAOZUO DAILY
    places: dict[str, tuple[str, ...]] = field(default_factory=dict)  # county → township/zone names
    default: bool = False  # the paper of a page that prints no masthead

    def __hash__(self) -> int:
        return hash(self.name)


@cache
def profiles() -> tuple[Profile, ...]:
    loaded = []
    for path in sorted(FOLDER.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        places = {county: tuple(names) for county, names in data.get("places", {}).items()}
        loaded.append(
            Profile(
                name=data["name"], home=data.get("home"), mastheads=tuple(data.get("mastheads", ())),
                places=places, default=bool(data.get("default")),
            )
        )
    return tuple(loaded)


def default_profile() -> Profile:
    return next(p for p in profiles() if p.default)


DEFAULT_PAPER = default_profile().name


def masthead_profile(printed: str) -> Profile | None:
    """The profile of a paper printed as `printed` (its name or another masthead form)."""
    for profile in profiles():
        if printed == profile.name or printed in profile.mastheads:
            return profile
    return None


def profile_for(paper: str | None) -> Profile:
    """The profile of the paper a page names; the default one when it names none."""
    if not paper:
        return default_profile()
    return masthead_profile(paper) or Profile(name=paper, home=home_of(paper))


def home_of(paper: str) -> str | None:
    """The area a paper without a profile serves, from its name: 洛阳日报 → 洛阳市, 沂南县报 → 沂南县."""
    from ..places import division_named

    place = PAPER_SUFFIX.sub("", paper).removeprefix("今日")
    # A paper is named after its city before the county of the same name (濮阳日报: 濮阳市, not 濮阳县).
    for name in (place, f"{place}市", f"{place}县", f"{place}区"):
        if division := division_named(name):
            return division.name
    return None
