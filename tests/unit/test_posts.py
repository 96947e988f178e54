"""Titles become posts: printed title chains read on strings, in their story's context."""

import pytest

from archive.parsing.posts import (
    Post,
    is_single_holder,
    jurisdiction_named,
    post_named,
    post_names,
    post_title,
    principal_posts,
    read_posts,
    same_area,
)


def posts(title, county=None, home=None):
    """"焦作市/市委/常委 修武县/县委/书记", a 代 before an acting post."""
    return " ".join(
        ("代" if p.acting else "") + f"{p.jurisdiction}/{p.organ}/{p.rank}"
        for p in read_posts(title, county=county, home=home)
    )


def test_a_city_post_before_a_county_post_is_the_countys_city():
    assert read_posts("市委常委、修武县委书记", county="修武县", home="焦作市") == (
        Post("焦作市", "市委", "常委"),
        Post("修武县", "县委", "书记"),
    )


def test_a_bare_county_title_is_the_storys_county():
    assert read_posts("县委副书记、县长", county="武陟县", home="焦作市") == (
        Post("武陟县", "县委", "副书记"),
        Post("武陟县", "县政府", "县长"),
    )


def test_the_place_a_title_prints_wins_over_the_story():
    assert posts("孟州市委书记", county="武陟县", home="焦作市") == "孟州市/市委/书记"
    assert posts("修武县委书记", county="武陟县", home="焦作市") == "修武县/县委/书记"


def test_a_county_level_citys_own_secretary_and_mayor_are_that_citys():
    assert posts("市委书记、市长", county="孟州市", home="焦作市") == "孟州市/市委/书记 孟州市/市政府/市长"


def test_city_posts_in_a_district_story_are_the_districts_city():
    assert posts("市人大常委会副主任", county="南谯区", home="滁州市") == "滁州市/市人大常委会/副主任"


def test_a_story_with_no_county_is_the_papers_home():
    assert posts("副市长", county=None, home="滁州市") == "滁州市/市政府/副市长"
    assert posts("县长", county=None, home="武陟县") == "武陟县/县政府/县长"


def test_acting_standing_deputy_and_party_group_posts_are_kept_as_such():
    assert posts("县委副书记、代县长", county="修武县") == "修武县/县委/副书记 代修武县/县政府/县长"
    assert posts("县委常委、常务副县长", county="武陟县") == "武陟县/县委/常委 武陟县/县政府/常务副县长"
    assert posts("县政府党组书记、县长", county="修武县") == "修武县/县政府党组/书记 修武县/县政府/县长"
    assert posts("县人大常委会党组书记、主任", county="修武县") == (
        "修武县/县人大常委会党组/书记 修武县/县人大常委会/主任"
    )


def test_congress_and_conference_posts_in_their_printed_forms():
    assert posts("县人大常委会主任", county="浮山县") == "浮山县/县人大常委会/主任"
    # "县委书记、县人大会主任常鸿" (武陟县报): 人大会 for 人大常委会
    assert posts("县委书记、县人大会主任", county="武陟县") == "武陟县/县委/书记 武陟县/县人大常委会/主任"
    assert posts("定远县人民代表大会常务委员会主任", home="滁州市") == "定远县/县人大常委会/主任"
    assert posts("定远县政协第十一届委员会主席", home="滁州市") == "定远县/县政协/主席"
    assert posts("政协主席", county="浮山县") == "浮山县/县政协/主席"
    assert posts("市政协副主席、秘书长", county="滨州市") == "滨州市/市政协/副主席 滨州市/市政协/秘书长"


def test_government_heads_in_their_printed_forms():
    assert posts("天长市人民政府市长", home="滁州市") == "天长市/市政府/市长"
    assert posts("县委副书记、政府县长", county="浮山县") == "浮山县/县委/副书记 浮山县/县政府/县长"
    assert posts("巩义市主管农林水的副市长", county="巩义市") == "巩义市/市政府/副市长"
    assert posts("中共武陟县委副书记、武陟县人民政府县长") == "武陟县/县委/副书记 武陟县/县政府/县长"


def test_party_departments_take_the_committee_before_them():
    assert posts("县委副书记、统战部长", county="武陟县") == "武陟县/县委/副书记 武陟县/县委统战部/部长"
    assert posts("市委常委、宣传部部长", county="滁州市") == "滁州市/市委/常委 滁州市/市委宣传部/部长"
    assert posts("县委常委、政法委书记", county="修武县") == "修武县/县委/常委 修武县/县委政法委/书记"
    assert posts("县委常委、纪委书记、监委主任", county="修武县") == (
        "修武县/县委/常委 修武县/县纪委/书记 修武县/县监委/主任"
    )


