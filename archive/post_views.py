"""Officials over time on the web: a place's posts, /posts.json, /posts.csv, 人事变动 feeds.

Each view reads its parameters with PostsForm and calls one service in archive/posts.py.
"""

from __future__ import annotations

import copy
import datetime
import zoneinfo
from urllib.parse import quote, unquote

from django import forms
from django.contrib.syndication.views import Feed
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import uri_to_iri
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import posts
from .exporting import site_url
from .parsing.posts import post_title, principal_posts
from .posts import printable
from .tenures import holders_on

_CHINA = zoneinfo.ZoneInfo("Asia/Shanghai")


class PostsForm(forms.Form):
    """The parameters of /posts.json and /posts.csv, and the date field of a place's page."""

    county = forms.CharField(required=False, max_length=40)
    post = forms.CharField(required=False, max_length=40)
    on = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        label=gettext_lazy("在任日期"),
        error_messages={"invalid": gettext_lazy("日期应写作 YYYY-MM-DD，如 2020-03-27。")},
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def posts_json(request):
    """GET /posts.json?county=<name>&post=<post>[&on=YYYY-MM-DD]"""
    form = PostsForm(request.GET)
    if not form.is_valid():
        return _json_error(" ".join(form.errors.get("on", [])))
    county, post = form.cleaned_data["county"].strip(), form.cleaned_data["post"].strip()
    if not county or not post:
        message = _("请给出 county（县区全称，如 武陟县）和 post（职务，如 县长），可加 on=YYYY-MM-DD。")
        return _json_error(message)
    site = site_url(request)
    answer = posts.post_holders(county=county, post=post, on=form.cleaned_data["on"], site=site)
    return JsonResponse(posts.answer_json(answer, site=site), json_dumps_params={"ensure_ascii": False})


def _json_error(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400, json_dumps_params={"ensure_ascii": False})


def posts_csv(request):
    """Every holder of every post, or of ?county= (repeatable) and ?post=, as an Excel-ready CSV."""
    counties, post_names = request.GET.getlist("county"), request.GET.getlist("post")
    chunks = posts.posts_csv_chunks(counties=counties, posts=post_names, site=site_url(request))
    response = StreamingHttpResponse((chunk.encode("utf-8") for chunk in chunks), content_type="text/csv; charset=utf-8")
    filename = "-".join(["posts", *[c for c in counties if c][:3], timezone.localdate().isoformat()]) + ".csv"
    response["Content-Disposition"] = f"attachment; filename=\"posts.csv\"; filename*=UTF-8''{quote(filename)}"
    return response


def posts_index(request):
    return render(request, "archive/posts_index.html", {"places": posts.jurisdictions_with_posts()})


def jurisdiction_posts(request, name):
    """A place's principal posts with their holders over time, the others below; ?on= says who
    held each on a day."""
    place = posts.known_jurisdiction(name)
    if place is None:
        raise Http404(name)
    form = PostsForm(request.GET)
    on = form.cleaned_data["on"] if form.is_valid() else None
    found = posts.jurisdiction_tenures(jurisdiction=place)
    principal = principal_posts(place)
    sections = [_post_section(place, post, found.get(post, []), on) for post in principal]
    others = [_post_section(place, post, holders, on) for post, holders in found.items() if post not in principal]
    context = {"place": place, "form": form, "on": on, "principal": sections, "others": others,
               "has_articles": posts.place_has_articles(place)}
    return render(request, "archive/posts.html", context, status=200 if form.is_valid() else 400)


def _post_section(place, post, holders, on):
    return {
        "post": post,
        "title": post_title(place, post),
        "holders": holders,
        "on_holders": holders_on(holders, on) if on else [],
    }


# ---------------------------------------------------------------- 人事变动 (Atom)


class _ChangesAtom(Atom1Feed):
    """Readable permalinks (as the article feeds give them) and no control character in XML."""

    def add_item(self, *args, **kwargs):
        kwargs = {key: printable(value) if isinstance(value, str) else value for key, value in kwargs.items()}
        super().add_item(*args, **kwargs)
        self.items[-1]["link"] = uri_to_iri(self.items[-1]["link"])


class PostChangesFeed(Feed):
    """人事变动, archive-wide: an entry whenever a post's newest evidence names a new holder."""

    feed_type = _ChangesAtom
    site = ""

    def __call__(self, request, *args, **kwargs):
        feed = copy.copy(self)  # urls.py shares one instance: this request's site on a copy
        feed.site = site_url(request)
        feed.feed_url = feed.site + request.get_full_path()
        return Feed.__call__(feed, request, *args, **kwargs)

    def get_object(self, request, name=None):
        return None

    def title(self, place):
        return _("人事变动 · 地方政务新闻档案")

    def link(self, place):
        return self.site + reverse("archive:posts")

    def items(self, place):
        return posts.post_changes(site=self.site)

    def item_title(self, change):
        return change.title

    def item_description(self, change):
        first = change.tenure.evidence[0]
        text = f"{change.tenure.name} 首见于《{first.headline}》（{change.tenure.first_seen}）。"
        if change.previous:
            text += f"此前见报：{change.previous.name}（最近 {change.previous.last_seen}）。"
        return text

    def item_link(self, change):
        return change.tenure.evidence[0].url

    def item_guid(self, change):
        place, post = change.tenure.key
        return f"{self.site}{unquote(reverse('archive:jurisdiction_posts', args=[place]))}#{post}-{change.tenure.holder}"

    item_guid_is_permalink = False

    def item_pubdate(self, change):
        return datetime.datetime.combine(change.tenure.first_seen, datetime.time(), tzinfo=_CHINA)

    item_updateddate = item_pubdate


class JurisdictionChangesFeed(PostChangesFeed):
    """人事变动 of one county, district or city."""

    def get_object(self, request, name=None):
        place = posts.known_jurisdiction(name or "")
        if place is None:
            raise Http404(name)
        return place

    def title(self, place):
        return _("%(place)s 人事变动 · 地方政务新闻档案") % {"place": place}

    def link(self, place):
        return self.site + reverse("archive:jurisdiction_posts", args=[place])

    def items(self, place):
        return posts.post_changes(jurisdiction=place, site=self.site)
