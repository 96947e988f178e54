"""Reads: what the browse pages show, as querysets and plain data."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Alias, Article, Edition, FormerEditionKey, Mention, Page, Person, Role

# An edition's articles, without the withdrawn (Article.withdrawn).
_CURRENT_ARTICLES = Count("pages__articles", filter=Q(pages__articles__withdrawn=False))
_MENTIONS = Prefetch("mentions", queryset=Mention.objects.select_related("person").order_by("position"))


def latest_editions(*, limit: int = 12):
    return (
        Edition.objects.select_related("publication")
        .annotate(page_count=Count("pages", distinct=True), article_count=_CURRENT_ARTICLES)
        .order_by("-date", "-pk")[:limit]
    )


def archive_totals() -> dict:
    return {
        "editions": Edition.objects.count(),
        "pages": Page.objects.count(),
        "articles": Article.objects.current().count(),
        "officials": Person.objects.filter(mentions__role=Role.OFFICIAL).distinct().count(),
    }


def county_counts() -> list[tuple[str, int]]:
    """The counties the archive has articles about, each with its number of articles, most first."""
    rows = Article.objects.current().exclude(county="").values("county").annotate(n=Count("pk")).order_by("-n", "county")
    return [(row["county"], row["n"]) for row in rows]


@dataclass(frozen=True)
class CalendarDay:
    date: datetime.date | None  # None: a cell before the first or after the last of the month
    editions: list


@dataclass(frozen=True)
class CalendarMonth:
    year: int
    month: int
    weeks: list[list[CalendarDay]]

    @property
    def first(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def editions(self) -> list:
        return [edition for week in self.weeks for day in week for edition in day.editions]


def edition_years() -> list[int]:
    return [d.year for d in Edition.objects.exclude(date=None).dates("date", "year", order="DESC")]


def latest_edition_month() -> tuple[int, int] | None:
    latest = Edition.objects.exclude(date=None).order_by("-date").values_list("date", flat=True).first()
    return (latest.year, latest.month) if latest else None


def edition_months(*, year: int) -> list[CalendarMonth]:
    """A year's months that have editions, each as a calendar of weeks (Monday first) whose days
    carry their editions."""
    editions = (
        Edition.objects.filter(date__year=year)
        .select_related("publication")
        .annotate(article_count=_CURRENT_ARTICLES)
        .order_by("date", "publication__name")
    )
    by_day: dict[datetime.date, list] = defaultdict(list)
    for edition in editions:
        by_day[edition.date].append(edition)
    months = sorted({(day.year, day.month) for day in by_day})
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar
    return [
        CalendarMonth(y, m, [[CalendarDay(d if d.month == m else None, by_day.get(d, []) if d.month == m else [])
                              for d in week] for week in weeks(y, m)])
        for y, m in months
    ]


def neighbour_months(*, year: int, month: int) -> tuple[datetime.date | None, datetime.date | None]:
    """The nearest months before and after with editions (their first days)."""
    months = Edition.objects.exclude(date=None).dates("date", "month")
    first = datetime.date(year, month, 1)
    following = datetime.date(year + month // 12, month % 12 + 1, 1) if (year, month) != (9999, 12) else None
    later = months.filter(date__gte=following).first() if following else None
    return months.filter(date__lt=first).last(), later


def undated_editions():
    return Edition.objects.filter(date=None).select_related("publication")


def neighbour_editions(edition: Edition) -> tuple[Edition | None, Edition | None]:
    """The same paper's previous and next dated editions (an undated one has neither)."""
    if edition.date is None:
        return None, None
    same_paper = Edition.objects.filter(publication=edition.publication).exclude(date=None).select_related("publication")
    return same_paper.filter(date__lt=edition.date).order_by("-date").first(), same_paper.filter(date__gt=edition.date).order_by("date").first()


def edition_detail(*, publication: str, key: str) -> Edition:
    return get_object_or_404(Edition.objects.select_related("publication"), publication__slug=publication, key=key)


def edition_current_key(*, publication: str, key: str) -> str | None:
    """The URL segment of the edition once published as `key` (undated-…, or a date an editor
    corrected), or None when `key` was never an edition's earlier segment."""
    former = FormerEditionKey.objects.filter(publication__slug=publication, key=key).select_related("edition")
    return next((f.edition.key for f in former), None)


def edition_pages(edition: Edition):
    return edition.pages.prefetch_related(Prefetch("articles", queryset=Article.objects.current().order_by("position")))


# The largest page number or ordinal a URL can name: the columns are small integers, and a larger
# number (/焦作日报/2020-03-27/99999999999999999999/) would overflow SQLite's integers (a 500).
LARGEST_NUMBER = 32767


