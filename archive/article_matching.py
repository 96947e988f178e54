"""Which article of a page's new parse is which article already in the archive, by their text.

A new scan, an edited re-upload or a better parser can cut a page differently: an article split
in two, two joined, one gone, a headline read anew. An article keeps its id (and URL, history,
corrections) when its text is still on the page, so old and new are matched by what they say,
never by file name or ordinal. Pure Python, strings in, pairs out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Two texts are the same article when this share of the shorter one's character pairs is in
# the other: an OCR re-scan changes a character in twenty (县委书计 → 县委书记) and keeps ~90 %
# of the pairs; an article split off a longer one keeps all of its pairs in its parent.
SAME_ARTICLE_SHARE = 0.5
# A side of a split or join is counted only when it holds this share of its own pairs in the
# other text: a stock phrase (本报讯, 记者) shared by neighbours does not make them parts.
PART_SHARE = 0.5

_NOT_TEXT = re.compile(r"[\s\u3000，。、；：？！“”‘’（）《》【】—…·,.;:?!\"'()\[\]\-]+")


def normalised(text: str) -> str:
    """The text without spaces, line breaks and punctuation, which OCR and layout change freely."""
    return _NOT_TEXT.sub("", text)


def character_pairs(text: str) -> frozenset[str]:
    chars = normalised(text)
    if len(chars) < 2:
        return frozenset({chars}) if chars else frozenset()
    return frozenset(chars[i : i + 2] for i in range(len(chars) - 1))


def share_in(part: frozenset[str], whole: frozenset[str]) -> float:
    """How much of `part` is in `whole` (0 when `part` is empty)."""
    return len(part & whole) / len(part) if part else 0.0


@dataclass(frozen=True)
class Matching:
    pairs: dict[int, int]  # index of a new article → index of the old article it continues
    added: tuple[int, ...]  # new articles matched to none
    gone: tuple[int, ...]  # old articles matched by none
    splits: int  # old articles whose text is now in two or more new ones
    joins: int  # new articles holding the text of two or more old ones


def articles_matched(
    old: list[str], new: list[str], *, old_headlines: list[str] | None = None, new_headlines: list[str] | None = None
) -> Matching:
    """Match old articles to new ones one to one: pairs with the same headline first, then the
    pairs sharing most text.

    The text passed is what identifies an article (its headline and body). An old article split
    in two is matched to the part with its headline, else the part holding more of its text, and
    the other part is added; of two old articles joined, the one with the new article's headline
    (else more text in it) is matched, the other is gone."""
    old_pairs = [character_pairs(text) for text in old]
    new_pairs = [character_pairs(text) for text in new]
    old_heads = [normalised(h) for h in old_headlines or [""] * len(old)]
    new_heads = [normalised(h) for h in new_headlines or [""] * len(new)]
    candidates = []
    for n, new_set in enumerate(new_pairs):
        for o, old_set in enumerate(old_pairs):
            shared = len(new_set & old_set)
            shorter = min(len(new_set), len(old_set)) or 1
            if shared and shared / shorter >= SAME_ARTICLE_SHARE:
                same_headline = bool(new_heads[n]) and new_heads[n] == old_heads[o]
                candidates.append((not same_headline, -shared, o, n))
    pairs: dict[int, int] = {}
    for *_, o, n in sorted(candidates):
        if n not in pairs and o not in pairs.values():
            pairs[n] = o
    splits = sum(
        1 for old_set in old_pairs if sum(share_in(new_set, old_set) >= PART_SHARE for new_set in new_pairs) >= 2
    )
    joins = sum(
        1 for new_set in new_pairs if sum(share_in(old_set, new_set) >= PART_SHARE for old_set in old_pairs) >= 2
    )
    return Matching(
        pairs=pairs,
        added=tuple(n for n in range(len(new)) if n not in pairs),
        gone=tuple(o for o in range(len(old)) if o not in pairs.values()),
        splits=splits,
        joins=joins,
    )
