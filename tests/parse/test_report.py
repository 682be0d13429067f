"""Whole-report parsing: rejection of what is not a report, template and year detection."""

from __future__ import annotations

from schemas.codes import Stage, Template
from tests.conftest import seed_paths
from xxgk.parse.report import ParsedReport, Rejection, parse_report
from xxgk.parse.sections import split_sections


def test_empty_object_is_rejected_at_decode() -> None:
    result = parse_report(b"")
    assert isinstance(result, Rejection) and result.stage is Stage.DECODE


def test_binary_is_rejected_at_decode() -> None:
    result = parse_report(b"%PDF-1.7\n\x00\x01\x02")
    assert isinstance(result, Rejection) and result.stage is Stage.DECODE


def test_text_that_is_not_a_report_is_rejected_at_classify() -> None:
    result = parse_report("关于做好2021年政务公开工作的通知\n各单位:请按时报送材料。".encode())
    assert isinstance(result, Rejection) and result.stage is Stage.CLASSIFY
    assert result.check == "not_a_report"


def test_gbk_and_utf16_bytes_parse_like_utf8() -> None:
    text = seed_paths()[2].read_text("utf-8")
    reference = parse_report(text.encode("utf-8"))
    for encoding in ("gb18030", "utf-16"):
        other = parse_report(text.encode(encoding))
        assert isinstance(other, ParsedReport) and isinstance(reference, ParsedReport)
        assert other.applications.rows == reference.applications.rows
        assert other.report_year == reference.report_year == 2022


def test_t2019_report_missing_its_tables_is_flagged_per_table() -> None:
    body = "\n".join(
        [
            "某县2020年政府信息公开工作年度报告",
            "一、总体情况",
            "本报告所列数据统计期限为2020年1月1日至2020年12月31日。",
            "2020年,我县认真贯彻落实《中华人民共和国政府信息公开条例》,坚持以公开为常态、"
            "不公开为例外,围绕县委县政府中心工作,持续深化政务公开,推进决策、执行、管理、"
            "服务、结果公开,加强政策解读与回应关切,不断提升政务公开质量和实效。" * 3,
            "二、主动公开政府信息情况",
            "第二十条第(一)项 | 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |",
            "规章 | 0 | 0 | 0 |",
            "三、收到和处理政府信息公开申请情况",
            "(表格为图片)",
            "四、政府信息公开行政复议、行政诉讼情况",
            "(表格为图片)",
        ]
    )
    result = parse_report(body.encode())
    assert isinstance(result, ParsedReport)
    assert result.template is Template.T2019
    problems = result.table_problems()
    assert {str(t) for t in problems} == {"applications", "review_litigation"}
    assert all(p.check == "table_missing" for ps in problems.values() for p in ps)


def test_row_labels_of_section_three_are_not_section_headings() -> None:
    text = "\n".join(
        [
            "三、收到和处理政府信息公开申请情况",
            "一、本年新收政府信息公开申请数量",
            "四、结转下年度继续办理",
            "四、政府信息公开行政复议、行政诉讼情况",
        ]
    )
    numbers = [s.number for s in split_sections(text)]
    assert numbers == [0, 3, 4]


def test_pre2019_inline_outline_is_split_by_number() -> None:
    body = (
        "平潭综合实验区2017年政府信息公开工作年度报告 联系电话0591-1234一、概述2017年,我区"
        + "持续推进政务公开工作。" * 30
        + "二、主动公开政府信息情况(一)主动公开政府信息的数量2017年全区主动公开政府信息2122条。"
        "三、政府信息依申请公开工作情况 2017年未收到有关政府信息公开申请。"
        "四、因政府信息公开申请行政复议、提起行政诉讼的情况2017年未收到有关申请。"
    )
    result = parse_report(body.encode())
    assert isinstance(result, ParsedReport) and result.template is Template.PRE2019
    headings = [(s.number, s.heading) for s in result.sections]
    assert headings == [
        (0, ""),
        (1, "一、概述"),
        (2, "二、主动公开政府信息情况"),
        (3, "三、政府信息依申请公开工作情况"),
        (4, "四、因政府信息公开申请行政复议、提起行政诉讼的情况"),
    ]
    assert result.sections[2].text.startswith("(一)主动公开政府信息的数量2017年")


def test_signature_dates_in_chinese_numerals() -> None:
    from datetime import date

    from xxgk.parse.metadata import find_published_date

    assert find_published_date(["正文", "平潭综合实验区管委会办公室", "二○一四年一月十日"]) == date(
        2014, 1, 10
    )
    assert find_published_date(["正文", "某县人民政府 二〇二一年十二月二十一日"]) == date(
        2021, 12, 21
    )
    assert find_published_date(["正文", "2021年2月19日"]) == date(2021, 2, 19)
    assert find_published_date(["正文", "截至2021年2月19日共办结3件。"]) is None
