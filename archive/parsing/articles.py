"""From typed blocks to articles: which heading belongs to which body, bylines, credits,
photo captions and intertitles. Headlines are printed before their body on some pages and
after it on others, so a heading between two bodies goes to the one whose text it echoes."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .blocks import ITEM_BULLET, JUMP_FROM, Unit
from .places import is_place_name
from .text import cjk_bigrams, display_width, squeeze

KICKER_MAX_CHARS = 6
HEADLINE_LINE_JOIN_MAX = 30
WRAPPED_HEADLINE_MIN_CHARS = 12


@dataclass
class Draft:
    """An article while it is being assembled."""

    units: list[Unit] = field(default_factory=list)
    heading: list[Unit] = field(default_factory=list)
    intertitles: set[int] = field(default_factory=set)  # ids of heading units printed in the body
    byline: str = ""
    credit: str = ""
    closed: bool = False
    photo: bool = False
    doubts: set[str] = field(default_factory=set)  # see model.DOUBTS

    @property
    def has_dateline(self) -> bool:
        return bool(self.units) and self.units[0].kind == "dateline"

    @property
    def text(self) -> str:
        return "".join(unit.text for unit in self.units)

    @property
    def first_line(self) -> int:
        units = self.units or self.heading
        return units[0].first_line if units else 0


@dataclass
class Assembly:
    drafts: list[Draft] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)  # credits and bylines with no article
    current: Draft | None = None
    pending_heading: list[Unit] = field(default_factory=list)
    pending_byline: str = ""
    doubts: set[str] = field(default_factory=set)  # for the article the pending heading goes to
    pending_jumps: list[Unit] = field(default_factory=list)  # "（上接01版）" waiting for its story

    def start(self, unit: Unit) -> Draft:
        draft = Draft(
            units=[unit, *self.pending_jumps], heading=self.pending_heading, byline=self.pending_byline, doubts=self.doubts
        )
        self.pending_heading, self.pending_byline, self.doubts, self.pending_jumps = [], "", set(), []
        self.drafts.append(draft)
        self.current = draft
        return draft


def assemble(units: list[Unit]) -> Assembly:
    assembly = Assembly()
    usual_gap = _usual_gap(units)
    i = 0
    while i < len(units):
        unit = units[i]
        if unit.kind == "heading":
            group_end = i
            while group_end < len(units) and units[group_end].kind == "heading":
                group_end += 1
            _place_heading(assembly, units, i, group_end)
            i = group_end
            continue
        _place_unit(assembly, units, i, usual_gap)
        i += 1
    # Anything still waiting for a story that never came stays on the page.
    assembly.leftovers += [unit.text for unit in assembly.pending_jumps]
    return assembly


def _usual_gap(units: list[Unit]) -> int:
    gaps = Counter(unit.gap_before for unit in units if unit.kind == "body")
    return gaps.most_common(1)[0][0] if gaps else 1


def _place_unit(assembly: Assembly, units: list[Unit], i: int, usual_gap: int) -> None:
    unit, current = units[i], assembly.current
    if unit.kind == "dateline":
        assembly.start(unit)
    elif unit.kind == "body" and ITEM_BULLET.match(unit.lines[0].text):
        assembly.start(unit)  # each ■ item of a news column is its own article
    elif unit.kind == "body":
        # A wider gap than the page uses between paragraphs starts a new item (page 001 sets a
        # commentary off from the news above it with three blank lines).
        wide_gap = unit.gap_before > usual_gap + 1
        if current and not current.closed and not wide_gap:
            current.units.append(unit)
        else:
            started = assembly.start(unit)
            if wide_gap and current and not current.closed:
                started.doubts.add("boundary_gap")
    elif unit.kind == "jump":
        # A note, not text: page.py lifts it out of the body of the story it belongs to.
        unit.kind = "body"
        if JUMP_FROM.search(unit.compact) or current is None:
            assembly.pending_jumps.append(unit)
        else:
            current.units.append(unit)
    elif unit.kind == "credit":
        if current and not current.credit:
            # Spaces kept: they part the names ("（李涛 晋群）").
            current.credit, current.closed = " ".join(unit.text.split()), True
        else:
            assembly.leftovers.append(unit.text)
    elif unit.kind == "byline":
        _place_byline(assembly, units, i)
    elif unit.kind == "caption":
        # A heading set over a photo is its headline ("高温下的修路工人" / caption / "X 摄").
        draft = Draft(units=[unit], heading=assembly.pending_heading, credit=unit.credit, closed=True, photo=True)
        assembly.pending_heading = []
        assembly.drafts.append(draft)


def _place_byline(assembly: Assembly, units: list[Unit], i: int) -> None:
    """A byline belongs to the body right after it ("本报记者 付凯明" / "在宁郭镇……"), else to
    the article before it ("强力招商引资 加快八区建设" / "本报评论员")."""
    byline = " ".join(units[i].text.split())
    after = [unit for unit in units[i + 1 :] if unit.kind != "jump"]  # "□记者 郭树勋" / "(上接A1版)" / body
    following = after[0] if after else None
    if following is not None and following.kind in ("body", "dateline"):
        if assembly.current:
            assembly.current.closed = True
        assembly.pending_byline = byline
    elif assembly.current and not assembly.current.byline:
        assembly.current.byline = byline
    else:
        assembly.leftovers.append(units[i].text)


# "本市要闻", "简讯": a column's name over its ■ items is no item's headline.
COLUMN_LABEL_MAX_CHARS = 8


def _place_heading(assembly: Assembly, units: list[Unit], start: int, end: int) -> None:
    group = units[start:end]
    if _is_column_label(group, units[end] if end < len(units) else None):
        assembly.leftovers.append(group[0].text)
        if assembly.current:
            assembly.current.closed = True
        return
    current = assembly.current
    next_index = _next_body(units, end)
    can_go_back = current is not None and not current.heading and not current.photo
    split, close_call = _split_heading_group(group, current, units, next_index, can_go_back)
    back, forward = group[:split], group[split:]
    if back:
        current.heading, current.closed = back, True
    if not forward:
        return
    if next_index is None:
        assembly.drafts.append(Draft(heading=forward, closed=True))
    elif not back and _is_intertitle(current, units, end, next_index):
        current.units.extend(forward)
        current.intertitles.update(id(unit) for unit in forward)
    else:
        if current:
            current.closed = True
        assembly.pending_heading = forward
    if close_call:
        (current if back else assembly).doubts.add("headline_placement")


# A heading's placement is in doubt when its best split scores within this much of the next best
# (shared bigrams as a share of the heading's: 0.15 is one bigram in seven).
PLACEMENT_MARGIN = 0.15


def _split_heading_group(group, current, units, next_index, can_go_back) -> tuple[int, bool]:
    """How many of a run of headings go to the body before it (the rest go to the body after),
    and whether that was a close call.

    Each heading goes where its wording is echoed; a kicker (苏家作乡) or a line ending in a
    comma stays with the heading after it.
    """
    if not can_go_back:
        return 0, False
    if next_index is None:
        return len(group), False
    before, after = current.text, _run_text(units, next_index)
    back_echo = [_echo(unit.text, before) for unit in group]
    forward_echo = [_echo(unit.text, after) for unit in group]
    whole_back = _echo("".join(u.text for u in group), before) > _echo("".join(u.text for u in group), after)
    candidates = [
        split
        for split in range(len(group) + 1)
        if split in (0, len(group)) or not _binds_to_next(group[split - 1])
    ]
    def score(split: int) -> float:
        return sum(back_echo[:split]) + sum(forward_echo[split:])

    ranked = sorted(candidates, key=lambda split: (score(split), split if whole_back else -split), reverse=True)
    close = len(ranked) > 1 and score(ranked[0]) - score(ranked[1]) < PLACEMENT_MARGIN
    return ranked[0], close


# Names of a page's recurring columns, printed over their items, never a story's headline.
COLUMN_NAMES = frozenset(
    ["图片新闻", "图片报道", "图说新闻", "简讯", "新闻简讯", "本市要闻", "要闻速递", "新闻速递", "县区传真", "一线传真", "综合新闻"]
)


def _is_column_label(group: list[Unit], following: Unit | None) -> bool:
    if len(group) == 1 and re.sub(r"[【】■□\s]", "", group[0].text) in COLUMN_NAMES:
        return True
    return (
        len(group) == 1
        and len(group[0].compact) <= COLUMN_LABEL_MAX_CHARS
        and following is not None
        and following.kind in ("body", "dateline")
        and bool(ITEM_BULLET.match(following.lines[0].text))
    )


def _binds_to_next(unit: Unit) -> bool:
    text = unit.text.strip()
    return text.endswith(("，", ",", "、", "：")) or (len(text) <= KICKER_MAX_CHARS and is_place_name(text))


def _is_intertitle(current: Draft | None, units: list[Unit], end: int, next_index: int) -> bool:
    """A heading inside a running feature ("产业新城，打造焦作新名片") is one of its intertitles.
    A news story opened by a dateline (本报讯) has none: a heading after it starts the next."""
    return (
        current is not None
        and not current.closed
        and not current.has_dateline
        and bool(current.heading)
        and next_index == end
        and units[next_index].kind == "body"
    )


def _next_body(units: list[Unit], start: int) -> int | None:
    for j in range(start, len(units)):
        if units[j].kind in ("dateline", "body", "caption"):
            return j
        if units[j].kind == "heading":
            return None
    return None


def _run_text(units: list[Unit], start: int) -> str:
    texts = [units[start].text]
    for unit in units[start + 1 :]:
        if unit.kind != "body":
            break
        texts.append(unit.text)
    return "".join(texts)


def _echo(heading: str, body: str) -> float:
    """How much of a heading's wording its candidate body repeats (shared character bigrams)."""
    heading_bigrams = cjk_bigrams(heading)
    if not heading_bigrams:
        return 0.0
    return len(heading_bigrams & cjk_bigrams(body)) / len(heading_bigrams)


