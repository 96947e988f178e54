"""Writing the Whoosh index: from one place, after commit, in batches, never silently failing.

Whoosh allows one writer at a time. A write waits for the lock (and retries) rather than
dropping the change. A rebuild writes a new directory and makes it live in one step (see
versions): searches never see an empty or half-written index, and writes committed while it
runs are journaled and written into the new directory before it goes live.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path
from typing import NamedTuple

from django.db import connection, transaction
from haystack import connections
from haystack.constants import DJANGO_ID
from whoosh.index import LockError

from archive.models import Article

from . import adapter, formats, versions
from .adapter import bytes_column
from .formats import ArchiveCodec, writes_current_blocks
from .postings import leaves

log = logging.getLogger(__name__)
LOCK_TIMEOUT_SECONDS = 10.0
BATCH_SIZE = 500


def backend():
    """The search backend with the live index open: reopened when a rebuild has gone live."""
    engine = _schema_and_dictionary(connections["default"].get_backend())
    _open_live(engine)
    return engine


def _open_live(engine) -> None:
    if engine.setup_complete:
        engine.follow_live()
    else:
        engine.setup()


def _schema_and_dictionary(engine):
    """What writing an index needs, without opening the live one (which may be unreadable): the
    schema, and jieba taught our officials' names (the words field keeps a name whole)."""
    if getattr(engine, "schema", None) is None:
        engine.load_schema()
    if not getattr(engine, "people_taught", False):
        _teach_jieba_our_people()
        engine.people_taught = True
    return engine


def _teach_jieba_our_people() -> None:
    from archive.models import Person, Role

    from ..analysis import load_dictionary

    load_dictionary(Person.objects.filter(category=Role.OFFICIAL).values_list("name", flat=True))


def article_index():
    return connections["default"].get_unified_index().get_index(Article)


def index_later(article_id: int) -> None:
    """Re-index this article once the current transaction commits (at once outside one): one
    write per transaction, of every article it changed."""
    flush = _Flush(_batch_of_this_transaction())
    flush.batch.add(article_id)
    transaction.on_commit(flush)


class _Flush:
    """An on-commit callback writing its transaction's batch of changed ids: the first of the
    batch's callbacks to run writes them all, the others find it empty. A rolled-back transaction
    or savepoint drops its callbacks, and so its batch: those ids never reach a write."""

    def __init__(self, batch: set[int]):
        self.batch = batch

    def __call__(self) -> None:
        ids = set(self.batch)
        self.batch.clear()
        flush_pending(ids)


def _batch_of_this_transaction() -> set[int]:
    savepoints = set(connection.savepoint_ids)
    for registered_in, callback, *_ in reversed(connection.run_on_commit):
        if isinstance(callback, _Flush) and registered_in == savepoints:
            return callback.batch
    return set()


def flush_pending(ids) -> None:
    """Write what a transaction just committed. Its work is saved whatever happens here: an
    index that cannot be written (locked past the wait, unreadable) leaves the articles marked
    待索引 (their revision unacknowledged), one line in the log, and no traceback for the caller;
    `build_index --if-needed`, the next ingest or the admin's 写入索引 writes them."""
    ids = sorted(ids)
    if not ids:
        return
    try:
        index_articles(ids)
    except Exception as error:
        log.error(
            "%d articles saved but not yet in the search index (%s: %s); they are marked 待索引 until "
            "`manage.py build_index --if-needed` or the next ingest writes them",
            len(ids), type(error).__name__, str(error).replace("\n", " "),
        )
        log.debug("search index write failed", exc_info=True)


def index_articles(ids) -> None:
    """Make the index agree with the database for these article ids (updated or removed).

    The ids are committed already. While a rebuild runs they are journaled too, under the switch
    lock: the rebuild writes them into its new directory before that goes live (its own reads of
    the database may have come before this commit). Without a rebuild running, any later one
    reads the database after this commit. The live index is read after the journal: from then
    on it is the new one, or one the rebuild will replay these ids into."""
    ids = [pk for pk in ids if pk is not None]  # an instance deleted before its id was read
    if not ids:
        return
    engine = _schema_and_dictionary(connections["default"].get_backend())
    root = Path(engine.path)
    with versions.switch_lock(root):
        if versions.build_running(root):
            versions.journal_ids(root, ids)
    try:
        _open_live(engine)
    except Exception:
        # An index this version cannot open (a renamed class pickled in it, a corrupt file) is
        # rebuilt from the database by `build_index --if-needed`, these articles with it: the
        # page already committed is not reported as failed (nor `make serve` stopped) for it.
        log.exception("search index cannot be opened: %d articles wait for `manage.py build_index --if-needed`", len(ids))
        return
    _write_ids(engine.index, ids)


def _write_ids(index, ids) -> None:
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        # Read before the write: what is acknowledged afterwards is what was written.
        revisions = dict(Article.objects.filter(pk__in=batch).values_list("pk", "revision"))
        articles = list(article_index().index_queryset().filter(pk__in=batch))
        gone = set(batch) - {a.pk for a in articles}
        _write(index, articles, gone)
        revisions.update((a.pk, a.revision) for a in articles)
        acknowledge(revisions)


