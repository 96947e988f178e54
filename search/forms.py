"""One form parses search parameters for the search page, the CSV/JSON exports and the
command line. It is lenient: an unknown county or a malformed date is dropped, never a 500."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from archive.characters import printable
from archive.selectors import people_current_names

from .facets import FACETS, NAMES
from .params import SearchParams

SORT_CHOICES = [("relevance", _("相关度")), ("newest", _("日期 新→旧")), ("oldest", _("日期 旧→新"))]
MULTI_FIELDS = NAMES
# Free values are kept when well formed; the others are left out, and the page says so.
VALUE_CHECKS = {facet.name: facet.well_formed for facet in FACETS if facet.choices is None and facet.well_formed}


def _with_facet_fields(form_class):
    """The form's fields in order: q, one multiple choice per facet of search.facets, the
    dates, the sort."""
    fields = dict(form_class.base_fields)
    facet_fields = {
        facet.name: forms.MultipleChoiceField(required=False, choices=facet.choices or (), label=facet.label)
        for facet in FACETS
    }
    form_class.base_fields = {"q": fields.pop("q"), **facet_fields, **fields}
    return form_class


@_with_facet_fields
class SearchForm(forms.Form):
    # Any length: the query parser uses the first MAX_QUERY_CHARS and the page says so.
    q = forms.CharField(required=False, label=_("检索词"))
    date_from = forms.DateField(required=False, label=_("起始日期"))
    date_to = forms.DateField(required=False, label=_("截止日期"))
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES, label=_("排序"))

    def __init__(self, data=None, **kwargs):
        super().__init__(_lenient(data), **kwargs)
        # Free values (years, months, names) are valid when well formed.
        for name, check in VALUE_CHECKS.items():
            self.fields[name].valid_value = check

    def params(self) -> SearchParams:
        """The parameters, keeping only the values that are valid."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        selected = {name: tuple(data.get(name) or ()) for name in NAMES}
        selected["official"] = _current_spellings(selected["official"])
        return SearchParams(
            q=data.get("q") or "",
            **selected,
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
        value = _printable(data.get(key))
        if value is None:
            continue
        if key.startswith("date_") and not _is_date(value):
            continue
        cleaned[key] = value
    getlist = data.getlist if hasattr(data, "getlist") else lambda k: _as_list(data.get(k))
    checks = {facet.name: facet.validator() for facet in FACETS}
    for key in MULTI_FIELDS:
        values = [v for v in map(_printable, getlist(key)) if v and checks[key](v)]
        if values:
            cleaned[key] = values
    if cleaned.get("sort") not in (None, "relevance", "newest", "oldest"):
        cleaned.pop("sort")
    return _QueryDictLike(cleaned)


def _printable(value):
    """A control character typed or pasted into a search (?q=%07) counts as a space: the search
    stays valid, and nothing unprintable reaches a heading, a feed title or the engine."""
    return printable(value, replacement=" ") if isinstance(value, str) else value


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


def ignored_filters(data) -> list[tuple[str, str]]:
    """The (parameter, value) pairs of a search the form leaves out: an unknown county or kind, a
    malformed year, month, name or date, an unknown sort. The page names them rather than
    dropping them silently."""
    kept = _lenient(data)
    ignored = []
    for key in (*MULTI_FIELDS, "date_from", "date_to", "sort"):
        for value in data.getlist(key):
            if value.strip() and _printable(value) not in kept.getlist(key):
                ignored.append((key, value))
    return ignored