def _numbers_in_range(*numbers: int) -> None:
    if any(number > LARGEST_NUMBER for number in numbers):
        raise Http404("no such page or article")


def page_detail(*, publication: str, key: str, sequence: int) -> Page:
    _numbers_in_range(sequence)
    return get_object_or_404(
        Page.objects.select_related("edition__publication"),
        edition__publication__slug=publication,
        edition__key=key,
        sequence=sequence,
    )


def neighbour_pages(page: Page) -> tuple[Page | None, Page | None]:
    pages = page.edition.pages.order_by("sequence")
    return pages.filter(sequence__lt=page.sequence).last(), pages.filter(sequence__gt=page.sequence).first()


def article_detail(*, publication: str, key: str, sequence: int, ordinal: int) -> Article:
    _numbers_in_range(sequence, ordinal)
    return get_object_or_404(
        Article.objects.for_display().prefetch_related(_MENTIONS),
        page__edition__publication__slug=publication,
        page__edition__key=key,
        page__sequence=sequence,
        ordinal=ordinal,
    )


def neighbour_articles(article: Article) -> tuple[Article | None, Article | None]:
    """Previous and next article in reading order within the edition."""
    siblings = list(
        Article.objects.filter(page__edition=article.page.edition)
        .filter(Q(withdrawn=False) | Q(pk=article.pk))
        .select_related("page__edition__publication")
        .order_by("page__sequence", "position")
    )
    index = next(i for i, a in enumerate(siblings) if a.pk == article.pk)
    previous = siblings[index - 1] if index > 0 else None
    following = siblings[index + 1] if index + 1 < len(siblings) else None
    return previous, following


@dataclass(frozen=True)
class TitleSpan:
    title: str
    first: object
    last: object
    articles: list


def person_profile(*, name: str) -> tuple[Person, list[TitleSpan], list[Article]]:
    """A person, every title printed with their name (first and last seen), their articles."""
    person = get_object_or_404(Person, name=name)
    mentions = (
        person.mentions.exclude(article=None)
        .select_related("article__page__edition__publication")
        .order_by("article__page__edition__date", "article__page__sequence", "article__ordinal")
    )
    spans: dict[str, list] = defaultdict(list)
    articles = []
    for mention in mentions:
        articles.append(mention.article)
        for title in mention.titles:
            spans[title].append(mention.article)
    titles = []
    for title, seen in spans.items():
        dates = [a.page.edition.date for a in seen if a.page.edition.date]
        titles.append(TitleSpan(title, min(dates, default=None), max(dates, default=None), seen))
    titles.sort(key=lambda span: (span.first is None, span.first or 0, span.title))
    unique_articles = list({a.pk: a for a in reversed(articles)}.values())
    return person, titles, unique_articles


def person_current_name(*, name: str) -> str:
    """The name a person is filed under now: `name` itself, or the kept spelling when `name` is
    another one (merged, renamed). Http404 when nobody is known by it."""
    if Person.objects.filter(name=name).exists():
        return name
    alias = Alias.objects.filter(name=name).select_related("person").first()
    if alias is None:
        raise Http404(name)
    return alias.person.name


def people_current_names(names: Iterable[str]) -> dict[str, str]:
    """Each name → the name its person is filed under now: an old spelling (merged, renamed)
    gives the kept one; a current or unknown name gives itself."""
    names = list(names)
    current = {name: name for name in Person.objects.filter(name__in=names).values_list("name", flat=True)}
    current.update(Alias.objects.filter(name__in=[n for n in names if n not in current]).values_list("name", "person__name"))
    return {name: current.get(name, name) for name in names}


def person_other_spellings(person: Person) -> list[str]:
    return list(person.aliases.order_by("name").values_list("name", flat=True))


def officials_directory():
    return (
        Person.objects.filter(mentions__role__in=[Role.OFFICIAL, Role.BUSINESS])
        .annotate(
            mention_count=Count("mentions__article", distinct=True),
            first_seen=Min("mentions__article__page__edition__date"),
            last_seen=Max("mentions__article__page__edition__date"),
        )
        .order_by("-mention_count", "name")
    )


def county_articles(*, county: str):
    return Article.objects.current().filter(county=county).for_display().in_reading_order()



def people_named(names: Iterable[str]) -> list[Person]:
    """The people filed under any of `names` or known by one of them as another spelling, in the
    order of the names (a search for 王家鹏 offers his page)."""
    names = [name for name in dict.fromkeys(names) if 1 < len(name) <= 40]
    current = people_current_names(names)
    found = Person.objects.in_bulk(set(current.values()), field_name="name")
    return list({current[name]: found[current[name]] for name in names if current[name] in found}.values())
