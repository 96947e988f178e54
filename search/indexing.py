"""Writing the Whoosh index: from one place, after commit, in batches, never silently failing.

Whoosh allows one writer at a time. A write waits for the lock (and retries) rather than
dropping the change; a rebuild writes a new directory and swaps it in, so searches never see
an empty index.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path

from django.db import transaction
from haystack import connections
from whoosh.index import LockError

from archive.models import Article

from .formats import ArchiveCodec, writes_current_blocks

log = logging.getLogger(__name__)
LOCK_TIMEOUT_SECONDS = 10.0
BATCH_SIZE = 500
_pending: set[int] = set()


def backend():
    engine = connections["default"].get_backend()
    if not engine.setup_complete:
        engine.setup()
        _teach_jieba_our_people()
    return engine


def _teach_jieba_our_people() -> None:
    from archive.models import Person, Role

    from .analysis import load_dictionary

    load_dictionary(Person.objects.filter(category=Role.OFFICIAL).values_list("name", flat=True))


def article_index():
    return connections["default"].get_unified_index().get_index(Article)


def index_later(article_id: int) -> None:
    """Re-index this article once the current transaction commits (at once outside one).

    Every change registers the flush: a rolled-back transaction drops its callbacks, and the
    first flush after it writes everything pending (a flush of nothing costs nothing)."""
    _pending.add(article_id)
    transaction.on_commit(flush_pending)


def flush_pending() -> None:
    ids = sorted(_pending)
    _pending.clear()
    if ids:
        index_articles(ids)


def index_articles(ids) -> None:
    """Make the index agree with the database for these article ids (updated or removed)."""
    ids = list(ids)
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        articles = list(article_index().index_queryset().filter(pk__in=batch))
        gone = set(batch) - {a.pk for a in articles}
        _write(backend().index, articles, gone)


def document_fields(article) -> dict:
    """An article as our Whoosh schema stores it."""
    engine = backend()
    document = article_index().full_prepare(article)
    document.pop("boost", None)
    document["words"] = document["text"]
    return {key: engine._from_python(value) for key, value in document.items()}


# One file per segment part rather than Whoosh's compound file, which a reader copies whole
# into memory on opening (13 s and the whole index in every process at 100k articles).
WRITER_OPTIONS = {"codec": ArchiveCodec(), "compound": False}

# Articles per commit of a bulk write, split between the writer processes: each sorts its share
# of postings in memory (Whoosh's limitmb); past that it spills them to disk and merges them back
# in pure Python, which made a 100k-article build 1.6× slower. Fewer, larger segments make each
# search look a term up fewer times; 3,000 articles took a writer process 1.1 GB at most.
BUILD_SEGMENT_DOCS = 5_000
BUILD_LIMIT_MB = 768
# Segments smaller than this are what corrections leave behind: merged on the next write.
SMALL_SEGMENT_DOCS = 1_000


def bulk_write(index, documents) -> None:
    """Write many new documents, one indexing process per core (Whoosh's writer is pure Python),
    in commits of BUILD_SEGMENT_DOCS that add their segments without merging them (merging
    rewrites every posting in Python: minutes at 100k articles)."""
    procs = max(1, min(4, os.cpu_count() or 1))
    batch = []
    for fields in documents:
        batch.append(fields)
        if len(batch) == BUILD_SEGMENT_DOCS:
            _write_new_segments(index, batch, procs)
            batch = []
    if batch:
        _write_new_segments(index, batch, procs)


def _write_new_segments(index, documents, procs: int) -> None:
    writer = index.writer(procs=procs, limitmb=BUILD_LIMIT_MB, multisegment=procs > 1, **WRITER_OPTIONS)
    try:
        for fields in documents:
            writer.add_document(**fields)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(merge=False)


def merge_small_segments(writer, segments):
    """Whoosh merge policy: merge the small segments single corrections leave behind, never the
    large ones a build wrote (Whoosh's default would merge dozens of those on the first save)."""
    from whoosh.reading import SegmentReader

    small = [segment for segment in segments if segment.doc_count_all() < SMALL_SEGMENT_DOCS]
    if len(small) < 2:
        return segments
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in segments if segment not in small]


def _write(index, articles, gone_ids) -> None:
    writer = _writer(index)
    try:
        for article in articles:
            writer.update_document(**document_fields(article))
        for pk in gone_ids:
            writer.delete_by_term("id", f"archive.article.{pk}")
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=merge_small_segments)


def _writer(index):
    deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS * 3
    while True:
        try:
            return index.refresh().writer(timeout=LOCK_TIMEOUT_SECONDS, **WRITER_OPTIONS)
        except LockError:
            if time.monotonic() > deadline:
                raise
            log.warning("search index is locked by another writer; retrying")


def rebuild() -> int:
    """Build a complete index in a new directory from the database, then swap it in."""
    engine = backend()
    live = Path(engine.path)
    fresh = live.with_name(live.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    from whoosh.filedb.filestore import FileStorage

    new_index = FileStorage(str(fresh)).create_index(engine.schema)
    ids = list(Article.objects.values_list("pk", flat=True))
    queryset = article_index().index_queryset()
    batches = (queryset.filter(pk__in=ids[start : start + BATCH_SIZE]) for start in range(0, len(ids), BATCH_SIZE))
    bulk_write(new_index, (document_fields(article) for batch in batches for article in batch))
    retired = live.with_name(live.name + ".old")
    shutil.rmtree(retired, ignore_errors=True)
    if live.exists():
        live.rename(retired)
    fresh.rename(live)
    shutil.rmtree(retired, ignore_errors=True)
    engine.setup_complete = False
    return len(ids)


def index_is_current() -> bool:
    """The index on disk was written with this version's schema and posting blocks (a changed
    format cannot be read by the new code) and holds as many articles as the database."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import EmptyIndexError

    engine = backend()
    try:
        written = FileStorage(engine.path).open_index()
    except (EmptyIndexError, OSError):
        return False
    return (
        _signature(written.schema) == _signature(engine.schema)
        and all(writes_current_blocks(segment.codec()) for segment in written._segments())
        and indexed_count() == Article.objects.count()
    )


def _signature(schema) -> dict:
    return {
        name: (type(f).__name__, type(f.format).__name__, type(f.column_type).__name__, f.scorable, f.stored)
        for name, f in schema.items()
    }


def indexed_count() -> int:
    with backend().index.refresh().searcher() as searcher:
        return searcher.doc_count()

