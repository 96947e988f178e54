"""The search page: parse the form, run one search, present facets as plain data."""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from urllib.parse import quote

from django.core.paginator import Page, Paginator
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from archive.exporting import records_in_batches, site_url
from archive.models import Article

from .api import SearchParams, SearchUnavailable, run_search
from .exports import export_filename, search_csv_chunks
from .facets import FACETS
from .forms import SearchForm, query_in_current_spellings
from .highlight import snippet

log = logging.getLogger(__name__)
PER_PAGE = 20
FACET_SHOWN = 10
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
    needles = results.query.highlight_runs()
    for article in articles:
        article.snippet = snippet(article.body, needles)
    paginator = Paginator(range(results.total), PER_PAGE)
    page_obj = paginator.get_page(page_number)
    return render(
        request,
        "search/search.html",
        {
            "params": params,
            "query": results.query,
            "total": results.total,
            "articles": articles,
            "page_obj": page_obj,
            "facets": _facets(request, params, results.facets),
            "chips": _chips(request, params),
            "heading": result_heading(params, results.total),
            "page_links": _page_links(request, page_obj),
            "query_string": request.GET.urlencode(),
        },
    )


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
        record["snippet"] = strip_tags(snippet(record["body"], needles))

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
    """What the result set is, in words: "修武县 · 2020年 · 含“脱贫攻坚”的文章 12 篇"."""
    parts = list(params.county) + [f"{y}年" for y in params.year] + list(params.official)
    if params.q.strip():
        parts.append(_("含“%(q)s”的文章 %(n)s 篇") % {"q": params.q.strip(), "n": total})
    else:
        parts.append(_("文章 %(n)s 篇") % {"n": total})
    return " · ".join(parts)


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

