"""The private Whoosh names the engine needs, pinned: on another Whoosh these fail, here, and
say which name moved (search/engine/adapter.py)."""

import numpy as np
import whoosh
import whoosh.codec.whoosh3 as w3
from whoosh.fields import ID, NUMERIC, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.util.numeric import byte_to_length

from search.engine import adapter


def test_whoosh_is_the_version_the_adapter_was_written_for():
    assert whoosh.__version__[:3] == adapter.WHOOSH_VERSION, "check every function of search/engine/adapter.py"


def test_every_private_method_the_engine_calls_or_overrides_exists():
    assert adapter.missing() == []


def test_missing_names_a_method_that_is_gone(monkeypatch):
    from whoosh.index import FileIndex

    monkeypatch.delattr(FileIndex, "_segments")
    assert adapter.missing() == ["FileIndex._segments"]


def _small_index(tmp_path):
    schema = Schema(key=ID(stored=True, sortable=True), number=NUMERIC(sortable=True), words=TEXT)
    index = FileStorage(str(tmp_path)).create_index(schema)
    writer = index.writer(compound=False)  # as the engine writes (search/engine/indexing.py)
    for key, number, words in (("甲", 3, "alpha beta gamma"), ("", 7, "delta"), ("丙丙", 1, "epsilon zeta theta iota kappa")):
        writer.add_document(key=key, number=number, words=words)
    writer.commit()
    return index


def test_private_reads_agree_with_whooshs_public_slow_path(tmp_path):
    index = _small_index(tmp_path)
    with index.searcher() as searcher:
        assert adapter.searcher_index(searcher) is index
        (segment,) = adapter.index_segments(index)
        assert segment.doc_count_all() == 3 and segment.codec() is not None
        leaf = searcher.reader()
        assert adapter.segment_of(leaf).segment_id() == segment.segment_id()

        numbers = leaf.column_reader("number", translate=False)
        assert adapter.numeric_column(numbers, 3).tolist() == [numbers[d] for d in range(3)]
        keys = leaf.column_reader("key", translate=False)
        assert adapter.bytes_column(keys) == [keys[d] for d in range(3)]

        lengths = adapter.stored_lengths(leaf, "words")
        assert lengths is not None, "Whoosh stores field lengths under another column name"
        stored = adapter.numeric_column(lengths, 3)
        assert np.array_equal(stored, [lengths[d] for d in range(3)])
        assert [byte_to_length(b) for b in stored] == [leaf.doc_field_length(d, "words") for d in range(3)] == [3, 1, 5]

        terms = adapter.segment_terms(leaf)
        assert adapter.terms_codec(terms) is not None
        terminfo = terms.term_info("words", b"epsilon")
        listed = adapter.posting_list_bytes(terms, terminfo)
        assert listed[:4] == w3.WHOOSH3_HEADER_MAGIC, "a term's extent no longer starts at its posting list"
        assert len(listed) == terminfo.extent()[1] or (len(listed),) == terminfo.extent()[1]
    assert adapter.storage_path(index.storage, "x.seg").endswith("x.seg")
