"""Re-parse: the current parser over the page text already stored, so a better parser reaches
pages loaded before it. Articles keep their ids, URLs, corrections and history
(archive.page_articles); without `apply` nothing is written and the changes are only reported.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from .ingest import known_official_names
from .models import DateSource, Page
from .page_articles import PageChanges, page_articles_plan, page_articles_update
from .parsing import ParsedPage, parse_page


def reparse_pages(*, paper: str | None = None, since: datetime.date | None = None):
    """The pages a re-parse covers: one paper's (by name or slug), from an edition date on."""
    pages = Page.objects.select_related("edition__publication").order_by("edition__date", "edition__key", "sequence")
    if paper:
        pages = pages.filter(edition__publication__name=paper) | pages.filter(edition__publication__slug=paper)
    if since:
        pages = pages.filter(edition__date__gte=since)
    return pages


def pages_reparse(*, pages, apply: bool) -> list[PageChanges]:
    """Each page's changes (only pages that change), applied page by page when `apply`."""
    officials = known_official_names()
    changes = []
    for page in pages:
        parsed = _parsed(page, officials)
        if not parsed.articles:
            continue  # a parser that finds nothing on a page already read is not trusted with it
        if not apply:
            found = page_articles_plan(page, parsed).changes
        else:
            with transaction.atomic():
                page = Page.objects.select_for_update().get(pk=page.pk)
                _page_fields_update(page, parsed)
                found = page_articles_update(page, parsed)
        if found.any:
            changes.append(found)
    return changes


def _parsed(page: Page, officials: set[str]) -> ParsedPage:
    # A date an editor gave wins over the page's, as it did when the page was loaded.
    edition = page.edition
    given = edition.date if edition.date_source == DateSource.GIVEN else None
    return parse_page(page.raw_text, date=given, known_officials=officials)


def _page_fields_update(page: Page, parsed: ParsedPage) -> None:
    """What the parse says of the page itself; its edition and number (its URL) stay."""
    page.staff = [{"role": s.role, "name": s.name} for s in parsed.staff]
    page.furniture = list(parsed.furniture)
    page.duplicates = list(parsed.duplicates)
    page.save(update_fields=["staff", "furniture", "duplicates"])
