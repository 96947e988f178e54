"""python manage.py build_index [--if-needed]: rebuild the search index from the database."""

from django.core.management.base import BaseCommand

from search.api import indexed_count, rebuild, repair, tidy, why_rebuild


class Command(BaseCommand):
    help = "Rebuild the Whoosh index from the database into a new directory and swap it in."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-needed", action="store_true",
            help="rebuild only when the index is missing, unreadable or from an older version; otherwise "
            "write exactly the articles whose revision in the index differs from the database's",
        )

    def handle(self, *args, if_needed=False, **options):
        if if_needed:
            reason = why_rebuild()
            if reason is None:
                tidy()
                self._repaired(repair())
                return
            self.stdout.write(f"search index to be rebuilt: {reason}")
        self.stdout.write(f"search index rebuilt: {rebuild()} articles")

    def _repaired(self, found) -> None:
        if found.written:
            self.stdout.write(
                f"search index repaired: {len(found.missing)} articles added, {len(found.stale)} re-written "
                f"(changed since indexed), {len(found.removed)} removed; {indexed_count()} articles"
            )
        else:
            self.stdout.write(f"search index up to date ({indexed_count()} articles)")
