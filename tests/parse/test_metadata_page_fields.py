"""Page fields and titles as crawlers and CMS pages leave them: a field's label on one line and
its value on the next (a field block copied one cell per line), a page `<title>` that is the
site's name while the body holds the report's title. Expected values are read from each input."""

from __future__ import annotations

from datetime import date

import pytest

from xxgk.parse.metadata import find_published_date, find_title
from xxgk.parse.normalise import normalise_text


def _lines(text: str) -> list[str]:
    return [line for line in normalise_text(text).text.split("\n") if line]


@pytest.mark.parametrize(
    ("text", "published"),
    [
        # one cell per line
        (
            "标题:\n福建省农业农村厅2015年政府信息公开工作年度报告\n公开日期:\n2016-03-10\n"
            "来源:\n本站\n2015年，福建省农业农村厅认真贯彻落实《条例》。",
            date(2016, 3, 10),
        ),
        # double-spaced, traditional script, full-width colon
        (
            "標題：\n\n安徽省生態環境廳2012年政府信息公開工作年度報告\n\n\n公開日期：\n\n"
            "2013-03-18\n\n\n來源：\n\n本站\n\n\n本報告中所列數據的統計期限自2012年1月1日起。",
            date(2013, 3, 18),
        ),
        ("发布时间：\n2021年1月29日\n正文", date(2021, 1, 29)),
    ],
)
def test_a_date_field_whose_value_is_on_the_next_line(text: str, published: date) -> None:
    assert find_published_date(_lines(text)) == published


@pytest.mark.parametrize(
    "text",
    [
        # a bare label before a statistics period is no publication date
        "时间:\n2019年1月1日至2019年12月31日\n正文",
        "统计日期:\n2019-01-01\n正文",
    ],
)
def test_a_bare_label_before_no_date_gives_none(text: str) -> None:
    assert find_published_date(_lines(text)) is None


def test_a_page_title_naming_only_the_site_gives_way_to_the_body_title() -> None:
    # html front end: `<title>` first as a `标题:` line, then the body's two `<h1>` lines
    lines = _lines(
        "标题:宜昌市行政审批服务局\n宜昌市行政审批服务局\n2021年政府信息公开工作年度报告\n"
        "本报告根据《中华人民共和国政府信息公开条例》要求编制。"
    )
    assert find_title(lines) == "宜昌市行政审批服务局2021年政府信息公开工作年度报告"


def test_a_site_name_title_without_a_report_title_in_the_body_stays() -> None:
    assert find_title(_lines("标题:某某县人民政府门户网站\n网站地图\n联系我们")) == (
        "某某县人民政府门户网站"
    )


@pytest.mark.parametrize(
    "title",
    ["某某县人民政府关于政府信息公开申请的答复函", "2019年政府信息公开工作年度报告"],
)
def test_a_page_title_naming_a_document_is_kept(title: str) -> None:
    lines = _lines(f"标题:{title}\n某某县2020年政府信息公开工作年度报告\n正文")
    assert find_title(lines) == title
