"""haystack's Whoosh backend with our schema (bigram-analysed text, exact facet fields), opening
whichever index directory CURRENT names (see versions)."""

from pathlib import Path

from haystack import connections
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from haystack.constants import DJANGO_ID
from haystack.exceptions import SearchBackendError
from whoosh.fields import ID, KEYWORD, TEXT
from whoosh.qparser import QueryParser

from ..facets import FACETS
from . import versions
from .formats import CountedFrequency, PackedPositions
from .storage import PositionalFileStorage
from .tokenizers import BigramTokenizer, WordTokenizer

# Facet and filter fields hold exact values; haystack would give them an English analyzer.
EXACT_FIELDS = ("publication", "dated", "revision", *(facet.name for facet in FACETS if not facet.multi_valued))
MULTI_VALUE_FIELDS = tuple(facet.name for facet in FACETS if facet.multi_valued)
TEXT_FIELDS = ("text", "headline")
CLEAR_REFUSED = (
    "The search index always holds every article of the database, so it is never cleared: "
    "`python manage.py build_index` rebuilds it from the database and swaps it in."
)


class ChineseWhooshBackend(WhooshSearchBackend):
    live = None  # the name of the index directory open in this process

    def setup(self):
        """The schema, then the live index opened from storage that reads files positionally
        (safe in workers forked after warm-up); a first, empty index when there is none yet.
        Unlike haystack's, never writes an index straight into PATH."""
        self.load_schema()
        self.open_live()
        self.setup_complete = True

    def load_schema(self) -> None:
        """The schema alone: a rebuild needs it when the index on disk cannot be read."""
        if getattr(self, "schema", None) is None:
            fields = connections[self.connection_alias].get_unified_index().all_searchfields()
            self.content_field_name, self.schema = self.build_schema(fields)
            self.parser = QueryParser(self.content_field_name, schema=self.schema)

    def open_live(self) -> None:
        root = Path(self.path)
        name = versions.live_name(root) or self._first_index(root)
        storage = PositionalFileStorage(str(root / name))
        self.index = storage.open_index(schema=self.schema)
        self.storage, self.live = storage, name

    def follow_live(self) -> None:
        """Reopen the index if CURRENT names another directory than the one open (a rebuild
        went live): one small read per call."""
        if versions.live_name(Path(self.path)) != self.live:
            self.open_live()

    def _first_index(self, root: Path) -> str:
        with versions.switch_lock(root):
            if name := versions.live_name(root):  # another process made it first
                return name
            directory = versions.new_directory(root)
            PositionalFileStorage(str(directory)).create_index(self.schema)
            versions.publish(root, directory)
            return directory.name

    # haystack's own writes would use Whoosh's stock codec, which our reader refuses: every
    # write goes through search.indexing instead, and clearing is refused.
    def update(self, index, iterable, commit=True):
        from .indexing import index_articles

        index_articles([obj.pk for obj in iterable])

    def remove(self, obj_or_string, commit=True):
        from .indexing import index_articles

        identifier = obj_or_string if isinstance(obj_or_string, str) else f"archive.article.{obj_or_string.pk}"
        index_articles([int(identifier.rsplit(".", 1)[1])])

    def clear(self, models=None, commit=True):
        raise SearchBackendError(CLEAR_REFUSED)

    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for name in TEXT_FIELDS:
            schema.remove(name)
            schema.add(name, _text_field(BigramTokenizer(), PackedPositions()))
        # The same text again as jieba words, for ranking only.
        schema.add("words", _text_field(WordTokenizer(), CountedFrequency()))
        # Article ids and revisions as columns: the index's revisions are read in one pass.
        for name in (DJANGO_ID, *EXACT_FIELDS):
            schema.remove(name)
            schema.add(name, ID(stored=True, sortable=True))
        for name in MULTI_VALUE_FIELDS:
            schema.remove(name)
            # The column keeps each document's values as one string (柴英杰,王家鹏): facets
            # read it whole per segment instead of looking up every name's postings.
            schema.add(name, KEYWORD(stored=True, commas=True, lowercase=False, scorable=False, sortable=True))
        return content_field_name, schema


def _text_field(analyzer, format_) -> TEXT:
    """A text field with our analyzer and posting format. It keeps per-document lengths even
    where it is never scored: without them Whoosh's writer looks for the missing lengths file
    on disk once per posting."""
    field = TEXT(analyzer=analyzer, stored=False)
    field.format = format_
    return field


class ChineseWhooshEngine(WhooshEngine):
    backend = ChineseWhooshBackend
