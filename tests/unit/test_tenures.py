"""Tenures from evidence: first and last seen, and who held a post on a day (archive/tenures.py)."""

import datetime

from archive.tenures import BENCH_ABSENCE, Evidence, holders_on, tenures

ORGANS = {"县长": "县政府", "常务副县长": "县政府", "副县长": "县政府", "县委书记": "县委", "县委常委": "县委"}


def seen(name, post, day, *, article=None, acting=False, place="武陟县"):
    date = datetime.date.fromisoformat(day) if day else None
    return Evidence(place, post, ORGANS[post], name, name, date, acting, article or f"{name}-{post}-{day}")


def day(text):
    return datetime.date.fromisoformat(text)


def names(holders):
    return [t.name for t in holders]


def test_holders_in_order_of_first_seen_with_dates_counts_and_acting():
    found = tenures([
        seen("申琳", "县长", "2020-03-27"), seen("申琳", "县长", "2020-05-01"),
        seen("申琳", "县长", "2020-05-01", article="same day, another article"),
        seen("闫小杏", "县长", "2016-04-01", acting=True), seen("闫小杏", "县长", "2016-06-01"),
        seen("某人", "县长", None),
    ])[("武陟县", "县长")]
    assert names(found) == ["闫小杏", "申琳", "某人"]
    assert (found[1].first_seen, found[1].last_seen, found[1].articles) == (day("2020-03-27"), day("2020-05-01"), 3)
    assert not found[0].acting  # acting once, then confirmed
    assert found[2].first_seen is None and found[2].articles == 1


def test_an_article_counts_once_however_often_it_prints_the_post():
    found = tenures([seen("申琳", "县长", "2020-03-27", article=1), seen("申琳", "县长", "2020-03-27", article=1)])
    assert found[("武陟县", "县长")][0].articles == 1


def test_on_a_day_the_holder_seen_before_it_and_not_yet_seen_succeeded():
    found = tenures([
        seen("闫小杏", "县长", "2016-04-01"), seen("闫小杏", "县长", "2016-09-01"),
        seen("申琳", "县长", "2018-01-10"), seen("申琳", "县长", "2020-03-27"),
    ])[("武陟县", "县长")]
    assert names(holders_on(found, day("2016-03-31"))) == []
    assert names(holders_on(found, day("2016-04-01"))) == ["闫小杏"]
    assert names(holders_on(found, day("2017-12-31"))) == ["闫小杏"]  # not yet seen succeeded
    assert names(holders_on(found, day("2018-01-10"))) == ["申琳"]
    assert names(holders_on(found, day("2030-01-01"))) == ["申琳"]
    assert found[0].succeeded_on == day("2018-01-10")


def test_evidence_that_contradicts_itself_answers_both():
    """A holder seen again after their successor: the archive cannot tell who held it between."""
    found = tenures([seen("甲", "县长", "2019-01-01"), seen("乙", "县长", "2020-01-01"), seen("甲", "县长", "2020-06-01")])
    assert names(holders_on(found[("武陟县", "县长")], day("2020-03-01"))) == ["甲", "乙"]


def test_a_move_within_the_organ_or_to_a_principal_post_ends_a_post():
    found = tenures([
        seen("秦迎军", "常务副县长", "2016-05-10"), seen("秦迎军", "县委常委", "2016-05-10"),
        seen("秦迎军", "县委书记", "2020-03-27"),
    ])
    deputy, member = found[("武陟县", "常务副县长")][0], found[("武陟县", "县委常委")][0]
    assert deputy.succeeded_on == member.succeeded_on == day("2020-03-27")
    assert names(holders_on(found[("武陟县", "常务副县长")], day("2020-03-27"))) == []


def test_posts_held_together_do_not_end_each_other():
    found = tenures([seen("申琳", "县长", "2020-03-27"), seen("申琳", "县委常委", "2020-03-27"), seen("申琳", "县长", "2021-01-01")])
    assert found[("武陟县", "县委常委")][0].succeeded_on is None


def test_a_bench_turns_over_only_after_a_long_absence():
    found = tenures([
        seen("甲", "副县长", "2019-01-01"), seen("乙", "副县长", "2019-01-01"), seen("乙", "副县长", "2019-06-01"),
    ])[("武陟县", "副县长")]
    assert names(holders_on(found, day("2019-06-01"))) == ["乙", "甲"]
    later = day("2019-01-01") + BENCH_ABSENCE + datetime.timedelta(days=1)
    found = tenures([seen("甲", "副县长", "2019-01-01"), seen("乙", "副县长", "2019-01-01"), seen("乙", "副县长", later.isoformat())])
    assert names(holders_on(found[("武陟县", "副县长")], later)) == ["乙"]


def test_the_same_name_in_two_places_is_two_tenures():
    found = tenures([seen("张伟", "县长", "2018-01-01"), seen("张伟", "县长", "2019-01-01", place="沁县")])
    assert len(found[("武陟县", "县长")]) == len(found[("沁县", "县长")]) == 1
