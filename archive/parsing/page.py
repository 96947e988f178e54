"""parse_page: one OCR'd page's text in, a ParsedPage out."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Collection
from dataclasses import replace

from . import dates as dating
from .articles import Draft, assemble, heading_parts
from .blocks import DATELINE, JUMP, page_layout, paragraphs
from .credits import CREDIT_NAMES, CREDIT_ROLE
from .model import DOUBTS, EventDate, ParsedArticle, ParsedPage
from .people import credit_names, people_in
from .places import PlaceReader, is_place_name, place_reader
from .profiles import profile_for
from .text import non_space, normalise_for_matching, split_sentences, squeeze

DUPLICATE_MIN_CHARS = 20
# "推进会暨八区建设推进会暨八区建设推进会暨八区建设推进会": the OCR repeated a phrase.
# Bounded, so a long paragraph is read in linear time: unbounded, the rule tried every length at
# every position (16,000 characters of one line took 5 s).
REPEATED_RUN_MAX = 40
REPEATED_RUN = re.compile(rf"(.{{4,{REPEATED_RUN_MAX}}}?)\1{{2,}}")
# "本报讯（记者 郭树勋）", "本报讯 记者 秦超 任畅 12月24日，", "滨州日报/滨州网讯(记者裴庆力报道)".
DATELINE_CREDIT = re.compile(
    rf"{DATELINE.pattern}\s*(?:[（(](?P<credit>[^）)]{{1,30}})[）)]|(?P<bare>{CREDIT_ROLE}\s*{CREDIT_NAMES})(?=\s+\d|\s*[，,]))"
)
DERIVED_HEADLINE_MAX = 40
LEADING_TIME = re.compile(r"^(?:\d{1,2}月)?\d{1,2}日(?:至\d{1,2}日)?(?:[上下]午|晚上?|凌晨)?[，,]?|^(?:昨日|近日|日前|今年以来|连日来)[，,]?")


def parse_page(text: str, *, date: datetime.date | None = None, known_officials: Collection[str] = ()) -> ParsedPage:
    """Parse one page. `date`, when given, is the edition date and wins over anything printed.
    `known_officials` are names the archive already knows as officials (from titled mentions on
    other pages): found in a bare list or a caption here, they are officials too."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    layout = page_layout(text)
    assembly = assemble(layout.units)
    meta = layout.meta
    places = place_reader(profile_for(meta.publication))
    label = meta.labels[0] if meta.labels else ""
    county = _page_county(places, text, meta.labels)

    edition_date, date_source = _edition_date(text, assembly.drafts, given=date, printed=meta.edition_date)
    year = edition_date.year if edition_date else None

    seen_paragraphs: set[str] = set()
    duplicates: list[str] = []
    articles = []
    for draft in assembly.drafts:
        article = _article(
            draft, seen_paragraphs, duplicates, places=places, county=county, year=year, edition=edition_date,
            known_officials=known_officials,
        )
        if article:
            articles.append(replace(article, ordinal=len(articles) + 1))
    return ParsedPage(
        articles=tuple(articles),
        edition_date=edition_date,
        date_source=date_source,
        page_number=meta.page_number,
        page_label=_short_label(places, label),
        page_code=meta.page_code,
        publication=meta.publication or _county_paper(county, articles),
        staff=tuple(meta.staff),
        furniture=tuple(layout.furniture + assembly.leftovers),
        duplicates=tuple(duplicates),
        default_county=county,
    )


# The place a page names most is the page's own when it has at least this share of all the
# place names on it (a county page); a city page's stories are about many places.
# (焦作日报's 示范区 pages: 0.81 to 0.85; a 濮阳日报 page of photos from three districts: 0.5.)
PAGE_COUNTY_SHARE = 0.6


# A page that prints no masthead and speaks as "我县" this often is its county's own paper.
COUNTY_VOICE_MIN = 2


def _county_paper(county: str | None, articles) -> str:
    if county and sum(a.body.count("我县") for a in articles) >= COUNTY_VOICE_MIN:
        return f"{county}报"
    return ""


def _page_county(places: PlaceReader, text: str, labels: list[str]) -> str | None:
    """The county a whole page speaks for: its printed label, else the place it names most,
    when it is most of what the page names."""
    for label in labels:
        if county := places.county_of_label(label):
            return county
    named = Counter(places.places_in(text))
    if not named:
        return None
    county, count = named.most_common(1)[0]
    return county if count >= PAGE_COUNTY_SHARE * sum(named.values()) else None


def _short_label(places: PlaceReader, label: str) -> str:
    """"焦作市城乡一体化示范区" is printed as the 示范区 page."""
    county = places.county_of_label(label)
    return label if not county or len(label) <= 4 else county


def _edition_date(text, drafts, *, given, printed):
    if given:
        return given, "given"
    if printed:
        return printed, "printed"
    year = dating.year_stated(text)
    if not year:
        return None, None
    opening = [d for draft in drafts if draft.units for d in _opening_dates(draft, None, None)]
    inferred = dating.inferred_edition_date(opening, year)
    return (inferred, "inferred") if inferred else (None, None)


