"""Editors' corrections: what the admin does to articles and people, as plain services.

Every correction marks the fields it touched, so a later re-ingest of the page keeps them, and
the search index follows each save after commit (search.signals).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .ingest import CORRECTABLE_FIELDS, page_doubts_recount
from .models import Alias, Article, DateSource, Edition, FormerEditionKey, Mention, Person
from .parsing.page import derived_headline


def mark_corrected(article: Article, fields) -> None:
    """Record which fields an editor touched, and when (the article page says 已校对 with the
    date). Whether the page printed the headline belongs with the headline: ingest keeps both."""
    touched = [f for f in fields if f in CORRECTABLE_FIELDS]
    if "headline_printed" in fields:
        touched.append("headline")
    if touched:
        article.corrected_fields = sorted(set(article.corrected_fields) | set(touched))
        article.corrected_at = timezone.now()
        article.doubts = []  # an editor has looked at it


@transaction.atomic
def article_split(*, article: Article, at_paragraph: int) -> Article:
    """Cut an article in two after paragraph `at_paragraph` (1-based); the second half becomes a
    new article right after it in reading order, with a new ordinal (existing URLs do not change)."""
    paragraphs = article.body.split("\n")
    if not 1 <= at_paragraph < len(paragraphs):
        raise ValueError(f"段落序号应在 1 到 {len(paragraphs) - 1} 之间")
    article.body = "\n".join(paragraphs[:at_paragraph])
    mark_corrected(article, ["body"])
    article.save()
    next_ordinal = (article.page.articles.aggregate(Max("ordinal"))["ordinal__max"] or 0) + 1
    following = _next_article(article)
    position = (article.position + following.position) / 2 if following else article.position + 1
    rest = "\n".join(paragraphs[at_paragraph:])
    # The new part's headline is derived from its text, as for any article printed without one:
    # not marked as an editor's (编者加).
    second = Article.objects.create(
        page=article.page, ordinal=next_ordinal, position=position, kind=article.kind, headline=derived_headline(rest),
        headline_printed=False, body=rest, county=article.county, corrected_fields=["body"],
        corrected_at=article.corrected_at,
    )
    page_doubts_recount(article.page)
    return second


@transaction.atomic
def article_merge_next(*, article: Article) -> Article:
    """Append the next article on the page to this one, and remove it."""
    following = _next_article(article)
    if following is None:
        raise ValueError("这是本版最后一篇文章，后面没有可以合并的文章")
    article.body = "\n".join(part for part in (article.body, following.headline if following.headline_printed else "", following.body) if part)
    mark_corrected(article, ["body"])
    article.save()
    for mention in following.mentions.all():
        if not article.mentions.filter(person=mention.person, role=mention.role).exists():
            mention.article = article
            mention.save()
    following.delete()
    page_doubts_recount(article.page)
    return article


def _next_article(article: Article) -> Article | None:
    return article.page.articles.filter(position__gt=article.position).order_by("position").first()


@transaction.atomic
def paragraph_mark_duplicate(*, article: Article, paragraph: int) -> None:
    """Take an OCR-repeated paragraph (1-based) out of the article; the page keeps it as a duplicate."""
    paragraphs = article.body.split("\n")
    if not 1 <= paragraph <= len(paragraphs):
        raise ValueError(f"段落序号应在 1 到 {len(paragraphs)} 之间")
    removed = paragraphs.pop(paragraph - 1)
    article.body = "\n".join(paragraphs)
    mark_corrected(article, ["body"])
    article.save()
    page = article.page
    page.duplicates = [*page.duplicates, removed]
    page.save(update_fields=["duplicates"])
    page_doubts_recount(page)


@transaction.atomic
def people_merge(*, keep: Person, others) -> Person:
    """Fold other records of the same person (an OCR-split name, a variant) into `keep`;
    their names stay as aliases so a re-ingest files them under `keep`."""
    for other in others:
        if other.pk == keep.pk:
            continue
        for mention in other.mentions.all():
            duplicate = Mention.objects.filter(person=keep, page=mention.page, article=mention.article, role=mention.role).first()
            if duplicate:
                duplicate.titles = list(dict.fromkeys(duplicate.titles + mention.titles))
                duplicate.save()
                mention.delete()
            else:
                mention.person = keep
                mention.save()
        other.aliases.update(person=keep)
        name = other.name
        other.delete()
        Alias.objects.get_or_create(name=name, defaults={"person": keep})
    return keep


@transaction.atomic
def person_rename(*, person: Person, name: str) -> Person:
    """A new spelling; the old one is kept as an alias."""
    old = person.name
    if name == old:
        return person
    person.name = name
    person.save()
    Alias.objects.filter(name=name).delete()
    Alias.objects.get_or_create(name=old, defaults={"person": person})
    for article in Article.objects.filter(mentions__person=person).distinct():
        article.save()  # re-indexes the articles naming them under the new name
    return person


@transaction.atomic
def person_split(*, person: Person, articles, name: str) -> Person:
    """Two people printed under one name (the same name in two places or periods): the mentions
    in `articles` become a new person named `name`. Those articles keep their people as an
    editor's correction, so re-ingesting or re-parsing their pages files them under it again."""
    name = name.strip()
    if not name or name == person.name or Person.objects.filter(name=name).exists() or Alias.objects.filter(name=name).exists():
        raise ValueError(f"“{name}”不可用：新人物需要一个档案里还没有的名字，例如“{person.name}（孟州市）”")
    moving = person.mentions.filter(article__in=articles)
    if not moving.exists() or not person.mentions.exclude(article__in=articles).exists():
        raise ValueError("请选择这个人物的一部分文章（不是全部，也不是没有）")
    other = Person.objects.create(name=name, category=person.category)
    moving.update(person=other)
    for article in Article.objects.filter(pk__in=[a.pk for a in articles]):
        mark_corrected(article, ["people"])
        article.save()  # re-indexes it under the new person
    return other


