"""Atom that any stored text can go through.

XML cannot carry control characters: Django's feed writer raises on one (a \\x1a left by OCR in
an article, a %07 in a search), and the whole feed answers 500. Every text of the feed and its
entries goes through archive.characters.printable first.
"""

from django.utils.feedgenerator import Atom1Feed
from django.utils.functional import Promise

from archive.characters import printable


def _printable(value):
    if isinstance(value, str | Promise):
        return printable(str(value))
    if isinstance(value, list | tuple):
        return [_printable(item) for item in value]
    return value


class PrintableAtom1Feed(Atom1Feed):
    def __init__(self, *args, **kwargs):
        super().__init__(*map(_printable, args), **{key: _printable(value) for key, value in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(_printable, args), **{key: _printable(value) for key, value in kwargs.items()})
