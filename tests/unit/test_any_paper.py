"""Pages of papers the archive has no profile for: header lines in their many forms, places
anywhere in China, headings set on top of their body without a blank line."""

import datetime

import pytest

from archive.parsing import parse_page
from archive.parsing.places import place_reader
from archive.parsing.profiles import profile_for

BODY = "本报讯6月2日，县长马明超带领有关单位负责人深入王店乡实地检查“三夏”生产和秸秆禁烧工作。"


@pytest.mark.parametrize(
    ("header", "paper", "date", "page", "code"),
    [
        ("新乡日报 2019年4月2日 星期二 第06版 县域经济", "新乡日报", datetime.date(2019, 4, 2), 6, "06"),
        ("第04版：淮阳新闻\n周口日报 2015年6月5日 星期五", "周口日报", datetime.date(2015, 6, 5), 4, "04"),
        ("郑州晚报\n2019年2月22日 星期五\n第N06版：管城时报 聚焦", "郑州晚报", datetime.date(2019, 2, 22), 6, "N06"),
        ("临沂日报\n2021年5月6日 星期四\nA4 县区新闻", "临沂日报", datetime.date(2021, 5, 6), 4, "A4"),
        ("淮北日报\n2020年08月05日\n第A01版:", "淮北日报", datetime.date(2020, 8, 5), 1, "A01"),
        ("长治日报\n第三版\n2020年3月1日", "长治日报", datetime.date(2020, 3, 1), 3, "第三版"),
        ("滨州日报\n版次:01 2025年03月28日", "滨州日报", datetime.date(2025, 3, 28), 1, "01"),
        ("洛阳日报 2020-03-27 星期五 第03版", "洛阳日报", datetime.date(2020, 3, 27), 3, "03"),
        ("焦作日报 2020年3月27日 星期五 第07版 焦作/ 修武", "焦作日报", datetime.date(2020, 3, 27), 7, "07"),
        ("临沂日报\n星期四 二〇二一年五月六日\nA4", "临沂日报", datetime.date(2021, 5, 6), 4, "A4"),
    ],
)
def test_header_lines_give_paper_date_and_page_and_never_an_article(header, paper, date, page, code):
    parsed = parse_page(f"{header}\n\n{BODY}")
    assert (parsed.publication, parsed.edition_date, parsed.date_source) == (paper, date, "printed")
    assert (parsed.page_number, parsed.page_code) == (page, code)
    assert [a.body for a in parsed.articles] == [BODY]


def test_a_page_without_masthead_is_left_to_the_default_paper():
    assert parse_page(BODY).publication == ""
    assert profile_for("").name == "焦作日报"


def test_a_new_papers_home_is_read_from_its_name():
    assert profile_for("洛阳日报").home == "洛阳市"
    assert profile_for("郑州晚报").home == "郑州市"
    assert profile_for("沂南县报").home == "沂南县"
    assert profile_for("濮阳日报").home == "濮阳市"  # the city, not 濮阳县
    assert profile_for("JIAOZUO DAILY").name == "焦作日报"


def test_staff_lines_in_other_forms_are_furniture():
    parsed = parse_page(f"责任编辑 张三 美编 李四\n\n{BODY}\n\n本版编辑：王五")
    assert {(s.role, s.name) for s in parsed.staff} == {("责任编辑", "张三"), ("美编", "李四"), ("本版编辑", "王五")}
    assert [a.body for a in parsed.articles] == [BODY]


def test_county_anywhere_in_china_by_full_name_and_near_home_by_short_name():
    xinyang = place_reader(profile_for("信阳日报"))
    assert xinyang.article_county(headline="罗山县为撂荒田寻找“婆家”", body="今年以来，该县……", page_county=None) == "罗山县"
    assert xinyang.article_county(headline="潢川整治非法载客营运三轮车", body="近日……", page_county=None) == "潢川县"
    # A story naming no place is the paper's city's.
    assert xinyang.article_county(headline="春耕忙", body="农民在田间劳作。", page_county=None) == "信阳市"
    # 朝阳区 is in Beijing and in Changchun: the one near home.
    assert place_reader(profile_for("长春日报")).article_county(headline="朝阳区召开会议", body="", page_county=None) == "朝阳区"
    # A short form that is a common word is no evidence: 商城 is a shop first.
    assert xinyang.article_county(headline="", body="新开的商城很热闹。", page_county=None) == "信阳市"


