"""Ingest: page files in, editions / pages / articles / people out.

One call loads one file inside one transaction, so a file is loaded whole or not at all, and
the same page text arriving again (another name, encoding or line ending) changes nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils.text import slugify

from .characters import control_characters_removed, shown_name
from .models import Article, Edition, Mention, Page, Person, Publication, Role
from .parsing import ParsedArticle, ParsedPage, parse_page

MIN_CJK_CHARS = 20
# Fields an admin may correct; a re-ingest leaves a corrected field as the admin left it.
CORRECTABLE_FIELDS = ("headline", "kicker", "subheadline", "kind", "county", "event_dates", "body", "people")


class IngestError(Exception):
    """A file that cannot be loaded; the message names the file and says what to do."""


@dataclass(frozen=True)
class IngestResult:
    source_name: str
    status: str  # created | updated | unchanged
    page: Page
    articles: int
    people: int
    control_characters: int = 0  # removed from the file's text before parsing

    def summary(self) -> str:
        removed = f", 删除 {self.control_characters} 个控制字符" if self.control_characters else ""
        return f"{shown_name(self.source_name)}: {self.status} ({self.articles} 篇文章, {self.people} 位人物{removed})"


@dataclass(frozen=True)
class DecodedPage:
    text: str
    control_characters: int  # how many were removed (\x1a, \x08, ...): the page's text accounts for the rest


def too_large(name: str, size: int) -> IngestError:
    return IngestError(
        f"{name}: 文件过大（{size // 1024} KB，上限 {settings.ARCHIVE_MAX_PAGE_BYTES // 1024} KB）。"
        "一个文件应只含一个版面的文字，请拆分后再导入。"
    )


def decode_page(data: bytes, *, source_name: str) -> DecodedPage:
    """Page bytes as text: UTF-8 (with or without BOM) or GB18030/GBK, any line ending, without
    control characters other than newline and tab."""
    name = shown_name(source_name)
    if len(data) > settings.ARCHIVE_MAX_PAGE_BYTES:
        raise too_large(name, len(data))
    if b"\x00" in data[:4096]:
        raise IngestError(f"{name}: 这是二进制文件，不是版面文字。请导入 OCR 得到的 .txt 文本文件。")
    text = _decoded(data, name=name)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text, removed = control_characters_removed(text)
    if not text.strip():
        raise IngestError(f"{name}: 文件是空的。请检查 OCR 是否成功输出了版面文字。")
    if len(re.findall(r"[\u4e00-\u9fff]", text)) < MIN_CJK_CHARS:
        raise IngestError(f"{name}: 文件中几乎没有中文，不像报纸版面。请确认选择了正确的文件。")
    return DecodedPage(text, removed)


def _decoded(data: bytes, *, name: str) -> str:
    """UTF-8, else GB18030. When neither fits, the line named is the one UTF-8 failed on: a file
    that is not GB18030 fails that decoder almost anywhere, usually long before the bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        utf8_failure = error
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    line = len(re.split(rb"\r\n|\r|\n", data[: utf8_failure.start]))
    raise IngestError(f"{name}: 第 {line} 行无法按 UTF-8 或 GB18030 解码。请将文件另存为 UTF-8 编码后再导入。")


