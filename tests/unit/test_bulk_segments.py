"""A segment written whole by the bulk writer (search/engine/building.py), packed into one file,
reads exactly as the same documents written by Whoosh's own writer with our codec: every term's
postings, stored fields, columns and field lengths. This also pins the private state of Whoosh's
field and per-document writers that building uses."""

import datetime

from whoosh.fields import DATETIME, ID, KEYWORD, Schema

from search.engine import adapter
from search.engine.backend import _text_field
from search.engine.building import write_documents
from search.engine.formats import ArchiveCodec, CountedFrequency, PackedPositions
from search.engine.storage import PositionalFileStorage
from search.engine.tokenizers import BigramTokenizer, WordTokenizer

TEXTS = ["脱贫攻坚" if n % 3 == 0 else "攻坚脱贫，贫攻" if n % 3 == 1 else f"第{n}期脱贫攻坚战，攻坚再攻坚" * (n % 5 + 1) for n in range(1500)]


def schema():
    return Schema(
        county=ID(stored=True, sortable=True),
        official=KEYWORD(stored=True, commas=True, lowercase=False, scorable=False, sortable=True),
        edition_date=DATETIME(stored=True, sortable=True),
        text=_text_field(BigramTokenizer(), PackedPositions()),
        words=_text_field(WordTokenizer(), CountedFrequency()),
    )


def documents():
    for n, text in enumerate(TEXTS):
        yield {
            "county": "修武县" if n % 2 else "武陟县",
            "official": ",".join(["王家鹏", "柴英杰"][: n % 3]),
            "edition_date": datetime.datetime(2010 + n % 11, 1 + n % 12, 1),
            "text": text,
            "words": text,
        }


def everything(index) -> dict:
    found = {}
    with index.searcher() as searcher:
        reader = searcher.reader()
        for field in schema().names():
            for term in reader.lexicon(field):
                matcher = reader.postings(field, term)
                postings = []
                while matcher.is_active():
                    postings.append((matcher.id(), matcher.weight(), matcher.value()))
                    matcher.next()
                found[(field, term)] = (postings, reader.doc_frequency(field, term), reader.frequency(field, term))
        found["stored"] = [searcher.stored_fields(d) for d in range(reader.doc_count_all())]
        found["lengths"] = [reader.doc_field_length(d, f) for d in range(0, 1500, 7) for f in ("text", "words")]
        found["total lengths"] = [reader.field_length(f) for f in ("text", "words")]
        found["columns"] = [list(reader.column_reader(f)) for f in ("county", "official", "edition_date")]
    return found


def test_a_bulk_written_segment_reads_as_whooshs_own_writer_wrote_it(tmp_path):
    (tmp_path / "whoosh").mkdir()
    (tmp_path / "bulk").mkdir()
    by_whoosh = PositionalFileStorage(str(tmp_path / "whoosh")).create_index(schema())
    with by_whoosh.writer(codec=ArchiveCodec(), compound=False) as writer:
        for fields in documents():
            writer.add_document(**fields)
    bulk = PositionalFileStorage(str(tmp_path / "bulk")).create_index(schema())
    write_documents(bulk, documents(), procs=1, segment_docs=10_000, single_process_docs=10_000)
    (segment,) = adapter.index_segments(bulk)
    assert segment.is_compound() and [p.suffix for p in (tmp_path / "bulk").glob("MAIN_*.*")] == [".pack"]
    assert everything(bulk) == everything(by_whoosh)