def test_a_section_label_names_the_pages_county():
    page = parse_page(f"周口日报 2015年6月5日 星期五\n第04版：淮阳新闻\n\n马明超带队检查\n{BODY}")
    assert page.articles[0].county in ("淮阳区", "淮阳县")


def test_a_heading_set_on_top_of_its_body_without_a_blank_line():
    page = parse_page("清明前夕祭英烈\n4月1日，许昌烈士陵园一处烈士墓前摆\n放着鲜花。群众自发来到许昌\n市烈士陵园扫墓，缅怀逝者。")
    assert [(a.headline, a.headline_printed) for a in page.articles] == [("清明前夕祭英烈", True)]
    two_lines = parse_page("高温下的\n修路工人\n8月4日，修路工人冒着高温在淮六路建设施工现场铺设沥青，坚守在施工一线。")
    assert two_lines.articles[0].headline == "高温下的 修路工人"


def test_a_news_column_of_bulleted_items_is_one_article_an_item_with_its_credit():
    text = (
        "本市要闻\n\n"
        "■4月18日，安徽省第十五届书法新人新作展在滁州市美术馆举行，共有300件书法作品参展。\n"
        "（全媒体记者王太新）\n\n"
        "■4月16日，市委常委、宣传部部长李宝君应邀为市委党校学员作主题报告。\n"
        "（李 涛 全媒体记者晋 群）\n"
    )
    page = parse_page(text)
    assert [a.headline_printed for a in page.articles] == [False, False]
    assert [a.reporters for a in page.articles] == [("王太新",), ("李涛", "晋群")]
    assert "本市要闻" in page.furniture


def test_credit_lines_under_a_body_name_its_reporters():
    text = "城东路街道 沿街商户纷纷加入除雪队伍\n本报讯 2月14日，城东路街道组织干部职工投身除雪。\n记者 柴琳琳\n通讯员 马英 文/图"
    (article,) = parse_page(text).articles
    assert article.headline == "城东路街道 沿街商户纷纷加入除雪队伍"
    assert article.reporters == ("柴琳琳", "马英")
    assert parse_page("本报讯 记者 秦超 6月22日，督察组来我县检查。").articles[0].reporters == ("秦超",)


def test_officials_in_the_forms_other_papers_print_them():
    from archive.parsing.people import people_in

    def named(text):
        return {m.name: m.titles for m in people_in(text)}

    assert named("县长马明超带领张凌君、薛燕、李守运等县领导深入王店乡。") == {
        "马明超": ("县长",), "张凌君": (), "薛燕": (), "李守运": (),
    }
    assert named("市政协副主席曹玉斌、侯学锋出席会议。") == {"曹玉斌": ("市政协副主席",), "侯学锋": ("市政协副主席",)}
    assert named("会议选举陈国祥为定远县人民代表大会常务委员会主任，潘金钟为定远县人民政府县长。") == {
        "陈国祥": ("定远县人民代表大会常务委员会主任",), "潘金钟": ("定远县人民政府县长",),
    }
    assert named("会议指出。穆杰、丁锋参加会见。") == {"穆杰": (), "丁锋": ()}
    # A name jieba knows as a person's is a name, however often it is printed.
    assert named("传达学习省委书记王国生4月13日讲话精神。") == {"王国生": ("省委书记",)}
    assert named("牢记习近平总书记嘱托。") == {"习近平": ("总书记",)}
    # 观摩团成员 is no title, and 都认真 no name.
    assert named("观摩团成员都认真听取介绍。") == {}


