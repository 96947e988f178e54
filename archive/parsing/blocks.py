"""From a page's lines to typed blocks ("units"): furniture, datelines, body, headings,
credits, bylines and photo captions, with column wraps and page-spanning sentences rejoined."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .credits import CLOSING_MARK, CREDIT_LINE
from .furniture import PageMeta, is_page_label, is_qr_prompt, read_furniture_line
from .model import Line
from .text import CJK, display_width, ends_sentence, non_space, squeeze

# "本报讯", "本报郑州讯", "武陟报讯", "新华社北京3月5日电"; a bullet (□ ■ ●) may come first.
DATELINE = re.compile(r"^[□■●◆]?(?:本报讯|本报[\u4e00-\u9fff]{0,4}(?:\d{1,2}月)?\d{1,2}日[讯电]|本报[\u4e00-\u9fff]{1,4}[讯电]|[\u4e00-\u9fff]{2,6}报讯|[\u4e00-\u9fff]{2,6}(?:日报|晚报)/[\u4e00-\u9fff]{2,6}网讯|新华社[\u4e00-\u9fff]{2,6}\d{0,2}月?\d{0,2}日?电)")
# "（辛文珂）", "（融媒）", "(记者 王芳)": a credit closing an article, printed at its end.
CREDIT = re.compile(rf"[（(]\s*(?:[{CJK}][{CJK}\s、·/]{{0,24}})\s*[）)]")
TRAILING_CREDIT = re.compile(rf"(?<=[。！？”」])\s*(?P<credit>{CREDIT.pattern})\s*$")
BYLINE = CREDIT_LINE
# "安娇娇 刘 凯 摄", "本报记者 翟晓飞、安妍妍 摄": who took the photo.
PHOTO_CREDIT = re.compile(rf"(?:本报记者|记者|通讯员|本报通讯员)?[\s{CJK}、]{{2,24}}摄$")
TRAILING_PHOTO_CREDIT = re.compile(rf"(?<=[。！？”])\s*(?P<credit>(?:本报记者|记者|通讯员)?[\s{CJK}、]{{2,24}}摄)\s*$")
# "（上接01版）", "（下转第3版）", "(下转第三版)": where a story continues, a note, not its text.
JUMP = re.compile(r"[（(]\s*(?:上接|下转|接上|转下|接第|转第)\s*(?:第)?\s*[A-Z]?[\d一二三四五六七八九十]{1,3}\s*版\s*[）)]")
# A jump that says where the story came from opens it; one that says where it goes closes it.
JUMP_FROM = re.compile(r"上接|接上|接第")

# "■4月18日,安徽省……": a bullet opens each short item of a news column (简讯, 本市要闻).
ITEM_BULLET = re.compile(rf"^\s*[■□●◆▲★]\s*(?=[\d{CJK}])(?!\s*(?:本报)?(?:记者|通讯员|摄影))")
CAPTION_START = re.compile(r"^(?:\d{1,2}月\d{1,2}日|昨日|今天|近日|图为|上图|下图|图[①-⑳\d])")
HEADING_MAX_CHARS = 80
CAPTION_MAX_CHARS = 200


@dataclass
class Unit:
    kind: str  # dateline | body | heading | credit | byline | caption | photo_credit
    lines: list[Line]
    gap_before: int = 0  # blank lines before it on the page
    credit: str = ""  # a caption's photo credit, as printed
    credit_line: int = 0
    rejoined: bool = False  # a caption printed inside this text was lifted out of it

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def compact(self) -> str:
        return non_space(self.text)

    @property
    def first_line(self) -> int:
        return self.lines[0].number if self.lines else self.credit_line


@dataclass
class Layout:
    units: list[Unit] = field(default_factory=list)
    furniture: list[str] = field(default_factory=list)
    meta: PageMeta = field(default_factory=PageMeta)


def page_layout(text: str) -> Layout:
    layout = Layout()
    segments = _segments(text, layout)
    units = [
        unit
        for previous, segment in zip([None, *segments], segments, strict=False)
        for unit in _split_segment(segment, after_sentence=previous is None or ends_sentence(previous.lines[-1].text))
    ]
    units = [piece for unit in units for piece in _split_trailing_credit(unit)]
    for unit in units:
        unit.kind = unit.kind or _classify(unit)
    units = _drop_qr_prompts(units, layout)
    units = _attach_photo_credits(units)
    _reclassify_wrapped_lines(units)
    units = _lift_inserted_captions(units)
    layout.units = _join_continuations(units)
    return layout


def _segments(text: str, layout: Layout) -> list[Unit]:
    """Runs of non-blank lines; furniture lines are taken out and end a run."""
    segments: list[Unit] = []
    current: list[Line] = []
    gap = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        at_top = not segments and not current
        is_furniture = line and (
            read_furniture_line(line, layout.meta) or (at_top and _is_top_label(line, layout))
        )
        if is_furniture:
            layout.furniture.append(line)
        if not line or is_furniture:
            if current:
                segments.append(Unit("", current, gap))
                current, gap = [], 0
            gap += 1
            continue
        current.append(Line(number, line))
    if current:
        segments.append(Unit("", current, gap))
    return segments


def _is_top_label(line: str, layout: Layout) -> bool:
    if is_page_label(line):
        layout.meta.labels.append(non_space(line))
        return True
    return False


def _split_segment(segment: Unit, *, after_sentence: bool = True) -> list[Unit]:
    """A dateline or a bullet starts a new article even when no blank line precedes it, and
    short lines over a body are its heading and byline."""
    units = [Unit("", [], segment.gap_before)]
    for line in segment.lines:
        starts_item = DATELINE.match(non_space(line.text)) or ITEM_BULLET.match(line.text)
        # A bracketed credit on a line of its own closes its story: "（记者 付凯明）".
        after_credit = units[-1].lines and _closes_story(units[-1].lines[-1].text)
        # A jump line stands alone: "（上接01版）" under a headline is neither headline nor text.
        jump = JUMP.fullmatch(non_space(line.text)) or (units[-1].lines and JUMP.fullmatch(non_space(units[-1].lines[-1].text)))
        if units[-1].lines and (starts_item or after_credit or jump):
            units.append(Unit("", [], 0))
        units[-1].lines.append(line)
    return [piece for unit in units for piece in _split_leading_lines(unit, after_sentence=after_sentence)]


# "清明前夕祭英烈" (14 columns) set over a body 36 columns wide, with no blank line between.
HEADING_LINE_MAX_SHARE = 0.75
LEADING_LINES_MAX = 4


# A heading set on top of its body stands out by width: "武陟县召开" / "第二次脱贫攻坚推进会" over a
# body 42 columns wide. Without a lead to follow it, only a heading this much narrower counts.
NARROW_HEADING_SHARE = 0.6


def _closes_story(text: str) -> bool:
    """A credit that closes its story, on a line of its own: "（记者 付凯明）", "记者 岳建文 摄"."""
    compact = non_space(text)
    return bool(CREDIT.fullmatch(compact) or (_is_byline_text(text.strip()) and re.search(CLOSING_MARK, compact)))


def _split_leading_lines(unit: Unit, *, after_sentence: bool = True) -> list[Unit]:
    """Short unpunctuated lines on top of a body block are its heading ("高温下的" / "修路工人"),
    and a byline line there is its own unit ("■ 记者 詹岩")."""
    lines = unit.lines
    if len(lines) < 2 or PHOTO_CREDIT.fullmatch("".join(line.text for line in lines)):
        return [unit]  # "本报记者 王正" / "义 摄": one credit wrapped over two lines
    width = max(display_width(line.text) for line in lines)
    pieces: list[Unit] = []
    heading: list[Line] = []
    taken = 0
    for line in lines[:LEADING_LINES_MAX]:
        text = line.text.strip()
        if CREDIT.fullmatch(non_space(text)) and not pieces:
            # "（记者 付凯明）" closing the story above, then the next story's heading.
            pieces.append(Unit("credit", [line]))
        elif _is_byline_text(text):
            if heading:
                pieces.append(Unit("heading", heading))
                heading = []
            pieces.append(Unit("byline", [line]))
        elif _is_heading_line(text, width) and not pieces:
            heading.append(line)
        else:
            break
        taken += 1
    if heading:
        pieces.append(Unit("heading", heading))
    if not pieces or taken == len(lines):
        return [unit]
    narrow = heading and all(display_width(line.text) <= NARROW_HEADING_SHARE * width for line in heading)
    body_follows = len(lines) - taken >= 2
    if not (pieces[-1].kind == "byline" or _opens_article(lines[taken].text) or (narrow and after_sentence and body_follows)):
        return [unit]
    pieces[0].gap_before = unit.gap_before
    return [*pieces, Unit("", lines[taken:], 0)]


# How a story's first sentence opens: "4月1日，", "连日来，", "近日，", "日前，".
LEAD_START = re.compile(r"^(?:\d{1,2}月\d{1,2}日|\d{1,2}日[上下晚凌]|昨[日天]|今[日天]|近日|日前|连日来|近年来|今年以来|记者从|图为)")


def _opens_article(text: str) -> bool:
    compact = non_space(text)
    return bool(DATELINE.match(compact) or LEAD_START.match(compact) or ITEM_BULLET.match(text))


def _is_heading_line(text: str, width: int) -> bool:
    compact = non_space(text)
    return (
        len(compact) >= 2
        and not re.search(r"[。！？!?；;]", compact)
        and not compact.endswith(("，", ",", "、", "：", ":"))
        and display_width(text) <= HEADING_LINE_MAX_SHARE * width
        and not DATELINE.match(compact)
        and not CAPTION_START.match(compact)
        and not ITEM_BULLET.match(text)
        and not JUMP.fullmatch(compact)
    )


def _is_byline_text(text: str) -> bool:
    return bool(BYLINE.match(" ".join(text.split()))) and len(non_space(text)) <= 30


CREDIT_LINES_MAX = 3


def _split_trailing_credit(unit: Unit) -> list[Unit]:
    """"……表态发言。 （融媒）" ends an article with a credit on its last line, and "记者 柴琳琳" /
    "通讯员 马英 文/图" with credit lines under it."""
    lines = unit.lines
    if PHOTO_CREDIT.fullmatch("".join(line.text for line in lines)):
        return [unit]  # "本报记者" / "郭树勋 摄": the whole block is one credit
    count = 0
    while count < min(CREDIT_LINES_MAX, len(lines) - 1) and _is_byline_text(lines[-1 - count].text):
        count += 1
    if count:
        credit, rest = lines[-count:], lines[:-count]
        kind = "photo_credit" if credit[-1].text.rstrip().endswith("摄") else "credit"
        if kind == "credit" and all(_is_heading_line(line.text, 10**6) for line in rest):
            kind = "byline"  # under a heading, "■ 记者 詹岩" opens the story that follows
        return [Unit("", lines[:-count], unit.gap_before), Unit(kind, credit)]
    last = unit.lines[-1]
    # "魏志广 摄" under a body; "义 摄" alone is the end of a credit wrapped over two lines.
    if len(lines) > 1 and PHOTO_CREDIT.fullmatch(last.text.strip()) and 3 <= len(non_space(last.text)) <= 24:
        return [Unit("", lines[:-1], unit.gap_before), Unit("photo_credit", [last])]  # "魏志广 摄"
    if len(lines) > 1 and CREDIT.fullmatch(non_space(last.text)):  # "(全媒体记者王太新)" under a 简讯 item
        return [Unit("", lines[:-1], unit.gap_before), Unit("credit", [last])]
    for pattern, kind in ((TRAILING_CREDIT, "credit"), (TRAILING_PHOTO_CREDIT, "photo_credit")):
        match = pattern.search(last.text)
        if match and match.start("credit") > 0:
            head = Line(last.number, last.text[: match.start("credit")].rstrip())
            tail = Line(last.number, match["credit"])
            return [Unit("", [*unit.lines[:-1], head], unit.gap_before), Unit(kind, [tail])]
    return [unit]


def _classify(unit: Unit) -> str:
    compact = unit.compact
    if JUMP.fullmatch(compact):
        return "jump"
    if DATELINE.match(compact):
        return "dateline"
    if CREDIT.fullmatch(compact):
        return "credit"
    if PHOTO_CREDIT.fullmatch("".join(line.text for line in unit.lines)) and len(compact) <= 24:
        return "photo_credit"
    if BYLINE.match(" ".join(unit.text.split())) and len(compact) <= 30:
        return "byline"
    if _looks_like_heading(unit):
        return "heading"
    return "body"


def _looks_like_heading(unit: Unit) -> bool:
    compact = unit.compact
    return (
        len(compact) <= HEADING_MAX_CHARS
        and len(unit.lines) <= 3
        and not re.search(r"[。！？!?]", compact)
        and not ends_sentence(compact)
    )


def _reclassify_wrapped_lines(units: list[Unit]) -> None:
    """A short block that fills the column of the body after it is that body's first line, cut
    off by a blank line, not a heading: "经济社会发展方面，严格按照习近平总" / "书记“目标不变……"."""
    for unit, following in zip(units, units[1:], strict=False):
        if unit.kind != "heading" or following.kind != "body":
            continue
        column = max(display_width(line.text) for line in following.lines)
        width = display_width(unit.lines[-1].text)
        if len(following.lines) > 1 and 0.7 * column <= width <= column + 2:
            unit.kind = "body"


def _drop_qr_prompts(units: list[Unit], layout: Layout) -> list[Unit]:
    kept = []
    for unit in units:
        if unit.kind in ("body", "heading") and is_qr_prompt(unit.text):
            layout.furniture.append(unit.text)
        else:
            kept.append(unit)
    return kept


def _attach_photo_credits(units: list[Unit]) -> list[Unit]:
    """A photo credit makes the short text before it a caption: "图为……现场。" + "本报记者 郭树勋 摄"."""
    result: list[Unit] = []
    for unit in units:
        if unit.kind != "photo_credit":
            result.append(unit)
            continue
        credit = "".join(line.text for line in unit.lines)
        previous = result[-1] if result else None
        before = result[-2] if len(result) > 1 else None
        continues_story = (
            previous is not None
            and previous.kind == "body"
            and before is not None
            and before.kind in ("body", "dateline")
            and ends_sentence(before.text)  # else the text is a caption set inside a sentence
            and not CAPTION_START.match(previous.compact)
        )
        if previous and previous.kind in ("body", "dateline") and (continues_story or len(previous.compact) > CAPTION_MAX_CHARS):
            # The last paragraph of a story, or a long one: the story's photo credit, not a caption.
            result.append(Unit("credit", unit.lines, unit.gap_before))
        elif previous and previous.kind in ("body", "heading") and len(previous.compact) <= CAPTION_MAX_CHARS:
            previous.kind = "caption"
            previous.credit, previous.credit_line = credit, unit.first_line
        else:
            result.append(Unit("caption", [], unit.gap_before, credit, unit.first_line))
    return result


def _lift_inserted_captions(units: list[Unit]) -> list[Unit]:
    """A caption printed inside a sentence ("……鼓" / caption / "励企业创新……") is its own item,
    and the sentence it interrupted is joined again."""
    for i in range(1, len(units) - 1):
        before, middle, after = units[i - 1], units[i], units[i + 1]
        if (
            before.kind in ("body", "dateline")
            and not ends_sentence(before.text)
            and middle.kind == "body"
            and CAPTION_START.match(middle.compact)
            and len(middle.compact) <= CAPTION_MAX_CHARS
            and ends_sentence(middle.text)
            and after.kind == "body"
        ):
            middle.kind = "caption"
    return units


def _join_continuations(units: list[Unit]) -> list[Unit]:
    """Body text that stops mid-sentence goes on in the next body block (a column or page wrap:
    "全面加快对外开" / "放步伐，营造……")."""
    result: list[Unit] = []
    open_body: Unit | None = None
    for unit in units:
        if unit.kind == "body" and open_body is not None:
            open_body.rejoined = open_body.rejoined or result[-1].kind == "caption"
            open_body.lines.extend(unit.lines)
        else:
            result.append(unit)
            if unit.kind in ("body", "dateline"):
                open_body = unit
            elif unit.kind != "caption":  # a caption sits inside the sentence it interrupts
                open_body = None
        if open_body is not None and ends_sentence(open_body.text):
            open_body = None
    return result


def paragraphs(unit: Unit) -> list[str]:
    """Paragraphs of a body block: a short line that ends a sentence ends its paragraph."""
    if not unit.lines:  # a photo credit with no caption text above it
        return []
    width = max(display_width(line.text) for line in unit.lines)
    result: list[str] = []
    current: list[str] = []
    for line in unit.lines:
        current.append(line.text)
        if ends_sentence(line.text) and display_width(line.text) < width - 2:
            result.append(squeeze("\n".join(current)))
            current = []
    if current:
        result.append(squeeze("\n".join(current)))
    return [p for p in result if p]
