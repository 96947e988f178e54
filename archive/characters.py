"""Characters no output may carry, and file names shown safely.

An OCR engine can leave a stray control character in a page (a DOS end-of-file \\x1a, a
backspace \\x08). XML refuses them (an Atom feed would fail for everyone), HTML calls them errors
and a CSV opened on Windows stops at \\x1a. Ingest removes them and counts what it removed;
outputs remove them again, for text that reached the database another way.
"""

from __future__ import annotations

import re

# C0 and C1 controls except tab, newline and carriage return, DEL, and the two noncharacters
# XML 1.0 forbids.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# The same characters in UTF-8 bytes; a byte below 0x80 is never part of a longer sequence.
_UNPRINTABLE_UTF8 = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xef\xbf[\xbe\xbf]")


def control_characters_removed(text: str) -> tuple[str, int]:
    """The text without control characters (newline, tab and carriage return stay), and how many
    were removed."""
    return _UNPRINTABLE.subn("", text)


def printable(text: str, replacement: str = "") -> str:
    return _UNPRINTABLE.sub(replacement, text)


def printable_utf8(data: bytes) -> bytes:
    """UTF-8 bytes without control characters (for a rendered page)."""
    return _UNPRINTABLE_UTF8.sub(b"", data) if _UNPRINTABLE_UTF8.search(data) else data


def shown_name(name: str) -> str:
    r"""A file name as it can be printed on one line: a newline, a terminal escape or any other
    unprintable character is written as its escape (\n, \x1b, \u200b), as repr() would; a byte
    that was not UTF-8 (kept by the file system as a lone surrogate) as \xff."""
    return "".join(char if char.isprintable() else _escape(char) for char in name)


def _escape(char: str) -> str:
    if "\udc80" <= char <= "\udcff":  # os.fsdecode's surrogateescape of an undecodable byte
        return f"\\x{ord(char) - 0xDC00:02x}"
    return char.encode("unicode_escape").decode("ascii")
