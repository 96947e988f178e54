"""People named in an article: officials with their titles, business people, reporters."""

import functools
import re
from collections.abc import Collection

import jieba

from .credits import ROLE_WORDS
from .model import Mention
from .text import CJK

jieba.setLogLevel(60)

SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左"
    "柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶"
    "解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬"
    "边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原"
    "栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计"
    "索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕"
    "危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由千郇习"
)
# Title words, longest first so 副县长 wins over 县长.
TITLE_WORDS = sorted(
    ["书记", "副书记", "总书记", "县长", "副县长", "常务副县长", "市长", "副市长", "常务副市长", "区长", "副区长", "省长", "副省长", "主任", "副主任", "常务副主任", "局长", "副局长", "部长", "副部长", "统战部长", "组织部长", "宣传部长", "主席", "副主席", "总指挥", "副总指挥", "指挥长", "常委", "委员", "董事长", "副董事长", "总经理", "副总经理", "经理", "镇长", "副镇长", "乡长", "副乡长", "组长", "院长", "副院长", "厅长", "处长", "科长", "所长", "站长", "校长", "会长", "秘书长", "检察长", "庭长", "政委", "村支书", "支书", "调研员", "主任委员", "总监", "行长", "副行长", "助理", "队长", "社长", "总编辑", "总工程师", "巡视员", "专员",
     "理事长", "监事长"],
    key=len,
    reverse=True,
)
BUSINESS_MARKERS = re.compile(r"公司|集团|企业|银行|董事|经理|厂|商会|合作社")
# A society's office is no government post: "韩氏宗亲会会长", "书法家协会主席".
ASSOCIATION_MARKERS = re.compile(r"宗亲会|协会|学会|研究会|联谊会|同乡会|基金会|志愿者")


def _category(titles: str) -> str:
    if BUSINESS_MARKERS.search(titles):
        return "business"
    return "other" if ASSOCIATION_MARKERS.search(titles) else "official"
# What may follow a name: punctuation, or the verb or word that starts the next phrase.
FOLLOWERS = sorted(
    ["出席", "主持", "在", "强调", "说", "一同", "宣读", "通报", "等", "任", "表示", "讲话", "指出", "要求", "对", "带领", "来到", "同志", "和", "及", "与", "为", "率", "陪同", "参加", "作", "致辞", "介绍", "汇报", "分别", "听取", "深入", "一行", "就", "的", "也", "还", "先后", "到", "提出", "传达", "安排", "部署", "代表", "看望", "慰问", "走访", "调研", "察看", "检查", "督导", "亲自", "现场", "同", "向", "以", "是", "将", "从", "又", "被", "则", "于", "上", "共", "均", "解读", "回答", "发表", "宣布", "希望", "认为", "感谢", "当选", "会见", "结合", "带队", "主讲", "作了", "讲", "答", "领", "率队", "前往", "实地", "莅临", "出任", "应邀", "一同", "同志", "总书记", "参加会见", "参加相关"],
    key=len,
    reverse=True,
)
_TITLE = "|".join(TITLE_WORDS)
_TITLE_THEN_NAME = re.compile(rf"(?:{_TITLE})(?=[{CJK}])")
# Where a title phrase can start: after punctuation, or after one of these words.
# Single characters that also occur inside organisation names (广东同天, 原阳) are not stops.
_PHRASE_STOPS = ("学习", "传达", "由", "日", "上午", "下午", "晚上", "陪同", "带领", "邀请",
                 "听取", "和", "与", "及", "向", "对", "会同", "看望", "时任", "了", "在", "随后", "根据", "会见",
                 "会上", "当天", "期间", "讨论", "审议", "研究", "通过", "欢迎", "感谢")
