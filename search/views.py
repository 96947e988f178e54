"""The search page: parse the form, run one search, present facets as plain data."""

from __future__ import annotations

import datetime
import functools
import logging
from dataclasses import dataclass
from urllib.parse import quote

from django.core.paginator import Page, Paginator
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive.exporting import records_in_batches, site_url
from archive.models import Article, Kind
from archive.selectors import people_named

from .api import SearchParams, SearchUnavailable, run_search
from .exports import export_filename, search_csv_chunks
from .facets import FACETS
from .forms import SearchForm, ignored_filters, query_in_current_spellings
from .highlight import highlight, snippet, snippet_text
from .query import MAX_QUERY_CHARS
from .timeline import chart, subject_timeline, timeline_csv_chunks

log = logging.getLogger(__name__)
PER_PAGE = 20
FACET_SHOWN = 10
PARAM_LABELS = {
    **{facet.name: facet.label for facet in FACETS},
    "date_from": gettext_lazy("起始日期"), "date_to": gettext_lazy("截止日期"), "sort": gettext_lazy("排序"),
}


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    toggle_url: str


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    values: list[FacetValue]
    truncated: bool


def reports_search_failure(view=None, *, as_json: bool = False, export: bool = False):
    """A search the index cannot answer is logged with its traceback and answered with a page
    saying so (503): never a 500, never a partial file or feed."""
    if view is None:
        return functools.partial(reports_search_failure, as_json=as_json, export=export)

    @functools.wraps(view)
    def answering(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except SearchUnavailable:
            log.exception("search failed for %s", request.get_full_path())
            return _search_unavailable(request, as_json=as_json, export=export)

    return answering


def _search_unavailable(request, *, as_json: bool, export: bool):
    message = _("导出失败：检索服务暂时不可用，请稍后再试。") if export else _("检索服务暂时不可用，请稍后再试。")
    if as_json:
        response = JsonResponse({"error": message}, status=503, json_dumps_params={"ensure_ascii": False})
    else:
        response = render(request, "search/unavailable.html", {"message": message}, status=503)
    response["Retry-After"] = "60"
    return response


@reports_search_failure
def search(request):
    if (current := query_in_current_spellings(request.GET)) is not None:
        return redirect(f"{request.path}?{current.urlencode()}")  # an official's old spelling
    params = SearchForm(request.GET).params()
    page_number = _page_number(request.GET.get("page"))
    results = run_search(params, offset=(page_number - 1) * PER_PAGE, limit=PER_PAGE)
    articles = _articles_in_order(results.ids)
    _highlight(articles, results.query.highlight_runs())
    paginator = Paginator(range(results.total), PER_PAGE)
    page_obj = paginator.get_page(page_number)
    # One past the end: say so, link to the last page, and answer 404 (not "none found").
    past_the_end = page_number > paginator.num_pages
    timeline = subject_timeline(params, total=results.total)
    context = {
        "params": params,
        "query": results.query,
        "query_max_chars": MAX_QUERY_CHARS,
        "total": results.total,
        "articles": articles,
        "page_obj": page_obj,
        "page_number": page_number,
        "past_the_end": past_the_end,
        "last_page_url": _page_url(request, paginator.num_pages),
        "facets": _facets(request, params, results.facets),
        "chips": _chips(request, params),
        "notices": _notices(request, params),
        "people": people_named(t for term in results.query.positive for t in (term.text, *term.alternatives)),
        "heading": result_heading(params, results.total),
        "page_links": _page_links(request, page_obj),
        "query_string": request.GET.urlencode(),
        "timeline": timeline,
        "chart": chart(timeline),
    }
    return render(request, "search/search.html", context, status=404 if past_the_end else 200)


def _highlight(articles: list[Article], needles: list[str]) -> None:
    """Everywhere the query matched: headline, 副题 and a snippet of the body."""
    for article in articles:
        article.headline_html = highlight(article.headline, needles)
        article.subheadline_html = highlight(article.subheadline, needles)
        article.snippet = snippet(article.body, needles)


def _notices(request, params: SearchParams) -> list[dict]:
    """What the page must say about the search as typed: filters left out, a date range that
    cannot match. Each {"text", "url", "link"} (a link to the search that works, or None)."""
    notices = []
    for param, value in ignored_filters(request.GET):
        shown = value if len(value) <= 40 else value[:40] + "…"
        text = _("已忽略无效的筛选条件：%(label)s “%(value)s”。") % {"label": PARAM_LABELS[param], "value": shown}
        notices.append({"text": text, "url": None, "link": None})
    if params.date_from and params.date_to and params.date_from > params.date_to:
        swapped = request.GET.copy()
        swapped["date_from"], swapped["date_to"] = params.date_to.isoformat(), params.date_from.isoformat()
        swapped.pop("page", None)
        text = _("起始日期 %(start)s 晚于截止日期 %(end)s，没有文章能同时满足。") % {
            "start": params.date_from.isoformat(), "end": params.date_to.isoformat()}
        notices.append({"text": text, "url": f"?{swapped.urlencode()}", "link": _("对调两个日期")})
    return notices


@reports_search_failure(export=True)
def search_timeline_csv(request):
    """The table behind the search page's chart: periods, matching and archive counts, shares."""
    params = SearchForm(request.GET).params()
    timeline = subject_timeline(params, total=run_search(params, limit=0).total)
    response = HttpResponse("".join(timeline_csv_chunks(timeline)).encode("utf-8"), content_type="text/csv; charset=utf-8")
    filename = export_filename(params, timezone.localdate()).replace(".csv", "-timeline.csv")
    response["Content-Disposition"] = f"attachment; filename=\"archive-timeline.csv\"; filename*=UTF-8''{quote(filename)}"
    return response


@reports_search_failure(export=True)
def search_csv(request):
    """The page's own search as CSV: every matching row, streamed. The search runs before the
    response starts, so a failure is an error page, never an error inside the file."""
    params = SearchForm(request.GET).params()
    chunks = search_csv_chunks(params, site=site_url(request))
    response = StreamingHttpResponse((chunk.encode("utf-8") for chunk in chunks), content_type="text/csv; charset=utf-8")
    filename = export_filename(params, timezone.localdate())
    response["Content-Disposition"] = f"attachment; filename=\"archive-export.csv\"; filename*=UTF-8''{quote(filename)}"
    return response


JSON_PAGE_SIZE = 50


@reports_search_failure(as_json=True)
def search_json(request):
    """The search as JSON, a page of results at a time (per_page up to 100), with a next link."""
    params = SearchForm(request.GET).params()
    page_number = _page_number(request.GET.get("page"))
    per_page = min(100, _page_number(request.GET.get("per_page") or JSON_PAGE_SIZE))
    results = run_search(params, offset=(page_number - 1) * per_page, limit=per_page)
    needles = results.query.highlight_runs()
    site = site_url(request)
    records = list(records_in_batches(results.ids, site=site))
    for record in records:
        record["snippet"] = snippet_text(record["body"], needles)

    has_next = page_number * per_page < results.total
    return JsonResponse(
        {
            "count": results.total,
            "heading": result_heading(params, results.total),
            "next": site + request.path + _page_url(request, page_number + 1) if has_next else None,
            "previous": site + request.path + _page_url(request, page_number - 1) if page_number > 1 else None,
            "facets": results.facets,
            "results": records,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def result_heading(params: SearchParams, total: int) -> str:
    """What the result set is, every filter in words: "修武县 · 2020年 · 含“脱贫攻坚”的文章 12 篇".
    Values of one facet are alternatives ("修武县或武陟县")."""
    kinds = dict(Kind.choices)
    groups = [
        params.county,
        [_("%(year)s年") % {"year": y} for y in params.year],
        [date_format(datetime.date(int(m[:4]), int(m[5:]), 1), "YEAR_MONTH_FORMAT") for m in params.month],
        [str(kinds.get(k, k)) for k in params.kind],
        params.official,
        [_("记者 %(name)s") % {"name": r} for r in params.reporter],
    ]
    parts = [_("或").join(group) for group in groups if group]
    if dates := _date_range_words(params.date_from, params.date_to):
        parts.append(dates)
    q = params.q.strip()[:MAX_QUERY_CHARS]
    if q:
        parts.append(_("含“%(q)s”的文章 %(n)s 篇") % {"q": q, "n": total})
    else:
        parts.append(_("文章 %(n)s 篇") % {"n": total})
    return " · ".join(parts)


def _date_range_words(start: datetime.date | None, end: datetime.date | None) -> str:
    if start and end:
        return _("%(start)s 至 %(end)s") % {"start": start.isoformat(), "end": end.isoformat()}
    if start:
        return _("%(start)s 起") % {"start": start.isoformat()}
    return _("至 %(end)s") % {"end": end.isoformat()} if end else ""


def _articles_in_order(ids: list[int]) -> list[Article]:
    by_id = Article.objects.for_display().prefetch_related("mentions__person").in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def _page_number(value) -> int:
    try:
        return max(1, min(int(value), 10_000))
    except (TypeError, ValueError):
        return 1


def _toggle_url(request, param: str, value: str) -> str:
    query = request.GET.copy()
    query.pop("page", None)  # a changed filter starts again at page 1
    values = query.getlist(param)
    query.setlist(param, [v for v in values if v != value] if value in values else [*values, value])
    return f"?{query.urlencode()}"


def _facets(request, params: SearchParams, counts: dict[str, dict[str, int]]) -> list[Facet]:
    """Every facet of search.facets with values, as plain data (months only within one year)."""
    facets = []
    for facet in FACETS:
        name = facet.name
        if name == "month" and len(params.year) != 1:
            continue
        selected = set(params.selected(name))
        values = counts.get(name, {})
        for value in selected - set(values):
            values = {**values, value: 0}
        if facet.newest_first:
            ordered = sorted(values.items(), reverse=True)
        else:
            ordered = sorted(values.items(), key=lambda item: (item[0] not in selected, -item[1], item[0]))
        shown = ordered if request.GET.get(f"more_{name}") else ordered[:FACET_SHOWN]
        facet_values = [
            FacetValue(value, facet.show(value), count, value in selected, _toggle_url(request, name, value))
            for value, count in shown
        ]
        if facet_values:
            facets.append(Facet(name, str(facet.label), facet_values, len(ordered) > len(shown)))
    return facets


def _chips(request, params: SearchParams) -> list[FacetValue]:
    """The filters in force (as the form read them: an invalid date is no filter, so no chip)."""
    chips = []
    for facet in FACETS:
        for value in params.selected(facet.name):
            chips.append(FacetValue(value, facet.show(value), 0, True, _toggle_url(request, facet.name, value)))
    for param, date, label in (("date_from", params.date_from, _("从 %s")), ("date_to", params.date_to, _("到 %s"))):
        if date:
            query = request.GET.copy()
            query.pop(param)
            query.pop("page", None)
            chips.append(FacetValue(date.isoformat(), label % date.isoformat(), 0, True, f"?{query.urlencode()}"))
    return chips


def _page_url(request, number: int) -> str:
    query = request.GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


def _page_links(request, page_obj: Page) -> dict:
    return {
        "previous": _page_url(request, page_obj.previous_page_number()) if page_obj.has_previous() else None,
        "next": _page_url(request, page_obj.next_page_number()) if page_obj.has_next() else None,
    }

