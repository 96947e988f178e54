"""Generated pages for the parser's evaluation (bench/parse_eval.py --generated N).

Every gold article of evaluation/seeds and evaluation/real is cut out of its page and split into
its printed pieces (引题, headline, subheadline, 本报讯, byline, paragraphs, credit); a generated
page re-prints 3–8 of them under a new masthead in varied layouts. The generator places every
piece itself, so each span is known and the gold is right by construction. Standard library only.
"""

from __future__ import annotations

import datetime
import json
import random
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

EVALUATION = Path(__file__).resolve().parents[1] / "evaluation"
CITIES = ["洛阳", "新乡", "临沂", "长治", "潍坊", "南阳", "商丘", "运城", "焦作"]
COUNTIES = ["修武", "沂南", "太康"]
SECTIONS = ["县域经济", "县区新闻", "要闻", "综合新闻", "城乡视点", "时政"]
STAFF_ROLES = ["编辑", "责任编辑", "责编", "美术编辑", "美编", "版式", "校对", "组版", "本版编辑", "值班编委"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志红"
CHINESE_NUMBERS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]

SENTENCE_END = re.compile(r"[。！？][”’」）)]*")
ENDS_SENTENCE = re.compile(r"[。！？][”’」）)]*$")
# What a byline or credit holds besides the names: roles, 摄/文/图, symbols, editors' codes (⑩, ③2).
ROLE_WORDS = re.compile(
    r"(?:本报|晚报|郑报融媒|全媒体|融媒|首席|见习|特约|实习)?(?:摄影记者|记者|通讯员|摄影|实习生)"
    r"|摄影报道|报道|文/图|/文|/图|摄"
)
CREDIT_FILLER = re.compile(r"[\s■□●、,，/()（）①-⑳\d·]")
# A line that starts a body: 本报讯…, 新华社北京8月1日电, 滨州日报/滨州网讯(…)
BODY_START = re.compile(r"^[■□]?\s*(?:本报|新华社|[^\s，。,]{0,12}讯[（(\s]|[^\s，。,]{0,12}讯$)")
JUMP = re.compile(r"下转|上接|转第|接第")
NO_LINE_START = "，。、；：！？”’）》」…,.;:!?)"  # marks a typesetter never lets start a line


def compact(text: str) -> str:
    """What the evaluation compares: width-folded text without whitespace."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


@dataclass
class Source:
    """One annotated article, split into the pieces a layout re-prints."""

    origin: str  # its gold file and index, noted in the generated gold
    gold: dict
    paragraphs: list[str]
    kicker: str | None = None
    subheadline: str | None = None
    benbao: bool = False  # its body began 本报讯 (taken off paragraphs[0]: a layout prints a dateline)
    credit_needed: bool = False  # its byline or credit was taken off: a layout prints the reporters
    photo: bool = False  # its credit said 摄/图: a photo caption

    @property
    def size(self) -> int:
        return sum(len(p) for p in self.paragraphs)


# ---- cutting the annotated articles into pieces ----------------------------------------------


def is_credit(text: str, names: list[str]) -> bool:
    """Nothing but reporters' names with roles and symbols: 本报记者 付凯明, （李 涛 全媒体记者晋 群）."""
    rest = compact(text)
    if not any(name in rest for name in names):
        return False
    for name in sorted(names, key=len, reverse=True):
        rest = rest.replace(name, "")
    return not CREDIT_FILLER.sub("", ROLE_WORDS.sub("", rest))


def headline_runs(lines: list[str], headline: str) -> list[tuple[int, int]]:
    """Every run of whole lines (i to j) that prints the headline."""
    wanted, runs = compact(headline), []
    for i in (k for k, line in enumerate(lines) if line):
        printed = ""
        for j in range(i, len(lines)):
            printed += compact(lines[j])
            if printed == wanted and lines[j]:
                runs.append((i, j + 1))
            if not wanted.startswith(printed):
                break
    return runs


def paragraphs_of(lines: list[str]) -> list[str]:
    """Paragraphs of wrapped or unwrapped lines: one ends where a line ends a sentence (an OCR
    blank line inside a sentence does not end it)."""
    paragraphs, current = [], ""
    for line in filter(None, lines):
        current += line
        if ENDS_SENTENCE.search(line):
            paragraphs, current = [*paragraphs, current], ""
    return paragraphs + ([current] if current else [])