_PHRASE_CHARS = re.compile(rf"[{CJK}（）()]")
_ORG_ENDINGS = ("党工委", "党委", "党组", "管委会", "政府", "人大", "政协")
# 县领导, 区领导, 县四大班子领导, 县五大班子领导, 县级领导, 市县领导 … then the names.
LEADER_WORD = re.compile(r"(?:[县区市省镇乡]|市县|县市)(?:级|四大班子|五大班子)?领导")
LEADER_LIST = re.compile(rf"{LEADER_WORD.pattern}(?=[{CJK}])")
ORG_CREDIT = re.compile(r"融媒|新华社|中心|电视台|广播|报社|网$|站$|办$|局$|部$|委$|社$|台$")


# A name is rare as a word: jieba's dictionary knows 安排 7836 times and 申琳 not at all.
COMMON_WORD_FREQUENCY = 500


def _is_common_word(candidate: str) -> bool:
    jieba.dt.check_initialized()
    if _person_tags().get(candidate, "").startswith("nr"):  # 王国生 is a word of jieba's because it is a name
        return False
    return (jieba.dt.FREQ.get(candidate) or 0) > COMMON_WORD_FREQUENCY


@functools.cache
def _person_tags() -> dict[str, str]:
    import jieba.posseg

    jieba.posseg.dt.initialize()
    return jieba.posseg.dt.word_tag_tab


def name_at(text: str, start: int) -> str | None:
    """The personal name that starts at text[start], if one does (2 or 3 characters).

    "县长安排部署" names nobody: a candidate that is a common word is not a name."""
    rest = text[start : start + 8]
    if len(rest) < 2 or rest[0] not in SURNAMES or not re.match(f"[{CJK}]{{2}}", rest):
        return None
    for length in (3, 2):
        candidate = rest[:length]
        if len(candidate) < length or not re.fullmatch(f"[{CJK}]+", candidate):
            continue
        if length == 3 and _starts_follower(rest[2:]):
            continue
        if len(rest) == length or _starts_follower(rest[length:]) or not re.match(f"[{CJK}]", rest[length]):
            return None if _is_common_word(candidate) else candidate
    # No boundary found: let jieba, which knows many names, decide.
    first = next(iter(jieba.cut(rest)), "")
    return first if 2 <= len(first) <= 3 and first[0] in SURNAMES and not _is_common_word(first) else None


def _starts_follower(text: str) -> bool:
    return any(text.startswith(word) for word in FOLLOWERS)


def title_phrase_start(text: str, end: int) -> int:
    """Where the title phrase ending at `end` begins: "县产业集聚区管委会主任" in "，县产业…主任李晓海"."""
    start = end
    while start > 0 and end - start < 20 and _PHRASE_CHARS.match(text[start - 1]):
        if any(text[:start].endswith(stop) for stop in _PHRASE_STOPS) and not text[start:].startswith("报社"):
            break
        start -= 1
    return start


def title_chain(text: str, title_start: int, title_end: int) -> str:
    """The whole printed title before a name: "市委常委、修武县委书记" (phrases joined by 、)."""
    start = title_phrase_start(text, title_end)
    while start > 1 and text[start - 1] == "、":
        previous_end = start - 1
        previous_start = title_phrase_start(text, previous_end)
        phrase = text[previous_start:previous_end]
        if not phrase or not (phrase.endswith(tuple(TITLE_WORDS)) or phrase.endswith(_ORG_ENDINGS)):
            break
        start = previous_start
    return text[start:title_end]


def titled_people(text: str) -> list[Mention]:
    """Everyone named right after a title: "县委副书记、县长申琳", "东方今典集团董事长张泽保"."""
    found = []
    for match in _TITLE_THEN_NAME.finditer(text):
        name = name_at(text, match.end())
        if not name:
            continue
        titles = title_chain(text, match.start(), match.end())
        category = _category(titles)
        found.append(Mention(name=name, titles=(titles,), category=category))
        # "副主席刘瑭瑛、王小宁、田耀德出席": the title covers the names listed after the first.
        position = match.end() + len(name)
        while text[position : position + 1] == "、" and (listed := name_at(text, position + 1)):
            found.append(Mention(name=listed, titles=(titles,), category=category))
            position += 1 + len(listed)
    return found


