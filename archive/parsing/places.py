"""Which county-level unit of 焦作 an article is about.

The gazetteer maps every county-level unit to the names that identify it: its own name and
aliases, and its townships, subdistricts and development zones. Names shared by two units
(太行街道 is in both 沁阳 and 山阳) are left out so they cannot mislead.
"""

import re
from collections import Counter

CITY = "焦作市"

GAZETTEER: dict[str, tuple[str, ...]] = {
    "修武县": ("修武", "七贤镇", "郇封镇", "周庄镇", "五里源乡", "王屯乡", "西村乡", "岸上乡",
              "云台山镇", "方庄镇", "城关镇", "云台山", "修武西站"),
    "武陟县": ("武陟", "木城街道", "龙源街道", "龙泉街道", "木栾街道", "木栾新区", "詹店镇",
              "詹店新区", "西陶镇", "谢旗营镇", "大封镇", "乔庙镇", "圪垱店乡", "三阳乡",
              "嘉应观乡", "大虹桥乡", "北郭乡", "小董乡", "陶封工业区", "嘉应观"),
    "温县": ("温县", "温泉街道", "岳村街道", "张羌街道", "黄庄镇", "武德镇", "赵堡镇", "番田镇",
            "北冷乡", "南张羌镇", "祥云镇", "招贤乡", "陈家沟"),
    "博爱县": ("博爱", "清化镇街道", "鸿昌街道", "柏山镇", "月山镇", "许良镇", "磨头镇",
              "孝敬镇", "寨豁乡", "金城乡"),
    "孟州市": ("孟州", "会昌街道", "大定街道", "河阳街道", "河雍街道", "化工镇", "南庄镇",
              "城伯镇", "谷旦镇", "赵和镇", "西虢镇", "槐树乡"),
    "沁阳市": ("沁阳", "覃怀街道", "怀庆街道", "沁园街道", "崇义镇", "西向镇", "西万镇",
              "柏香镇", "山王庄镇", "紫陵镇", "常平乡", "王召乡", "王曲乡"),
    "示范区": ("示范区", "城乡一体化示范区", "高新区", "文昌街道", "李万街道", "阳庙镇",
              "宁郭镇", "苏家作乡", "苏家作", "沁泉湖"),
    "解放区": ("解放区", "焦西街道", "焦南街道", "焦北街道", "七百间街道", "新华街道",
              "民主街道", "王褚街道", "上白作街道"),
    "山阳区": ("山阳区", "百间房街道", "光亚街道", "定和街道", "焦东街道", "东方红街道",
              "艺新街道", "新城街道", "中星街道"),
    "中站区": ("中站区", "李封街道", "王封街道", "朱村街道", "冯封街道", "月季街道",
              "许衡街道", "府城街道", "龙洞街道", "龙翔街道"),
    "马村区": ("马村区", "马村街道", "待王街道", "冯营街道", "九里山街道", "演马街道",
              "安阳城街道", "武王街道"),
}

COUNTIES = (*GAZETTEER, CITY)
_ALL_NAMES = sorted(
    ((name, county) for county, names in GAZETTEER.items() for name in names),
    key=lambda pair: -len(pair[0]),
)
_NAME_PATTERN = re.compile("|".join(re.escape(name) for name, _ in _ALL_NAMES))
_COUNTY_OF = dict(_ALL_NAMES)
# "我县" / "全县" speak for the paper's own county.
_FIRST_PERSON = re.compile(r"[我全本该]县")


def county_counts(text: str) -> Counter:
    return Counter(_COUNTY_OF[m.group()] for m in _NAME_PATTERN.finditer(text))


def county_of_place(name: str) -> str | None:
    """The county a place name (a township label, a page label) belongs to, if it is one."""
    cleaned = re.sub(r"^焦作(市)?", "", name.strip())
    if cleaned in GAZETTEER:
        return cleaned
    return _COUNTY_OF.get(cleaned)


def article_county(*, headline: str, body: str, page_county: str | None) -> str:
    """The county an article is about: named places count, the headline's three times.

    "我县" on a county paper's page means that paper's county, so an article that names no
    place but speaks of 我县/全县 belongs to the page's county; one that names no place at all
    belongs to the page's county, or to 焦作市 as a city-wide item.
    """
    counts = county_counts(body)
    for county, n in county_counts(headline).items():
        counts[county] += 3 * n
    if page_county and page_county != CITY:
        counts[page_county] += len(_FIRST_PERSON.findall(headline + body))
    if counts:
        return counts.most_common(1)[0][0]
    return page_county or CITY


def page_county(text: str, label: str = "") -> str | None:
    """The county a whole page speaks for: its printed label, else the place it names most."""
    if label and county_of_place(label):
        return county_of_place(label)
    counts = county_counts(text)
    return counts.most_common(1)[0][0] if counts else None
