"""Our analysis (search.analysis) as Whoosh tokenizers, for the schema's text fields.
Importable by name: Whoosh pickles them into the index (a renamed one makes the index
unreadable, and `build_index --if-needed` rebuilds it)."""

from __future__ import annotations

from whoosh.analysis import Token, Tokenizer

from ..analysis import grams, words


class _PositionedTokenizer(Tokenizer):
    """A Whoosh tokenizer (usable as an analyzer) over (position, text) pairs. Importable, so
    Whoosh can pickle it into the index's schema."""

    def pieces(self, value: str):
        raise NotImplementedError

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for position, text in self.pieces(value):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar = start_char + position
                token.endchar = start_char + position + len(text)
            yield token


class BigramTokenizer(_PositionedTokenizer):
    """`grams`, for matching."""

    def pieces(self, value):
        return grams(value)


class WordTokenizer(_PositionedTokenizer):
    """jieba words, for scoring: a query's words found as words rank higher."""

    def pieces(self, value):
        return enumerate(words(value))