def test_the_archive_learns_its_officials_from_titled_mentions_elsewhere():
    from archive.parsing.people import people_in

    known = {"郭鹏", "魏松"}
    assert [m.name for m in people_in("图为郭鹏（左二）在企业察看生产情况。", known_officials=known)] == ["郭鹏"]
    assert [m.name for m in people_in("郭鹏、魏松出席活动。", known_officials=known)] == ["郭鹏", "魏松"]
    # Not inside a longer name, and not without a context that says it is that person.
    assert people_in("郭鹏飞出席活动。", known_officials={"郭鹏"}) == ()
    assert people_in("据郭鹏介绍，", known_officials={"郭鹏"}) == ()


def test_each_article_records_the_decisions_it_was_unsure_of():
    guessed = parse_page("本报讯 3月19日，修武县召开招商引资工作会议，全面加快对外开放步伐。").articles[0]
    assert "headline_guessed" in guessed.doubts
    printed = parse_page("修武县召开招商引资工作会议\n\n本报讯 3月19日，修武县召开招商引资工作会议。").articles[0]
    assert printed.doubts == ()
    short_name = parse_page("孟州召开会议\n\n本报讯 3月19日，孟州召开会议，研究部署工作。").articles[0]
    assert (short_name.county, short_name.doubts) == ("孟州市", ("county_short_name",))
    unnamed = parse_page("春耕生产忙\n\n本报讯 农民在田间劳作，一派繁忙景象。").articles[0]
    assert "county_unnamed" in unnamed.doubts


def test_a_caption_printed_inside_a_sentence_stands_alone_and_the_sentence_is_rejoined():
    text = (
        "示范区加快项目建设\n\n"
        "本报讯 3月19日，示范区召开项目建设推进会，要求各单位加快推进重点项目建设，鼓\n\n"
        "工人们在项目工地紧张施工。\n本报记者 郭树勋 摄\n\n"
        "励企业加大投入，确保全年目标任务完成。"
    )
    story, photo = parse_page(text).articles
    assert "建设，鼓励企业加大投入" in story.body and "工人们" not in story.body
    assert "caption_rejoined" in story.doubts
    assert (photo.kind, photo.body, photo.reporters) == ("photo", "工人们在项目工地紧张施工。", ("郭树勋",))


def test_continuation_markers_are_kept_with_the_article_as_a_note_not_in_its_text():
    text = "本报讯 3月19日，县委召开常委会议，研究部署重点工作。\n会议强调，要狠抓落实。\n（下转第3版）"
    (article,) = parse_page(text).articles
    assert article.jumps == ("（下转第3版）",)
    assert "下转" not in article.body and article.body.endswith("要狠抓落实。")
    continued = parse_page("（上接01版）\n会议要求，各级各部门要强化责任担当，确保各项任务落到实处。").articles[0]
    assert continued.jumps == ("（上接01版）",) and continued.body.startswith("会议要求")


def test_kicker_that_leads_into_what_was_said_and_a_headline_wrapped_inside_a_quote():
    from archive.parsing.articles import _is_kicker_over, _open_quote

    assert _is_kicker_over(["示范区污染防治攻坚推进工作会议强调"], ["坚持目标导向 确保污染防治攻坚见成效"])
    assert not _is_kicker_over(["修武县召开招商引资工作会议"], ["——全力以赴抓项目"])
    assert _open_quote("示范区举行“脚板+手指") and not _open_quote("“五办”举措暖心")


def test_credits_keep_names_apart_however_the_page_spaces_them():
    from archive.parsing.people import credit_names

    assert credit_names("(李 涛 全媒体记者晋 群)") == (["李涛", "晋群"], [])
    assert credit_names("（龚文文 邬 盛）") == (["龚文文", "邬盛"], [])
    page = parse_page("本报讯 3月19日，县委召开会议，研究部署工作。\n（李涛 晋群）\n潢川整治非法载客\n营运三轮车成效显著\n\n本报讯 近期，潢川县开展整治。")
    first, second = page.articles
    assert first.reporters == ("李涛", "晋群")
    assert second.headline.replace(" ", "") == "潢川整治非法载客营运三轮车成效显著"


