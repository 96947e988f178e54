"""One form parses search parameters for the search page, the CSV/JSON exports and the
command line. It is lenient: an unknown county or a malformed date is dropped, never a 500."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from archive.models import Kind, county_choices
from archive.selectors import people_current_names

from .engine import SearchParams

SORT_CHOICES = [("relevance", _("相关度")), ("newest", _("日期 新→旧")), ("oldest", _("日期 旧→新"))]
MULTI_FIELDS = ("county", "year", "month", "kind", "official", "reporter")


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=1000, label=_("检索词"))
    county = forms.MultipleChoiceField(required=False, choices=county_choices, label=_("县区"))
    year = forms.MultipleChoiceField(required=False, label=_("年份"))
    month = forms.MultipleChoiceField(required=False, label=_("月份"))
    kind = forms.MultipleChoiceField(required=False, choices=Kind.choices, label=_("体裁"))
    official = forms.MultipleChoiceField(required=False, label=_("官员"))
    reporter = forms.MultipleChoiceField(required=False, label=_("记者"))
    date_from = forms.DateField(required=False, label=_("起始日期"))
    date_to = forms.DateField(required=False, label=_("截止日期"))
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES, label=_("排序"))

    def __init__(self, data=None, **kwargs):
        super().__init__(_lenient(data), **kwargs)
        # Free values (years, months, names) are valid when well formed.
        self.fields["year"].valid_value = lambda v: bool(re.fullmatch(r"(19|20)\d\d", v))
        self.fields["month"].valid_value = lambda v: bool(re.fullmatch(r"(19|20)\d\d-[01]\d", v))
        self.fields["official"].valid_value = lambda v: 1 < len(v) <= 40
        self.fields["reporter"].valid_value = lambda v: 1 < len(v) <= 40

    def params(self) -> SearchParams:
        """The parameters, keeping only the values that are valid."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return SearchParams(
            q=data.get("q") or "",
            county=tuple(data.get("county") or ()),
            year=tuple(data.get("year") or ()),
            month=tuple(data.get("month") or ()),
            kind=tuple(data.get("kind") or ()),
            officials=_current_spellings(data.get("official") or ()),
            reporters=tuple(data.get("reporter") or ()),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            sort=data.get("sort") or "relevance",
        )


def _current_spellings(names) -> tuple[str, ...]:
    """Officials by the names they are filed under now: an old spelling (merged, renamed) finds
    the kept person's articles, in every search, export and feed."""
    current = people_current_names(names)
    return tuple(dict.fromkeys(current[name] for name in names))


def query_in_current_spellings(query):
    """A copy of the search's query with old spellings of officials replaced by the kept ones,
    or None when every name is current (the search page redirects, so its filter chips and
    links speak of the name it searched for)."""
    names = query.getlist("official")
    current = people_current_names(names)
    if all(current[name] == name for name in names):
        return None
    updated = query.copy()
    updated.setlist("official", list(dict.fromkeys(current[name] for name in names)))
    return updated


def _lenient(data):
    """Drop invalid values field by field, so one bad value doesn't void the whole search."""
    if data is None:
        return None
    cleaned = {}
    for key in ("q", "date_from", "date_to", "sort"):
        value = data.get(key)
        if value is None:
            continue
        if key.startswith("date_") and not _is_date(value):
            continue
        cleaned[key] = value
    getlist = data.getlist if hasattr(data, "getlist") else lambda k: _as_list(data.get(k))
    valid_kinds = {k for k, _ in Kind.choices}
    valid_counties = {c for c, _ in county_choices()}
    checks = {"county": valid_counties.__contains__, "kind": valid_kinds.__contains__}
    for key in MULTI_FIELDS:
        values = [v for v in getlist(key) if v and checks.get(key, lambda v: True)(v)]
        if values:
            cleaned[key] = values
    if cleaned.get("sort") not in (None, "relevance", "newest", "oldest"):
        cleaned.pop("sort")
    return _QueryDictLike(cleaned)


def _as_list(value):
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _is_date(value: str) -> bool:
    try:
        datetime.date.fromisoformat(str(value))
        return True
    except ValueError:
        return False


class _QueryDictLike(dict):
    def getlist(self, key):
        return _as_list(self.get(key))