def heading_parts(group: list[Unit], is_place) -> tuple[str, str, str]:
    """(kicker, headline, subheadline) of a heading group.

    A lone place name on top ("苏家作乡") is a kicker (引题), and so is a first heading shorter
    than the one under it ("抓项目 抓工业 抓转型 抓作风" over "示范区稳增长力争“全线飘红”"):
    a 引题 is set smaller than its headline, a 副题 longer, or opened by a dash. A heading's
    short wrapped lines are joined ("武陟县召开" + "第二次脱贫攻坚推进会").
    """
    headings = [[line.text.strip() for line in unit.lines] for unit in group]
    kicker = ""
    first = headings[0]
    if len(first) > 1 and (
        len(first[0]) <= KICKER_MAX_CHARS and is_place(first[0]) or _is_kicker_line(first[0]) or _is_slogan_over(first)
    ):
        kicker, headings[0] = first[0], first[1:]
    elif not kicker and len(headings) > 1 and _is_kicker_over(headings[0], headings[1]):
        kicker, headings = " ".join(headings[0]), headings[1:]
    lines = headings[0]
    widest = max(display_width(line) for line in lines)
    headline, rest = lines[0], lines[1:]
    while rest:
        last_line = lines[len(lines) - len(rest) - 1]
        if _is_slogan(rest[0]) and not _is_slogan(headline) and not _open_quote(headline):
            break  # "宋永祥会见青海省祁连县客人" / "深化交流合作 实现共同发展": a 副题 of parallel phrases
        if _open_quote(headline):
            headline, rest = f"{headline} {rest[0]}", rest[1:]  # “脚板+手指 / 你我齐努力”: inside a quote
        elif len(last_line) >= WRAPPED_HEADLINE_MIN_CHARS and display_width(last_line) >= widest - 2:
            headline, rest = headline + rest[0], rest[1:]  # a long headline wrapped at the column
        elif len(squeeze(headline + rest[0])) <= HEADLINE_LINE_JOIN_MAX:
            headline, rest = f"{headline} {rest[0]}", rest[1:]  # a headline set on two short lines
        else:
            break
    subheadline_lines = rest + [line for heading in headings[1:] for line in heading]
    return " ".join(kicker.split()), " ".join(headline.split()), _join_heading_lines(subheadline_lines)