def acknowledge(revisions: dict[int, str]) -> None:
    """Record that the index holds these revisions (or, for a withdrawn article, holds none):
    each only where the article still has that revision, so a change committed meanwhile stays
    待索引 until its own write."""
    if not revisions:
        return
    table = Article._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET indexed_revision = %s WHERE id = %s AND revision = %s",
            [(revision, pk, revision) for pk, revision in revisions.items()],
        )


def document_fields(article) -> dict:
    """An article as our Whoosh schema stores it."""
    engine = _schema_and_dictionary(connections["default"].get_backend())
    document = article_index().full_prepare(article)
    document.pop("boost", None)
    document["words"] = document["text"]
    return {key: engine._from_python(value) for key, value in document.items()}


def writer_options() -> dict:
    """Whoosh's writer (single writes: an ingest, a correction) writes loose files, packed at the
    next write (see merge_small_segments), not Whoosh's compound file, which a reader copies
    whole into memory on opening (13 s and the whole index in every process at 100k articles);
    a codec made now, so it records the block format this code writes."""
    return {"codec": ArchiveCodec(), "compound": False}

# Articles per segment of a bulk write. Each writer process holds its segment's pieces as numpy
# arrays (8 bytes a piece, ≈ 1,700 pieces an article, three times that while they are sorted)
# and writes it whole: 1.86 GB peak resident a writer at 30,000, pages shared with the build's
# process included. One segment is one open file (packed), and a search reads each new term
# once per segment: 34 segments at 1M articles. Segments of 10,000 (100 at 1M) made first-time
# searches slower (at 300k p95 47.9 against 41.0 ms; docs/scaling.md).
BUILD_SEGMENT_DOCS = 30_000
# Segments smaller than this are what corrections leave behind: merged on the next write.
SMALL_SEGMENT_DOCS = 1_000
# Fewer articles than this are written in this process: starting the writer processes took
# longer (2.4 s for the 40 fixture articles) than writing them here.
SINGLE_PROCESS_DOCS = 1_000


def bulk_write(index, documents) -> None:
    """Write many new documents as new segments, one writer process per core up to 4, each
    writing whole segments of BUILD_SEGMENT_DOCS with numpy rather than Whoosh's per-posting
    writer (see building), each packed into one file; committed at the end, never merged."""
    from .building import write_documents

    procs = max(1, min(4, os.cpu_count() or 1))
    write_documents(index, documents, procs=procs, segment_docs=BUILD_SEGMENT_DOCS, single_process_docs=SINGLE_PROCESS_DOCS)


def merge_small_segments(writer, segments):
    """Whoosh merge policy: merge the small segments single corrections leave behind, never the
    large ones a build wrote (Whoosh's default would merge dozens of those on the first save);
    pack the segments an earlier write left loose, and remove the loose files of those packed
    before (see packs: a segment is one open file)."""
    from whoosh.reading import SegmentReader

    from .packs import loose_files, pack, remove_loose

    small = [segment for segment in segments if segment.doc_count_all() < SMALL_SEGMENT_DOCS]
    if len(small) >= 2:
        for segment in small:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
        segments = [segment for segment in segments if segment not in small]
    kept = []
    for segment in segments:
        if not segment.is_compound():
            segment = pack(writer.storage, segment)
        elif getattr(segment, "packed", False) and loose_files(writer.storage, segment):
            remove_loose(writer.storage, segment)
        kept.append(segment)
    return kept


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
            return index.refresh().writer(timeout=LOCK_TIMEOUT_SECONDS, **writer_options())
        except LockError:
            if time.monotonic() > deadline:
                raise
            log.warning("search index is locked by another writer; retrying")


def rebuild() -> int:
    """Build a complete index from the database in a new directory, write into it what was
    committed meanwhile, and make it live in one step; returns the articles it holds.

    Killed at any point, it leaves the old index live (or the new one, once CURRENT is
    replaced); what it left behind is removed by the next build."""
    engine = _schema_and_dictionary(connections["default"].get_backend())
    root = Path(engine.path)
    root.mkdir(parents=True, exist_ok=True)
    with versions.build_lock(root):
        # Before reading the database: what a killed build journaled is in the database now.
        versions.clear_journal(root)
        new_index, written = _build_into(versions.new_directory(root), engine.schema)
        _, offset = _replay_journal(root, new_index, 0)
        with versions.switch_lock(root):
            _replay_journal(root, new_index, offset)  # the last few, with writers held back
            versions.publish(root, Path(new_index.storage.folder))
            versions.clear_journal(root)
        acknowledge(written)
        versions.remove_unused(root)
        _remove_old_layout_siblings(root)
    backend()  # this process follows at once
    return new_index.doc_count()


