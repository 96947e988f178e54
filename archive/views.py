"""Browse views: each parses its URL, calls one selector, renders."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

from search.highlight import highlight
from search.query import parse_query

from . import selectors
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


def edition(request, publication, key):
    edition = selectors.edition_detail(publication=publication, key=key)
    return render(request, "archive/edition.html", {"edition": edition, "pages": selectors.edition_pages(edition)})


def page(request, publication, key, sequence):
    page = selectors.page_detail(publication=publication, key=key, sequence=sequence)
    previous, following = selectors.neighbour_pages(page)
    return render(
        request,
        "archive/page.html",
        {"page": page, "articles": page.articles.order_by("position"), "previous": previous, "next": following},
    )


def page_text(request, publication, key, sequence):
    page = selectors.page_detail(publication=publication, key=key, sequence=sequence)
    return HttpResponse(page.raw_text, content_type="text/plain; charset=utf-8")


def article(request, publication, key, sequence, ordinal):
    article = selectors.article_detail(publication=publication, key=key, sequence=sequence, ordinal=ordinal)
    previous, following = selectors.neighbour_articles(article)
    needles = parse_query(request.GET.get("q", "")).highlight_runs()
    paragraphs = [highlight(p, needles) for p in article.body.split("\n")]
    return render(
        request,
        "archive/article.html",
        {"article": article, "paragraphs": paragraphs, "previous": previous, "next": following, "q": request.GET.get("q", "")},
    )


def person(request, name):
    person, titles, articles = selectors.person_profile(name=name)
    return render(request, "archive/person.html", {"person": person, "titles": titles, "articles": articles})


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
