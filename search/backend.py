"""haystack's Whoosh backend with our schema: bigram-analysed text, exact facet fields."""

from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from whoosh.fields import ID, KEYWORD, TEXT

from .analysis import BigramTokenizer, WordTokenizer
from .formats import CountedFrequency, PackedPositions
from .storage import PositionalFileStorage

# Facet and filter fields hold exact values; haystack would give them an English analyzer.
EXACT_FIELDS = ("county", "kind", "publication", "year", "month", "dated")
MULTI_VALUE_FIELDS = ("officials", "reporters")
TEXT_FIELDS = ("text", "headline")


class ChineseWhooshBackend(WhooshSearchBackend):
    def setup(self):
        """haystack's setup (which creates a missing index), then the index reopened from
        storage that reads files positionally: safe in workers forked after warm-up."""
        super().setup()
        self.storage = PositionalFileStorage(self.path)
        self.index = self.storage.open_index(schema=self.schema)

    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for name in TEXT_FIELDS:
            schema.remove(name)
            schema.add(name, _text_field(BigramTokenizer(), PackedPositions()))
        # The same text again as jieba words, for ranking only.
        schema.add("words", _text_field(WordTokenizer(), CountedFrequency()))
        for name in EXACT_FIELDS:
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