def _opening_dates(draft: Draft, year, edition) -> tuple[EventDate, ...]:
    first = squeeze(draft.units[0].text) if draft.units else ""
    return dating.event_dates(first, year=year, edition=edition)


def _article(draft: Draft, seen: set[str], duplicates: list[str], *, places: PlaceReader, county, year, edition, known_officials) -> ParsedArticle | None:
    body_paragraphs = _body_paragraphs(draft, seen, duplicates)
    if not body_paragraphs and not draft.heading and not draft.credit:
        return None
    body, jumps = _without_jumps("\n".join(body_paragraphs))
    kicker, headline, subheadline = heading_parts(draft.heading, is_place_name) if draft.heading else ("", "", "")
    printed = bool(headline)
    if not printed:
        headline = derived_headline(body)
    reporters, orgs = _credits(draft, body)
    article_county, county_doubt = places.article_county_and_doubt(
        headline=f"{kicker}{headline}{subheadline}", body=body, page_county=county
    )
    doubts = set(draft.doubts) | {county_doubt} - {""}
    if not printed and not draft.photo:
        doubts.add("headline_guessed")
    if any(unit.rejoined for unit in draft.units):
        doubts.add("caption_rejoined")
    return ParsedArticle(
        ordinal=0,
        kind=_kind(draft, subheadline, headline),
        headline=headline,
        headline_printed=printed,
        kicker=kicker,
        subheadline=subheadline,
        body=body,
        byline=draft.byline,
        credit=draft.credit,
        reporters=tuple(dict.fromkeys(reporters)),
        credit_orgs=tuple(dict.fromkeys(orgs)),
        county=article_county,
        event_dates=_opening_dates(draft, year, edition),
        people=tuple(m for m in people_in(body, known_officials=known_officials) if m.name not in reporters),
        first_line=draft.first_line,
        doubts=tuple(code for code in DOUBTS if code in doubts),
        jumps=jumps,
    )


def _without_jumps(body: str) -> tuple[str, tuple[str, ...]]:
    jumps = tuple(match.group() for match in JUMP.finditer(body))
    if not jumps:
        return body, ()
    lines = (line.strip() for line in JUMP.sub("", body).split("\n"))
    return "\n".join(line for line in lines if line), jumps


def _body_paragraphs(draft: Draft, seen: set[str], duplicates: list[str]) -> list[str]:
    result = []
    for unit in draft.units:
        pieces = [squeeze(unit.text)] if id(unit) in draft.intertitles else paragraphs(unit)
        for paragraph in pieces:
            paragraph = _collapse_repeats(paragraph, duplicates)
            key = normalise_for_matching(paragraph)
            if len(key) >= DUPLICATE_MIN_CHARS and key in seen:
                duplicates.append(paragraph)
                continue
            seen.add(key)
            result.append(paragraph)
    return result


def _collapse_repeats(paragraph: str, duplicates: list[str]) -> str:
    def keep_one(match: re.Match) -> str:
        duplicates.append(match.group()[len(match.group(1)) :])
        return match.group(1)

    return REPEATED_RUN.sub(keep_one, paragraph)


def derived_headline(body: str) -> str:
    """For an article printed without a headline: its first clause, without dateline or date."""
    first = split_sentences(body.split("\n", 1)[0])[0] if body else ""
    first = DATELINE.sub("", first)
    first = re.sub(r"^[（(][^）)]{0,30}[）)]", "", first).strip()
    first = LEADING_TIME.sub("", first)
    clause = re.split(r"[，,；。！？]", first)[0]
    return clause[:DERIVED_HEADLINE_MAX] or first[:DERIVED_HEADLINE_MAX]


def _credits(draft: Draft, body: str) -> tuple[list[str], list[str]]:
    reporters, orgs = [], []
    sources = [draft.byline, draft.credit]
    opening = " ".join(draft.units[0].text.split()) if draft.units and draft.units[0].lines else ""
    if match := DATELINE_CREDIT.match(opening):
        sources.insert(0, match["credit"] or match["bare"])
    for source in sources:
        if source and "评论员" not in source:
            people, organisations = credit_names(source)
            reporters += people
            orgs += organisations
    return reporters, orgs


def _kind(draft: Draft, subheadline: str, headline: str) -> str:
    if draft.photo:
        return "photo"
    if "评论员" in draft.byline or re.search(r"评论|短评|社论|时评", subheadline + headline):
        return "commentary"
    if not draft.has_dateline and (draft.byline or re.search(r"侧记|特写|纪实|走访|探访", subheadline)):
        return "feature"
    return "news"


def unaccounted(text: str, page: ParsedPage) -> Counter:
    """Characters of the page that the parse does not account for (empty when nothing is lost)."""
    page_chars = Counter(non_space(text.lstrip("\ufeff")))
    parsed = list(page.furniture) + list(page.duplicates)
    for article in page.articles:
        parsed += article.printed_parts()
    parsed_chars = Counter(non_space("".join(parsed)))
    return (page_chars - parsed_chars) + (parsed_chars - page_chars)
