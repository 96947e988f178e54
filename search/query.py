"""What a journalist types, as plain data: spaces mean AND, "quotes" (also “ ”) an exact phrase,
a leading minus (or NOT) excludes, OR joins two alternatives. Anything else is text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .analysis import runs

MAX_QUERY_CHARS = 200
_TOKEN = re.compile(r'(?P<neg>-)?(?:["“”「」](?P<phrase>[^"“”「」]*)["“”「」]?|(?P<word>[^\s"“”「」]+))')


@dataclass(frozen=True)
class Term:
    text: str
    negated: bool = False
    alternatives: tuple[str, ...] = ()  # "A OR B": the other spellings that also match

    @property
    def runs(self) -> list[list[str]]:
        """For each spelling, the runs that must all occur."""
        return [runs(spelling) for spelling in (self.text, *self.alternatives)]


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[Term, ...]
    truncated: bool = False
    ignored: bool = False  # the query had characters but nothing searchable

    @property
    def positive(self) -> list[Term]:
        return [t for t in self.terms if not t.negated]

    @property
    def negative(self) -> list[Term]:
        return [t for t in self.terms if t.negated]

    def highlight_runs(self) -> list[str]:
        return [run for term in self.positive for spelling in term.runs for run in spelling]


def parse_query(raw: str) -> ParsedQuery:
    raw = (raw or "").strip()
    truncated = len(raw) > MAX_QUERY_CHARS
    raw = raw[:MAX_QUERY_CHARS]
    terms: list[Term] = []
    negate_next = join_next = False
    for match in _TOKEN.finditer(raw):
        text = match["phrase"] if match["phrase"] is not None else match["word"]
        if match["word"] in ("AND", "&&"):
            continue
        if match["word"] in ("NOT", "!"):
            negate_next = True
            continue
        if match["word"] in ("OR", "||"):
            join_next = bool(terms)
            continue
        if not runs(text):
            continue
        negated = bool(match["neg"]) or negate_next
        if join_next and not negated and not terms[-1].negated:
            last = terms.pop()
            terms.append(Term(last.text, False, (*last.alternatives, text)))
        else:
            terms.append(Term(text, negated))
        negate_next = join_next = False
    return ParsedQuery(tuple(terms), truncated=truncated, ignored=bool(raw) and not terms)
