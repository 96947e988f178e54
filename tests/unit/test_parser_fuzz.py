"""The parser is total: whatever text it is given (mutated real pages, random Chinese), it
returns a parse and accounts for every character."""

import random

import pytest

from archive.parsing import parse_page, unaccounted
from tests.conftest import FIXTURE_PAGES

MUTATED_PAGES = 2000
RANDOM_TEXTS = 300
# What OCR'd pages are made of, and what breaks rules: datelines, credits, bullets, brackets.
PIECES = [
    "本报讯", "（记者 王芳）", "本报记者 郭树勋 摄", "摄", "■", "图为", "县领导", "、", "等", "书记", "县长",
    "2020年3月27日", "第06版", "责任编辑：张三", "（下转第3版）", "。", "，", "：", "——", "\n", "\n\n", " ",
    "新闻热线：8797000", "JIAOZUO DAILY", "07", "A4", "我县", "示范区", "修武县", "（", "）", "“", "”",
]


def _random_cjk(rng: random.Random, size: int) -> str:
    return "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(size))


def _mutated(text: str, rng: random.Random) -> str:
    start = rng.randrange(max(1, len(text) - 3000))
    window = text[start : start + rng.randrange(200, 3000)]
    for _ in range(rng.randrange(1, 12)):
        at = rng.randrange(len(window) + 1)
        operation = rng.randrange(5)
        if operation == 0:
            window = window[:at] + window[at + rng.randrange(1, 80) :]
        elif operation == 1:
            window = window[:at] + rng.choice(PIECES) + window[at:]
        elif operation == 2:
            window = window[:at] + _random_cjk(rng, rng.randrange(1, 30)) + window[at:]
        elif operation == 3:
            lines = window.split("\n")
            line = rng.randrange(len(lines))
            lines.insert(line, lines[rng.randrange(len(lines))])
            window = "\n".join(lines)
        else:
            lines = window.split("\n")
            rng.shuffle(lines)
            window = "\n".join(lines)
    return window


@pytest.fixture(scope="module")
def pages():
    return [page.read_text(encoding="utf-8") for page in FIXTURE_PAGES]


def test_mutated_pages_parse_and_lose_no_character(pages):
    rng = random.Random(2026)
    for _ in range(MUTATED_PAGES):
        text = _mutated(rng.choice(pages), rng)
        assert unaccounted(text, parse_page(text)) == {}, text


def test_random_chinese_parses_and_loses_no_character():
    rng = random.Random(7)
    for _ in range(RANDOM_TEXTS):
        pieces = [rng.choice(PIECES) if rng.random() < 0.3 else _random_cjk(rng, rng.randrange(1, 60)) for _ in range(40)]
        text = "".join(pieces)
        assert unaccounted(text, parse_page(text)) == {}, text