def content_hash(text: str) -> str:
    """The same page text hashes the same whatever its encoding, BOM or line endings."""
    canonical = "\n".join(line.rstrip() for line in text.strip().split("\n"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def known_official_names() -> set[str]:
    """Names the archive knows as officials' from a titled mention on some page, which the
    parser then finds even bare (a name only ever seen bare teaches nothing)."""
    titled = Mention.objects.filter(role=Role.OFFICIAL).exclude(titles=[])
    return set(titled.values_list("person__name", flat=True).distinct())


def page_ingest(
    *,
    data: bytes,
    source_name: str,
    publication: str | None = None,
    date: datetime.date | None = None,
    replace: bool = False,
) -> IngestResult:
    """`replace`: a new scan of a page already loaded (same paper, date and page number) replaces
    its text; without it such a file raises archive.rescans.RescanNotConfirmed, nothing written."""
    from .rescans import page_rescanned, page_version_add, rescan_check

    decoded = decode_page(data, source_name=source_name)
    digest = content_hash(decoded.text)
    if (result := _unchanged(source_name, digest, decoded)) is not None:
        return result
    # Parsed before the transaction: a page can take a while, and other writers wait for ours.
    parsed = parse_page(decoded.text, date=date, known_officials=known_official_names())
    if not parsed.articles:
        raise IngestError(f"{shown_name(source_name)}: 没有找到任何文章。请确认这是一个版面的 OCR 文字。")
    try:
        with transaction.atomic():
            if (result := _unchanged(source_name, digest, decoded)) is not None:
                return result  # another writer loaded the same text while we parsed
            paper = _publication(
                publication or parsed.publication or _county_paper(parsed) or settings.ARCHIVE_DEFAULT_PUBLICATION
            )
            edition = _edition(paper, parsed, digest)
            page = Page.objects.filter(edition=edition, source_name=source_name).first()
            status = "updated" if page else "created"
            if page is None and (page := page_rescanned(edition, parsed)) is not None:
                rescan_check(page=page, parsed=parsed, source_name=source_name, replace=replace)
                status = "replaced"
            if page is not None:
                page_version_add(page, text=decoded.text, source_name=source_name)
            page = _save_page(page, edition=edition, parsed=parsed, text=decoded.text, digest=digest, source_name=source_name)
            _save_articles(page, parsed)
            counts = page.articles.current().count(), _people_count(page)
    except OperationalError as error:
        if not _database_busy(error):
            raise
        raise IngestError(
            f"{shown_name(source_name)}: 数据库 {connection.settings_dict['NAME']} 正由另一个写入者使用，"
            f"等了 {settings.ARCHIVE_DATABASE_TIMEOUT} 秒仍未轮到，此文件未导入。请稍后重试。"
        ) from None
    return IngestResult(source_name, status, page, *counts, decoded.control_characters)


def articles_reindex(articles) -> int:
    """Hand these articles to the search index again: each is saved (a new revision), which
    re-indexes it after commit as any save does (search.signals). How many there were."""
    articles = list(articles.only("pk", "indexed_revision"))
    if articles:
        with transaction.atomic():
            for article in articles:
                article.save(update_fields=["revision"])
    return len(articles)


def pending_index_retry() -> int:
    """The articles the index never acknowledged (a process killed between its commit and the
    index write, an index locked past the wait), handed to it again; left for the next run
    while another writer holds the database."""
    try:
        return articles_reindex(Article.objects.index_pending())
    except OperationalError as error:
        if not _database_busy(error):
            raise
        return 0


def index_pending_message() -> str:
    """What an operator is told while saved articles wait for the search index ("" when none)."""
    if pending := Article.objects.index_pending().count():
        return (
            f"{pending} 篇文章已保存，但尚未写入搜索索引（待索引，搜索暂时找不到）。"
            "请运行 python manage.py build_index --if-needed，下次导入时也会自动补写。"
        )
    return ""


def _unchanged(source_name: str, digest: str, decoded: DecodedPage) -> IngestResult | None:
    existing = Page.objects.filter(content_hash=digest).first()
    if existing is None:
        return None
    counts = existing.articles.current().count(), _people_count(existing)
    return IngestResult(source_name, "unchanged", existing, *counts, decoded.control_characters)


def _database_busy(error: OperationalError) -> bool:
    """The wait for another writer ran out: SQLite's busy timeout, or PostgreSQL's lock_timeout
    while another transaction held the writers' lock (config/postgresql) all that time."""
    if connection.vendor == "sqlite":
        return "locked" in str(error)
    return getattr(error.__cause__, "sqlstate", None) == "55P03"  # lock_not_available


def _county_paper(parsed: ParsedPage) -> str:
    """A page that speaks of "我县" and prints no masthead comes from that county's own paper."""
    if parsed.default_county and sum(a.body.count("我县") for a in parsed.articles) >= 2:
        return f"{parsed.default_county}报"
    return ""


def _people_count(page: Page) -> int:
    return Mention.objects.filter(page=page).values("person").distinct().count()


def _publication(name: str) -> Publication:
    publication = Publication.objects.filter(name=name).first()
    if publication:
        return publication
    slug = slugify(name, allow_unicode=True) or hashlib.sha1(name.encode()).hexdigest()[:8]
    return Publication.objects.create(name=name, slug=slug)


def _edition(paper: Publication, parsed: ParsedPage, digest: str) -> Edition:
    if parsed.edition_date:
        edition, _ = Edition.objects.get_or_create(
            publication=paper,
            key=parsed.edition_date.isoformat(),
            defaults={"date": parsed.edition_date, "date_source": parsed.date_source},
        )
        return edition
    return Edition.objects.create(publication=paper, key=f"undated-{digest[:10]}")


def _save_page(page, *, edition, parsed: ParsedPage, text, digest, source_name) -> Page:
    if page is None:
        page = Page(edition=edition, source_name=source_name, sequence=_free_sequence(edition, parsed.page_number))
    page.number_printed = parsed.page_number is not None and page.sequence == parsed.page_number
    page.label = parsed.page_label
    page.content_hash = digest
    page.raw_text = text
    page.staff = [{"role": s.role, "name": s.name} for s in parsed.staff]
    page.furniture = list(parsed.furniture)
    page.duplicates = list(parsed.duplicates)
    page.save()
    return page


def _free_sequence(edition: Edition, printed: int | None) -> int:
    taken = set(edition.pages.values_list("sequence", flat=True))
    if printed and printed not in taken:
        return printed
    return max(taken | {0, printed or 0}) + 1


def _save_articles(page: Page, parsed: ParsedPage) -> None:
    """The page's articles brought to the parse, matched by text: each keeps its id, ordinal
    and what an editor corrected (archive.page_articles)."""
    from .page_articles import page_articles_update

    page_articles_update(page, parsed)


def page_doubts_recount(page: Page) -> None:
    """The page's doubts still to review: those of articles no editor has corrected."""
    doubts = page.articles.filter(corrected_fields=[], withdrawn=False).values_list("doubts", flat=True)
    page.doubt_count = sum(len(codes) for codes in doubts)
    page.save(update_fields=["doubt_count"])


def _article_fields(parsed: ParsedArticle) -> dict:
    return {
        "ordinal": parsed.ordinal,
        "position": parsed.ordinal,
        "kind": parsed.kind,
        "headline": parsed.headline[:300],
        "headline_printed": parsed.headline_printed,
        "kicker": parsed.kicker[:200],
        "subheadline": parsed.subheadline[:300],
        "body": parsed.body,
        "byline": parsed.byline[:200],
        "credit": parsed.credit[:200],
        "county": parsed.county or "",
        "event_dates": [d.iso() for d in parsed.event_dates],
        "credit_orgs": list(parsed.credit_orgs),
        "first_line": parsed.first_line,
        "doubts": list(parsed.doubts),
        "jumps": list(parsed.jumps),
    }


def _save_mentions(page: Page, article: Article, parsed: ParsedArticle) -> None:
    position = 0
    for name in parsed.reporters:
        Mention.objects.create(person=_person(name, Role.REPORTER), page=page, article=article, role=Role.REPORTER, position=position)
        position += 1
    for mention in parsed.people:
        role = mention.category if mention.category in Role.values else Role.OTHER
        Mention.objects.create(
            person=_person(mention.name, role), page=page, article=article, role=role, titles=list(mention.titles), position=position
        )
        position += 1


def _person(name: str, role: str) -> Person:
    """The person of that name, or one known under it as an alias (an admin merged them)."""
    person = Person.objects.filter(name=name).first() or Person.objects.filter(aliases__name=name).first()
    if person is None:
        person = Person.objects.create(name=name, category=role)
    return person