def test_kicker_lines_by_form_and_township_names_that_say_nothing_else():
    from archive.parsing.places import is_place_name

    page = parse_page("■《现实版红旗渠正在开挖》新闻追踪\n4名大学生骑车来到北\n庄村要上山帮助挖山洞\n\n本报讯 昨日，4名大学生来到北庄村。")
    article = page.articles[0]
    assert article.kicker == "■《现实版红旗渠正在开挖》新闻追踪"
    assert article.headline.replace(" ", "") == "4名大学生骑车来到北庄村要上山帮助挖山洞"
    assert is_place_name("金刚台乡") and not is_place_name("游浩在南里乡")


def test_a_line_opening_with_a_number_is_no_page_code():
    page = parse_page("本报讯 昨日，县里召开会议。\n\n3名干部受到表彰\n\n本报讯 近日，县里表彰先进。")
    assert page.page_number is None
    assert [a.headline for a in page.articles][1] == "3名干部受到表彰"


def test_a_heading_after_a_dated_story_starts_the_next_story_and_a_bare_photo_credit_closes_a_body():
    text = (
        "罗山县为撂荒田寻找“婆家”\n\n本报讯 今年以来，罗山县党员干部积极当“红娘”，为撂荒田牵线搭桥。\n\n"
        "防汛抗洪 有你有我\n受前期超强降雨影响，岳城水库开始泄洪。沧州市商会组织企业捐赠物资，送到防汛抗洪一线。\n"
        "魏志广 摄"
    )
    first, second = parse_page(text).articles
    assert first.headline == "罗山县为撂荒田寻找“婆家”" and "防汛" not in first.body
    assert second.headline == "防汛抗洪 有你有我" and second.reporters == ("魏志广",)


def test_datelines_with_a_date_or_a_place_and_date():
    from archive.parsing.blocks import DATELINE

    for opening in ("本报讯", "本报3月26日讯", "本报郑州3月24日电", "本报郑州讯", "武陟报讯", "新华社北京3月5日电"):
        assert DATELINE.match(opening), opening
    assert not DATELINE.match("本报记者") and not DATELINE.match("本报评论员")


def test_a_jump_line_from_another_page_opens_the_story_below_it():
    text = "示范区召开党工委（扩大）会议\n\n（上接A1版）\n\n本报讯 3月16日，示范区召开党工委会议，研究部署工作。"
    (article,) = parse_page(text).articles
    assert article.headline == "示范区召开党工委（扩大）会议"
    assert article.jumps == ("（上接A1版）",)
    from archive.parsing import unaccounted

    assert unaccounted("本报讯 会议召开。\n\n（上接01版）", parse_page("本报讯 会议召开。\n\n（上接01版）")) == {}


def test_leader_lists_in_all_their_forms_and_a_name_before_tongzhi():
    from archive.parsing.people import people_in

    def named(text):
        return {m.name: m.titles for m in people_in(text)}

    assert named("县四大班子领导张三丰、李四海参加植树。") == {"张三丰": ("县四大班子领导",), "李四海": ("县四大班子领导",)}
    assert set(named("县级领导王建设、刘海洋出席。")) == {"王建设", "刘海洋"}
    assert named("座谈中，王小平同志对示范区提出四点要求。") == {"王小平": ()}
    assert named("向广大同志致以问候。") == {}


def test_a_headline_wrapped_after_a_papers_name_is_no_masthead_and_a_jump_under_a_headline_stands_alone():
    page = parse_page("人民日报社河南分社社\n长王乐文一行来周调研\n\n本报讯 7月18日至20日，王乐文一行来周口调研。")
    assert page.publication == "" and page.articles[0].headline.replace(" ", "") == "人民日报社河南分社社长王乐文一行来周调研"
    jumped = parse_page("省市知名作家到商城县采风\n（上接01版）\n本报讯 近日，省市知名作家到商城县采风。").articles[0]
    assert (jumped.headline, jumped.jumps) == ("省市知名作家到商城县采风", ("（上接01版）",))