# "示范区污染防治攻坚推进工作会议强调" over "坚持目标导向 确保污染防治攻坚见成效": a 引题 that
# introduces what was said, however long.
SPEECH_LEAD = re.compile(r"(?:强调|指出|要求|提出|表示|呼吁|宣布|透露)$")


def _is_kicker_over(upper: list[str], lower: list[str]) -> bool:
    upper_text, lower_text = squeeze("".join(upper)), squeeze("".join(lower))
    if lower_text.startswith(("—", "-", "──")):
        return False
    return len(upper_text) < len(lower_text) or bool(SPEECH_LEAD.search(upper_text))


def _is_kicker_line(line: str) -> bool:
    """A line over the headline set as a 引题 by its form: a bullet ("■《现实版红旗渠正在开挖》
    新闻追踪"), a lead into what was said ("……会议强调")."""
    compact = squeeze(line)
    return compact.startswith(("■", "□", "●", "◆", "【")) or bool(SPEECH_LEAD.search(compact))


# "抓项目 抓工业 抓转型 抓作风", "深化交流合作 实现共同发展": phrases set side by side, each at
# least this long (an OCR space inside a word leaves a piece of one or two characters).
SLOGAN_PHRASE_MIN_CHARS = 3


def _is_slogan(line: str) -> bool:
    phrases = line.split()
    return len(phrases) >= 2 and all(len(phrase) >= SLOGAN_PHRASE_MIN_CHARS for phrase in phrases)


def _is_slogan_over(lines: list[str]) -> bool:
    """A first line of parallel phrases over a plain headline is its 引题."""
    return len(lines) > 1 and _is_slogan(lines[0]) and not _is_slogan(lines[1])


def _open_quote(text: str) -> bool:
    return text.count("“") > text.count("”")


def _join_heading_lines(lines: list[str]) -> str:
    """Lines of a subheadline: a line that ends in punctuation runs on without a space."""
    joined = ""
    for line in (" ".join(line.split()) for line in lines):
        joined += line if not joined or not joined[-1].isalnum() else f" {line}"
    return joined
