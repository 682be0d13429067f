"""Issue 16 class 7: a row with fewer cells than its header names columns is never filled
left to right; cells are placed by the header's own columns, or the table is quarantined."""

from __future__ import annotations

from schemas.codes import Template
from tests.parse.tables_support import active, active_values, checks, section

T2021_HEADER = "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"


def test_short_rows_under_a_four_column_header_are_quarantined() -> None:
    # 规章 holds two numbers for three columns: which one is missing cannot be known.
    text = (
        "第二十条第(一)项\n" + T2021_HEADER + "| 规章 | 2 | 10 |\n| 行政规范性文件 | 3 | 1 | 40 |\n"
    )
    table = active(text)
    assert checks(table) == ["ambiguous_cells"]
    assert "regulations" in table.problems[0].message
    got = active_values(table)
    assert ("regulations", "repealed") not in got and ("regulations", "in_force") not in got
    assert got[("normative_documents", "issued")] == 3
    assert got[("normative_documents", "repealed")] == 1
    assert got[("normative_documents", "in_force")] == 40


def test_full_rows_with_a_blank_last_cell_keep_it() -> None:
    text = T2021_HEADER + "| 规章 | 2 | 10 | |\n| 行政规范性文件 | 3 | | 40 |\n"
    table = active(text)
    assert checks(table) == []
    got = active_values(table)
    assert (got[("regulations", "issued")], got[("regulations", "repealed")]) == (2, 10)
    assert got[("regulations", "in_force")] is None
    assert got[("normative_documents", "repealed")] is None
    assert got[("normative_documents", "in_force")] == 40


def test_header_read_as_one_line_names_every_column() -> None:
    # pdftotext: the header row is one line of words, each row `label v v v`.
    text = "信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 0 0 0\n行政规范性文件 0 5 5\n"
    got = active_values(active(text))
    assert got[("normative_documents", "issued")] == 0
    assert got[("normative_documents", "repealed")] == 5
    assert got[("normative_documents", "in_force")] == 5


def test_columns_in_the_header_order() -> None:
    # A report that put 现行有效件数 before 本年废止件数.
    text = "| 信息内容 | 本年制发件数 | 现行有效件数 | 本年废止件数 |\n| 规章 | 1 | 7 | 2 |\n"
    got = active_values(active(text))
    assert got[("regulations", "issued")] == 1
    assert got[("regulations", "in_force")] == 7
    assert got[("regulations", "repealed")] == 2


def test_a_header_without_a_column_places_by_its_columns() -> None:
    # The report dropped 本年废止件数: its rows hold two cells, placed under the two headers.
    text = "| 信息内容 | 本年制发件数 | 现行有效件数 |\n| 规章 | 1 | 7 |\n"
    got = active_values(active(text))
    assert got == {("regulations", "issued"): 1, ("regulations", "in_force"): 7}


def test_identical_row_repeated_after_a_page_break_is_not_a_duplicate() -> None:
    text = T2021_HEADER + "| 规章 | 2 | 0 | 10 |\n" + T2021_HEADER + "| 规章 | 2 | 0 | 10 |\n"
    table = active(text)
    assert checks(table) == []
    assert active_values(table)[("regulations", "in_force")] == 10


def test_row_repeated_with_other_values_is_a_duplicate() -> None:
    text = T2021_HEADER + "| 规章 | 2 | 0 | 10 |\n| 规章 | 3 | 0 | 11 |\n"
    assert checks(active(text)) == ["duplicate_row"]


def test_t2019_section_two_pipe_rows() -> None:
    text = section(
        "| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n"
        "| 规范性文件 | 2 | 2 | |\n"
        "| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n"
        "| 行政许可 | 7 | -3 | 7 |\n"
    )
    table = active(text, Template.T2019)
    assert checks(table) == []
    got = active_values(table)
    assert got[("normative_documents", "total_published")] is None
    assert got[("administrative_licensing", "change")] == -3