def _build_into(directory: Path, schema):
    """A new index of every current article, and the revisions it holds (a withdrawn article's
    revision too: the index rightly holds none of it)."""
    from whoosh.filedb.filestore import FileStorage

    ids = list(Article.objects.values_list("pk", flat=True))  # articles after these: journaled
    written = dict(Article.objects.filter(withdrawn=True).values_list("pk", "revision"))
    new_index = FileStorage(str(directory)).create_index(schema)
    queryset = article_index().index_queryset()
    batches = (queryset.filter(pk__in=ids[start : start + BATCH_SIZE]) for start in range(0, len(ids), BATCH_SIZE))

    def documents():
        for batch in batches:
            for article in batch:
                written[article.pk] = article.revision
                yield document_fields(article)

    bulk_write(new_index, documents())
    return new_index, written


def _replay_journal(root: Path, index, offset: int) -> tuple[list[int], int]:
    ids, offset = versions.journaled_ids(root, offset)
    if ids:
        _write_ids(index, ids)
    return ids, offset


def _remove_old_layout_siblings(root: Path) -> None:
    """The directories the two-rename rebuild before CURRENT left beside the index."""
    for suffix in (".new", ".old"):
        shutil.rmtree(root.with_name(root.name + suffix), ignore_errors=True)


def tidy() -> list[str]:
    """Remove unused index directories, unless a rebuild is running (it tidies when done)."""
    return versions.tidy(Path(connections["default"].get_backend().path))


def why_rebuild() -> str | None:
    """Why the index on disk cannot serve this version, in one line; None when it can: it opens,
    and was written with this version's schema and posting blocks. (Whether it holds what the
    database says is `repair`'s to check and put right, article by article.)"""
    from whoosh.filedb.filestore import FileStorage

    engine = connections["default"].get_backend()
    engine.load_schema()
    root = Path(engine.path)
    try:
        name = versions.live_name(root)
        if name is None:
            return "there is no search index yet"
        written = FileStorage(str(root / name)).open_index()
        if _signature(written.schema) != _signature(engine.schema):
            return "the index was written with another schema"
        older = [segment.codec() for segment in adapter.index_segments(written) if not writes_current_blocks(segment.codec())]
        if older:
            found = getattr(older[0], "block_format", None)
            return f"the index holds posting blocks of format {found or 'Whoosh'}, this version writes format {formats.BLOCK_FORMAT}"
        with written.searcher() as searcher:
            searcher.doc_count()
    except Exception as error:  # a renamed class in the pickled schema, a truncated file, ...
        return f"the index cannot be read ({type(error).__name__}: {error})".replace("\n", " ")
    return None


class Repair(NamedTuple):
    """What `repair` found the index lacked and put right (article ids)."""

    missing: list[int]  # current articles the index did not hold
    stale: list[int]  # held at another revision than the database's
    removed: list[int]  # held, but deleted or withdrawn in the database
    acknowledged: int  # marked 待索引 although the index already agreed (killed before the mark)

    @property
    def written(self) -> int:
        return len(self.missing) + len(self.stale) + len(self.removed)


def repair() -> Repair:
    """Compare every article's revision in the index with the database's and write exactly the
    articles that differ; then clear the 待索引 mark of every article the index agrees with."""
    index = backend().index
    in_index = indexed_revisions(index)
    in_database = dict(Article.objects.current().values_list("pk", "revision"))
    missing = sorted(in_database.keys() - in_index.keys())
    stale = sorted(pk for pk in in_database.keys() & in_index.keys() if in_database[pk] != in_index[pk])
    removed = sorted(in_index.keys() - in_database.keys())
    index_articles([*missing, *stale, *removed])  # acknowledges them as it writes them
    agreeing = {
        pk: revision
        for pk, revision, withdrawn in Article.objects.index_pending().values_list("pk", "revision", "withdrawn")
        if (pk not in in_index if withdrawn else in_index.get(pk) == revision)
    }
    acknowledge(agreeing)
    return Repair(missing, stale, removed, len(agreeing))


def indexed_revisions(index) -> dict[int, str]:
    """Each article the index holds, with the revision it was written from: read from the id
    and revision columns, one pass per segment."""
    found: dict[int, str] = {}
    with index.searcher() as searcher:
        for leaf, _ in leaves(searcher):
            ids = bytes_column(leaf.column_reader(DJANGO_ID, translate=False))
            revisions = bytes_column(leaf.column_reader("revision", translate=False))
            for doc in leaf.all_doc_ids():
                found[int(ids[doc])] = revisions[doc].decode("ascii")
    return found


def _signature(schema) -> dict:
    return {
        name: (type(f).__name__, type(f.format).__name__, type(f.column_type).__name__, f.scorable, f.stored)
        for name, f in schema.items()
    }


def indexed_count() -> int:
    """Articles in the live index (without teaching jieba our names: nothing is analysed)."""
    engine = connections["default"].get_backend()
    if engine.setup_complete:
        engine.follow_live()
    else:
        engine.setup()
    return engine.index.doc_count()