def listed_leaders(text: str) -> list[Mention]:
    """Names listed after 县领导/区领导/市领导: "县领导辛丽华、贾顺利、…、雍冬明等出席会议"."""
    found = []
    for match in LEADER_LIST.finditer(text):
        role = match.group()
        position = match.end()
        while name := name_at(text, position):
            found.append(Mention(name=name, titles=(role,), category="official"))
            position += len(name)
            if position >= len(text) or text[position] != "、":
                break
            position += 1
    return found


def merge_mentions(mentions: list[Mention]) -> tuple[Mention, ...]:
    """One mention per person, keeping every distinct title, in order of first appearance."""
    merged: dict[str, Mention] = {}
    for mention in mentions:
        known = merged.get(mention.name)
        if known is None:
            merged[mention.name] = mention
            continue
        titles = known.titles + tuple(t for t in mention.titles if t not in known.titles)
        category = "business" if "business" in (known.category, mention.category) else known.category
        merged[mention.name] = Mention(name=known.name, titles=titles, category=category)
    # A bare list title (县领导) adds nothing once a full title is known.
    return tuple(_drop_bare_list_titles(m) for m in merged.values())


def _drop_bare_list_titles(mention: Mention) -> Mention:
    full = tuple(t for t in mention.titles if not LEADER_WORD.fullmatch(t))
    return Mention(mention.name, full or mention.titles, mention.category)


def people_in(text: str, *, known_officials: Collection[str] = ()) -> tuple[Mention, ...]:
    found = titled_people(text) + listed_leaders(text) + leaders_before_list_word(text)
    found += elected_people(text) + titled_after_name(text) + names_attending(text)
    found += known_officials_named(text, known_officials, found={m.name for m in found})
    return merge_mentions(found)


# Where a known official's bare name is that person: listed with 、, or in a caption with a
# position mark ("图为郭鹏（左二）"), or before a verb of attending (郭鹏出席).
KNOWN_NAME_CONTEXT = re.compile(r"(?:、|（[左右中前后][一二三四五六七八九]?）|\(|出席|参加|主持|讲话|调研|察看|检查|陪同|强调|指出|要求|一行)")


def known_officials_named(text: str, known: Collection[str], *, found: set[str]) -> list[Mention]:
    """The archive learns its officials: a name it knows as an official's (from a titled mention
    on any page) is one here too where the text lists it or places it in a photo, even bare.
    What may follow it (、, （左二）, 出席) also keeps a longer name (郭鹏飞) from matching."""
    mentions = []
    for name in known:
        if name in found or len(name) < 2 or name not in text:
            continue
        if any(KNOWN_NAME_CONTEXT.match(text, match.end()) for match in re.finditer(re.escape(name), text)):
            mentions.append(Mention(name=name, titles=(), category="official"))
    return mentions


# "张凌君、薛燕、李守运等县领导": the list comes before the word that says who they are.
LEADERS_BEFORE = re.compile(r"等(?:[县区市省]|市县|县市)(?:级|四大班子|五大班子)?领导")
# "选举陈国祥为定远县人民代表大会常务委员会主任": a post given by election or appointment.
# Later names of the same election follow a comma: "……主任,潘金钟为定远县人民政府县长,唐颖为……".
ELECTED = re.compile(rf"(?:选举|任命|推选|当选|[，,])(?P<name>[{CJK}]{{2,3}})为(?P<title>[^，,。；;、]{{2,30}}(?:{_TITLE}))")
# "习近平总书记", "王国生省委书记": the title printed after the name.
TITLE_AFTER_NAME = re.compile(r"总书记|国家主席|同志")
# "张伟、孙学森参加相关活动。", "穆杰、丁锋参加会见。": a bare list of names opening a sentence and
# attending is a list of officials in government news.
ATTENDING = re.compile(r"(?:^|(?<=[。；;！？\n]))(?P<names>[\u3400-\u9fff]{2,3}(?:、[\u3400-\u9fff]{2,3})+)(?:等)?(?:参加|出席|陪同|一同)")


