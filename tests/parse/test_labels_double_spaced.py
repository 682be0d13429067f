"""A row label wrapped over two lines in double-spaced text (a blank line after every cell,
one more at each row end): its two halves are separated by empty lines, which are no cells of
the row. Expected values are read from each input."""

from __future__ import annotations

from tests.parse.tables_support import APPLICANT_HEADER, applications, checks, values


def _double_spaced(lines: list[str]) -> str:
    return "".join(f"{line}\n\n" if line else "\n" for line in lines)


def test_a_wrapped_label_separated_by_a_row_end_blank() -> None:
    text = _double_spaced(
        [
            *APPLICANT_HEADER,
            "",
            "一、本年新收政府信息公开申请数量",
            *("3", "0", "0", "0", "0", "0", "3"),
            "",
            "（六）其他处理",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其",
            "",  # the row end the page left between the label's two lines
            "政府信息公开申请",
            *("2", "0", "0", "1", "0", "0", "3"),
            "",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            *("0", "0", "0", "0", "0", "0", "0"),
            "",
        ]
    )
    table = applications(text)
    assert "unlabelled_row" not in checks(table)
    got = values(table)
    assert got["received"] == [3, 0, 0, 0, 0, 0, 3]
    assert got["other.overdue_correction"] == [2, 0, 0, 1, 0, 0, 3]
    assert got["other.unpaid_fee"] == [0, 0, 0, 0, 0, 0, 0]


def test_values_after_a_row_of_blanks_are_not_taken_for_it() -> None:
    # one cell per line: a row whose seven cells are blank, then a label that is no row
    text = "\n".join(
        [
            *APPLICANT_HEADER,
            "1.属于国家秘密",
            *[""] * 7,
            "备注",
            *("3", "0", "0", "0", "0", "0", "3"),
        ]
    )
    assert "unlabelled_row" in checks(applications(text))
