"""Marking what a reader searched for, on archive's own pages (the article page's ?q=).

archive never imports search (search builds on archive, not the reverse): the search app
registers how a query marks text when it starts (search/apps.py). Without it, text is only
escaped, so a page still renders whatever is installed.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.html import escape
from django.utils.safestring import SafeString

Marker = Callable[[str], SafeString]
_marker_for_query: Callable[[str], Marker] | None = None


def register(marker_for_query: Callable[[str], Marker]) -> None:
    """`marker_for_query(q)` returns a function marking, in any text, what `q` matches."""
    global _marker_for_query
    _marker_for_query = marker_for_query


def marker(q: str) -> Marker:
    """How to show text for a reader who searched for `q`: escaped, its matches marked."""
    if _marker_for_query is None or not (q or "").strip():
        return escape
    return _marker_for_query(q)
