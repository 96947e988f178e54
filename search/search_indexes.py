from haystack import indexes

from archive.models import Article, Role


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    """One document per article: its text for matching, exact values for facets and filters."""

    text = indexes.CharField(document=True)
    headline = indexes.CharField()
    county = indexes.CharField(null=True)
    kind = indexes.CharField(model_attr="kind")
    publication = indexes.CharField()
    year = indexes.CharField(null=True)
    month = indexes.CharField(null=True)
    edition_date = indexes.DateTimeField(null=True)
    dated = indexes.CharField()  # "1" or "0": undated pages sort after dated ones either way
    officials = indexes.MultiValueField()
    reporters = indexes.MultiValueField()

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        return Article.objects.select_related("page__edition__publication").prefetch_related("mentions__person")

    def prepare_text(self, article):
        return "\n".join(filter(None, [article.kicker, article.headline, article.subheadline, article.body]))

    def prepare_headline(self, article):
        return f"{article.kicker} {article.headline} {article.subheadline}"

    def prepare_county(self, article):
        return article.county or None

    def prepare_publication(self, article):
        return article.page.edition.publication.name

    def prepare_year(self, article):
        date = article.page.edition.date
        return str(date.year) if date else None

    def prepare_month(self, article):
        date = article.page.edition.date
        return date.strftime("%Y-%m") if date else None

    def prepare_dated(self, article):
        return "1" if article.page.edition.date else "0"

    def prepare_edition_date(self, article):
        return article.page.edition.date

    def prepare_officials(self, article):
        return sorted({m.person.name for m in article.mentions.all() if m.role != Role.REPORTER})

    def prepare_reporters(self, article):
        return sorted({m.person.name for m in article.mentions.all() if m.role == Role.REPORTER})
