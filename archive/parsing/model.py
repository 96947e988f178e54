"""The plain data a parsed page is made of. Frozen, so a parse can be shared and compared."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the source file
    text: str


@dataclass(frozen=True)
class EventDate:
    month: int
    day: int
    year: int | None = None

    def iso(self) -> str:
        """YYYY-MM-DD, or MM-DD when the year is unknown."""
        if self.year:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return f"{self.month:02d}-{self.day:02d}"

    def as_date(self) -> datetime.date | None:
        if not self.year:
            return None
        try:
            return datetime.date(self.year, self.month, self.day)
        except ValueError:
            return None


@dataclass(frozen=True)
class Mention:
    name: str
    titles: tuple[str, ...] = ()  # each as printed: "市委常委、修武县委书记"
    category: str = "official"  # official | business | other


@dataclass(frozen=True)
class StaffCredit:
    role: str  # 编辑, 校对, 组版, 版式 …
    name: str


# Decisions the parser was unsure of, recorded on each article so editors check the worst
# pages first. The archive shows each by its label (archive/models.py, DOUBT_LABELS).
DOUBTS = (
    "headline_guessed",  # no headline printed: one was made from the body's first clause
    "headline_placement",  # a heading between two bodies echoes both: a close call
    "boundary_gap",  # the article starts only where a wider gap than usual stands
    "caption_rejoined",  # a caption printed inside the text was lifted out and the text rejoined
    "county_short_name",  # the county was named only by a short form (孟州, 修武)
    "county_unnamed",  # no place named: the page's county or the paper's home
)


@dataclass(frozen=True)
class ParsedArticle:
    ordinal: int
    kind: str  # news | commentary | feature | photo
    headline: str
    headline_printed: bool
    body: str  # paragraphs separated by "\n"
    kicker: str = ""  # 引题 or a township label printed above the headline
    subheadline: str = ""
    byline: str = ""  # as printed: "本报记者 付凯明", "本报评论员"
    credit: str = ""  # as printed: "（融媒）", "安娇娇 刘 凯 摄"
    reporters: tuple[str, ...] = ()
    credit_orgs: tuple[str, ...] = ()
    county: str | None = None
    event_dates: tuple[EventDate, ...] = ()
    people: tuple[Mention, ...] = ()
    first_line: int = 0
    doubts: tuple[str, ...] = ()  # codes of DOUBTS
    jumps: tuple[str, ...] = ()  # continuation notes as printed: （上接01版）, （下转第3版）

    def printed_parts(self) -> list[str]:
        """Every piece of this article that came from the page (a derived headline did not)."""
        parts = [self.kicker, self.subheadline, self.byline, self.credit, self.body, *self.jumps]
        if self.headline_printed:
            parts.append(self.headline)
        return parts


@dataclass(frozen=True)
class ParsedPage:
    articles: tuple[ParsedArticle, ...]
    edition_date: datetime.date | None = None
    date_source: str | None = None  # "printed" | "inferred" | None
    page_number: int | None = None
    page_label: str = ""
    page_code: str = ""  # as printed: 07, A18, 第三版
    publication: str = ""  # from the masthead, when printed
    staff: tuple[StaffCredit, ...] = ()
    furniture: tuple[str, ...] = ()  # mastheads, date lines, staff lines, QR prompts
    duplicates: tuple[str, ...] = ()  # OCR-repeated text left out of the articles
    default_county: str | None = None
