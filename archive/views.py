"""Browse views: each parses its URL, calls one selector, renders."""

import datetime
import functools
import logging

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import highlighting, selectors
from .citing import article_citation
from .exporting import site_url
from .models import is_article_county

PER_PAGE = 30
log = logging.getLogger(__name__)


class NotFound(Http404):
    """A 404 whose message is written for the reader: the 404 page shows it (other 404s' messages
    are Django's, in English, and stay off the page)."""


def home(request):
    return render(
        request,
        "archive/home.html",
        {"editions": selectors.latest_editions(), "totals": selectors.archive_totals(), "counties": selectors.county_counts()},
    )


def editions_by_date(request):
    """按日期: the years with editions; a year's months as calendars; a month's calendar and its
    editions (the latest month when nothing is asked). A year or month out of range is a 404 that
    says so, never a 500 (?year=10000)."""
    year, month = _calendar_month(request.GET.get("year"), request.GET.get("month"))
    if year is None and (latest := selectors.latest_edition_month()):
        year, month = latest
    months = selectors.edition_months(year=year) if year else []
    if month:
        months = [m for m in months if m.month == month]
    if year and not months:
        when = date_format(datetime.date(year, month or 1, 1), "YEAR_MONTH_FORMAT" if month else "Y")
        raise NotFound(_("档案中没有 %(when)s 的版面。") % {"when": when})
    previous, following = selectors.neighbour_months(year=year, month=month) if month else (None, None)
    context = {"years": selectors.edition_years(), "year": year, "month": month, "months": months,
               "previous_month": previous, "next_month": following, "undated": selectors.undated_editions()}
    return render(request, "archive/calendar.html", context)


def _calendar_month(year: str | None, month: str | None) -> tuple[int | None, int | None]:
    """The year and month asked for, or a NotFound saying what is wrong with them."""
    if year is None:
        if month is not None:
            raise NotFound(_("请同时给出年份和月份。"))
        return None, None
    number = _int_or_none(year)
    if number is None or not 1 <= number <= 9999:
        raise NotFound(_("年份应在 1 至 9999 之间。"))
    if month is None:
        return number, None
    month_number = _int_or_none(month)
    if month_number is None or not 1 <= month_number <= 12:
        raise NotFound(_("月份应在 1 至 12 之间。"))
    return number, month_number


def follows_edition_key(view):
    """An edition's earlier URL segment (undated-…, or a date an editor corrected) answers with a
    permanent redirect to the same page under the current one: citations never break."""

    @functools.wraps(view)
    def wrapper(request, publication, key, **kwargs):
        try:
            return view(request, publication, key, **kwargs)
        except Http404:
            current = selectors.edition_current_key(publication=publication, key=key)
            if current is None or current == key:
                raise
            url = reverse(request.resolver_match.view_name, kwargs={"publication": publication, "key": current, **kwargs})
            query = request.GET.urlencode()
            return redirect(f"{url}?{query}" if query else url, permanent=True)

    return wrapper


@follows_edition_key
def edition(request, publication, key):
    edition = selectors.edition_detail(publication=publication, key=key)
    previous, following = selectors.neighbour_editions(edition)
    context = {"edition": edition, "pages": selectors.edition_pages(edition),
               "previous_edition": previous, "next_edition": following}
    return render(request, "archive/edition.html", context)


@follows_edition_key
def page(request, publication, key, sequence):
    page = selectors.page_detail(publication=publication, key=key, sequence=sequence)
    previous, following = selectors.neighbour_pages(page)
    context = {"page": page, "articles": page.articles.current().order_by("position"), "previous": previous, "next": following,
               "edition_pages": page.edition.pages.order_by("sequence")}
    return render(request, "archive/page.html", context)


@follows_edition_key
def page_text(request, publication, key, sequence):
    page = selectors.page_detail(publication=publication, key=key, sequence=sequence)
    text = page.raw_text
    if "version" in request.GET:  # an earlier scan of the page, kept when a new one replaced it
        number = request.GET["version"]
        version = page.versions.filter(number=number).first() if number.isascii() and number.isdigit() and len(number) <= 5 else None
        if version is None:
            raise Http404(f"version {number}")
        text = version.raw_text
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


@follows_edition_key
def article(request, publication, key, sequence, ordinal):
    article = selectors.article_detail(publication=publication, key=key, sequence=sequence, ordinal=ordinal)
    previous, following = selectors.neighbour_articles(article)
    q = request.GET.get("q", "")
    mark = highlighting.marker(q)
    context = {
        "article": article,
        "headline": mark(article.headline),
        "kicker": mark(article.kicker),
        "subheadline": mark(article.subheadline),
        "paragraphs": [mark(p) for p in article.body.split("\n")],
        "previous": previous,
        "next": following,
        "q": q,
        "citation": article_citation(article, site=site_url(request)),
    }
    return render(request, "archive/article.html", context)


def person(request, name):
    """A merged or renamed person's old name redirects (permanently) to the kept one."""
    current = selectors.person_current_name(name=name)
    if current != name:
        return redirect("archive:person", current, permanent=True)
    person, titles, articles = selectors.person_profile(name=name)
    context = {"person": person, "titles": titles, "articles": articles,
               "other_spellings": selectors.person_other_spellings(person)}
    return render(request, "archive/person.html", context)


def people(request):
    paginator = Paginator(selectors.officials_directory(), 100)
    return render(request, "archive/people.html", {"page_obj": _page_or_404(paginator, request.GET.get("page"))})


def county(request, name):
    if not is_article_county(name):
        raise Http404(name)
    paginator = Paginator(selectors.county_articles(county=name), PER_PAGE)
    return render(request, "archive/county.html", {"county": name, "page_obj": _page_or_404(paginator, request.GET.get("page"))})


def _page_or_404(paginator: Paginator, number: str | None):
    """The page asked for; one past the end or not a number is a 404 that says how many there are."""
    try:
        return paginator.page(number or 1)
    except InvalidPage:
        raise NotFound(_("没有第 %(page)s 页：共 %(pages)s 页。") % {"page": number, "pages": paginator.num_pages}) from None


def page_not_found(request, exception):
    """Branded, in the reader's language, with the header and a way back."""
    message = str(exception) if isinstance(exception, NotFound) else ""
    return render(request, "404.html", {"message": message, "request_path": request.path}, status=404)


def server_error(request):
    """Branded like every page when it can be; Django's plain page when even that fails."""
    try:
        return render(request, "500.html", status=500)
    except Exception:
        log.exception("the 500 page could not be rendered")
        return HttpResponseServerError("Server Error (500)", content_type="text/plain")


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
