"""Browse views: each parses its URL, calls one selector, renders."""

import functools

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from . import highlighting, selectors
from .models import county_choices

PER_PAGE = 30


def home(request):
    return render(
        request,
        "archive/home.html",
        {"editions": selectors.latest_editions(), "totals": selectors.archive_totals(), "counties": county_choices()},
    )


def editions_by_date(request):
    year = _int_or_none(request.GET.get("year"))
    month = _int_or_none(request.GET.get("month"))
    calendar = selectors.edition_calendar(year=year, month=month)
    return render(request, "archive/calendar.html", {"calendar": calendar, "year": year, "month": month})


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
    return render(request, "archive/edition.html", {"edition": edition, "pages": selectors.edition_pages(edition)})


@follows_edition_key
def page(request, publication, key, sequence):
    page = selectors.page_detail(publication=publication, key=key, sequence=sequence)
    previous, following = selectors.neighbour_pages(page)
    return render(
        request,
        "archive/page.html",
        {"page": page, "articles": page.articles.order_by("position"), "previous": previous, "next": following},
    )


@follows_edition_key
def page_text(request, publication, key, sequence):
    page = selectors.page_detail(publication=publication, key=key, sequence=sequence)
    return HttpResponse(page.raw_text, content_type="text/plain; charset=utf-8")


@follows_edition_key
def article(request, publication, key, sequence, ordinal):
    article = selectors.article_detail(publication=publication, key=key, sequence=sequence, ordinal=ordinal)
    previous, following = selectors.neighbour_articles(article)
    mark = highlighting.marker(request.GET.get("q", ""))
    paragraphs = [mark(p) for p in article.body.split("\n")]
    return render(
        request,
        "archive/article.html",
        {"article": article, "paragraphs": paragraphs, "previous": previous, "next": following, "q": request.GET.get("q", "")},
    )


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
    return render(request, "archive/people.html", {"page_obj": paginator.get_page(request.GET.get("page"))})


def county(request, name):
    if name not in dict(county_choices()):
        raise Http404(name)
    paginator = Paginator(selectors.county_articles(county=name), PER_PAGE)
    return render(request, "archive/county.html", {"county": name, "page_obj": paginator.get_page(request.GET.get("page"))})


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
