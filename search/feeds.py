"""Atom feeds: any search, and each official, newest first, for a journalist's feed reader."""

import copy
import datetime
import zoneinfo

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.encoding import uri_to_iri
from django.utils.translation import gettext_lazy

from archive.exporting import article_permalink, site_url
from archive.models import Article, Person
from archive.selectors import person_current_name

from .api import SearchParams, run_search
from .atom import PrintableAtom1Feed
from .forms import SearchForm
from .views import result_heading

FEED_ITEMS = 50
_CHINA = zoneinfo.ZoneInfo("Asia/Shanghai")


class _PermalinkAtomFeed(PrintableAtom1Feed):
    """Entries link to exactly the permalinks of the CSV and JSON exports: readable, as Atom's
    href (an IRI) allows, rather than the percent-escaped form Django's writer makes of them."""

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **kwargs)
        self.items[-1]["link"] = uri_to_iri(self.items[-1]["link"])


class _ArticleFeed(Feed):
    feed_type = _PermalinkAtomFeed
    site = ""
    # RFC 4287: a feed names an author (and so does every entry, below).
    author_name = gettext_lazy("地方政务新闻档案")

    def __call__(self, request, *args, **kwargs):
        # A copy for this request (urls.py shares one instance), knowing the site its links are
        # on: the same permalinks as the CSV and JSON exports (archive.exporting.site_url).
        feed = copy.copy(self)
        feed.site = site_url(request)
        feed.feed_url = feed.site + request.get_full_path()
        return Feed.__call__(feed, request, *args, **kwargs)

    def item_link(self, article):
        return article_permalink(article, site=self.site)

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        return article.body[:300]

    def item_pubdate(self, article):
        date = article.page.edition.date
        return datetime.datetime.combine(date, datetime.time(), tzinfo=_CHINA) if date else None

    def item_updateddate(self, article):
        """RFC 4287 wants <updated> on every entry: the edition's date, or for an undated one the
        last time its page was loaded or corrected."""
        return self.item_pubdate(article) or max(filter(None, [article.page.ingested_at, article.corrected_at]))

    def item_author_name(self, article):
        """Its reporters, or the paper that printed it when it names none."""
        return "、".join(p.name for p in article.reporters()) or article.page.edition.publication.name

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
        return f"{self.site}{reverse('search:search')}?{obj[1]}"

    def items(self, obj):
        return self._newest(obj[0])


class OfficialFeed(_ArticleFeed):
    def __call__(self, request, *args, name, **kwargs):
        """A merged or renamed person's old feed URL redirects (permanently) to the kept one's."""
        current = person_current_name(name=name)
        if current != name:
            return redirect("search:official_atom", current, permanent=True)
        return super().__call__(request, *args, name=name, **kwargs)

    def get_object(self, request, name):
        return get_object_or_404(Person, name=name)

    def title(self, person):
        return f"{person.name} · 地方政务新闻档案"

    def link(self, person):
        return self.site + person.get_absolute_url()

    def items(self, person):
        return self._newest(SearchParams(official=(person.name,)))
