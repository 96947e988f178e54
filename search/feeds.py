"""Atom feeds: any search, and each official, newest first, for a journalist's feed reader."""

import datetime
import zoneinfo

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from archive.models import Article, Person

from .engine import SearchParams, run_search
from .forms import SearchForm
from .views import result_heading

FEED_ITEMS = 50
_CHINA = zoneinfo.ZoneInfo("Asia/Shanghai")


class _ArticleFeed(Feed):
    feed_type = Atom1Feed

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        return article.body[:300]

    def item_pubdate(self, article):
        date = article.page.edition.date
        return datetime.datetime.combine(date, datetime.time(), tzinfo=_CHINA) if date else None

    item_updateddate = item_pubdate  # Atom wants <updated> on every dated entry

    def item_author_name(self, article):
        return "、".join(p.name for p in article.reporters()) or None

    def _newest(self, params: SearchParams):
        params = SearchParams(**{**params.__dict__, "sort": "newest"})
        ids = run_search(params, limit=FEED_ITEMS, facets=False).ids
        articles = Article.objects.for_display().prefetch_related("mentions__person").in_bulk(ids)
        return [articles[pk] for pk in ids if pk in articles]


class SearchFeed(_ArticleFeed):
    def get_object(self, request):
        return SearchForm(request.GET).params(), request.GET.urlencode()

    def title(self, obj):
        params, _ = obj
        return result_heading(params, run_search(params, limit=0, facets=False).total)

    def link(self, obj):
        return f"{reverse('search:search')}?{obj[1]}"

    def items(self, obj):
        return self._newest(obj[0])


class OfficialFeed(_ArticleFeed):
    def get_object(self, request, name):
        return get_object_or_404(Person, name=name)

    def title(self, person):
        return f"{person.name} · 地方政务新闻档案"

    def link(self, person):
        return person.get_absolute_url()

    def items(self, person):
        return self._newest(SearchParams(officials=(person.name,)))
