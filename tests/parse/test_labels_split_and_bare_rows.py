"""Section 三 row labels split from their counts: a wrapped label's first half alone on its
row (blank cells or none) with the counts under the second half, a label's second half alone
after the counts with its blank cells spelled `—`, and a bare row whose label was lost,
placed only when the template's row sequence singles it out. Expected values are read from
each input."""

from __future__ import annotations

from tests.parse.tables_support import APPLICANT_HEADER, applications, checks, values

HEADER = " ".join(APPLICANT_HEADER)


def _pdf_table(middle: list[str]) -> str:
    """A complete section 三 as PDF text (`label v v v` lines) around `middle`, the rows of
    group (五); its totals add up when the middle rows hold 1 + 2 + 3 natural persons."""
    return "\n".join(
        [
            HEADER,
            "一、本年新收政府信息公开申请数量 8 0 0 0 0 0 8",
            "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
            "三、本年度办理结果 (一)予以公开 2 0 0 0 0 0 2",
            *middle,
            "(七)总计 8 0 0 0 0 0 8",
            "四、结转下年度继续办理 0 0 0 0 0 0 0",
        ]
    )


def test_first_half_alone_with_blank_cells_then_the_counts_under_the_rest() -> None:
    text = "\n".join(
        [
            " | ".join(APPLICANT_HEADER) + " |",
            "4.无正当理由大量反复申请 | 0 | 0 | 0 | 2 | 0 | 0 | 2 |",
            "5.要求行政机关确认或重新 |  |  |  |  |  |  |  |",
            "出具已获取信息 | 0 | 0 | 0 | 0 | 17 | 0 | 17 |",
            "(六)其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其 |" + "  |" * 7,
            "政府信息公开申请 | 5 | 0 | 0 | 0 | 17 | 0 | 22 |",
        ]
    )
    table = applications(text)
    assert "unlabelled_row" not in checks(table)
    got = values(table)
    assert got["not_processed.excessive"] == [0, 0, 0, 2, 0, 0, 2]
    assert got["not_processed.confirmation"] == [0, 0, 0, 0, 17, 0, 17]
    assert got["other.overdue_correction"] == [5, 0, 0, 0, 17, 0, 22]


def test_first_half_with_spelled_blanks_in_pdf_text() -> None:
    text = "\n".join(
        [
            HEADER,
            "4.无正当理由大量反复申请 0 0 0 0 0 0 0",
            "5.要求行政机关确认或重新 — — — — — — —",
            "出具已获取信息 3 0 0 0 1 0 4",
        ]
    )
    table = applications(text)
    assert "unlabelled_row" not in checks(table)
    assert values(table)["not_processed.confirmation"] == [3, 0, 0, 0, 1, 0, 4]


def test_second_half_after_the_counts_with_spelled_blanks() -> None:
    text = "\n".join(
        [
            HEADER,
            "(一)予以公开 1 0 0 0 0 0 1",
            "(二)部分公开(区分处理的,只计这一情形, 5 0 0 0 2 5 12",
            "不计其他情形) — — — — — — —",
            "(三)不予公开 1.属于国家秘密 0 0 0 0 0 0 0",
        ]
    )
    table = applications(text)
    assert "unlabelled_row" not in checks(table)
    got = values(table)
    assert got["partially_granted"] == [5, 0, 0, 0, 2, 5, 12]
    assert got["denied.state_secret"] == [0, 0, 0, 0, 0, 0, 0]


def test_a_label_that_is_not_the_rest_of_the_row_above_is_reported() -> None:
    # 备注 is no piece of 要求行政机关确认或重新出具已获取信息: its counts are no row's
    text = "\n".join(
        [
            HEADER,
            "4.无正当理由大量反复申请 0 0 0 0 0 0 0",
            "5.要求行政机关确认或重新 — — — — — — —",
            "备注 3 0 0 0 1 0 4",
        ]
    )
    table = applications(text)
    assert "unlabelled_row" in checks(table)
    assert values(table).get("not_processed.confirmation") != [3, 0, 0, 0, 1, 0, 4]


def test_bare_row_with_a_spelled_blank_label_is_the_one_missing_between_its_neighbours() -> None:
    text = _pdf_table(
        [
            "(五)不予处理 1.信访举报投诉类申请 1 0 0 0 0 0 1",
            "— 2 0 0 0 0 0 2",
            "3.要求提供公开出版物 3 0 0 0 0 0 3",
        ]
    )
    table = applications(text)
    assert table.problems == []
    got = values(table)
    assert got["not_processed.petition"] == [1, 0, 0, 0, 0, 0, 1]
    assert got["not_processed.duplicate"] == [2, 0, 0, 0, 0, 0, 2]
    assert got["not_processed.publication"] == [3, 0, 0, 0, 0, 0, 3]


def test_bare_row_under_a_piece_of_a_vertical_group_label() -> None:
    # pdftotext -layout: the group label (五)不予处理 written down the rows, a piece a line
    text = _pdf_table(
        [
            "1.信访举报投诉类申请 1 0 0 0 0 0 1",
            "(五) 2 0 0 0 0 0 2",
            "不予处 3.要求提供公开出版物 3 0 0 0 0 0 3",
        ]
    )
    got = values(applications(text))
    assert got["not_processed.duplicate"] == [2, 0, 0, 0, 0, 0, 2]
    assert got["not_processed.publication"] == [3, 0, 0, 0, 0, 0, 3]


def test_bare_row_in_a_markdown_grid_with_empty_label_cells() -> None:
    lines = [
        "| | | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
        "|---|---|---|---|---|---|---|---|---|---|",
        "| 一、本年新收政府信息公开申请数量 | | | 8 | 0 | 0 | 0 | 0 | 0 | 8 |",
        "| 二、上年结转政府信息公开申请数量 | | | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "| 三、本年度办理结果 | (一)予以公开 | | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
        "| | (五)不予处理 | 1.信访举报投诉类申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
        "| | | | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
        "| | | 3.要求提供公开出版物 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |",
        "| | (七)总计 | | 8 | 0 | 0 | 0 | 0 | 0 | 8 |",
        "| 四、结转下年度继续办理 | | | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
    ]
    table = applications("\n".join(lines))
    assert table.problems == []
    assert values(table)["not_processed.duplicate"] == [2, 0, 0, 0, 0, 0, 2]


def test_bare_row_that_could_be_either_of_two_missing_rows_is_not_placed() -> None:
    # between 1.信访 and 4.大量反复 both 2.重复申请 and 3.公开出版物 are missing
    text = _pdf_table(
        [
            "(五)不予处理 1.信访举报投诉类申请 1 0 0 0 0 0 1",
            "— 2 0 0 0 0 0 2",
            "4.无正当理由大量反复申请 3 0 0 0 0 0 3",
        ]
    )
    table = applications(text)
    assert "ambiguous_cells" in checks(table)
    got = values(table)
    assert "not_processed.duplicate" not in got
    assert "not_processed.publication" not in got
    assert "not_processed.petition" not in got


def test_a_piece_of_another_groups_label_is_no_bare_row() -> None:
    # 无法提 belongs to (四), but the row after 1.信访 is in (五): the counts are no row's
    text = _pdf_table(
        [
            "(五)不予处理 1.信访举报投诉类申请 1 0 0 0 0 0 1",
            "无法提 2 0 0 0 0 0 2",
            "3.要求提供公开出版物 3 0 0 0 0 0 3",
        ]
    )
    table = applications(text)
    assert "unlabelled_row" in checks(table)
    assert "not_processed.duplicate" not in values(table)
