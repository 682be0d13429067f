"""`pdftotext -layout` text: columns are positions, blank cells are spaces.

Expected values were read from the fixture `layouts/t2021_pdftotext_layout.txt` (a t2021
report laid out as pdftotext writes it: a vertical `三、本年度办理结果` down the left edge, row
labels wrapped over two or three lines, a three-line header, the 科研机构 column blank in every
row, page numbers at both page breaks).
"""

from __future__ import annotations

from pathlib import Path

from schemas.codes import ApplicationRow
from xxgk.parse.layout_text import layout_to_pipes
from xxgk.parse.report import ParsedReport, parse_report

FIXTURES = Path(__file__).parent / "layouts"
_: None = None  # a blank cell
_ZERO = (0, 0, _, 0, 0, 0, 0)
APPLICATIONS = {
    ApplicationRow.RECEIVED: (8, 1, _, 0, 0, 0, 9),
    ApplicationRow.CARRIED_OVER: (1, 0, _, 0, 0, 0, 1),
    ApplicationRow.GRANTED: (4, 1, _, 0, 0, 0, 5),
    ApplicationRow.PARTIALLY_GRANTED: (1, 0, _, 0, 0, 0, 1),
    ApplicationRow.DENIED_STATE_SECRET: _ZERO,
    ApplicationRow.DENIED_PROHIBITED_BY_LAW: _ZERO,
    ApplicationRow.DENIED_THREE_SECURITIES_ONE_STABILITY: _ZERO,
    ApplicationRow.DENIED_THIRD_PARTY_RIGHTS: (1, 0, _, 0, 0, 0, 1),
    ApplicationRow.DENIED_INTERNAL_AFFAIRS: _ZERO,
    ApplicationRow.DENIED_PROCESS_INFORMATION: _ZERO,
    ApplicationRow.DENIED_ENFORCEMENT_FILES: _ZERO,
    ApplicationRow.DENIED_ADMINISTRATIVE_QUERY: _ZERO,
    ApplicationRow.UNABLE_NOT_HELD: (2, 0, _, 0, 0, 0, 2),
    ApplicationRow.UNABLE_NEEDS_CREATION: _ZERO,
    ApplicationRow.UNABLE_UNCLEAR_AFTER_CORRECTION: _ZERO,
    ApplicationRow.NOT_PROCESSED_PETITION: _ZERO,
    ApplicationRow.NOT_PROCESSED_DUPLICATE: _ZERO,
    ApplicationRow.NOT_PROCESSED_PUBLICATION: _ZERO,
    ApplicationRow.NOT_PROCESSED_EXCESSIVE: _ZERO,
    ApplicationRow.NOT_PROCESSED_CONFIRMATION: _ZERO,
    ApplicationRow.OTHER: _ZERO,
    ApplicationRow.OTHER_OVERDUE_CORRECTION: _ZERO,
    ApplicationRow.OTHER_UNPAID_FEE: _ZERO,
    ApplicationRow.OTHER_OTHER: _ZERO,
    ApplicationRow.TOTAL_PROCESSED: (8, 1, _, 0, 0, 0, 9),
    ApplicationRow.CARRIED_FORWARD: (1, 0, _, 0, 0, 0, 1),
}
ACTIVE = {
    ("regulations", "issued"): 0,
    ("regulations", "repealed"): 0,
    ("regulations", "in_force"): 0,
    ("normative_documents", "issued"): 2,
    ("normative_documents", "repealed"): None,  # blank on the page
    ("normative_documents", "in_force"): 14,
    ("administrative_licensing", "decisions"): 315,
    ("administrative_penalty", "decisions"): 48,
    ("administrative_coercion", "decisions"): 2,
    ("administrative_fees", "fee_amount_10k_yuan"): 0,
}
REVIEW = (1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0)


def test_layout_report_publishes_every_cell() -> None:
    report = parse_report((FIXTURES / "t2021_pdftotext_layout.txt").read_bytes())
    assert isinstance(report, ParsedReport), report
    assert report.title == "某某县自然资源局2022年政府信息公开工作年度报告"
    assert report.table_problems() == {}
    rows = {r.row_code: tuple(c.value for c in r.cells) for r in report.applications.rows}
    assert rows == APPLICATIONS
    active = report.active_disclosure.rows
    assert {(c.item.value, c.metric.value): c.value for c in active} == ACTIVE
    (review,) = report.review_litigation.rows
    assert tuple(cell.value for cell in review.values()) == REVIEW


def _at(*cells: tuple[int, str]) -> str:
    """A line with each text starting at its position, as pdftotext places words."""
    line = ""
    for position, text in cells:
        line = line.ljust(position) + text
    return line


def test_columns_come_from_the_fullest_rows() -> None:
    text = "\n".join(
        [
            _at((2, "规章"), (20, "1"), (36, "2"), (52, "3")),
            _at((2, "规范性文件"), (20, "4"), (52, "6")),
            _at((2, "行政许可"), (36, "9")),
        ]
    )
    assert layout_to_pipes(text).split("\n") == [
        "规章 | 1 | 2 | 3 |",
        "规范性文件 | 4 |  | 6 |",
        "行政许可 |  | 9 |  |",
    ]


def test_a_column_blank_in_every_row_is_found_in_the_header() -> None:
    text = "\n".join(
        [
            _at((30, "自然人"), (40, "商业企业"), (50, "科研机构"), (61, "总计")),
            _at((0, "一、本年新收"), (32, "5"), (43, "1"), (63, "6")),
            _at((0, "二、上年结转"), (32, "0"), (43, "0"), (63, "0")),
            _at((0, "四、结转下年"), (32, "1"), (43, "0"), (63, "1")),
        ]
    )
    assert layout_to_pipes(text).split("\n")[1:] == [
        "一、本年新收 | 5 | 1 |  | 6 |",
        "二、上年结转 | 0 | 0 |  | 0 |",
        "四、结转下年 | 1 | 0 |  | 1 |",
    ]


def test_a_value_between_two_columns_is_left_for_the_table_parser() -> None:
    text = "\n".join(
        [
            _at((0, "规章"), (14, "1"), (24, "2"), (34, "3")),
            _at((0, "规范性文件"), (14, "4"), (24, "5"), (34, "6")),
            _at((0, "行政许可"), (19, "7")),  # under no column: not placed
        ]
    )
    assert layout_to_pipes(text).split("\n")[2] == "行政许可 | 7 |"


def test_vertical_labels_and_page_numbers_at_page_breaks_go() -> None:
    text = "\n".join(
        [
            "三     (一)予以公开        4       1",
            "、     (二)部分公开        1       0",
            "本",
            "年     (七)总计            5       1",
            "",
            "                 3",
            "\f                 第 4 页",
            "四、结转下年度继续办理      1       0",
        ]
    )
    assert layout_to_pipes(text).split("\n") == [
        "(一)予以公开 | 4 | 1 |",
        "(二)部分公开 | 1 | 0 |",
        "(七)总计 | 5 | 1 |",
        "",
        "",  # the page number `3` before the form feed
        "",
        "",  # `第 4 页` after it
        "四、结转下年度继续办理 | 1 | 0 |",
    ]


def test_text_without_a_positioned_table_is_unchanged() -> None:
    narrative = "一、总体情况\n  2022年，主动公开政府信息  862 条。\n规章 | 0 | 0 |\n"
    assert layout_to_pipes(narrative) == narrative
