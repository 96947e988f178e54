"""haystack's Whoosh backend with our schema: bigram-analysed text, exact facet fields."""

from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from whoosh.fields import ID, KEYWORD, TEXT

from .analysis import BigramTokenizer, WordTokenizer

# Facet and filter fields hold exact values; haystack would give them an English analyzer.
EXACT_FIELDS = ("county", "kind", "publication", "year", "month", "dated")
MULTI_VALUE_FIELDS = ("officials", "reporters")
TEXT_FIELDS = ("text", "headline")


class ChineseWhooshBackend(WhooshSearchBackend):
    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for name in TEXT_FIELDS:
            schema.remove(name)
            schema.add(name, TEXT(analyzer=BigramTokenizer(), phrase=True, stored=False))
        # The same text again as jieba words, for ranking only.
        schema.add("words", TEXT(analyzer=WordTokenizer(), phrase=False, stored=False))
        for name in EXACT_FIELDS:
            schema.remove(name)
            schema.add(name, ID(stored=True, sortable=True))
        for name in MULTI_VALUE_FIELDS:
            schema.remove(name)
            schema.add(name, KEYWORD(stored=True, commas=True, lowercase=False, scorable=False))
        return content_field_name, schema


class ChineseWhooshEngine(WhooshEngine):
    backend = ChineseWhooshBackend
