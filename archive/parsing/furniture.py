"""Page furniture: what the page prints around the news (date lines, mastheads, page numbers,
section labels, staff lines, QR-code prompts)."""

import datetime
import re
from dataclasses import dataclass, field

from .model import StaffCredit
from .places import is_place_name
from .profiles import masthead_profile
from .text import non_space

# "2020年3月27日 星期五", and with the page number run into it by the OCR: "072020年3月27日 星期五"
DATE_LINE = re.compile(
    r"^(?P<page>\d{1,2}(?=(?:19|20)\d\d年))?(?P<year>(?:19|20)\d\d)年(?P<month>\d{1,2})月"
    r"(?P<day>\d{1,2})日(?:星期[一二三四五六日天])?(?:农历\S*)?$"
)
PAGE_NUMBER = re.compile(r"^(?:第?(?P<a>\d{1,2})版?|[A-Z](?P<b>\d{1,2}))$")
MASTHEAD = re.compile(r"^[A-Z][A-Z .]{3,}$")  # JIAOZUO DAILY
# A paper's name as its masthead prints it: 洛阳日报, 郑州晚报, 武陟县报, 齐鲁晚报.
PAPER_NAME = r"(?:[\u4e00-\u9fff]{2,8}?(?:日报|晚报|早报|时报|商报|都市报|县报)|今日[\u4e00-\u9fff]{2,4}?)"
CHINESE_DIGITS = "一二三四五六七八九十"
# 第06版, 第A18版, 第N06版, A4, B12, 第三版, 06版, 版次:01, 当前版:01版
PAGE_CODE = rf"(?:(?:版次|当前版)[：:](?P<bare>\d{{1,2}})(?=(?:19|20)\d\d年|\D|$)版?|第?(?P<letter>[A-Z])?(?P<digits>\d{{1,2}})版|第(?P<chinese>[{CHINESE_DIGITS}]{{1,3}})版|(?P<code_letter>[A-Z])(?P<code_digits>\d{{1,2}}))"
# Header lines of any paper, in any order and combination, on one line or several:
# "新乡日报 2019年4月2日 星期二 第06版 县域经济", "周口日报 2015年6月5日 星期五", "第04版：淮阳新闻",
# "A4 县区新闻", "版次:01 2025年03月28日".
HEADER_LINE = re.compile(
    rf"^(?P<paper>{PAPER_NAME})?(?:星期[一二三四五六日天])?"
    rf"(?:{PAGE_CODE})?"
    r"(?:(?P<year>(?:19|20)\d\d)年(?P<month>\d{1,2})月(?P<day>\d{1,2})日)?(?:星期[一二三四五六日天])?(?:农历\S*?)?"
    # After a date a page number may stand bare: "运城日报 2021年7月24日 星期六 04 时政".
    rf"(?:{PAGE_CODE.replace('?P<', '?P<late_')}|(?P<late_plain>\d{{1,2}})(?=[\u4e00-\u9fff]|$))?"
    r"(?:[：:]?(?P<section>[\u4e00-\u9fff][\u4e00-\u9fff/／·・]{1,13}))?[：:]?$"
)
# "焦作/ 武陟": the paper's section, then the county page it is.
SECTION_LABEL = re.compile(r"(?:^|\s)(?P<section>[\u4e00-\u9fff]{2,4})\s*/\s*(?P<label>[\u4e00-\u9fff]{2,6})\s*$")
STAFF_ROLES = "本版编辑|责任编辑|美术编辑|责任校对|值班编委|编辑|责编|编审|校对|组版|版式|美编|排版|审读|主编|制作"
# A name runs until the next role: "责任编辑 张三 校对 李四".
STAFF_NAME = rf"[\u4e00-\u9fff](?:\s?(?!{STAFF_ROLES})[\u4e00-\u9fff]){{1,3}}"
STAFF_ITEM = re.compile(rf"(?P<role>{STAFF_ROLES})\s*[:：]\s*(?P<name>{STAFF_NAME})")
# Without colons, a line that is nothing but roles and names: "责任编辑 张三 美编 李四".
STAFF_ITEM_BARE = re.compile(rf"(?P<role>{STAFF_ROLES})\s*[:：]?\s*(?P<name>{STAFF_NAME})")
STAFF_SEPARATORS = re.compile(r"[\s■□●|│｜、/，,]+")
QR_PROMPT = re.compile(r"扫码|扫一扫|二维码|公众号|客户端下载")
# "新闻热线：5056031", "■官方微博：@焦作日报": how to reach the paper, never news.
CONTACT_LINE = re.compile(r"^[■□●]?(?:新闻热线|服务热线|发行热线|广告热线|读者热线|热线电话|官方微博|官方微信|微信公众号|投稿邮箱|电子邮箱)[:：]")
CONTACT_LINE_MAX_CHARS = 60
MASTHEAD_IN_TEXT = re.compile(r"@?(?P<name>[\u4e00-\u9fff]{2,4}(?:日报|晚报))")


@dataclass
class PageMeta:
    """What the furniture says about the page; filled in as furniture lines are found."""

    edition_date: datetime.date | None = None
    page_number: int | None = None
    page_code: str = ""  # as printed: 07, A18, 第三版
    labels: list[str] = field(default_factory=list)
    publication: str = ""
    staff: list[StaffCredit] = field(default_factory=list)


