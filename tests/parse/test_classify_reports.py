"""Deciding whether a text is a report, and its template: titles and outlines of every shape
are reports; metadata listings, list pages, spreadsheets, letters, notices and news are not.
Each input is a small fragment in the shape real sites publish; the expected values are read
from it."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import pytest

from schemas.codes import Dataset, Stage, Table, Template
from xxgk.batch import process_batch
from xxgk.objects import RunContext, SourceObject
from xxgk.parse.report import ParsedReport, Rejection, parse_report
from xxgk.parse.sections import split_sections

#: Narrative filler in the words of a real 概述 (enough Han characters to be a report body).
_NARRATIVE = (
    "我局认真贯彻落实《中华人民共和国政府信息公开条例》,坚持以公开为常态、不公开为例外,"
    "围绕中心工作,持续深化政务公开,推进决策、执行、管理、服务、结果公开,加强政策解读与"
    "回应关切,不断提升政务公开质量和实效。"
)
_OUTLINE_2019 = [
    "一、总体情况",
    _NARRATIVE * 3,
    "二、主动公开政府信息情况",
    "(表格为图片,无法识别)",
    "三、收到和处理政府信息公开申请情况",
    "(表格为图片,无法识别)",
    "四、政府信息公开行政复议、行政诉讼情况",
    "(表格为图片,无法识别)",
    "五、存在的主要问题及改进情况",
    _NARRATIVE,
]


def _parse(*lines: str) -> ParsedReport | Rejection:
    return parse_report("\n".join(lines).encode())


def _report(*lines: str) -> ParsedReport:
    result = _parse(*lines)
    assert isinstance(result, ParsedReport), result
    return result


def _rejection(*lines: str) -> Rejection:
    result = _parse(*lines)
    assert isinstance(result, Rejection), result
    return result


# --- class 1: template by year --------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "template"),
    [
        (2019, Template.T2019),
        (2020, Template.T2019),
        (2021, Template.T2021),
        (2024, Template.T2021),
    ],
)
def test_template_follows_the_year_when_the_tables_are_unreadable(
    year: int, template: Template
) -> None:
    report = _report(f"某县卫生健康局{year}年政府信息公开工作年度报告", *_OUTLINE_2019)
    assert report.report_year == year
    assert report.template is template
    problems = report.table_problems()
    assert set(problems) == {Table.ACTIVE_DISCLOSURE, Table.APPLICATIONS, Table.REVIEW_LITIGATION}
    assert all(p.check == "table_missing" for found in problems.values() for p in found)


def test_a_report_missing_its_tables_is_quarantined_never_valid() -> None:
    data = "\n".join(["某县卫生健康局2022年政府信息公开工作年度报告", *_OUTLINE_2019]).encode()
    source = SourceObject(
        key="report.txt",
        uri="file:///report.txt",
        etag="1",
        size=len(data),
        last_modified=datetime(2023, 1, 31, tzinfo=UTC),
    )
    result = process_batch([(source, data)], RunContext("test", datetime.now(UTC)), None)
    row = result.frames[Dataset.REPORTS].to_dicts()[0]
    assert (row["template"], row["status"]) == ("t2021", "quarantined")
    assert sorted(row["quarantined_tables"]) == [
        "active_disclosure",
        "applications",
        "review_litigation",
    ]
    checks = result.frames[Dataset.QUARANTINE]["check"].to_list()
    assert checks == ["table_missing"] * 3


def test_pre2019_years_have_no_tables_to_miss() -> None:
    report = _report("某县民政局2016年政府信息公开工作年度报告", *_OUTLINE_2019)
    assert report.template is Template.PRE2019
    assert report.table_problems() == {}


# --- class 2: titles -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "title", "year"),
    [
        (
            ["嵊州市商务局2019年度政府信息公开工作报告"],
            "嵊州市商务局2019年度政府信息公开工作报告",
            2019,
        ),
        (
            ["政府信息公开年报", "本报告所列数据统计期限为2020年1月1日至2020年12月31日。"],
            "政府信息公开年报",
            2020,
        ),
        (
            [
                "宿州市人民政府2016年",
                "政府信息公开工作年度报告",
                "宿州市人民政府办公室",
                "2017年3月",
            ],
            "宿州市人民政府2016年政府信息公开工作年度报告",
            2016,
        ),
        (["2011年度信息公开报告"], "2011年度信息公开报告", 2011),
        (
            ["江西省水利廳2012年政府信息公開工作年度報(bào)告"],
            "江西省水利厅2012年政府信息公开工作年度报告",
            2012,
        ),
        (
            [
                ">政务公开 >政府信息公开 >年度报告 >2015年政府信息公开年度报告",
                "2015年青田县交通运输局政府信息公开工作报告",
            ],
            "2015年青田县交通运输局政府信息公开工作报告",
            2015,
        ),
    ],
)
def test_titles_of_every_shape_are_reports(lines: list[str], title: str, year: int) -> None:
    report = _report(*lines, *_OUTLINE_2019[:2], "二、主动公开政府信息情况", _NARRATIVE)
    assert report.title == title
    assert report.report_year == year


def test_untitled_report_naming_itself_in_its_opening_sentence() -> None:
    report = _report(
        "本报告是根据《中华人民共和国政府信息公开条例》要求,由北京市信访办编制的2014年度政府"
        "信息公开年度报告。",
        "2014年,市信访办各业务处室指定专人负责政府信息公开工作。" + _NARRATIVE * 3,
        "我办共主动公开政府信息20条。",
    )
    assert report.title is None
    assert (report.report_year, report.agency) == (2014, "北京市信访办")
    assert report.region is not None and report.region.province == "北京市"


def test_untitled_report_whose_outline_is_numbered_from_its_first_topic() -> None:
    report = _report(
        "按照《中华人民共和国政府信息公开条例》的有关规定,现将我局2014年政府信息公开情况报告如下。",
        "一、主动公开政府信息情况",
        "2014年,我局对官网进行了全面改版。" + _NARRATIVE * 2,
        "二、依申请公开和不予公开政府信息情况",
        "2014年,我局收到12起政府信息依申请公开,均严格按程序和时限办理。",
        "三、政府信息公开的收费及减免情况",
        "2014年,我局在办理依申请公开工作中,未向申请人收取费用。",
        "四、因政府信息公开申请行政复议、提起行政诉讼情况",
        "全年未发生因政府信息公开产生申请行政复议或者提起行政诉讼的情况。",
    )
    assert (report.report_year, report.template) == (2014, Template.PRE2019)


def test_untitled_templated_report_is_recognised_by_its_tables() -> None:
    report = _report(
        "一、总体情况",
        "2023年,我局坚持以习近平新时代中国特色社会主义思想为指导。" + _NARRATIVE * 3,
        "二、主动公开政府信息情况",
        "第二十条第(一)项 |",
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "规章 | 0 | 0 | 0 |",
    )
    assert (report.report_year, report.template) == (2023, Template.T2021)


@pytest.mark.parametrize(
    "headings",
    [
        [
            "## 一、总体情况",
            "## 二、主动公开政府信息情况",
            "## 三、收到和处理政府信息公开申请情况",
            "## 四、政府信息公开行政复议、行政诉讼情况",
        ],
        [
            "**一、总体情况**",
            "**二、主动公开政府信息情况**",
            "**三、收到和处理政府信息公开申请情况**",
            "**四、政府信息公开行政复议、行政诉讼情况**",
        ],
        [
            "第一部分 总体情况",
            "第二部分 主动公开政府信息情况",
            "第三部分 收到和处理政府信息公开申请情况",
            "第四部分 政府信息公开行政复议、行政诉讼情况",
        ],
        [
            "(一)总体情况",
            "(二)主动公开政府信息情况",
            "(三)收到和处理政府信息公开申请情况",
            "(四)政府信息公开行政复议、行政诉讼情况",
        ],
        [
            "一、概述",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
        ],
    ],
)
def test_sections_two_to_four_are_found_however_headed(headings: list[str]) -> None:
    text = "\n".join(
        [
            "某区2021年政府信息公开工作年度报告",
            headings[0],
            _NARRATIVE * 4,
            headings[1],
            "主动公开表",
            headings[2],
            "申请表",
            headings[3],
            "复议诉讼表",
        ]
    )
    by_number = {section.number: section.text for section in split_sections(text)}
    assert (by_number[2], by_number[3], by_number[4]) == ("主动公开表", "申请表", "复议诉讼表")
    report = _report(text)
    assert report.template is Template.T2021


# --- class 2 conversely: what is not a report -----------------------------------------------


def test_crawler_metadata_tsv_is_not_a_report() -> None:
    rejection = _rejection(
        "type\thref\ttext\tkind",
        "a\thttps://www.pingtan.gov.cn/zwgk/t20170118_80485.htm\t平潭综合实验区2016年度政府信息"
        "公开工作年度报告\tpage",
        "a\thttps://www.pingtan.gov.cn/zwgk/t20160112_80445.htm\t平潭综合实验区2015年度政府信息"
        "公开工作年度报告\tpage",
        "a\thttps://www.pingtan.gov.cn/zwgk/t20150102_80791.htm\t平潭综合实验区2014年度政府信息"
        "公开工作年度报告\tpage",
        *["a\thttps://www.pingtan.gov.cn/\t" + _NARRATIVE + "\tnav"] * 3,
    )
    assert (rejection.stage, rejection.check) == (Stage.CLASSIFY, "not_a_report")
    assert "metadata" in rejection.message
    assert rejection.report_year == 0


def test_csv_of_titles_links_and_dates_is_not_a_report() -> None:
    rows = [
        f"某县{year}年政府信息公开工作年度报告,http://www.gov.cn/{year}.html,{year + 1}-01-15"
        for year in range(2010, 2024)
    ]
    rejection = _rejection("标题,链接,发布日期", *rows, _NARRATIVE * 2)
    assert rejection.check == "not_a_report" and "metadata" in rejection.message


def test_a_list_page_of_report_titles_with_dates_is_not_a_report() -> None:
    listing = " ".join(
        f"平潭综合实验区{year}年度政府信息公开工作年度报告 {year + 1}-03-10"
        for year in range(2016, 2026)
    )
    rejection = _rejection(
        "栏目: 政府信息公开年报",
        "首页 政务公开 政府信息公开 法定主动公开内容 政府信息公开年报 标题 发布日期 " + listing,
        _NARRATIVE,
    )
    assert rejection.check == "not_a_report" and "list of reports" in rejection.message


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("关于2014年政府信息公开工作要点落实情况的函", "letter"),
        (
            "阿坝州人民政府办公室关于做好2017年政府信息公开工作年度报告编制和公布工作的通知",
            "notice",
        ),
        ("贵州省发布2016年政府信息公开工作年度报告", "news item"),
    ],
)
def test_documents_of_other_kinds_are_rejected_with_their_kind(title: str, kind: str) -> None:
    rejection = _rejection(f"标题: {title}", *_OUTLINE_2019)
    assert rejection.check == "not_a_report"
    assert kind in rejection.message and title in rejection.message


def test_a_spreadsheet_is_not_a_report() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr(
            "xl/sharedStrings.xml", "<sst><si><t>2019年度政府信息公开工作年度报告</t></si></sst>"
        )
    result = parse_report(buffer.getvalue())
    assert isinstance(result, Rejection)
    assert (result.stage, result.check) == (Stage.CLASSIFY, "not_a_report")
    assert "spreadsheet" in result.message


def test_untitled_text_without_outline_or_self_naming_is_rejected_saying_why() -> None:
    rejection = _rejection("各单位:", _NARRATIVE * 4, "请于3月31日前报送。")
    assert rejection.check == "not_a_report"
    assert "no report title" in rejection.message


def test_tables_without_section_headings_open_their_sections() -> None:
    text = "\n".join(
        [
            "现将我局2020年度政府信息公开情况报告如下。",
            "第二十条第(一)项 |",
            "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |",
            "规章 | 0 | 0 | 0 |",
            "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 |",
            "四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "行政复议 | 行政诉讼 |",
            "结果维持 | 结果纠正 |",
        ]
    )
    by_number = {section.number: section.text.split("\n")[0] for section in split_sections(text)}
    assert by_number[2] == "第二十条第(一)项 |"
    assert by_number[3].startswith("(本列数据的勾稽关系为")
    assert by_number[4] == "行政复议 | 行政诉讼 |"
