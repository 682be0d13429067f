"""A report's covered year, publication date and agency, from the places real reports state
them: titles, statistics periods, body sentences, page fields, signatures, opening sentences.
The expected values are read from each small input."""

from __future__ import annotations

from datetime import date

import pytest

from xxgk.parse.metadata import find_agency, find_published_date, find_report_year, find_title
from xxgk.parse.normalise import normalise_text
from xxgk.parse.region import resolve_region


def _lines(text: str) -> list[str]:
    return [line for line in normalise_text(text).text.split("\n") if line]


# --- class 3: the covered year ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("本年报中所列数据的统计期限自2016年1月1日起至2016年12月31日止。", 2016),
        ("本年度报告中使用数据统计期限为2016年1月1日至12月31日。", 2016),
        ("报告中所列数据的统计期限自 2015 1 1日起至 2015 12 31日止。", 2015),
        ("3、统计数据时间段:2017年1月1日-2017 年12月31日。", 2017),
        ("依据《条例》(2008年5月1日起施行),现将我局2014年政府信息公开情况报告如下。", 2014),
        ("截至2016年12月31日,在县政府网站政府信息公开平台上累计发布信息20条。", 2016),
        # the year mentioned most, not the law's first mention
        (
            "《条例》自2008年5月1日起施行。我局2013年主动公开信息20条,2013年未收到申请,"
            "2013年未发生复议。",
            2013,
        ),
    ],
)
def test_the_year_stated_in_the_body(text: str, year: int) -> None:
    assert find_report_year(None, normalise_text(text).text) == year


def test_the_title_year_comes_first() -> None:
    text = "统计期限自2016年1月1日至2016年12月31日。"
    assert find_report_year("某局2017年政府信息公开工作年度报告", text) == 2017


def test_publication_dates_are_not_the_covered_year() -> None:
    text = "\n".join(
        [
            "发布日期:2017-03-21",
            "今年,我乡通过政府门户网站主动公开信息138条,全年未收到申请。",
            "朝阳乡人民政府",
            "2017年3月21日",
        ]
    )
    assert find_report_year(None, text) == 2016


@pytest.mark.parametrize(
    ("date_line", "year"),
    [("2017年3月", 2016), ("2015年1月20日", 2014), ("2014年12月10日", 2014), ("2016年8月", None)],
)
def test_a_date_line_alone_implies_the_year(date_line: str, year: int | None) -> None:
    text = f"全年主动公开政府信息20条,未收到政府信息公开申请。\n某县统计局\n{date_line}"
    assert find_report_year(None, text) == year


def test_no_year_from_narrative_for_rejections() -> None:
    assert find_report_year(None, "2016年我局主动公开信息。", from_narrative=False) is None


# --- class 5: the publication date -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("公开方式: | 主动公开 | 公开日期: | 2015-07-27 |", date(2015, 7, 27)),
        ("发布日期：2020-01-15", date(2020, 1, 15)),
        ("成文日期:2016-03-31 | 发布日期:2016-04-08 |", date(2016, 4, 8)),
        ("文号 | 成文日期:2016-03-31 |", date(2016, 3, 31)),
        ("时间:2026-01-26 09:42来源:海城市西四镇作者:", date(2026, 1, 26)),
        ("2017-03-28 10:18 来源: 贵州日报", date(2017, 3, 28)),
        ("抓取时间: 2026-09-10T12:40:19.460Z", None),
        ("作者: 发布时间:2018年02月22日10时45分 |", date(2018, 2, 22)),
        ("统计日期:2019年1月1日至2019年12月31日", None),
        ("日期:2019年1月1日—2019年12月31日", None),
        ("统计期限:\n2019年1月1日\n至2019年12月31日", None),
        ("本报告所列数据统计期限为 2019年1月1日 至 2019年12月31日", None),
        ("某县人民政府办公室\n2020年1月15日", date(2020, 1, 15)),
        ("某县人民政府办公室\n2020年1月", None),
    ],
)
def test_published_date_only_where_a_full_date_is_stated(text: str, published: date | None) -> None:
    lines = ["某县2019年政府信息公开工作年度报告", *_lines(text)]
    assert find_published_date(lines) == published


# --- class 4: the agency ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "agency", "province"),
    [
        (
            "浙江省工业和信息化厅2016年政府信息公开工作年度报告\n一、概述",
            "浙江省工业和信息化厅",
            "浙江省",
        ),
        (
            "浙江省工业和信息化厅关于2016年政府信息公开工作的年度报告\n一、概述",
            "浙江省工业和信息化厅",
            "浙江省",
        ),
        (
            "2016年政府信息公开工作年度报告\n正文。\n浙江省工业和信息化厅 2017年3月",
            "浙江省工业和信息化厅",
            "浙江省",
        ),
        (
            "2016年政府信息公开工作年度报告\n正文。\n省工业和信息化厅\n2017年3月",
            "省工业和信息化厅",
            None,
        ),
        (
            "2020年政府信息公开工作年度报告\n正文。\n嵊州市人民政府办公室\n2021年1月20日",
            "嵊州市人民政府办公室",
            "浙江省",
        ),
        (
            "2020年政府信息公开工作年度报告\n正文。\n微山县两城镇人民政府 2021年1月25日",
            "微山县两城镇人民政府",
            "山东省",
        ),
        (
            "2011年政府信息公开工作年度报告\n正文。\n四平市铁东区人民政府解放街道办事处\n2011年12月31日",
            "四平市铁东区人民政府解放街道办事处",
            "吉林省",
        ),
        (
            "根据《条例》的规定,现公布揭东区公路局2015年度政府信息公开工作年度报告。",
            "揭东区公路局",
            "广东省",
        ),
        (
            "根据《条例》要求,特编制湛江市人民政府地方志办公室2023年政府信息公开工作年度报告。",
            "湛江市人民政府地方志办公室",
            "广东省",
        ),
        (
            "对照《条例》,三门沿海工业城管委会特向社会公布2016年度本级政府信息公开年度报告。",
            "三门沿海工业城管委会",
            None,
        ),
        ("索引号: | 113304/2015-86108 | 发布机构: | 市交通运输局 |\n正文。", "市交通运输局", None),
        (
            "根据《条例》规定,现发布《工业和信息化部政府信息公开工作2011年度报告》。",
            "工业和信息化部",
            None,
        ),
        ("根据《条例》,现公布昭通市工信委2016年度信息公开年度报告。", "昭通市工信委", "云南省"),
        (
            "首页 > 省经济和信息化厅信息公开年报\n2015年度省经信委政府信息公开工作报告\n正文。",
            "省经信委",
            None,
        ),
    ],
)
def test_agency_from_title_signature_opening_or_fields(
    text: str, agency: str, province: str | None
) -> None:
    lines = _lines(text)
    title = find_title(lines)
    found = find_agency(title, lines)
    assert found == agency
    region = resolve_region(found, title)
    assert (region.province if region else None) == province


def test_a_generic_opening_subject_is_no_agency() -> None:
    lines = _lines("按照《条例》的有关规定,现将我局2014年政府信息公开情况报告如下。\n正文。")
    assert find_agency(find_title(lines), lines) is None
