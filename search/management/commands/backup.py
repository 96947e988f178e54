"""python manage.py backup DEST: the database and the search index, copied consistently while serving."""

from django.core.management.base import BaseCommand, CommandError

from search.backup import BackupError, backup


class Command(BaseCommand):
    help = "Copy the database (SQLite's online backup, or pg_dump) and the live search index into DEST, with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("dest", help="a new (or empty) directory")

    def handle(self, *args, dest, **options):
        try:
            manifest = backup(dest)
        except (BackupError, FileNotFoundError, TimeoutError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"backed up {manifest['articles']} articles and index {manifest['index']['directory']} to {dest}"
        )
