from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "检索"

    def ready(self):
        # archive's pages mark a reader's query through archive.highlighting, which knows
        # nothing of search: this is where search tells it how.
        from archive import highlighting

        from .highlight import query_marker

        highlighting.register(query_marker)