def top_pieces(lines: list[str], names: list[str]) -> tuple[str | None, list[str]]:
    """The subheadline under a headline printed above its body, and the lines after it."""
    filled = [k for k, line in enumerate(lines) if line]
    if filled and lines[filled[0]].startswith("—"):
        return lines[filled[0]], lines[filled[0] + 1:]
    for count in (1, 2):  # a dashless subheadline ends where the dateline or byline begins
        if len(filled) > count and (BODY_START.match(lines[filled[count]]) or is_credit(lines[filled[count]], names)):
            heads = [lines[k] for k in filled[:count]]
            if all(len(h) <= 60 and "。" not in h for h in heads) and not is_credit(heads[-1], names):
                return " ".join(heads), lines[filled[count]:]
            break
    return None, lines


def bottom_kicker(lines: list[str]) -> str | None:
    """A short 引题 just above a headline printed after the body, set off from the body by a blank
    line or a finished sentence: 抓项目 抓工业 抓转型 抓作风, 示范区工商分局."""
    if len(lines) < 2 or len(lines[-1]) > 24 or "。" in lines[-1] or ENDS_SENTENCE.search(lines[-1]):
        return None
    if re.search(r"[（(）)]|^[①-⑳\d]+$", lines[-1]):
        return None  # a credit or an editor's code
    return lines[-1] if not lines[-2] or ENDS_SENTENCE.search(lines[-2]) else None


def take_dateline(paragraphs: list[str], names: list[str]) -> tuple[bool, bool]:
    """Take 本报讯 and its credit (本报讯（记者郭树勋）, 本报讯 记者 秦超) off the body's start.
    Returns (it had 本报讯, names were taken)."""
    if not (lead := re.match(r"本报讯\s*", paragraphs[0])):
        return False, False
    rest, name_forms = paragraphs[0][lead.end():], "|".join(r"\s*".join(map(re.escape, n)) for n in names)
    credit = re.match(rf"[（(][^（()）]{{1,40}}[）)]\s*|(?:(?:{ROLE_WORDS.pattern}|{name_forms or '$^'})\s*)+", rest)
    # a bare credit must say 记者 or 通讯员: a story may begin with a person the reporter also is
    took = bool(credit and is_credit(credit[0], names) and re.match(r"[（(]|.*(记者|通讯员)", credit[0]))
    paragraphs[0] = rest[credit.end():] if took else rest
    return True, took


def take_credit(paragraphs: list[str], names: list[str]) -> str | None:
    """Take the credit off the body's end: （李新有）, 安娇娇 刘 凯 摄, 特约摄影赵 辰 通讯员宋雪松."""
    ends = list(SENTENCE_END.finditer(paragraphs[-1]))
    cut = ends[-1].end() if ends and is_credit(paragraphs[-1][ends[-1].end():], names) else 0
    if cut or is_credit(paragraphs[-1], names):
        credit, paragraphs[-1] = paragraphs[-1][cut:], paragraphs[-1][:cut]
        return credit
    return None


def split_article(span: str, gold: dict, origin: str) -> Source | None:
    """The article's pieces, or None when they do not separate cleanly."""
    lines = [line.strip() for line in span.split("\n")]
    names = [compact(r) for r in gold.get("reporters", [])]
    kicker = subheadline = None
    body = lines
    if gold.get("headline"):
        runs, filled = headline_runs(lines, gold["headline"]), [k for k, line in enumerate(lines) if line]
        top = [r for r in runs if r[0] in filled[:2]]
        bottom = [r for r in runs if r[0] > filled[:2][-1] and len([k for k in filled if k >= r[1]]) <= 3]
        if top:  # [引题] headline [subheadline] body
            i, j = top[0]
            kicker = lines[filled[0]] if i != filled[0] else None
            if kicker and (len(kicker) > 24 or "。" in kicker):
                return None
            subheadline, body = top_pieces(lines[j:], names)
        elif bottom:  # body [引题] headline [subheadline], as the seed pages print most stories
            i, j = bottom[-1]
            body = "\n".join(lines[:i]).rstrip("\n").split("\n")
            if kicker := bottom_kicker(body):
                body.pop()
            subheadline = " ".join(filter(None, lines[j:])) or None
        else:
            return None
    elif body and re.fullmatch(r"【.*】", body[0]):
        body = body[1:]  # a column label (【图片新闻】) belongs to the page, not to the caption
    filled = [k for k, line in enumerate(body) if line]
    byline = filled and is_credit(body[filled[0]], names)  # 本报记者 付凯明, □晚报记者 袁建龙
    paragraphs = paragraphs_of(body[filled[0] + 1:] if byline else body)
    if not paragraphs:
        return None
    benbao, took = take_dateline(paragraphs, names)
    credit = take_credit(paragraphs, names)
    source = Source(origin, gold, [p for p in paragraphs if p.strip()], kicker, subheadline, benbao)
    source.credit_needed = bool(names) and bool(took or credit or byline)
    source.photo = bool(credit and re.search("摄|图", credit))
    return source if usable(source) else None


