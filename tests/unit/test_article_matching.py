"""Matching a page's articles old to new by their text (archive.article_matching), on strings."""

from archive.article_matching import articles_matched, normalised

COUNCIL = "武陟县委常委会议召开\n3月26日，县委书记秦迎军主持召开县委常委会议，传达学习省委、市委有关会议精神，研究部署疫情防控和复工复产工作。"
INVESTMENT = "修武县召开2020年招商引资工作会议\n会议指出，全县上下要把招商引资作为经济工作的生命线，坚持项目为王，盯紧重点企业，力争签约项目早落地、早投产。"
POVERTY = "武陟县召开第二次脱贫攻坚推进会\n会议要求，各乡镇要对照问题清单逐项整改，确保剩余贫困人口如期脱贫，巩固提升脱贫成果，防止返贫。"


def test_normalised_drops_spaces_line_breaks_and_punctuation_ocr_moves():
    assert normalised("县委 书记，秦迎军\n主持。") == "县委书记秦迎军主持"


def test_same_articles_in_another_order_keep_their_pairs():
    matching = articles_matched([COUNCIL, INVESTMENT, POVERTY], [POVERTY, COUNCIL, INVESTMENT])
    assert matching.pairs == {0: 2, 1: 0, 2: 1}
    assert matching.added == () and matching.gone == ()


def test_a_rescan_with_a_few_characters_read_differently_is_the_same_article():
    rescanned = COUNCIL.replace("书记", "书计").replace("精神", "精 神").replace("复工复产", "复エ复产")
    assert articles_matched([COUNCIL, INVESTMENT], [INVESTMENT, rescanned]).pairs == {0: 1, 1: 0}


def test_a_split_keeps_the_larger_part_and_adds_the_other():
    head, tail = POVERTY[:30], POVERTY[30:]
    matching = articles_matched([COUNCIL, POVERTY], [COUNCIL, head, tail])
    assert matching.pairs[0] == 0
    assert sorted([matching.pairs.get(1), matching.pairs.get(2)], key=str) == [1, None]
    assert len(matching.added) == 1 and matching.gone == ()
    assert matching.splits == 1 and matching.joins == 0


def test_a_join_keeps_the_larger_article_and_the_other_is_gone():
    matching = articles_matched([COUNCIL, INVESTMENT, POVERTY], [COUNCIL + POVERTY, INVESTMENT])
    assert matching.pairs[1] == 1
    assert matching.pairs[0] in (0, 2)
    assert matching.gone == (({0, 2} - {matching.pairs[0]}).pop(),)
    assert matching.joins == 1 and matching.splits == 0


def test_articles_sharing_only_stock_phrases_are_not_matched():
    stock = "本报讯（记者 王小明）"
    matching = articles_matched([stock + COUNCIL], [stock + INVESTMENT])
    assert matching.pairs == {} and matching.added == (0,) and matching.gone == (0,)


def test_a_page_whose_articles_all_disappeared_withdraws_them_all():
    matching = articles_matched([COUNCIL, POVERTY], [])
    assert matching.pairs == {} and matching.gone == (0, 1)


def test_a_split_keeps_the_id_with_the_part_under_its_headline_even_when_it_is_shorter():
    short_head, long_body = "县委常委会议召开", COUNCIL + INVESTMENT
    matching = articles_matched(
        [long_body], [COUNCIL, INVESTMENT], old_headlines=[short_head], new_headlines=[short_head, "招商引资"]
    )
    assert matching.pairs == {0: 0} and matching.added == (1,)