def read_furniture_line(line: str, meta: PageMeta) -> bool:
    """If `line` is page furniture, note what it says in `meta` and return True."""
    text = line.strip()
    compact = non_space(text)
    if not compact:
        return False
    if _read_header(compact, meta):
        return True
    if CONTACT_LINE.match(compact) and len(compact) <= CONTACT_LINE_MAX_CHARS and not STAFF_ITEM.search(text):
        return True
    if match := DATE_LINE.match(compact):
        _note_date(match, meta)
        return True
    if match := PAGE_NUMBER.match(compact):
        meta.page_number = meta.page_number or int(match.group("a") or match.group("b"))
        return True
    if MASTHEAD.match(text):
        profile = masthead_profile(text)
        meta.publication = meta.publication or (profile.name if profile else "")
        return True
    label = SECTION_LABEL.search(text)
    without_label = text[: label.start()] if label else text
    staff = list(STAFF_ITEM.finditer(without_label)) or _bare_staff_items(without_label)
    if staff:
        _note_staff(without_label, staff, meta)
        if label:
            meta.labels.append(label["label"])
        return True
    if label and len(compact) <= 12:
        meta.labels.append(label["label"])
        return True
    return False


def _bare_staff_items(text: str) -> list[re.Match]:
    items = list(STAFF_ITEM_BARE.finditer(text))
    rest = STAFF_SEPARATORS.sub("", STAFF_ITEM_BARE.sub("", text))
    return items if items and not rest else []


def is_qr_prompt(block_text: str) -> bool:
    return bool(QR_PROMPT.search(block_text)) and len(non_space(block_text)) <= 60


def is_page_label(line: str) -> bool:
    """A lone place name at the top of a page ("焦作市城乡一体化示范区") names the page."""
    compact = non_space(line)
    return len(compact) <= 14 and is_place_name(compact)


# Dates as some mastheads print them, read as 2020年3月27日: "2020-03-27", "2020.3.27",
# "二〇二〇年三月二十七日".
NUMERIC_DATE = re.compile(r"((?:19|20)\d\d)[-./](\d{1,2})[-./](\d{1,2})(?!\d)")
CHINESE_DATE = re.compile(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
CHINESE_YEAR_DIGITS = "〇一二三四五六七八九"


def _dates_as_written_in_figures(compact: str) -> str:
    compact = NUMERIC_DATE.sub(lambda m: f"{m[1]}年{int(m[2])}月{int(m[3])}日", compact)

    def figures(match: re.Match) -> str:
        year = "".join(str(CHINESE_YEAR_DIGITS.index("〇" if c == "零" else c)) for c in match[1])
        return f"{year}年{_chinese_number(match[2])}月{_chinese_number(match[3])}日"

    return CHINESE_DATE.sub(figures, compact)


def _read_header(compact: str, meta: PageMeta) -> bool:
    """A masthead, date or page-code line in any of the forms papers print (see HEADER_LINE).
    A section name alone is not enough: it could be a short headline."""
    match = HEADER_LINE.match(_dates_as_written_in_figures(compact))
    if not match or not (match["paper"] or match["year"] or _page_code(match)):
        return False
    if match["late_plain"] and not match["year"]:
        return False  # "4名大学生……": a bare number is a page number only after the date
    if match["paper"] and match["section"] and not (match["year"] or _page_code(match)):
        return False  # "人民日报社河南分社社" / "长……": a headline wrapped after a paper's name
    if match["paper"] and not meta.publication:
        profile = masthead_profile(match["paper"])
        meta.publication = profile.name if profile else match["paper"]
    if match["year"]:
        _note_date(match, meta)
    if (page := _page_code(match)) and meta.page_number is None:
        meta.page_number, meta.page_code = page
    if match["section"]:
        meta.labels.append(match["section"])
    return True


def _page_code(match: re.Match) -> tuple[int, str] | None:
    for prefix in ("", "late_"):
        letter = match[prefix + "letter"] or match[prefix + "code_letter"] or ""
        digits = match[prefix + "digits"] or match[prefix + "code_digits"] or match[prefix + "bare"]
        digits = digits or match.groupdict().get(prefix + "plain")
        if digits:
            return int(digits), f"{letter}{int(digits):02d}" if not letter else f"{letter}{digits}"
        if chinese := match[prefix + "chinese"]:
            return _chinese_number(chinese), f"第{chinese}版"
    return None


def _chinese_number(text: str) -> int:
    """一 … 九十九, as page numbers are printed: 三, 十二, 二十."""
    values = [CHINESE_DIGITS.index(c) + 1 for c in text]
    if len(values) == 1:
        return values[0]
    if values[0] == 10:
        return 10 + values[1]
    return values[0] * 10 + (values[2] if len(values) > 2 else 0)


def _note_date(match: re.Match, meta: PageMeta) -> None:
    try:
        date = datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return
    meta.edition_date = meta.edition_date or date
    if match.groupdict().get("page") and meta.page_number is None:
        meta.page_number, meta.page_code = int(match["page"]), match["page"]


def _note_staff(text: str, items: list[re.Match], meta: PageMeta) -> None:
    known = {(s.role, s.name) for s in meta.staff}
    for item in items:
        credit = StaffCredit(role=item["role"], name=non_space(item["name"]))
        if (credit.role, credit.name) not in known:
            meta.staff.append(credit)
            known.add((credit.role, credit.name))
    # The staff line also carries the paper's name: "■官方微博：@焦作日报(新浪、腾讯)".
    if not meta.publication and (paper := MASTHEAD_IN_TEXT.search(text)):
        meta.publication = paper["name"]