def county_short(county: str) -> str:
    """修武县 → 修武, 滁州市 → 滁州; a zone keeps its name (示范区)."""
    return county if county.endswith("示范区") else re.sub(r"(?<=..)(?:县|市|区)$", "", county)


def consistent(gold: dict, text: str, reporters_printed: bool) -> bool:
    """The gold says nothing the text does not print: officials and titles, reporters (unless a
    layout prints them), the county's name, each event date's day. A story that names only a
    township, or leans on its paper's place (我县), is about its county only in the paper it came
    from; one dated 昨日, only on the page it came from."""
    for official in gold.get("officials", []):
        if compact(official["name"]) not in text or any(compact(t) not in text for t in official["titles"]):
            return False
    if reporters_printed and any(compact(r) not in text for r in gold.get("reporters", [])):
        return False
    if gold.get("county") and county_short(gold["county"]) not in text:
        return False
    return all(re.search(rf"(?<!\d)0?{int(d[-2:])}日", text) for d in gold.get("event_dates", []))


def usable(source: Source) -> bool:
    """Pieces a layout can re-print, whose gold stays true of what they print."""
    if not source.paragraphs or source.size < 20 or any(JUMP.search(p) for p in source.paragraphs[:-1]):
        return False
    names = "|".join(re.escape(compact(r)) for r in source.gold["reporters"])
    if names and re.search(rf"(?:{names})摄[^)）]{{4,}}", compact("".join(source.paragraphs))):
        return False  # a photo credit inside the text: captions and story run together
    printed = [source.kicker, source.gold["headline"], source.subheadline, *source.paragraphs]
    return consistent(source.gold, compact("".join(filter(None, printed))), not source.credit_needed)


