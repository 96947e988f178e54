from haystack import indexes

from archive.models import Article

from .facets import FACETS


class _ArticleDocument(indexes.SearchIndex):
    """One document per article: its text for matching, exact values for facets and filters
    (one field per facet of search.facets, added below)."""

    text = indexes.CharField(document=True)
    headline = indexes.CharField()
    publication = indexes.CharField()
    edition_date = indexes.DateTimeField(null=True)
    dated = indexes.CharField()  # "1" or "0": undated pages sort after dated ones either way
    # The article's revision this document was written from (archive.models.Article.revision):
    # what `build_index --if-needed` compares with the database's.
    revision = indexes.CharField(model_attr="revision")

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        # A withdrawn article (no longer on its page's latest text) keeps its URL, not its place in search.
        articles = Article.objects.filter(withdrawn=False)
        return articles.select_related("page__edition__publication").prefetch_related("mentions__person")

    def prepare_text(self, article):
        return "\n".join(filter(None, [article.kicker, article.headline, article.subheadline, article.body]))

    def prepare_headline(self, article):
        return f"{article.kicker} {article.headline} {article.subheadline}"

    def prepare_publication(self, article):
        return article.page.edition.publication.name

    def prepare_dated(self, article):
        return "1" if article.page.edition.date else "0"

    def prepare_edition_date(self, article):
        return article.page.edition.date


def _facet_fields() -> dict:
    """For each facet, its field (several values or one) and how an article fills it."""
    fields = {}
    for facet in FACETS:
        fields[facet.name] = indexes.MultiValueField() if facet.multi_valued else indexes.CharField(null=True)
        fields[f"prepare_{facet.name}"] = lambda self, article, facet=facet: facet.index_value(article)
    return fields


# haystack's metaclass collects the fields when the class is made: made here with the facets'.
ArticleIndex = type("ArticleIndex", (_ArticleDocument, indexes.Indexable), {"__module__": __name__, **_facet_fields()})
