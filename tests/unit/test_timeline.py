"""The subject-over-time chart and its table, from counts (no index): periods, shares, bars, CSV."""

import csv
import io

from search.timeline import LONG_SPAN_MONTHS, Point, chart, timeline_csv_chunks, timeline_from_counts


def test_every_month_between_the_first_and_last_is_a_period_and_shares_divide_by_the_archive():
    timeline = timeline_from_counts({"": {"2020-01": 2, "2020-04": 1}}, {"": {"2020-01": 8, "2020-04": 4}})
    assert timeline.by == "month"
    assert timeline.periods == ["2020-01", "2020-02", "2020-03", "2020-04"]
    points = timeline.series[0].points
    assert [p.share for p in points] == [0.25, None, None, 0.25]  # a month the archive lacks has no share
    assert timeline.matching == 3


def test_a_thin_period_is_not_quiet_when_its_share_is_high():
    timeline = timeline_from_counts({"": {"2019-12": 10, "2020-01": 1}}, {"": {"2019-12": 100, "2020-01": 2}})
    shares = {p.period: p.share for p in timeline.series[0].points}
    assert shares["2020-01"] > shares["2019-12"]
    bars = {bar.title.split("：")[0]: bar for bar in chart(timeline).bars}
    assert bars["2020-01"].height > bars["2019-12"].height


def test_a_long_span_is_binned_by_year():
    last_month = f"{2000 + LONG_SPAN_MONTHS // 12}-12"
    timeline = timeline_from_counts({"": {"2000-01": 1, last_month: 3}}, {"": {"2000-01": 2, "2000-05": 2, last_month: 6}})
    assert timeline.by == "year"
    assert timeline.periods[0] == "2000" and timeline.periods[-1] == last_month[:4]
    first = timeline.series[0].points[0]
    assert (first.matching, first.total, first.share) == (1, 4, 0.25)


def test_split_by_county_keeps_each_countys_own_denominator():
    timeline = timeline_from_counts(
        {"修武县": {"2020-03": 1}, "武陟县": {"2020-03": 3}},
        {"修武县": {"2020-03": 2}, "武陟县": {"2020-03": 12}},
    )
    assert [(s.county, s.points[0].share) for s in timeline.series] == [("修武县", 0.5), ("武陟县", 0.25)]
    drawn = chart(timeline)
    assert [county for _, county in drawn.legend] == ["修武县", "武陟县"]
    assert len({bar.colour for bar in drawn.bars}) == 2
    assert drawn.bars[0].height == 2 * drawn.bars[1].height


def test_bars_stand_on_the_axis_and_fit_the_chart():
    timeline = timeline_from_counts({"": {f"2020-{m:02d}": m for m in range(1, 13)}}, {"": {f"2020-{m:02d}": 24 for m in range(1, 13)}})
    drawn = chart(timeline)
    assert len(drawn.bars) == 12
    for bar in drawn.bars:
        assert abs(bar.y + bar.height - drawn.plot_bottom) < 0.2
        assert drawn.plot_left <= bar.x and bar.x + bar.width <= drawn.plot_right
    assert drawn.y_ticks[-1][1] == "50%"  # the largest share (12/24) rounded up to a readable maximum


def test_no_archive_articles_gives_an_empty_timeline():
    timeline = timeline_from_counts({"": {}}, {"": {}})
    assert timeline.periods == [] and timeline.matching == 0 and chart(timeline).bars == []


def test_table_csv_has_a_bom_crlf_rows_and_fractions():
    timeline = timeline_from_counts({"": {"2020-03": 1}}, {"": {"2020-03": 3, "2020-04": 0, "2020-05": 5}})
    text = "".join(timeline_csv_chunks(timeline))
    assert text.startswith("\ufeff时期,县区,匹配文章,档案文章,占比\r\n")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    assert rows[1:] == [["2020-03", "", "1", "3", "0.3333"], ["2020-04", "", "0", "0", ""], ["2020-05", "", "0", "5", "0.0000"]]


def test_percent_reads_as_people_write_it():
    assert [Point("2020", m, t).percent for m, t in ((1, 4), (1, 3), (0, 0))] == ["25%", "33.3%", "—"]