def load_sources() -> list[Source]:
    """Every gold article that separates cleanly into pieces, in a fixed order."""
    sources = []
    for gold_path in sorted(EVALUATION.glob("seeds/*.gold.json")) + sorted(EVALUATION.glob("real/*/*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        page = (gold_path.parent / gold["page_file"]).resolve().read_text(encoding="utf-8")
        cursor = 0
        for index, article in enumerate(gold["articles"]):
            start = page.find(article["start"], cursor)
            end = page.find(article["end"], max(start, 0))
            if start < 0 or end < 0:
                continue
            cursor = end + len(article["end"])
            if source := split_article(page[start:cursor], article, f"{gold_path.relative_to(EVALUATION)}#{index}"):
                sources.append(source)
    return sources


# ---- printing pages --------------------------------------------------------------------------


def roles(names: list[str], rng: random.Random) -> str:
    """记者 A B, or 记者 A 通讯员 B; two-character names sometimes spaced as typeset (刘 凯)."""
    if rng.random() < 0.2:
        names = [f"{n[0]} {n[1]}" if len(n) == 2 else n for n in names]
    if len(names) > 1 and rng.random() < 0.5:
        return f"记者 {names[0]} 通讯员 {' '.join(names[1:])}"
    return "记者 " + " ".join(names)


def wrap(paragraph: str, width: int | None) -> str:
    """The paragraph set in a column `width` characters wide (None: on one line)."""
    lines, rest = [], paragraph.strip()
    while width and len(rest) > width:
        cut = width
        while cut < len(rest) and rest[cut] in NO_LINE_START:
            cut += 1
        lines, rest = [*lines, rest[:cut]], rest[cut:]
    return "\n".join([*lines, rest] if rest else lines)


def print_body(paragraphs: list[str], rng: random.Random) -> str:
    """In a column 16–24 characters wide or a paragraph a line; blank lines between paragraphs or not."""
    width = rng.randint(16, 24) if rng.random() < 0.7 else None
    return rng.choice(["\n\n", "\n"]).join(wrap(p, width) for p in paragraphs)


def dateline(source: Source, rng: random.Random, place: str, names: list[str] | None) -> str:
    """本报讯, 本报讯（记者 X）, 本报4月1日讯, 本报郑州4月1日电: dated only by the story's own latest
    event date, so that the dateline prints no date the gold does not list."""
    if names:
        return f"本报讯（{roles(names, rng)}）"
    if (dates := sorted(source.gold.get("event_dates", []))) and rng.random() < 0.5:
        month, day = (int(x) for x in dates[-1][-5:].split("-"))
        return f"本报{rng.choice(['', place, '郑州'])}{month}月{day}日{rng.choice('讯电')} "
    return rng.choice(["本报讯 ", "本报讯", "本报讯　"])


def headline_break(headline: str, names: list[str]) -> int:
    """Where a headline set on two lines breaks, as editors break it: at a space, before a name,
    after a place, a verb or a particle (武陟县召开 / 第二次…, 高温下的 / 修路工人), else mid-way."""
    size = len(headline)
    candidates = [
        k for k in range(size // 3, size - size // 3 + 1)
        if headline[k - 1] == " " or headline[k:].startswith(tuple(names))
        or re.search(r"(?:[县市区镇乡团”）)、：和的与]|召开|会见|举行|勉励|施策)$", headline[:k])
    ]
    return min(candidates, key=lambda k: abs(2 * k - size), default=size // 2)


def heading(source: Source, rng: random.Random, *, place_kicker: bool) -> list[str]:
    """引题, the headline (over two lines, sometimes, when longer than 14 characters), subheadline."""
    headline = source.gold["headline"]
    lines = [headline]
    if len(compact(headline)) > 14 and rng.random() < 0.5:
        cut = headline_break(headline, [o["name"] for o in source.gold["officials"]])
        lines = [headline[:cut].strip(), headline[cut:].strip()]
    kicker = source.kicker
    if not kicker and place_kicker and source.gold.get("county") and rng.random() < 0.15:
        kicker = county_short(source.gold["county"])  # a place-name 引题 (修武), as county pages print
    return [x for x in [kicker, *lines, source.subheadline] if x]


def print_story(source: Source, rng: random.Random, place: str, headline_after: bool) -> str:
    """A story: its heading above or below; its reporters (when the layout must print them) in
    the dateline, a byline or a credit; sometimes a jump line at its start or end."""
    names = source.gold["reporters"] if source.credit_needed else []
    where = rng.choice(["byline", "credit"] + ["dateline"] * source.benbao) if names else None
    jump_out = rng.random() < 0.1 and not JUMP.search(source.paragraphs[-1])
    where = "byline" if jump_out and where == "credit" else where  # the jump line ends this part
    paragraphs = list(source.paragraphs)
    if source.benbao:
        paragraphs[0] = dateline(source, rng, place, names if where == "dateline" else None) + paragraphs[0]
    lines = [print_body(paragraphs, rng)]
    if where == "byline":
        lines.insert(0, rng.choice(["本报", "□", "■ "]) + roles(names, rng))
    if rng.random() < 0.1:  # a continued story's jump line, under its byline if any
        lines.insert(len(lines) - 1, rng.choice(["（上接01版）", "（上接第一版）", "(上接A1版)"]))
    if where == "credit":
        credit = rng.choice([f"（{' '.join(names)}）", f"（{roles(names, rng)}）", roles(names, rng)])
        if credit.startswith("（") and rng.random() < 0.5:
            lines[-1] += " " + credit  # run into the last paragraph: …制度体系。 （孙楠楠）
        else:
            lines.append(credit)
    if jump_out:
        lines.append(rng.choice(["（下转第3版）", "（下转A3版）", "(下转第三版)"]))
    head, gap = "\n".join(heading(source, rng, place_kicker=True)), rng.choice(["\n", "\n\n"])
    return "\n".join(lines) + gap + head if headline_after else head + gap + "\n".join(lines)


def print_caption(source: Source, rng: random.Random) -> str:
    """A photo's caption, its headline (if it had one) above, its 摄 credit on a line of its own."""
    lines = heading(source, rng, place_kicker=False) if source.gold["headline"] else []
    lines.append(print_body(source.paragraphs, rng))
    if source.credit_needed:
        names = source.gold["reporters"]
        lines.append(rng.choice([" ".join(names), "本报" + roles(names, rng), roles(names, rng)]) + " 摄")
    return "\n".join(lines)


def print_brief(source: Source, rng: random.Random, place: str) -> str:
    """A 简讯 item: no headline, ■ or 本报讯 to start, the reporters in brackets at its end."""
    text = (dateline(source, rng, place, None) if source.benbao else "") + "".join(source.paragraphs)
    text = text if text.startswith("■") or rng.random() < 0.4 else "■" + text
    if source.credit_needed:
        text += rng.choice(["", " "]) + f"（{' '.join(source.gold['reporters'])}）"
    return wrap(text, rng.choice([None, rng.randint(16, 24)]))


def masthead(rng: random.Random, edition: datetime.date) -> tuple[str, str, str, list[str]]:
    """The paper, its place, its page code and the header lines, in a form papers print: one line
    (新乡日报 2019年4月2日 星期二 第06版 县域经济), or paper, date and page code stacked."""
    city, county, number = rng.choice(CITIES), rng.choice(COUNTIES), rng.randint(1, 12)
    paper, place = rng.choice([(f"{city}日报", city), (f"{city}晚报", city), (f"{county}县报", county),
                               (f"今日{county}", county)])
    code, printed = rng.choice([(f"{rng.choice('AB')}{number}",) * 2, (f"第{CHINESE_NUMBERS[number - 1]}版",) * 2,
                                (f"{number:02d}",) * 2, (f"{number:02d}", f"第{number:02d}版")])
    date = f"{edition.year}年{edition.month}月{edition.day}日"
    if rng.random() < 0.3:
        date = edition.strftime("%Y年%m月%d日")
    date += f" 星期{'一二三四五六日'[edition.weekday()]}" if rng.random() < 0.8 else ""
    section = rng.choice(SECTIONS)
    if rng.random() < 0.4:
        return paper, place, code, [f"{paper} {date} {printed} {section}"]
    printed += f"：{section}" if printed.startswith("第") and rng.random() < 0.5 else ""
    orders = [(paper, date, printed), (printed, paper, date), (paper, printed, date)]
    return paper, place, code, list(rng.choice(orders))


def furniture(rng: random.Random, paper: str) -> tuple[str, str | None]:
    """A staff line (编辑：刘振毅│校对：谢 斌) and sometimes a hotline line."""
    colon, separator = rng.choice(["：", " "]), rng.choice(["│", " | ", "、", "  ", " "])
    people = (rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2))) for _ in range(3))
    staff = separator.join(f"{role}{colon}{next(people)}" for role in rng.sample(STAFF_ROLES, rng.randint(1, 3)))
    hotline = rng.choice([f"新闻热线：{rng.randint(2000000, 8999999)}", f"■官方微博：@{paper}", f"微信公众号：{paper}"])
    return staff, hotline if rng.random() < 0.4 else None


def edition_date(articles: list[Source], rng: random.Random) -> datetime.date:
    """A day or three after the latest event the page's articles tell of, else any day."""
    dates = [datetime.date.fromisoformat(d) for a in articles for d in a.gold["event_dates"] if len(d) == 10]
    if dates:
        return max(dates) + datetime.timedelta(days=rng.randint(1, 3))
    return datetime.date(2010, 1, 1) + datetime.timedelta(days=rng.randint(0, 5000))


def fits_brief(source: Source) -> bool:
    """Short, and true without its headline (which may name what the gold lists)."""
    text = compact("".join(source.paragraphs))
    return source.size < 260 and not source.photo and consistent(source.gold, text, not source.credit_needed)


def choose(sources: list[Source], rng: random.Random) -> tuple[list[Source], list[Source], list[Source]]:
    """3–8 different articles: stories, 0–2 photo captions, sometimes a 简讯 block of 2–4 items."""
    order, total = rng.sample(sources, len(sources)), rng.randint(3, 8)
    briefs = [s for s in order if fits_brief(s)][: rng.choice([0, 0, 2, 3, 4]) if total >= 4 else 0]
    captions = [s for s in order if s.photo and s.size < 300][: rng.choice([0, 1, 1, 2])]
    stories = [s for s in order if s.gold["headline"] and not s.photo and s not in briefs]
    return stories[: max(1, total - len(briefs) - len(captions))], captions, briefs


def compose(sources: list[Source], rng: random.Random) -> tuple[str, dict, list[tuple]]:
    """A page's text, its page-level gold, and each article's span (start, end, source, headline)."""
    stories, captions, briefs = choose(sources, rng)
    edition = edition_date(stories + captions + briefs, rng)
    paper, place, code, header = masthead(rng, edition)
    staff, hotline = furniture(rng, paper)
    staff_top = rng.random() < 0.5
    top, bottom = ([staff], []) if staff_top else ([], [staff])
    if hotline:
        rng.choice([top, bottom]).append(hotline)
    headline_after = rng.random() < 0.3
    blocks = [[(print_story(s, rng, place, headline_after), s)] for s in stories]
    blocks += [[(print_caption(s, rng), s)] for s in captions]
    rng.shuffle(blocks)
    if briefs:  # the 简讯 label (None: the page's, no article's) and its items
        label = rng.choice(["简讯", "■简讯", "简 讯", "【简讯】"])
        items = [(label, None)] + [(print_brief(s, rng, place), s) for s in briefs]
        blocks.insert(rng.randint(0, len(blocks)), items)
    text, spans = "\n".join(header + top) + "\n\n", []
    for printed, source in (item for block in blocks for item in block):
        if source:  # a 简讯 item prints no headline
            headline = None if source in briefs else source.gold["headline"]
            spans.append((len(text), len(text) + len(printed), source, headline))
        text += printed + ("\n" if source is None else rng.choice(["\n\n", "\n\n", "\n"]))
    layout = {"header": "one line" if len(header) == 1 else "stacked", "staff": "top" if staff_top else "bottom",
              "headline": "after" if headline_after else "before", "captions": len(captions), "briefs": len(briefs)}
    page = {"paper": paper, "edition_date": edition.isoformat(), "page": code, "layout": layout}
    return text + "\n".join(bottom) + "\n", page, spans


def shortest(page: str, s: int, e: int, found_right, *, from_end: bool) -> str:
    """The span's first (or last) 15 characters, more where those are found elsewhere first."""
    for n in range(min(15, e - s), e - s + 1):
        snip = page[e - n:e].lstrip() if from_end else page[s:s + n].rstrip()
        if (len(compact(snip)) >= 10 and found_right(compact(snip))) or n == e - s:
            return snip
    raise ValueError("empty span")


def anchors(page: str, spans: list[tuple]) -> list[tuple[str, str]]:
    """Each span's start and end text, found as the evaluation finds them in the page's compact
    text: start from the previous article's end on, end from start on."""
    flat, cursor, found = compact(page), 0, []
    for s, e, *_ in spans:
        cs, ce = len(compact(page[:s])), len(compact(page[:e]))
        start = shortest(page, s, e, lambda snip: flat.find(snip, cursor) == cs, from_end=False)  # noqa: B023
        end = shortest(page, s, e, lambda snip: flat.find(snip, cs) == ce - len(snip), from_end=True)  # noqa: B023
        found.append((start, end))
        cursor = ce
    return found


def write_generated_pages(*, count: int, seed: int, folder: Path | None = None) -> list[Path]:
    """`count` pages (NAME.txt) and their gold (NAME.gold.json) in `folder` (by default a new
    temporary folder); returns the gold files' paths. Page i is drawn from random.Random(seed + i)."""
    folder = Path(folder or tempfile.mkdtemp(prefix="parse_layouts_")).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    sources, paths = load_sources(), []
    for i in range(count):
        text, page, spans = compose(sources, random.Random(seed + i))
        name = f"generated_{seed}_{i:03d}"
        articles = [
            {"start": start, "end": end, "headline": headline,
             **{key: source.gold.get(key) for key in ("county", "officials", "reporters", "event_dates")}}
            for (start, end), (_, _, source, headline) in zip(anchors(text, spans), spans, strict=True)
        ]
        gold = {"source_urls": [], "page_file": f"{name}.txt", **page, "articles": articles,
                "article_sources": {str(k): span[2].origin for k, span in enumerate(spans)}}
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        paths.append(folder / f"{name}.gold.json")
        paths[-1].write_text(json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return paths
