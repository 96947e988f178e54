"""Our posting blocks, written and read back through a real (in-memory) Whoosh index with blocks
small enough that every posting list spans several of them."""

import numpy as np
import pytest
from whoosh import query as wq
from whoosh.fields import ID, Schema
from whoosh.filedb.filestore import RamStorage

from search.analysis import words
from search.engine.backend import _text_field
from search.engine.formats import ArchiveCodec, CountedFrequency, PackedPositions
from search.engine.postings import IndexOutOfDate, bm25_scores, leaves, segment_postings, segment_run_docs
from search.engine.tokenizers import BigramTokenizer, WordTokenizer

TEXTS = [
    "脱贫攻坚" if n % 3 == 0 else "攻坚脱贫，贫攻" if n % 3 == 1 else f"第{n}期脱贫攻坚战，攻坚再攻坚"
    for n in range(40)
]


def written_with(codec):
    schema = Schema(
        county=ID(stored=True),
        text=_text_field(BigramTokenizer(), PackedPositions()),
        words=_text_field(WordTokenizer(), CountedFrequency()),
    )
    index = RamStorage().create_index(schema)
    with index.writer(codec=codec) as writer:
        for n, text in enumerate(TEXTS):
            writer.add_document(county="修武县" if n % 2 else "武陟县", text=text, words=text)
    return index


@pytest.fixture(scope="module")
def searcher():
    codec = ArchiveCodec()
    codec._blocklimit = 3
    with written_with(codec).searcher() as opened:
        yield opened


def test_a_posting_list_reads_back_whole_across_its_blocks(searcher):
    (leaf, _), = leaves(searcher)
    found = segment_postings(leaf, "text", "攻坚")
    assert found.ids.tolist() == list(range(40))
    positions = found.positions.tolist()
    assert found.counts.tolist() == [text.count("攻坚") for text in TEXTS]
    assert positions[:3] == [2, 0, 5]  # 脱贫攻坚 / 攻坚脱贫 / 第2期脱贫攻坚… (then 攻坚 twice more)
    assert segment_postings(leaf, "words", "攻坚").weights.tolist() == [words(t).count("攻坚") for t in TEXTS if "攻坚" in words(t)]
    assert segment_postings(leaf, "text", "不在").ids.tolist() == []


def test_whoosh_own_queries_read_our_blocks(searcher):
    (leaf, _), = leaves(searcher)
    phrase = wq.Phrase("text", ["脱贫", "贫攻", "攻坚"])  # a run's bigrams, one position apart
    expected = {n for n, text in enumerate(TEXTS) if "脱贫攻坚" in text}
    assert set(searcher.docs_for_query(phrase)) == expected == set(segment_run_docs(leaf, "text", "脱贫攻坚").tolist())
    assert set(searcher.docs_for_query(wq.Term("county", "修武县"))) == set(range(1, 40, 2))
    both = wq.And([wq.Term("county", "修武县"), wq.Term("text", "再攻")])
    assert set(searcher.docs_for_query(both)) == {n for n in range(40) if n % 2 and "再攻" in TEXTS[n]}


def test_a_narrow_search_scores_its_documents_as_a_broad_one_does(searcher):
    """Each document's score is the same whichever documents are searched: looked up by the few
    documents kept (fewer than an eighth of a word's postings) or tested against all."""
    query_words = ["攻坚", "脱贫", "再"]
    everywhere = bm25_scores(searcher, "words", query_words, np.ones(len(TEXTS), dtype=bool))
    assert everywhere.all()
    for chosen in ([1], [0, 1], [2, 39], list(range(0, 40, 3)), list(range(40))):
        within = np.zeros(len(TEXTS), dtype=bool)
        within[chosen] = True
        scores = bm25_scores(searcher, "words", query_words, within)
        assert scores[within].tolist() == everywhere[within].tolist()
        assert not scores[~within].any()


def test_an_index_of_the_previous_blocks_is_still_read_by_whoosh_and_our_reader_asks_for_a_rebuild():
    earlier = ArchiveCodec()
    del earlier.block_format  # as an ArchiveCodec unpickled from an index of the previous version
    with written_with(earlier).searcher() as searcher:
        (leaf, _), = leaves(searcher)
        assert set(searcher.docs_for_query(wq.Term("text", "再攻"))) == {n for n, t in enumerate(TEXTS) if "再攻" in t}
        with pytest.raises(IndexOutOfDate, match="build_index"):
            segment_postings(leaf, "text", "攻坚")


@pytest.mark.parametrize("kind", ["VALUES_POSITIONS", "VALUES_COUNTS", "VALUES_NONE"])
def test_a_list_of_blocks_of_different_widths_reads_back_as_each_block_does(kind):
    """Blocks of one list decoded together give what decoding each block apart gives, dtypes
    included: each block's numbers in their own widths (gaps of 1, 2 and 4 bytes, positions of
    2 and 4), each its own kind of weights."""
    from search.engine import blocks

    values_kind = getattr(blocks, kind)
    written = [  # (document numbers, counts, positions, weights) of each block
        ([3, 4, 9], [1, 2, 1], [5, 0, 7, 2], [1.0, 1.0, 1.0]),
        ([300, 1_000, 60_000], [2, 1, 1], [1, 70_000, 3, 65_536], [2.0, 1.0, 1.0]),
        ([70_001, 140_000], [3, 1], [0, 1, 2, 9], [0.5, 1.0]),
        ([140_001], [1], [4], [1.0]),
    ]
    encoded, apart = [], []
    for n, (ids, counts, positions, weights) in enumerate(written):
        if values_kind == blocks.VALUES_NONE:
            weights = [1.0] * len(ids)
        block = blocks.encode(values_kind, ids, weights,
                              counts if values_kind != blocks.VALUES_NONE else None,
                              positions if values_kind == blocks.VALUES_POSITIONS else None,
                              min_length=1, max_length=9, last=n == len(written) - 1)
        apart.append(blocks.decode(block, blocks.HEADER.size, blocks.HEADER.unpack_from(block, 0)))
        encoded.append(block)
    found = blocks.read_list(b"junk" + b"".join(encoded), 4)
    for field, expected in zip(blocks.Block._fields, blocks.concatenate(apart), strict=True):
        value = getattr(found, field)
        if expected is None:
            assert value is None, field
        else:
            assert (value.dtype, value.tolist()) == (expected.dtype, expected.tolist()), field
    assert found.ids.tolist() == [n for block in written for n in block[0]]