def test_a_story_about_several_counties_of_one_city_is_the_citys():
    chuzhou = place_reader(profile_for("滁州日报"))
    body = "定远县、天长市、琅琊区召开人代会。定远县选举县长，天长市选举市长，琅琊区选举区长。"
    assert chuzhou.article_county(headline="部分县(市、区)两会完成换届选举", body=body, page_county=None) == "滁州市"
    one = "定远县召开人代会，定远县选举县长，天长市代表列席。"
    assert chuzhou.article_county(headline="", body=one, page_county=None) == "定远县"


def test_a_visit_to_the_papers_city_is_the_citys_story_and_a_district_elsewhere_needs_its_city():
    binzhou = place_reader(profile_for("滨州日报"))
    body = "青海省祁连县党政代表团来滨考察。祁连县县委书记何斌一行参观了滨城区企业。"
    assert binzhou.article_county(headline="宋永祥会见青海省祁连县客人", body=body, page_county=None) == "滨州市"
    jiaozuo = place_reader()
    assert jiaozuo.article_county(headline="", body="老城区改造加快推进。", page_county="武陟县") == "武陟县"


def test_a_closing_credit_mid_block_ends_its_story_and_a_byline_reaches_over_a_jump_line():
    text = "东部新城是我市城市建设的主战场，建设正酣。\n记者 岳建文 摄\n全民参与共建美好家园\n\n本报讯 近日，示范区举行活动。"
    first, second = parse_page(text).articles
    assert first.reporters == ("岳建文",) and second.headline == "全民参与共建美好家园"
    jumped = parse_page("示范区召开党工委（扩大）会议\n\n□记者 郭树勋\n(上接A1版)\n\n会议强调，要抓紧行动。").articles[0]
    assert jumped.reporters == ("郭树勋",)


def test_a_leader_lists_collective_word_gives_way_to_a_persons_own_title():
    from archive.parsing.people import people_in

    named = {m.name: m.titles for m in people_in("县五大班子领导魏曰高、李英杰参加茶话会。县委书记魏曰高致辞。")}
    assert named == {"魏曰高": ("县委书记",), "李英杰": ("县五大班子领导",)}


def test_a_title_starts_after_the_verb_before_it():
    from archive.parsing.people import people_in

    assert people_in("会议听取并讨论县委常委、常务副县长裴润山作的报告。")[0].titles == ("县委常委、常务副县长",)


def test_last_years_dates_and_a_column_name_over_photos_and_societies_are_not_government():
    from archive.parsing.people import people_in

    page = parse_page("2018年1月3日 星期三\n\n本报讯 去年12月29日，中站区召开会议。\n\n本报讯 12月28日，中站区举行活动。")
    assert [a.event_dates[0].iso() for a in page.articles] == ["2017-12-29", "2017-12-28"]
    assert people_in("韩氏宗亲会会长韩廷臣恭读祭文。")[0].category == "other"
    photos = parse_page("图片新闻\n\n图为市民在公园游览。\n本报记者 杨帆 摄")
    assert [a.headline_printed for a in photos.articles] == [False] and "图片新闻" in photos.furniture


def test_parallel_phrases_over_a_headline_are_its_kicker_and_under_it_its_subheadline():
    over = parse_page("抓项目 抓工业 抓转型 抓作风\n示范区稳增长力争“全线飘红”\n\n本报讯 示范区全力冲刺四季度。").articles[0]
    assert (over.kicker, over.headline) == ("抓项目 抓工业 抓转型 抓作风", "示范区稳增长力争“全线飘红”")
    under = parse_page("宋永祥会见青海省祁连县客人\n深化交流合作 实现共同发展\n\n本报讯 11月5日，宋永祥会见客人。").articles[0]
    assert (under.headline, under.subheadline) == ("宋永祥会见青海省祁连县客人", "深化交流合作 实现共同发展")


def test_a_credit_line_with_a_colon_names_its_reporters():
    (article,) = parse_page("本报讯 11月8日下午，县委书记郑俊华看望委员。\n全媒体记者:王勃 陶然\n编审:熊晓辉").articles
    assert article.reporters == ("王勃", "陶然")
