"""The admin's date and list fields, on strings: dates as editors write them, impossible ones
refused in words they understand."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from archive.editor_fields import EditorDateField, EventDatesField, LinesField, editor_date


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2020-03-19", "2020-03-19"),
        ("2020-3-9", "2020-03-09"),
        ("2020/3/19", "2020-03-19"),
        ("2020年3月19日", "2020-03-19"),
        ("2020 年 3 月 19 日", "2020-03-19"),
        ("２０２０年３月１９日", "2020-03-19"),  # full-width digits, as an IME types them
        ("3月19日", "03-19"),  # the year unknown, as the parser stores such dates
        ("03-19", "03-19"),
        ("2月29日", "02-29"),  # no year: it can be a leap year's
        ("2020-02-29", "2020-02-29"),
    ],
)
def test_editor_date_reads_what_people_write(typed, stored):
    assert editor_date(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2020-13-45", "“2020-13-45”是不存在的日期：没有13月"),
        ("2021-02-29", "“2021-02-29”是不存在的日期：2021年2月没有29日"),
        ("2020年4月31日", "2020年4月没有31日"),
        ("去年春天", "“去年春天”不是日期"),
        ("20200319", "不是日期"),
    ],
)
def test_editor_date_refuses_impossible_and_unreadable_dates(typed, message):
    with pytest.raises(ValueError, match=message):
        editor_date(typed)


def test_event_dates_one_a_line_or_separated_by_commas():
    field = EventDatesField()
    assert field.clean("2020-03-19\n2020年3月20日, 3月21日、2020-03-19\n\n") == ["2020-03-19", "2020-03-20", "03-21"]
    assert field.clean("") == []
    assert field.prepare_value(["2020-03-19", "03-21"]) == "2020-03-19\n03-21"


def test_event_dates_name_every_wrong_date():
    with pytest.raises(ValidationError) as error:
        EventDatesField().clean("2020-13-45\n2020-03-19\n2020-02-30")
    assert [m.split("：")[0] for m in error.value.messages] == ["“2020-13-45”是不存在的日期", "“2020-02-30”是不存在的日期"]


def test_unchanged_lists_are_not_a_change():
    assert not EventDatesField().has_changed(["2020-03-19"], "2020年3月19日")
    assert not LinesField().has_changed(None, "")  # an empty extra row of the people inline
    assert LinesField().has_changed(["县长"], "县长\n县委副书记")


def test_titles_one_a_line_keep_their_own_enumeration_comma():
    assert LinesField().clean(" 县委常委、副县长 \n县政府党组书记；县长") == ["县委常委、副县长", "县政府党组书记", "县长"]


def test_an_edition_date_needs_its_year():
    field = EditorDateField(required=False)
    assert field.clean("2020年3月19日") == datetime.date(2020, 3, 19)
    with pytest.raises(ValidationError, match="缺少年份"):
        field.clean("3月19日")
