"""Untitled reports that publish themselves by name in their opening sentence (after a page's
metadata block, or in traditional script), explainer pages about a report (解读, 图解, 问答),
and the year of a page rejected as no report. Inputs are fragments in the shapes real sites
publish; the expected values are read from them."""

from __future__ import annotations

import pytest

from schemas.codes import Script, Template
from xxgk.parse.classify import not_a_report_reason
from xxgk.parse.metadata import find_report_year, find_title
from xxgk.parse.report import ParsedReport, Rejection, parse_report
from xxgk.parse.sections import split_sections

#: Narrative in the words of a real 概述 that never says 主动公开 (an excerpt cut early).
_WORK = (
    "制定标准化规范化工作实施方案,精心谋划全市政务公开标准化规范化试点,通过试点探索建立"
    "标准体系,以点带面推动整体水平提升。编制印发依申请公开工作应用手册,汇集相关政策文件、"
    "典型案例及解析、工作中的常见问题解答和答复书格式文本。"
)
_WORK_TRADITIONAL = (
    "制定標準化規范化工作實施方案,精心謀劃全市政務公開標準化規范化試點,通過試點探索建立"
    "標準體系,以點帶面推動整體水平提升。編制印發依申請公開工作應用手冊,匯集相關政策文件、"
    "典型案例及解析、工作中的常見問題解答和答復書格式文本。"
)


def _parse(text: str) -> ParsedReport | Rejection:
    return parse_report(text.encode("utf-8"))


def test_traditional_opening_sentence_after_a_metadata_block_is_a_report() -> None:
    text = "\n".join(
        [
            "索引號 | 3212000002/2018-354983 | 分類 | 綜合政務,其他 報告 |",
            "發布機構 | 泰州市政府 | 發文日期 | 2018-02-28 |",
            "- 信息來源:泰州市政府",
            "- 發布日期:2018-02-28 08:56",
            "根據《中華人民共和國政府信息公開條例》規定,現公布泰州市人民政府2017年政府信息公開"
            "工作年度報告。如對報告有疑問,請與泰州市人民政府辦公室聯系。",
            "一、主要工作概述",
            "(一)探索建立標準化體系。" + _WORK_TRADITIONAL * 2,
        ]
    )
    parsed = _parse(text)
    assert isinstance(parsed, ParsedReport), parsed
    assert parsed.script is Script.TRADITIONAL
    assert parsed.report_year == 2017
    assert parsed.template is Template.PRE2019


def test_opening_sentence_publishing_the_named_report_gives_report_and_year() -> None:
    text = "\n".join(
        [
            "根据《中华人民共和国政府信息公开条例》规定和有关要求,现发布《银川市水务局2021年"
            "政府信息公开工作年度报告》。如有疑问或意见建议,可直接与银川市水务局联系。",
            "一、总体情况",
            "2021年,银川市水务局全面贯彻落实关于政府信息公开工作的决策部署。" + _WORK * 2,
        ]
    )
    parsed = _parse(text)
    assert isinstance(parsed, ParsedReport), parsed
    assert parsed.report_year == 2021
    assert parsed.template is Template.T2021


@pytest.mark.parametrize(
    "opening",
    [
        # a notice about compiling the reports, quoted in the opening
        "现将《关于做好2017年政府信息公开工作年度报告编制和发布工作的通知》转发给你们,"
        "请认真贯彻执行。",
        # the government work report, not the disclosure report
        "现公布2017年政府工作报告全文。",
    ],
)
def test_publishing_something_else_names_no_report(opening: str) -> None:
    text = "\n".join([opening, _WORK * 3])
    reason = not_a_report_reason(None, split_sections(text), text)
    assert reason is not None and "no report title" in reason


@pytest.mark.parametrize(
    "title_line",
    [
        "文字解读:济南市历下区大明湖街道办事处2022年政府信息公开工作年度报告",
        "图解:某某县人民政府2021年政府信息公开工作年度报告",
        "一图读懂某某市生态环境局2022年政府信息公开工作年度报告",
        "某某区人民政府2020年政府信息公开工作年度报告解读",
    ],
)
def test_explainer_page_about_a_report_is_not_a_report(title_line: str) -> None:
    text = "\n".join(
        [
            title_line,
            "字号:",
            "一、编制背景",
            "根据《中华人民共和国政府信息公开条例》有关要求,编写本报告。" + _WORK,
            "二、编制依据",
            "《中华人民共和国政府信息公开条例》(国务院令711号)",
            "三、编制目的",
            "系统反映本单位主动公开政府信息情况、依申请公开情况、政府信息管理情况。" + _WORK,
            "四、主要内容",
            "报告共分为六大部分,分别为总体情况,主动公开政府信息情况,收到和处理政府信息公开"
            "申请情况,政府信息公开行政复议、行政诉讼情况,存在的主要问题及改进情况。",
        ]
    )
    assert find_title([line for line in text.split("\n") if line]) == title_line
    parsed = _parse(text)
    assert isinstance(parsed, Rejection)
    assert parsed.check == "not_a_report"
    assert "explainer" in parsed.message


def test_page_fields_are_still_no_title() -> None:
    lines = [
        "栏目: 政府信息公开年报",
        "来源: 某某县人民政府",
        "某某县2019年政府信息公开工作年度报告",
    ]
    assert find_title(lines) == "某某县2019年政府信息公开工作年度报告"


def test_rejected_half_year_statistics_page_keeps_the_year_it_is_about() -> None:
    text = "\n".join(
        [
            "正文内容区域请使用tab按钮切换浏览",
            "2022年上半年政府信息公开数据统计",
            "2022年07月25日 来源: 上海普陀",
            "一、 公文类政府信息公开情况",
            "2022年上半年,全区各级行政机关共制发公文707件,主动公开673件。",
            "二、依申请公开情况",
            "2022年上半年,全区各行政机关共受理政府信息公开申请267件,答复263件,申请量比2021年"
            "同期上升1.52%。",
        ]
    )
    parsed = _parse(text)
    assert isinstance(parsed, Rejection)
    assert parsed.check == "not_a_report"
    assert parsed.report_year == 2022


def test_list_page_years_give_a_rejected_page_no_year() -> None:
    text = "政府信息公开年报 标题 发布日期 " + " ".join(
        f"平潭综合实验区{year}年度政府信息公开工作年度报告 {year + 1}-03-10"
        for year in range(2025, 2015, -1)
    )
    assert find_report_year(None, text, from_narrative=False) is None


def test_untitled_explainer_by_its_outline_is_not_a_report() -> None:
    text = "\n".join(
        [
            "字号:",
            "一、编制背景",
            "根据《中华人民共和国政府信息公开条例》有关要求,编写本报告。" + _WORK,
            "二、编制依据",
            "《中华人民共和国政府信息公开条例》(国务院令711号)",
            "三、编制目的",
            "系统反映本单位主动公开政府信息情况、依申请公开情况、政府信息管理情况。" + _WORK,
            "四、主要内容",
            "第一部分:总体情况,包含主动公开、依申请公开、政府信息管理、平台建设、监督保障。",
            "第二部分:主动公开政府信息情况。",
            "第三部分:收到和处理政府信息公开申请情况。",
            "第四部分:政府信息公开行政复议、行政诉讼情况。",
        ]
    )
    reason = not_a_report_reason(None, split_sections(text), text)
    assert reason is not None and "explainer" in reason
