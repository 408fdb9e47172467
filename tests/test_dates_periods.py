"""Publication periods are read by the grammar of a range, in the wordings notices use."""

import pytest

from converters.dates import find_period, parse_date


@pytest.mark.parametrize("text, start, end", [
    ("公示期为20天,2024年5月25日起至2024年6月13日。", "2024-05-25", "2024-06-13"),
    ("公示期为5个工作日(2024年10月31日—11月4日)。", "2024-10-31", "2024-11-04"),
    ("公示时间从2024年3月1日起,至3月7日17:00止。", "2024-03-01", "2024-03-07"),
    ("公示期为7天(2024年3月1日—3月7日止)。", "2024-03-01", "2024-03-07"),
    ("公示期从2024年6月3日起至2024年6月7日止(5个工作日)。", "2024-06-03", "2024-06-07"),
    ("公示时间:2024.3.1-2024.3.7", "2024-03-01", "2024-03-07"),
    ("公示時間為2024年4月7日至4月13日。", "2024-04-07", "2024-04-13"),
    ("自2024年12月28日至1月3日止进行公示。", "2024-12-28", "2025-01-03"),
    ("2024年12月29日至2025年1月2日,某某委员会在本网站对候选名单进行公示。", "2024-12-29", "2025-01-02"),
])
def test_period_wordings_give_both_ends(text, start, end):
    found = find_period(text)
    assert found and (found.start.isoformat(), found.end.isoformat()) == (start, end)


@pytest.mark.parametrize("text", [
    "公示期20天。",
    "公示时间:年1月12日—1月18日。",
    "公示期202312131220日。",
    "巡察组于2024年5月10日至7月30日对该单位进行巡察，现予以公示。",
    "进驻时间为2024年6月26日至7月14日。",
])
def test_durations_lost_years_and_inspections_give_no_period(text):
    assert find_period(text) is None


def test_a_bare_date_line_is_read_only_as_a_whole_line():
    assert parse_date("20241213").isoformat() == "2024-12-13"
    assert parse_date("编号20241213号") is None
