"""Markdown from PDF-to-Markdown converters: pipe grids, embedded HTML tables, headings.

Every expected value below was read from the fixture `layouts/t2021_converter.md`.
"""

from __future__ import annotations

from pathlib import Path

from schemas.codes import ApplicationRow, Template
from xxgk.parse.document import DocumentFormat, document_text
from xxgk.parse.flatten import flatten_cells
from xxgk.parse.formats.markdown import is_markdown, markdown_to_text
from xxgk.parse.report import ParsedReport, parse_report

FIXTURES = Path(__file__).parent / "layouts"
_: None = None  # a blank cell

#: Section 三 of the fixture: the 科研机构 column is blank throughout; the table is split
#: by a page break (`— 5 —`) with its three header rows repeated.
APPLICATIONS = {
    ApplicationRow.RECEIVED: (12, 2, _, 0, 1, 0, 15),
    ApplicationRow.CARRIED_OVER: (1, 0, _, 0, 0, 0, 1),
    ApplicationRow.GRANTED: (5, 1, _, 0, 0, 0, 6),
    ApplicationRow.PARTIALLY_GRANTED: (2, 0, _, 0, 0, 0, 2),
    ApplicationRow.DENIED_STATE_SECRET: (0, 0, _, 0, 0, 0, 0),
    ApplicationRow.DENIED_PROHIBITED_BY_LAW: (0, 0, _, 0, 0, 0, 0),
    ApplicationRow.DENIED_THREE_SECURITIES_ONE_STABILITY: (0, 0, _, 0, 0, 0, 0),
    ApplicationRow.DENIED_THIRD_PARTY_RIGHTS: (1, 0, _, 0, 0, 0, 1),
    ApplicationRow.DENIED_INTERNAL_AFFAIRS: (0, 0, _, 0, 0, 0, 0),
    ApplicationRow.DENIED_PROCESS_INFORMATION: (0, 0, _, 0, 0, 0, 0),
    ApplicationRow.DENIED_ENFORCEMENT_FILES: (0, 0, _, 0, 0, 0, 0),
    ApplicationRow.DENIED_ADMINISTRATIVE_QUERY: (0, 0, _, 0, 0, 0, 0),
    ApplicationRow.UNABLE_NOT_HELD: (3, 1, _, 0, 1, 0, 5),
    ApplicationRow.UNABLE_NEEDS_CREATION: (0, 0, _, 0, 0, 0, 0),
    ApplicationRow.UNABLE_UNCLEAR_AFTER_CORRECTION: (0, 0, _, 0, 0, 0, 0),
    ApplicationRow.NOT_PROCESSED_PETITION: (0, 0, _, 0, 0, 0, 0),
    ApplicationRow.NOT_PROCESSED_DUPLICATE: (0, 0, _, 0, 0, 0, 0),
    ApplicationRow.NOT_PROCESSED_PUBLICATION: (0, 0, _, 0, 0, 0, 0),
    ApplicationRow.NOT_PROCESSED_EXCESSIVE: (0, 0, _, 0, 0, 0, 0),
    ApplicationRow.NOT_PROCESSED_CONFIRMATION: (0, 0, _, 0, 0, 0, 0),
    ApplicationRow.OTHER: (1, 0, _, 0, 0, 0, 1),  # the sum of its three sub-rows
    ApplicationRow.OTHER_OVERDUE_CORRECTION: (0, 0, _, 0, 0, 0, 0),
    ApplicationRow.OTHER_UNPAID_FEE: (0, 0, _, 0, 0, 0, 0),
    ApplicationRow.OTHER_OTHER: (1, 0, _, 0, 0, 0, 1),
    ApplicationRow.TOTAL_PROCESSED: (12, 2, _, 0, 1, 0, 15),
    ApplicationRow.CARRIED_FORWARD: (1, 0, _, 0, 0, 0, 1),
}
ACTIVE = {
    ("regulations", "issued"): 0,
    ("regulations", "repealed"): 0,
    ("regulations", "in_force"): 0,
    ("normative_documents", "issued"): 3,
    ("normative_documents", "repealed"): 1,
    ("normative_documents", "in_force"): 25,
    ("administrative_licensing", "decisions"): 1286,
    ("administrative_penalty", "decisions"): 57,
    ("administrative_coercion", "decisions"): 0,
    ("administrative_fees", "fee_amount_10k_yuan"): 12.5,
}
#: 复议 维持 1 (total 1); 未经复议直接起诉: 其他结果 1 (total 1); 复议后起诉 all 0.
REVIEW = (1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0)


def _parsed(name: str) -> ParsedReport:
    parsed = parse_report((FIXTURES / name).read_bytes())
    assert isinstance(parsed, ParsedReport), parsed
    return parsed


def test_converter_markdown_report_publishes_every_cell() -> None:
    report = _parsed("t2021_converter.md")
    assert report.title == "某某市交通运输局2022年政府信息公开工作年度报告"
    assert report.template is Template.T2021
    assert report.table_problems() == {}
    assert [s.heading for s in report.sections[1:]] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    rows = {r.row_code: tuple(c.value for c in r.cells) for r in report.applications.rows}
    assert rows == APPLICATIONS
    active = report.active_disclosure.rows
    assert {(c.item.value, c.metric.value): c.value for c in active} == ACTIVE
    (review,) = report.review_litigation.rows
    assert tuple(cell.value for cell in review.values()) == REVIEW


def test_markdown_is_told_from_html_and_plain_text() -> None:
    assert is_markdown("## 二、主动公开\n| 规章 | 0 |\n|---|---|\n")
    assert is_markdown("正文\n<table><tr><td>规章</td><td>0</td></tr></table>\n正文")
    page = "<html><body><p>正文</p><table><tr><td>规章</td></tr></table></body></html>"
    assert not is_markdown(page)
    assert not is_markdown("规章 | 0 | 0 |\n行政许可 | 5 |")  # the crawler pipe form
    kind = document_text(b"# title\n\n| a | 1 |\n|---|---|\n").format
    assert kind is DocumentFormat.MARKDOWN


def test_pipe_grid_drops_label_padding_and_keeps_blank_values() -> None:
    text = "\n".join(
        [
            "|信息内容||本年制发件数|本年废止件数|现行有效件数|",
            "|:---|---|:---:|---:|---|",
            "|规章||0||2|",
            "|**行政规范性文件**||3|1<br>|25|",
        ]
    )
    assert markdown_to_text(text).split("\n") == [
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "规章 | 0 |  | 2 |",
        "行政规范性文件 | 3 | 1 | 25 |",
    ]


def test_page_number_rows_and_separator_rows_are_no_cells() -> None:
    text = "|规章|0|0|\n|---|---|---|\n|- 4 -|||\n|第 3 页 共 8 页|||\n|行政许可|5||"
    assert markdown_to_text(text).split("\n") == ["规章 | 0 | 0 |", "行政许可 | 5 |  |"]
    # a separator row that reaches the cell stream some other way is dropped there too
    stream = flatten_cells("规章 | 0 | 0 |\n|---|:---:|---|\n行政许可 | 5 |")
    assert stream.cells == ["规章", "0", "0", "行政许可", "5", ""]
