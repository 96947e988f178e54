"""Page furniture: what the page prints around the news (date lines, mastheads, page numbers,
section labels, staff lines, QR-code prompts)."""

import datetime
import re
from dataclasses import dataclass, field

from .model import StaffCredit
from .places import county_of_place
from .text import non_space

# "2020年3月27日 星期五", and with the page number run into it by the OCR: "072020年3月27日 星期五"
DATE_LINE = re.compile(
    r"^(?P<page>\d{1,2}(?=(?:19|20)\d\d年))?(?P<year>(?:19|20)\d\d)年(?P<month>\d{1,2})月"
    r"(?P<day>\d{1,2})日(?:星期[一二三四五六日天])?(?:农历\S*)?$"
)
PAGE_NUMBER = re.compile(r"^(?:第?(?P<a>\d{1,2})版?|[A-Z](?P<b>\d{1,2}))$")
MASTHEAD = re.compile(r"^[A-Z][A-Z .]{3,}$")  # JIAOZUO DAILY
# "焦作/ 武陟": the paper's section, then the county page it is.
SECTION_LABEL = re.compile(r"(?:^|\s)(?P<section>[\u4e00-\u9fff]{2,4})\s*/\s*(?P<label>[\u4e00-\u9fff]{2,6})\s*$")
STAFF_ROLES = "编辑|责编|责任编辑|校对|组版|版式|美编|排版|审读|值班编委|主编"
STAFF_ITEM = re.compile(rf"(?P<role>{STAFF_ROLES})\s*[:：]\s*(?P<name>[\u4e00-\u9fff](?: ?[\u4e00-\u9fff]){{1,3}})")
QR_PROMPT = re.compile(r"扫码|扫一扫|二维码|公众号|客户端下载")
KNOWN_MASTHEADS = {"JIAOZUO DAILY": "焦作日报"}
MASTHEAD_IN_TEXT = re.compile(r"@?(?P<name>[\u4e00-\u9fff]{2,4}(?:日报|晚报))")


@dataclass
class PageMeta:
    """What the furniture says about the page; filled in as furniture lines are found."""

    edition_date: datetime.date | None = None
    page_number: int | None = None
    labels: list[str] = field(default_factory=list)
    publication: str = ""
    staff: list[StaffCredit] = field(default_factory=list)


def read_furniture_line(line: str, meta: PageMeta) -> bool:
    """If `line` is page furniture, note what it says in `meta` and return True."""
    text = line.strip()
    compact = non_space(text)
    if not compact:
        return False
    if match := DATE_LINE.match(compact):
        _note_date(match, meta)
        return True
    if match := PAGE_NUMBER.match(compact):
        meta.page_number = meta.page_number or int(match.group("a") or match.group("b"))
        return True
    if MASTHEAD.match(text):
        meta.publication = meta.publication or KNOWN_MASTHEADS.get(text, "")
        return True
    label = SECTION_LABEL.search(text)
    without_label = text[: label.start()] if label else text
    staff = list(STAFF_ITEM.finditer(without_label))
    if staff:
        _note_staff(without_label, staff, meta)
        if label:
            meta.labels.append(label["label"])
        return True
    if label and len(compact) <= 12:
        meta.labels.append(label["label"])
        return True
    return False


def is_qr_prompt(block_text: str) -> bool:
    return bool(QR_PROMPT.search(block_text)) and len(non_space(block_text)) <= 60


def is_page_label(line: str) -> bool:
    """A lone place name at the top of a page ("焦作市城乡一体化示范区") names the page."""
    compact = non_space(line)
    return len(compact) <= 14 and county_of_place(compact) is not None


def _note_date(match: re.Match, meta: PageMeta) -> None:
    try:
        date = datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return
    meta.edition_date = meta.edition_date or date
    if match["page"]:
        meta.page_number = meta.page_number or int(match["page"])


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
