"""python manage.py restore SRC [--force]: put a backup's database and search index in place."""

from django.core.management.base import BaseCommand, CommandError

from search.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore the database and the search index from a backup made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("src", help="a directory made by `manage.py backup`")
        parser.add_argument("--force", action="store_true", help="replace an archive that is not empty")

    def handle(self, *args, src, force=False, **options):
        try:
            manifest = restore(src, force=force)
        except (BackupError, FileNotFoundError, TimeoutError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"restored {manifest['articles']} articles (backed up {manifest['created']}) and their search index"
        )
