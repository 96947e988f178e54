"""A page's articles brought to a new parse, keeping every article that is still on the page.

Used by ingest (a new scan, an edited re-upload) and by re-parse (a better parser over the text
already stored). Old and new articles are matched by their text (archive.article_matching): a
matched article keeps its pk, ordinal and URL, its admin history and what an editor corrected;
a new one gets the next free ordinal; one whose text is gone is kept as withdrawn. The search
index follows each saved or withdrawn article after commit (search.signals).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Through the module, so ingest's helpers are the ones it has at the time (tests replace them).
from . import ingest
from .article_matching import articles_matched, character_pairs, share_in
from .models import Article, Mention, Page, Role
from .parsing import ParsedPage

# A parsed article this much inside the text of an article an editor cut by hand (a split or a
# merge: its body corrected) is that editor's cut, not a new article.
EDITORS_CUT_SHARE = 0.8
# What a parse sets on an article (ordinal and position are the page's to give).
PARSED_FIELDS = (
    "kind", "headline", "headline_printed", "kicker", "subheadline", "body", "byline", "credit",
    "county", "event_dates", "credit_orgs", "first_line", "doubts", "jumps",
)


@dataclass
class PageChanges:
    """What a new parse changes on one page, before or after it is applied."""

    page: Page
    before: int = 0  # articles on the page (not withdrawn)
    after: int = 0
    changed: int = 0  # kept articles whose parsed fields differ
    added: int = 0
    withdrawn: int = 0
    splits: int = 0
    joins: int = 0
    headlines: list[str] = field(default_factory=list)  # new or changed headlines
    people_found: list[str] = field(default_factory=list)  # names the page did not name before
    counties_changed: int = 0

    @property
    def any(self) -> bool:
        return bool(self.changed or self.added or self.withdrawn or self.people_found)

    @property
    def articles_touched(self) -> int:
        return self.changed + self.added + self.withdrawn

    def summary(self) -> str:
        return (
            f"{self.page}: {self.before} → {self.after} 篇文章；改动 {self.changed}，新增 {self.added}，"
            f"撤下 {self.withdrawn}，拆分 {self.splits}，合并 {self.joins}，新标题 {len(self.headlines)}，"
            f"新人物 {len(self.people_found)}，县区改变 {self.counties_changed}"
        )


@dataclass
class _Plan:
    changes: PageChanges
    old: list[Article]
    kept: dict[int, Article]  # index of a parsed article → the article it continues
    skipped: set[int]  # parsed articles an editor's cut already holds
    gone: list[Article]


def page_articles_plan(page: Page, parsed: ParsedPage) -> _Plan:
    """Match the page's articles (withdrawn ones too: one may come back) to the parse."""
    old = list(page.articles.order_by("position", "pk"))
    matching = articles_matched(
        [_identity(a.headline, a.body) for a in old],
        [_identity(p.headline, p.body) for p in parsed.articles],
        old_headlines=[a.headline for a in old],
        new_headlines=[p.headline for p in parsed.articles],
    )
    kept = {n: old[o] for n, o in matching.pairs.items()}
    # An editor's split or merge (a corrected body) is the newsroom's record: the parser does not
    # undo it, by adding back what the editor merged or withdrawing what they split off.
    cut_by_editor = [character_pairs(a.body) for a in old if "body" in _corrected(a)]
    skipped = {
        n for n in matching.added
        if any(share_in(character_pairs(parsed.articles[n].body), cut) >= EDITORS_CUT_SHARE for cut in cut_by_editor)
    }
    changes = PageChanges(page, before=sum(not a.withdrawn for a in old))
    changes.splits, changes.joins = matching.splits, matching.joins
    for n, parsed_article in enumerate(parsed.articles):
        article = kept.get(n)
        fields = ingest._article_fields(parsed_article)
        if n in skipped:
            continue
        if article is None:
            changes.added += 1
            changes.headlines.append(fields["headline"])
            continue
        settable = [f for f in PARSED_FIELDS if f not in _corrected(article)]
        if article.withdrawn or any(getattr(article, f) != fields[f] for f in settable):
            changes.changed += 1
        if "headline" in settable and article.headline != fields["headline"]:
            changes.headlines.append(fields["headline"])
        if "county" in settable and article.county != fields["county"]:
            changes.counties_changed += 1
    gone = [old[o] for o in matching.gone if "body" not in _corrected(old[o])]
    kept_by_editor = [old[o] for o in matching.gone if "body" in _corrected(old[o]) and not old[o].withdrawn]
    changes.after = len(parsed.articles) - len(skipped) + len(kept_by_editor)
    changes.withdrawn = sum(not a.withdrawn for a in gone)
    named_before = set(Mention.objects.filter(page=page).values_list("person__name", flat=True))
    named_now = {m.name for a in parsed.articles for m in a.people} | {n for a in parsed.articles for n in a.reporters}
    changes.people_found = sorted(named_now - named_before)
    return _Plan(changes, old, kept, skipped, gone)


def page_articles_update(page: Page, parsed: ParsedPage) -> PageChanges:
    """Bring the page's articles to `parsed` (inside the caller's transaction)."""
    plan = page_articles_plan(page, parsed)
    next_ordinal = max((a.ordinal for a in plan.old), default=0) + 1
    for n, parsed_article in enumerate(parsed.articles):
        if n in plan.skipped:
            continue
        fields = ingest._article_fields(parsed_article)
        fields["position"] = n + 1
        article = plan.kept.get(n)
        if article is None:
            article = Article(page=page, ordinal=next_ordinal)
            next_ordinal += 1
        corrected = _corrected(article)
        for name in (*PARSED_FIELDS, "position"):
            if name not in corrected:
                setattr(article, name, fields[name])
        article.withdrawn = False
        article.save()
        if "people" not in corrected:
            article.mentions.all().delete()
            ingest._save_mentions(page, article, parsed_article)
    for article in plan.gone:
        # Off the person pages too: what it named is no longer on the page.
        article.mentions.all().delete()
        if not article.withdrawn:
            article.withdrawn = True
            article.save(update_fields=["withdrawn"])
    page.mentions.filter(article=None).delete()
    for position, staff in enumerate(parsed.staff):
        Mention.objects.get_or_create(
            person=ingest._person(staff.name, Role.STAFF), page=page, article=None, role=Role.STAFF,
            defaults={"titles": [staff.role], "position": position},
        )
    ingest.page_doubts_recount(page)
    return plan.changes


def _identity(headline: str, body: str) -> str:
    return f"{headline}\n{body}"


def _corrected(article: Article) -> set[str]:
    """Fields the parse leaves alone: what an editor corrected (a corrected headline brings
    whether it was printed with it)."""
    corrected = set(article.corrected_fields or ())
    if "headline" in corrected:
        corrected.add("headline_printed")
    return corrected
