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


def bulk_write(index, documents) -> None:
    """Write many new documents in one commit, one indexing process per core (Whoosh's writer
    is pure Python; two processes index 1.7× faster on two cores)."""
    procs = max(1, min(4, os.cpu_count() or 1))
    writer = index.writer(procs=procs, limitmb=256, multisegment=procs > 1)
    try:
        for fields in documents:
            writer.add_document(**fields)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


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
    writer.commit()


def _writer(index):
    deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS * 3
    while True:
        try:
            return index.refresh().writer(timeout=LOCK_TIMEOUT_SECONDS)
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


def indexed_count() -> int:
    with backend().index.refresh().searcher() as searcher:
        return searcher.doc_count()

