"""The parser's general rules, each on a small page written for it."""

import datetime

from archive.parsing import parse_page
from archive.parsing.people import credit_names, people_in
from archive.parsing.places import place_reader
from archive.parsing.text import squeeze


def headlines(text, **kwargs):
    return [(a.headline, a.headline_printed) for a in parse_page(text, **kwargs).articles]


def test_ocr_spaces_go_but_spaces_between_latin_words_stay():
    assert squeeze("谢 斌 3 月 24 日 JIAOZUO DAILY") == "谢斌3月24日JIAOZUO DAILY"


def test_line_wrapped_mid_name_is_joined():
    page = parse_page("本报讯 县领导王亦山、魏国\n龙、马金洲出席会议。")
    assert [m.name for m in page.articles[0].people] == ["王亦山", "魏国龙", "马金洲"]


def test_blank_line_inside_a_sentence_does_not_split_the_paragraph():
    page = parse_page("本报讯 3月19日，修武县召开会议，全面加快对外开\n\n放步伐，助推产业强县建设。")
    assert page.articles[0].body == "本报讯3月19日，修武县召开会议，全面加快对外开放步伐，助推产业强县建设。"


def test_headline_before_body():
    text = "宁郭镇推进道路建设\n\n本报讯 今年以来，宁郭镇推进道路建设，修路十条。\n"
    assert headlines(text) == [("宁郭镇推进道路建设", True)]


def test_headline_after_body_goes_to_the_body_whose_wording_it_echoes():
    text = (
        "本报讯 3月1日，温县召开植树造林动员会，部署春季植树工作。 （张三）\n\n"
        "温县部署春季植树造林\n\n"
        "本报讯 3月2日，孟州市举行招商引资项目签约仪式，签约项目十个。 （李四）\n\n"
        "孟州市集中签约招商项目\n"
    )
    assert headlines(text) == [("温县部署春季植树造林", True), ("孟州市集中签约招商项目", True)]


def test_article_without_headline_gets_one_from_its_first_clause_flagged():
    assert headlines("本报讯 3月19日，修武县召开招商引资工作会议，部署全年工作。") == [("修武县召开招商引资工作会议", False)]


def test_trailing_credit_closes_the_article_and_names_the_reporter_or_organisation():
    page = parse_page("本报讯 会议召开。 （辛文珂）\n本报讯 另一会议召开。 （融媒）\n")
    first, second = page.articles
    assert (first.reporters, first.credit_orgs) == (("辛文珂",), ())
    assert (second.reporters, second.credit_orgs) == ((), ("融媒",))


def test_photo_caption_ending_in_she_is_its_own_article():
    page = parse_page("本报讯 工厂复工。\n\n昨日，工人在车间加紧生产。 安娇娇 刘 凯 摄\n", date=datetime.date(2020, 3, 27))
    photo = page.articles[-1]
    assert photo.kind == "photo"
    assert photo.reporters == ("安娇娇", "刘凯")
    assert [d.iso() for d in photo.event_dates] == ["2020-03-26"]


def test_dateline_reporters_in_half_and_full_width_brackets():
    assert parse_page("本报讯(记者冯振乾、贺小兵)8月12日,会议召开。").articles[0].reporters == ("冯振乾", "贺小兵")
    assert parse_page("本报讯（通 讯 员陈璐\n仰）连日来，会议召开。").articles[0].reporters == ("陈璐仰",)


def test_title_chain_and_name_boundaries():
    people = {m.name: m.titles for m in people_in("会上，县委常委、常务副县长秦迎军宣读了方案，县委副书记、县长申琳强调，要抓落实。")}
    assert people == {"秦迎军": ("县委常委、常务副县长",), "申琳": ("县委副书记、县长",)}


def test_leader_list_stops_at_the_verb():
    people = people_in("区领导刘明胜、姜坤峰及区直相关部门负责人出席。")
    assert [(m.name, m.titles) for m in people] == [("刘明胜", ("区领导",)), ("姜坤峰", ("区领导",))]


