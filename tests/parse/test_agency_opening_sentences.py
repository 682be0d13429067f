"""The agency named by a report's opening, title lines or page title, never a news outlet's name."""

from __future__ import annotations

import pytest

from xxgk.parse.metadata import find_agency, find_title

_BODY = "一、总体情况\n2020年,我局认真贯彻落实《中华人民共和国政府信息公开条例》。"


def _agency(text: str) -> str | None:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return find_agency(find_title(lines), lines)


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        # an agency line ending in 机关 above a title that names none
        (
            "城口县人民政府机关\n2020年政府信息公开工作年度报告\n本报告根据《中华人民共和国政府"
            "信息公开条例》要求编制。\n" + _BODY,
            "城口县人民政府机关",
        ),
        # the title and the first sentence on one line
        (
            "通江县文化广播影视新闻出版局 2018年政府信息公开工作年度报告 根据《中华人民共和国"
            "政府信息公开条例》(以下简称《条例》)和省、市相关规定,特向社会公布2018年度本级"
            "政府(本部门)信息公开工作年度报告。\n" + _BODY,
            "通江县文化广播影视新闻出版局",
        ),
        # the agency, with its alias in brackets, as the first sentence's subject
        (
            "杭州市余杭区司法局(区行政复议局)根据《中华人民共和国政府信息公开条例》《浙江省政府"
            "信息公开暂行办法》等规定编制本报告。\n" + _BODY,
            "杭州市余杭区司法局(区行政复议局)",
        ),
        # the published report named after a phrase that is no agency (本报告…)
        (
            "根据《中华人民共和国政府信息公开条例》的要求,安乐乡在对去年政府信息公开工作进行"
            "认真回顾和总结的基础上,编制本报告现向社会公开安乐乡2019年政府信息公开工作年度报告。"
            "\n" + _BODY,
            "安乐乡",
        ),
    ],
)
def test_opening_names_the_agency(text: str, agency: str) -> None:
    assert _agency(text) == agency


def test_title_after_side_navigation() -> None:
    navigation = "\n".join(
        ["四川省经济合作局", "• 政      策", "行政规范性文件", "其他文件"]
        + ["• 政府信息", "公开指南", "机关简介", "规划信息", "统计信息", "预算⁄决算"] * 4
    )
    text = (
        navigation
        + "\n四川省经济合作局2019年政府信息公开工作年度报告\n"
        + "本年度报告是根据《中华人民共和国政府信息公开条例》等文件要求编制。\n"
        + _BODY
    )
    assert _agency(text) == "四川省经济合作局"


def test_a_news_accounts_title_names_no_agency() -> None:
    text = (
        "贵州省发布2016年政府信息公开工作年度报告\n2017-03-28 10:18 来源: 贵州日报\n"
        "日前,省政府办公厅发布2016年政府信息公开工作年度报告。"
    )
    assert _agency(text) is None


def test_a_sites_short_name_as_source_is_no_agency() -> None:
    text = "2022年上半年政府信息公开申请情况统计\n来源:上海普陀\n收到申请12件。"
    assert _agency(text) is None


def test_an_untitled_body_without_named_agency_stays_null() -> None:
    text = "根据《中华人民共和国政府信息公开条例》要求,编制本报告。\n" + _BODY
    assert _agency(text) is None
