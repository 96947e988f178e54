"""A page has one home: a new scan of a page already in the archive replaces its text.

A file whose paper, edition date and page number (or, when no number is printed, page label)
match a page already loaded is a new scan of that page, whatever its file name. It replaces the
page's text only when asked (`ingest --replace`, the admin's confirmation), keeping the earlier
texts as numbered versions (PageVersion); its articles are matched by text and keep their ids
(archive.page_articles).
"""

from __future__ import annotations

import contextlib
import datetime
import json
import re
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .ingest import IngestError
from .models import Edition, Page, PageVersion
from .page_articles import PageChanges, page_articles_plan
from .parsing import ParsedPage

# How long an uploaded new scan waits for the editor's confirmation.
HELD_FOR = datetime.timedelta(days=1)


class RescanNotConfirmed(IngestError):
    """A new scan of a page already loaded, which was not asked to replace it. `changes` says
    what replacing would change; nothing was written."""

    def __init__(self, *, source_name: str, page: Page, changes: PageChanges):
        self.source_name, self.page, self.changes = source_name, page, changes
        super().__init__(
            f"{source_name}: 是已有版面 {page}（{page.source_name}）的新扫描，未导入。"
            f"确认替换其文字请加 --replace（{changes.articles_touched} 篇文章有改动，文章按内容保留编号）。"
        )


def page_rescanned(edition: Edition, parsed: ParsedPage) -> Page | None:
    """The page of this edition the parse is a new scan of: same printed number, or the same
    label when no number is printed."""
    pages = edition.pages.all()
    if parsed.page_number is not None:
        return pages.filter(sequence=parsed.page_number, number_printed=True).first()
    if parsed.page_label:
        return pages.filter(label=parsed.page_label, number_printed=False).first()
    return None


def rescan_check(*, page: Page, parsed: ParsedPage, source_name: str, replace: bool) -> None:
    """Raise RescanNotConfirmed, saying what would change, unless the replacement was asked."""
    if not replace:
        raise RescanNotConfirmed(source_name=source_name, page=page, changes=page_articles_plan(page, parsed).changes)


def page_version_add(page: Page, *, text: str, source_name: str) -> None:
    """Keep the page's current text as a version before a new one replaces it (a page loaded
    before versions were kept gets its first text as version 1), then record the new text."""
    versions = page.versions.order_by("number")
    if not versions.exists():
        PageVersion.objects.create(
            page=page, number=1, raw_text=page.raw_text, source_name=page.source_name, loaded_at=page.ingested_at
        )
    number = page.versions.order_by("-number").values_list("number", flat=True)[0] + 1
    PageVersion.objects.create(page=page, number=number, raw_text=text, source_name=source_name, loaded_at=timezone.now())


def rescan_hold(*, data: bytes, source_name: str, publication: str | None, date) -> str:
    """Keep an uploaded new scan until the editor confirms it (the admin's upload asks first);
    the token names it for rescan_release."""
    token = secrets.token_hex(16)
    folder = _held_folder()
    folder.mkdir(parents=True, exist_ok=True)
    _held_expired_remove(folder)
    meta = {"source_name": source_name, "publication": publication, "date": date.isoformat() if date else None}
    (folder / f"{token}.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    (folder / f"{token}.txt").write_bytes(data)
    return token


def rescan_release(token: str) -> dict | None:
    """What rescan_hold kept under `token` (data, source_name, publication, date), removed from
    the holding folder; None for a token unknown or already used."""
    if not re.fullmatch(r"[0-9a-f]{32}", token or ""):
        return None
    meta_path, data_path = _held_folder() / f"{token}.json", _held_folder() / f"{token}.txt"
    try:
        meta, data = json.loads(meta_path.read_text(encoding="utf-8")), data_path.read_bytes()
    except OSError:
        return None
    meta_path.unlink(missing_ok=True)
    data_path.unlink(missing_ok=True)
    date = datetime.date.fromisoformat(meta["date"]) if meta["date"] else None
    return {**meta, "data": data, "date": date}


def _held_expired_remove(folder: Path) -> None:
    """Scans an editor never confirmed are dropped after HELD_FOR (their upload form is gone)."""
    oldest = time.time() - HELD_FOR.total_seconds()
    for path in folder.iterdir():
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < oldest:
                path.unlink()


def _held_folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "rescans-to-confirm"
