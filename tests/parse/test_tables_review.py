"""Issue 16 class 8: section 四 with no cases is a row of blanks, not a missing table; a
section 四 that runs into the narrative (the 五 heading missing) takes the table's values."""

from __future__ import annotations

from schemas.codes import REVIEW_COLUMNS
from tests.parse.tables_support import REVIEW_HEADER, checks, review

ROW = "| 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 2 | 2 |\n"


def _values(table: object) -> list[dict[str, float | None]]:
    return [{k: c.value for k, c in row.items()} for row in table.rows]  # type: ignore[attr-defined]


def test_header_without_any_value_cell_is_a_row_of_blanks() -> None:
    table = review(REVIEW_HEADER)
    assert checks(table) == []
    assert _values(table) == [dict.fromkeys(REVIEW_COLUMNS)]


def test_header_then_one_cell_per_line_blanks() -> None:
    header = "\n".join(REVIEW_HEADER.replace("|", "\n").split())
    table = review(header + "\n" + "\n".join(["无"] * 15) + "\n")
    assert checks(table) == []
    assert _values(table) == [dict.fromkeys(REVIEW_COLUMNS)]


def test_text_without_the_table_is_no_table() -> None:
    table = review("本年度未发生因政府信息公开引起的复议、诉讼。\n")
    assert not table.found


def test_table_running_into_the_narrative() -> None:
    narrative = (
        "2023年,我单位政府信息公开工作取得一定成效,但仍存在差距。\n"
        "一是 3 个部门更新不及时;二是 12 项制度有待完善。\n"
    )
    table = review(REVIEW_HEADER + ROW + narrative)
    assert checks(table) == []
    row = _values(table)[0]
    assert row["review_upheld"] == 1 and row["review_total"] == 1
    assert row["suit_after_review_pending"] == 2 and row["suit_after_review_total"] == 2


def test_all_blank_table_running_into_the_narrative() -> None:
    narrative = "五是加强培训,全年开展培训 4 次,覆盖 120 人。\n"
    table = review(REVIEW_HEADER + narrative)
    assert checks(table) == []
    assert _values(table) == [dict.fromkeys(REVIEW_COLUMNS)]


def test_row_split_by_a_page_break() -> None:
    first, second = ROW.split("| 0 | 0 | 0 | 0 | 0 | 0 |", 1)
    text = (
        REVIEW_HEADER + first + "| 0 | 0 |\n- 5 -\n" + REVIEW_HEADER + "| 0 | 0 | 0 | 0 |" + second
    )
    table = review(text)
    assert checks(table) == []
    row = _values(table)[0]
    assert row["review_total"] == 1 and row["suit_after_review_total"] == 2
    assert row["suit_direct_total"] == 0
