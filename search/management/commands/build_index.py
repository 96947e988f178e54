"""python manage.py build_index [--if-needed]: rebuild the search index from the database."""

from django.core.management.base import BaseCommand

from search.api import indexed_count, rebuild, tidy, why_rebuild


class Command(BaseCommand):
    help = "Rebuild the Whoosh index from the database into a new directory and swap it in."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-needed", action="store_true",
            help="only when the index is missing, unreadable, from an older version or out of step with the database",
        )

    def handle(self, *args, if_needed=False, **options):
        if if_needed:
            reason = why_rebuild()
            if reason is None:
                tidy()
                self.stdout.write(f"search index up to date ({indexed_count()} articles)")
                return
            self.stdout.write(f"search index to be rebuilt: {reason}")
        self.stdout.write(f"search index rebuilt: {rebuild()} articles")