def edition_date_problem(*, edition: Edition, date: datetime.date | None) -> str:
    """Why `edition` cannot take this date ("" when it can)."""
    if date is None:
        return "已有日期的期次不能改回日期不详。" if edition.date else ""
    other = Edition.objects.filter(publication=edition.publication, key=date.isoformat()).exclude(pk=edition.pk).first()
    if other is None:
        return ""
    taken = set(other.pages.values_list("sequence", flat=True)) & set(edition.pages.values_list("sequence", flat=True))
    if taken:
        numbers = "、".join(f"{n:02d}版" for n in sorted(taken))
        return f"{edition.publication} {date.isoformat()} 这一期已有{numbers}：两期版次重复，请先核对后再改日期。"
    return ""


@transaction.atomic
def edition_date_set(*, edition: Edition, date: datetime.date) -> Edition:
    """An editor dates an undated edition, or corrects a date. The date becomes the edition's URL
    segment, and the old segment is kept (FormerEditionKey), so every URL already published under
    it (edition, pages, articles) redirects to the new one. When the paper already has an edition
    of that date, the pages join it under their own page numbers. Returns the dated edition."""
    if problem := edition_date_problem(edition=edition, date=date):
        raise ValueError(problem)
    key = date.isoformat()
    dated = Edition.objects.filter(publication=edition.publication, key=key).exclude(pk=edition.pk).first() or edition
    if edition.key != key:
        FormerEditionKey.objects.filter(edition=edition, key=key).delete()  # back to a date it had before
        FormerEditionKey.objects.filter(edition=edition).update(edition=dated)
        FormerEditionKey.objects.update_or_create(
            publication=edition.publication, key=edition.key, defaults={"edition": dated}
        )
    if dated.pk != edition.pk:
        edition.pages.update(edition=dated)
        edition.delete()
    else:
        edition.key, edition.date, edition.date_source = key, date, DateSource.GIVEN
        edition.save()
    for article in Article.objects.filter(page__edition=dated):
        article.save()  # re-indexes the articles under the edition's date
    return dated