def leaders_before_list_word(text: str) -> list[Mention]:
    found = []
    for match in LEADERS_BEFORE.finditer(text):
        before = re.split(r"[，,。；;：:（(]|带领|陪同|和|及|与", text[: match.start()])[-1]
        for piece in reversed(before.split("、")):
            name = _trailing_name(piece)
            if not name:
                break
            found.append(Mention(name=name, titles=(), category="official"))
    return found[::-1]


def _trailing_name(piece: str) -> str | None:
    for size in (3, 2):
        candidate = piece[-size:]
        if len(piece) >= size and name_at(candidate, 0) == candidate:
            return candidate
    return None


def elected_people(text: str) -> list[Mention]:
    return [
        Mention(name=m["name"], titles=(m["title"],), category="official")
        for m in ELECTED.finditer(text)
        if name_at(m["name"], 0) == m["name"]
    ]


def titled_after_name(text: str) -> list[Mention]:
    found = []
    for match in TITLE_AFTER_NAME.finditer(text):
        for size in (3, 2):
            candidate = text[max(0, match.start() - size) : match.start()]
            context = text[max(0, match.start() - size - 4) : match.end()]
            if len(candidate) == size and _is_name_before(candidate, match.group(), context):
                # 同志 says who, not which post: "王小平同志" has no title.
                titles = () if match.group() == "同志" else (match.group(),)
                found.append(Mention(name=candidate, titles=titles, category="official"))
                break
    return found


def _is_name_before(candidate: str, word: str, context: str) -> bool:
    """jieba knows famous names (习近平); before 同志, a name jieba cuts as one word of its
    own will do (王小平同志, not 向广大同志)."""
    if _person_tags().get(candidate, "").startswith("nr"):
        return True
    return (
        word == "同志"
        and candidate[0] in SURNAMES
        and not _is_common_word(candidate)
        and candidate in jieba.lcut(context)
    )


def names_attending(text: str) -> list[Mention]:
    found = []
    for match in ATTENDING.finditer(text):
        names = match["names"].split("、")
        if all(name_at(name, 0) == name for name in names):
            found += [Mention(name=name, titles=(), category="official") for name in names]
    return found


def credit_names(credit: str) -> tuple[list[str], list[str]]:
    """(reporters, organisations) named in a credit: "（辛文珂）", "（融媒）", "本报记者 王正义 摄",
    "记者冯振乾、贺小兵", "安娇娇 刘 凯 摄"."""
    # The OCR spaces role words too: "（通 讯 员陈璐仰）".
    credit = re.sub(r"通\s*讯\s*员", "通讯员", re.sub(r"记\s+者", "记者", credit.strip()))
    inner = re.sub(r"[（()）/]|摄$|摄影$", " ", ROLE_WORDS.sub(" ", credit))
    tokens = [t for t in re.split(r"[、，,:：\s]+", inner) if t]
    tokens = _rejoin_split_names(tokens)
    people, orgs = [], []
    for token in tokens:
        if ORG_CREDIT.search(token) or len(token) > 4:
            orgs.append(token)
        elif re.fullmatch(f"[{CJK}]{{2,4}}", token):
            people.append(token)
    return people, orgs


def _rejoin_split_names(tokens: list[str]) -> list[str]:
    """The OCR and the typesetter space names out ("刘 凯", "李 涛 晋 群"): two lone characters
    are one name, and a lone character left over joins the two-character token before it
    ("王正 义")."""
    joined: list[str] = []
    lone = ""
    for token in tokens:
        if len(token) == 1 and lone:
            joined.append(lone + token)
            lone = ""
        elif len(token) == 1:
            lone = token
        else:
            if lone:
                joined.append(lone)
                lone = ""
            joined.append(token)
    if lone:
        joined.append(lone)
    result: list[str] = []
    for token in joined:
        if len(token) == 1 and result and len(result[-1]) == 2 and not ORG_CREDIT.search(result[-1]):
            result[-1] += token
        else:
            result.append(token)
    return result