def test_places_anywhere_by_the_gazetteer():
    assert posts("青海省海北州祁连县委书记", county="滨州市") == "祁连县/县委/书记"
    assert posts("上海市闵行区人大常委会副主任", county="滁州市") == "闵行区/区人大常委会/副主任"
    assert posts("省委书记", county="示范区", home="焦作市") == "河南省/省委/书记"
    assert posts("朝阳区委书记", home="北京市") == "朝阳区/区委/书记"  # not 朝阳区 of 长春 or 朝阳市


def test_a_zone_has_its_working_and_management_committees():
    title = "示范区(高新区)党工委、管委会主任、新冠肺炎疫情防控工作指挥部总指挥"
    assert posts(title, county="示范区", home="焦作市") == "示范区/管委会/主任"
    assert posts("示范区（高新区）党工委书记、管委会主任", county="示范区", home="焦作市") == (
        "示范区/党工委/书记 示范区/管委会/主任"
    )
    assert posts("县产业集聚区管委会主任", county="修武县", home="焦作市") == ""


@pytest.mark.parametrize(
    "title",
    [
        "县科工局党组书记、局长", "县农业农村局党组书记、扶贫办主任", "云台山风景名胜区管理局党委书记",
        "总书记", "国家主席", "中共中央政治局委员、中组部部长", "工会主席", "涉村镇镇长",
        "乡党委书记", "城东路街道党工委常务副书记", "办事处主任", "县黄开办主任、县政府办主任",
        "国家统计局山东调查总队党组书记、总队长", "省文联党组书记、副主席、书记处第一书记", "周口日报社党委副书记、总编辑",
        "原县委书记", "时任县长", "县长助理", "县领导", "副主席",
    ],
)
def test_titles_outside_the_vocabulary_name_no_post(title):
    assert posts(title, county="修武县", home="焦作市") == ""


def test_a_county_post_with_no_county_in_sight_names_nothing():
    assert posts("县委书记", county="焦作市", home="焦作市") == ""  # which of its counties?
    assert posts("县长", county="示范区", home="焦作市") == ""
    assert posts("政协主席", county="焦作市", home="焦作市") == ""  # a city paper prints 市政协主席
    assert posts("市政协主席", county="焦作市", home="焦作市") == "焦作市/市政协/主席"


def test_a_county_the_gazetteer_no_longer_has_is_still_a_jurisdiction():
    assert posts("县长", county="淮阳县", home="周口市") == "淮阳县/县政府/县长"
    assert posts("市委书记", county="淮阳县", home="周口市") == "周口市/市委/书记"


def test_vocabulary_names_and_principal_posts():
    assert principal_posts("修武县") == ("县委书记", "县长")
    assert principal_posts("孟州市") == ("市委书记", "市长")
    assert principal_posts("山阳区") == ("区委书记", "区长")
    assert principal_posts("示范区") == ("党工委书记", "管委会主任")
    assert {"常务副县长", "县人大常委会主任", "县政协主席", "县政府党组书记"} <= set(post_names("修武县"))
    assert Post("修武县", "县政府", "县长").name == "县长"
    assert Post("修武县", "县人大常委会", "主任").name == "县人大常委会主任"
    assert [Post("修武县", "县委", "书记").principal, Post("修武县", "县委", "副书记").principal] == [True, False]


def test_single_holder_posts_and_benches():
    assert [is_single_holder(p) for p in ("县长", "县委书记", "常务副县长", "县政协主席")] == [True] * 4
    assert [is_single_holder(p) for p in ("副县长", "县委常委", "县委副书记", "县政协副主席")] == [False] * 4


def test_post_titles_as_readers_write_them():
    assert post_title("修武县", "县长") == "修武县县长"
    assert post_title("修武县", "县委书记") == "修武县委书记"
    assert post_title("修武县", "县人大常委会主任") == "修武县人大常委会主任"
    assert post_title("示范区", "管委会主任") == "示范区管委会主任"


def test_a_post_asked_for_in_any_printed_form():
    assert post_named("修武县", "人大常委会主任") == "县人大常委会主任"
    assert post_named("修武县", "代县长") == "县长"
    assert post_named("武陟县", "武陟县县长") == "县长"
    assert post_named("修武县", "市长") is None
    assert post_named("焦作市", "书记") is None


def test_jurisdictions_by_full_name_short_form_or_zone_alias():
    assert [jurisdiction_named(n) for n in ("武陟县", "武陟", "焦作市", "河南省", "高新区")] == [
        "武陟县", "武陟县", "焦作市", "河南省", "示范区",
    ]
    assert jurisdiction_named("火星县") is None


def test_places_of_one_city_are_one_area_and_unrelated_cities_are_not():
    assert same_area("修武县", "焦作市") and same_area("修武县", "武陟县") and same_area("示范区", "修武县")
    assert same_area("河南省", "修武县")
    assert not same_area("修武县", "沁县") and not same_area("滨州市", "焦作市")
