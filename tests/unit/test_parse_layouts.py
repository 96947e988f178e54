"""The generated evaluation pages (bench/parse_layouts.py): reproducible, gold right by construction,
and varied. No database: the generator is pure Python."""

import json
import re

import pytest

from bench.parse_layouts import compact, county_short, load_sources, write_generated_pages


def pages(paths):
    """(page text, gold) of each generated gold file."""
    for path in paths:
        gold = json.loads(path.read_text(encoding="utf-8"))
        yield (path.parent / gold["page_file"]).read_text(encoding="utf-8"), gold


def spans(text, gold):
    """Each gold article's span in the page's compact text, found as bench/parse_eval.py finds it:
    start from the previous article's end on, end from start on."""
    page, cursor = compact(text), 0
    for article in gold["articles"]:
        start = page.find(compact(article["start"]), cursor)
        end = page.find(compact(article["end"]), max(start, 0))
        assert start >= 0 and end >= start, (gold["page_file"], article["start"], article["end"])
        cursor = end + len(compact(article["end"]))
        yield article, page[start:cursor]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return list(pages(write_generated_pages(count=20, seed=11, folder=tmp_path_factory.mktemp("pages"))))


def test_one_seed_gives_the_same_pages(tmp_path):
    first = write_generated_pages(count=10, seed=5, folder=tmp_path / "a")
    second = write_generated_pages(count=10, seed=5, folder=tmp_path / "b")
    assert len(first) == 10
    for one, other in zip(first, second, strict=True):
        assert one.name == other.name
        assert one.read_bytes() == other.read_bytes()
        page = one.name.replace(".gold.json", ".txt")
        assert (one.parent / page).read_bytes() == (other.parent / page).read_bytes()
    assert write_generated_pages(count=1, seed=6, folder=tmp_path / "c")[0].read_bytes() != first[1].read_bytes()


def test_every_start_and_end_is_printed_in_order(generated):
    for text, gold in generated:
        assert 3 <= len(gold["articles"]) <= 8
        for article, _span in spans(text, gold):
            assert article["start"] in text and article["end"] in text
            assert len(compact(article["start"])) >= 10 and len(compact(article["end"])) >= 10


def test_gold_says_only_what_the_article_prints(generated):
    for text, gold in generated:
        assert gold["paper"] in text and gold["page"] in text
        year, month, day = (int(x) for x in gold["edition_date"].split("-"))
        assert re.search(f"{year}年0?{month}月0?{day}日", text)
        for article, span in spans(text, gold):
            if article["headline"]:
                assert compact(article["headline"]) in span
            for name in [o["name"] for o in article["officials"]] + article["reporters"]:
                assert compact(name) in span, (name, article["start"])
            if article["county"]:
                assert county_short(article["county"]) in span


def test_an_article_is_printed_once_a_page(generated):
    for _text, gold in generated:
        sources = list(gold["article_sources"].values())
        assert len(sources) == len(set(sources)) == len(gold["articles"])


def test_pages_vary(generated):
    one_line_header = {gold["edition_date"][:4] + "年" in text.split("\n", 1)[0] for text, gold in generated}
    assert one_line_header == {True, False}  # paper, date and page code on one line, or stacked
    positions = set()
    for text, gold in generated:
        for article, span in spans(text, gold):
            if head := compact(article["headline"]):
                before = head in span[: len(head) + 30]  # under a 引题 at most
                positions.add("after" if span.endswith(head) else "before" if before else "elsewhere")
    assert {"before", "after"} <= positions
    assert any(article["headline"] is None for _text, gold in generated for article in gold["articles"])


def test_most_annotated_articles_are_usable():
    assert len(load_sources()) >= 40
