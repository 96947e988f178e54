"""Our Chinese analysis: normalised text cut into overlapping character bigrams for matching,
and into jieba words for ranking.

Why bigrams and not jieba words for matching: jieba cuts the same string differently in
different contexts (何广祥 → 任何/广祥), so a word index misses substrings. Overlapping bigrams
with true positions, matched as a phrase, find a run of text exactly where it is written:
县长 finds 副县长, 3月19日 does not find 4月19日. The last character of every run is indexed
on its own too, so a one-character query can be a prefix search.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import jieba

from archive.parsing.text import squeeze

# A run is what a phrase may span: letters, digits and CJK; punctuation and spaces end it.
RUN = re.compile(r"[0-9a-z\u3400-\u9fff\uf900-\ufaff]+")


@lru_cache(maxsize=1)
def _to_simplified():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=8)  # an article's text is analysed for two fields in a row
def normalise(text: str) -> str:
    """Width-folded, simplified, lower-case text without OCR spaces: what is indexed and searched."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return _to_simplified().convert(squeeze(folded))


def runs(text: str) -> list[str]:
    """The searchable runs of `text` after normalising it: "疫情防控、复工" → ["疫情防控", "复工"]."""
    return RUN.findall(normalise(text))


def grams(text: str) -> Iterator[tuple[int, str]]:
    """(position, gram) for every bigram, and for the last character of every run.

    Runs are two positions apart, so no phrase can match across punctuation.
    """
    position = 0
    for run in runs(text):
        for i in range(len(run) - 1):
            yield position + i, run[i : i + 2]
        yield position + len(run) - 1, run[-1]
        position += len(run) + 1


_search_jieba = jieba.Tokenizer()  # our own dictionary: the parser's stays jieba's default
_dictionary_loaded = False


def load_dictionary(words=()) -> None:
    """Teach search's jieba our people and places, once per process, so a name is one word.

    Called with the officials' names when the index is first used; later names are added as
    they are saved."""
    global _dictionary_loaded
    if not _dictionary_loaded:
        from archive.parsing.places import place_names

        jieba.setLogLevel(60)
        for name in place_names():
            _search_jieba.add_word(name)
        _dictionary_loaded = True
    for word in words:
        _search_jieba.add_word(word)


def words(text: str) -> list[str]:
    """jieba's words of the normalised text, punctuation left out."""
    load_dictionary()
    # Without HMM guessing: the names it would guess are in our dictionary, and it is 2× faster.
    return [w for w in _search_jieba.cut(normalise(text), HMM=False) if RUN.fullmatch(w)]
