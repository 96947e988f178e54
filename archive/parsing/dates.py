"""Event dates and the edition year, from what the text says."""

import datetime
import re

from .blocks import DATELINE
from .model import EventDate

MONTH_DAY = re.compile(r"(?P<month>\d{1,2})月(?P<day>\d{1,2})日(?:至(?P<until>\d{1,2})日)?")
DAY_ONLY = re.compile(r"(?P<day>\d{1,2})日(?:至(?P<until>\d{1,2})日)?")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")
DATELINE_PREFIX = re.compile(rf"^(?:{DATELINE.pattern[1:]})?\s*(?:[（(][^）)]{{0,30}}[）)])?\s*")


def event_dates(first_paragraph: str, *, year: int | None, edition: datetime.date | None) -> tuple[EventDate, ...]:
    """Dates that open a clause of the first paragraph: "本报讯 3月19日，…", "13日下午，…",
    "…，10月21日至22日，…", "昨日，…" (the day before the edition). A date inside a clause
    ("传达学习3月17日市委书记……讲话精神") is what was discussed, not when."""
    text = DATELINE_PREFIX.sub("", first_paragraph, count=1)
    found: list[EventDate] = []
    month = None
    for sentence in re.split(r"(?<=[。！？!?，,；;])", text):
        if sentence.startswith("昨日") and edition:
            day = edition - datetime.timedelta(days=1)
            found.append(EventDate(day.month, day.day, day.year))
            continue
        last_year = sentence.startswith("去年")
        match = MONTH_DAY.match(sentence.removeprefix("去年"))
        if match:
            month = int(match["month"])
        elif month and (match := DAY_ONLY.match(sentence)):
            pass
        else:
            continue
        for day in _days(match):
            if 1 <= month <= 12 and 1 <= day <= 31:
                found.append(EventDate(month, day, _year_of(month, day, year, edition, last_year=last_year)))
    return tuple(dict.fromkeys(found))


LOOK_AHEAD_DAYS = 60


def _year_of(month: int, day: int, year: int | None, edition: datetime.date | None, *, last_year: bool) -> int | None:
    """An edition reports what already happened: "12月29日" on a 2018年1月3日 page, or "去年12月29日",
    is 2017's."""
    if year is None:
        return None
    if last_year:
        return year - 1
    if edition is not None and edition.year == year:
        try:
            ahead = datetime.date(year, month, day) - edition
        except ValueError:
            return year
        # A date a few days ahead is announced; one months ahead was last year's.
        if ahead > datetime.timedelta(days=LOOK_AHEAD_DAYS):
            return year - 1
    return year


def _days(match: re.Match) -> list[int]:
    first = int(match["day"])
    last = int(match["until"]) if match["until"] else first
    return list(range(first, max(first, last) + 1))[:7]


def year_stated(text: str) -> int | None:
    """The latest year the page writes out ("2020年，对于中原工业设计城来说……"), if any."""
    years = [int(y) for y in YEAR.findall(text)]
    return max(years) if years else None


def inferred_edition_date(dates: list[EventDate], year: int) -> datetime.date | None:
    """An edition reports what happened before it was printed: on or after its latest event."""
    candidates = [d for d in (EventDate(e.month, e.day, year).as_date() for e in dates) if d]
    return max(candidates) if candidates else None
