"""Highlighting with the same normalisation the index uses, so what matched is what is marked:
a traditional-character query marks the simplified text, "谢斌" marks "谢 斌"."""

from __future__ import annotations

import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .analysis import _to_simplified
from .query import parse_query

SNIPPET_CHARS = 120


def _normalised_chars(text: str) -> tuple[str, list[int]]:
    """The normalised text, and for each of its characters the index of the original one."""
    whole = _to_simplified().convert(unicodedata.normalize("NFKC", text).lower())
    if len(whole) == len(text):  # one character for one, as in almost all Chinese text: fast path
        origin = [i for i, char in enumerate(whole) if not char.isspace()]
        return "".join(whole[i] for i in origin), origin
    # Unified ideographs are NFKC-invariant; only the other characters need folding one by one.
    folded = [c if "\u4e00" <= c <= "\u9fff" else unicodedata.normalize("NFKC", c).lower() for c in text]
    simplified = _to_simplified().convert("".join(folded))
    if len(simplified) != sum(len(f) for f in folded):
        simplified = "".join(_to_simplified().convert(f) for f in folded)
    chars, origin = [], []
    position = 0
    for index, piece in enumerate(folded):
        for _ in piece:
            char = simplified[position]
            position += 1
            if not char.isspace():
                chars.append(char)
                origin.append(index)
    return "".join(chars), origin


def match_spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Merged (start, end) spans of `text` where any normalised needle occurs."""
    if not needles:
        return []
    normalised, origin = _normalised_chars(text)
    spans = []
    for needle in set(needles):
        start = normalised.find(needle)
        while start != -1:
            spans.append((origin[start], origin[start + len(needle) - 1] + 1))
            start = normalised.find(needle, start + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, needles: list[str]) -> SafeString:
    spans = match_spans(text, needles)
    out, cursor = [], 0
    for start, end in spans:
        out.append(escape(text[cursor:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    out.append(escape(text[cursor:]))
    return mark_safe("".join(out))


def snippet(text: str, needles: list[str], length: int = SNIPPET_CHARS) -> SafeString:
    """A window of the text around the first match, highlighted; the opening when none."""
    prefix, window, suffix = _window(text, needles, length)
    return mark_safe(f"{prefix}{highlight(window, needles)}{suffix}")


def snippet_text(text: str, needles: list[str], length: int = SNIPPET_CHARS) -> str:
    """The same window as plain text, for JSON and CSV: they carry "<", not "&lt;"."""
    return "".join(_window(text, needles, length))


def _window(text: str, needles: list[str], length: int) -> tuple[str, str, str]:
    text = " ".join(text.split("\n"))
    spans = match_spans(text, needles)
    start = max(0, spans[0][0] - length // 4) if spans else 0
    end = min(len(text), start + length)
    return ("…" if start > 0 else ""), text[start:end], ("…" if end < len(text) else "")


def query_marker(q: str):
    """What archive's pages call (registered in search/apps.py): a function marking, in any
    text, what the query `q` matches, as the search page does."""
    needles = parse_query(q).highlight_runs()
    return lambda text: highlight(text, needles)
