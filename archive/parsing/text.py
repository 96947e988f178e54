"""Character-level helpers for OCR'd Chinese newspaper text.

Everything here works on plain strings; nothing knows about pages or articles.
"""

import re
import unicodedata

CJK = r"\u3400-\u9fff"
# Sentence-final marks. A closing quote or bracket after one of these still ends the sentence
# ("……心理。”").
SENTENCE_END = "。！？!?…；;：:"
CLOSERS = "”’」』）)》】\"'"

_SPACE_INSIDE = re.compile(r"\s+")


def is_ascii_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def squeeze(text: str) -> str:
    """Remove OCR whitespace, keeping one space only between two Latin letters or digits.

    The OCR inserts spaces inside names and numbers ("谢 斌", "3 月 24 日") and wraps lines
    mid-word ("柴英\\n杰"); a space between Latin words ("JIAOZUO DAILY") is real.
    """

    def keep_or_drop(match: re.Match) -> str:
        start, end = match.start(), match.end()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        return " " if is_ascii_word_char(before) and is_ascii_word_char(after) else ""

    return _SPACE_INSIDE.sub(keep_or_drop, text)


def non_space(text: str) -> str:
    return "".join(text.split())


def display_width(text: str) -> int:
    """Column width as a typesetter counts it: a full-width character takes two columns, and so
    do the quotes “” that Unicode calls ambiguous but a Chinese page sets full-width."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in text)


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip().rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def normalise_for_matching(text: str) -> str:
    """Width-folded, whitespace-free text: what search and duplicate detection compare."""
    return non_space(unicodedata.normalize("NFKC", text))


def cjk_bigrams(text: str) -> set[str]:
    chars = [c for c in normalise_for_matching(text) if re.match(f"[{CJK}]", c)]
    return {a + b for a, b in zip(chars, chars[1:], strict=False)}


def split_sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。！？!?])", text) if s]
