"""Markdown grids whose first value column is blank: a row of values alone (section 四) keeps
its blank first cell, which is a value cell, not the padding converters put after a merged
label. Expected values are read from the grid below."""

from __future__ import annotations

from schemas.codes import REVIEW_COLUMNS
from xxgk.parse.flatten import flatten_cells
from xxgk.parse.formats.markdown import markdown_to_text
from xxgk.parse.tables import parse_review_litigation

_OUTCOMES = "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 "
SECTION_FOUR = "\n".join(
    [
        "| 行政复议 |" + "  |" * 4 + " 行政诉讼 |" + "  |" * 9,
        "|---" * 15 + "|",
        _OUTCOMES + "| 未经复议直接起诉 |" + "  |" * 4 + " 复议后起诉 |" + "  |" * 4,
        "|" + "  |" * 5 + _OUTCOMES.removeprefix("| ") + _OUTCOMES + "|",
        "|  | 2 | 1 | / | 3 | 2 | 0 |  | 2 | 4 | / |  | 2 |  | 2 |",
    ]
)


def test_a_blank_first_cell_of_a_row_of_values_stays_a_cell() -> None:
    text = markdown_to_text(SECTION_FOUR)
    table = parse_review_litigation(flatten_cells(text))
    assert table.problems == []
    (row,) = table.rows
    values = [row[column].value for column in REVIEW_COLUMNS]
    assert values == [None, 2, 1, None, 3, 2, 0, None, 2, 4, None, None, 2, None, 2]


def test_padding_after_a_merged_label_is_still_dropped() -> None:
    text = markdown_to_text(
        "| 项目 |  |  | 自然人 |\n|---|---|---|---|\n"
        "| 一、本年新收政府信息公开申请数量 |  |  | 5 |\n"
        "| 三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密 | 0 |\n"
    )
    assert "一、本年新收政府信息公开申请数量 | 5 |" in text


def test_a_traditional_zero_spelling_is_no_label() -> None:
    # `無` (traditional `无`) read before normalisation: a value row, its blanks all cells
    grid = (
        SECTION_FOUR.rsplit("\n", 1)[0]
        + "\n|  |  |  | 1 | 1 | 0 | 無 |  | 1 | 1 | 0 | 1 | 0 | 無 | 1 |"
    )
    table = parse_review_litigation(flatten_cells(markdown_to_text(grid)))
    assert table.problems == []
    (row,) = table.rows
    values = [row[column].value for column in REVIEW_COLUMNS]
    assert values == [None, None, None, 1, 1, 0, None, None, 1, 1, 0, 1, 0, None, 1]
