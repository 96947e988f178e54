"""haystack's clear_index, refused: an empty index would answer every search with nothing while
the database holds the articles."""

from django.core.management.base import CommandError
from haystack.management.commands import clear_index

from search.api import CLEAR_REFUSED


class Command(clear_index.Command):
    help = "Refused: the search index always holds every article (rebuild it with build_index)."

    def handle(self, **options):
        raise CommandError(CLEAR_REFUSED)
