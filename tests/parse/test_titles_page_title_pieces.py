"""A page's `<title>` holding only a piece of the report's title (the first line of a title
wrapped over two, `2019年度`, or the agency alone): the body's own title wins, so the report
is not rejected as `not_a_report`. Titles that say what else a page is still stand."""

from __future__ import annotations

from xxgk.parse.formats.html import html_to_text
from xxgk.parse.metadata import find_title
from xxgk.parse.normalise import normalise_text
from xxgk.parse.report import ParsedReport, parse_report

BODY = (
    "<p>本报告根据《中华人民共和国政府信息公开条例》要求编制。本报告所列数据统计期限自"
    "2019年1月1日起至2019年12月31日止。</p>"
    "<p><strong>一、总体情况</strong></p><p>2019年，我局主动公开政府信息215条。"
    "畅通依申请公开渠道，规范受理、交办、答复等环节，确保在法定期限内答复申请人。"
    "加强政府网站和政务新媒体日常管理，运用第三方检测平台实行常态化监测，及时整改发现的"
    "问题。将政府信息公开工作纳入年度绩效考核，定期通报，督促各科室落实工作责任。</p>"
    "<p><strong>二、主动公开政府信息情况</strong></p><p>详见下表。</p>"
    "<p><strong>三、收到和处理政府信息公开申请情况</strong></p><p>全年未收到申请。</p>"
    "<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p><p>无。</p>"
    "<p><strong>五、存在的主要问题及改进情况</strong></p><p>公开内容的深度和广度有待拓展。"
    "下一步，我局将进一步健全工作机制，加强政策解读和回应关切，提升公开质量。</p>"
    "<p><strong>六、其他需要报告的事项</strong></p><p>无。</p>"
    "<p>宜昌市行政审批服务局</p><p>2020年1月20日</p>"
)


def _page(page_title: str, heading: str) -> str:
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{page_title}</title></head><body><div class='article'>{heading}{BODY}"
        "</div></body></html>"
    )


def _title(markup: str) -> str | None:
    lines = [line for line in normalise_text(html_to_text(markup)).text.split("\n") if line]
    return find_title(lines)


WRAPPED = "<h1>2019年度</h1><h1>宜昌市行政审批服务局政府信息公开工作年度报告</h1>"
WHOLE = "宜昌市行政审批服务局2019年度政府信息公开工作年度报告"


def test_a_year_alone_gives_way_to_the_body_title_wrapped_over_two_lines() -> None:
    assert _title(_page("2019年度", WRAPPED)) == (
        "2019年度宜昌市行政审批服务局政府信息公开工作年度报告"
    )


def test_a_piece_of_the_body_title_gives_way_to_it() -> None:
    assert _title(_page("宜昌市行政审批", f"<h1>{WHOLE}</h1>")) == WHOLE


def test_a_year_alone_with_no_body_title_is_no_title() -> None:
    assert _title(_page("2019年度", "")) is None


def test_a_page_title_naming_the_report_stands() -> None:
    assert _title(_page(WHOLE, WRAPPED)) == WHOLE


def test_a_letters_title_stands_over_the_report_it_encloses() -> None:
    letter = "关于报送2019年度政府信息公开工作年度报告的函"
    assert _title(_page(letter, f"<h1>{WHOLE}</h1>")) == letter


def test_the_report_with_a_fragment_page_title_is_parsed_not_rejected() -> None:
    parsed = parse_report(_page("2019年度", WRAPPED).encode())
    assert isinstance(parsed, ParsedReport)
    assert parsed.title == "2019年度宜昌市行政审批服务局政府信息公开工作年度报告"
    assert (parsed.report_year, parsed.agency) == (2019, "宜昌市行政审批服务局")