def test_business_people_are_told_apart_from_officials():
    (person,) = people_in("东方今典集团董事长张泽保在致辞中说")
    assert (person.name, person.category) == ("张泽保", "business")


def test_credit_names_rejoin_ocr_split_names():
    assert credit_names("本报记者 王正义 摄") == (["王正义"], [])
    assert credit_names("安娇娇 刘 凯 摄") == (["安娇娇", "刘凯"], [])


def test_county_from_townships_and_first_person_voice():
    places = place_reader()
    assert places.county_of_label("焦作市城乡一体化示范区") == "示范区"
    assert places.county_of_label("宁郭镇") == "示范区"
    assert places.article_county(headline="", body="七贤镇召开会议。", page_county=None) == "修武县"
    assert places.article_county(headline="", body="我县召开会议，全县上下。", page_county="武陟县") == "武陟县"
    assert places.article_county(headline="", body="召开会议。", page_county=None) == "焦作市"


def test_printed_date_line_with_page_number_run_into_it():
    page = parse_page("072020年3月27日 星期五\nJIAOZUO DAILY\n\n本报讯 3月19日，会议召开。")
    assert (page.edition_date, page.date_source, page.page_number) == (datetime.date(2020, 3, 27), "printed", 7)
    assert page.articles[0].event_dates[0].iso() == "2020-03-19"


def test_year_stated_in_text_gives_an_inferred_date_and_no_year_gives_none():
    page = parse_page("本报讯 3月20日下午，会议召开。2020年是关键之年。")
    assert (page.edition_date, page.date_source) == (datetime.date(2020, 3, 20), "inferred")
    undated = parse_page("本报讯 8月13日上午，会议召开。")
    assert (undated.edition_date, [d.iso() for d in undated.articles[0].event_dates]) == (None, ["08-13"])


def test_given_date_wins_over_a_printed_one():
    page = parse_page("2020年3月27日 星期五\n\n本报讯 3月19日，会议召开。", date=datetime.date(2020, 3, 28))
    assert (page.edition_date, page.date_source) == (datetime.date(2020, 3, 28), "given")


def test_qr_prompt_and_staff_lines_are_furniture():
    page = parse_page("获取更多精彩资讯，\n请扫码关注“示范区\n头条”微信公众号\n\n编辑:陈彬\n校对:张雪晖\n\n本报讯 会议召开。")
    assert [(s.role, s.name) for s in page.staff] == [("编辑", "陈彬"), ("校对", "张雪晖")]
    assert len(page.articles) == 1 and "扫码" not in page.articles[0].body


def test_repeated_paragraph_is_kept_once():
    paragraph = "会议强调，要把布置的任务放在心上、扛在肩上，形成行动自觉。"
    page = parse_page(f"本报讯 会议召开。\n\n{paragraph}\n\n{paragraph}\n")
    assert page.articles[0].body.count(paragraph) == 1
    assert page.duplicates == (paragraph,)


def test_a_common_word_after_a_title_is_not_a_name():
    assert people_in("县长安排部署工作，副县长全面负责。") == ()
    assert [m.name for m in people_in("县长助理李红光出席。")] == ["李红光"]


def test_other_papers_datelines_and_bulleted_bylines():
    page = parse_page("■本报记者 王芳\n\n在宁郭镇，村民都说好。\n\n武陟报讯 （记者 张三） 3月5日，会议召开。")
    assert [(a.reporters, [d.iso() for d in a.event_dates]) for a in page.articles] == [(("王芳",), []), (("张三",), ["03-05"])]


def test_long_headline_wrapped_at_the_column_is_one_headline():
    text = "示范区党工委扩大会议暨疫情防控指挥部第九次会\n议强调加压奋进狠抓落实\n\n本报讯 3月20日，示范区召开党工委扩大会议，强调加压奋进。\n"
    assert headlines(text) == [("示范区党工委扩大会议暨疫情防控指挥部第九次会议强调加压奋进狠抓落实", True)]
