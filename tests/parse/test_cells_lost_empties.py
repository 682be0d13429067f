"""Cells whose empties were lost while spelled blanks (`/`, `—`) stayed: a CMS page with one
`<p>` per cell writes an empty cell as `<p>&nbsp;</p>`, and a layout that drops empty cells
still keeps the spelled ones, which hold their places among the values. Expected values are
read from each input."""

from __future__ import annotations

from schemas.codes import REVIEW_COLUMNS
from xxgk.parse.flatten import CellStream, flatten_cells
from xxgk.parse.formats.html import html_to_text
from xxgk.parse.tables import fit_run, parse_review_litigation

_REVIEW_HEADER = [
    "行政复议",
    "行政诉讼",
    *("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"),
    "未经复议直接起诉",
    "复议后起诉",
    *("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 2,
]


def test_an_empty_paragraph_is_a_blank_cell() -> None:
    page = (
        "<html><body><p>行政许可</p><p>7</p><p>&nbsp;</p><p>—</p>"
        "<p>行政处罚</p><p>&nbsp;</p><p>3</p><p>0</p></body></html>"
    )
    text = html_to_text(page)
    assert text.split("\n") == ["行政许可", "7", "", "—", "行政处罚", "", "3", "0"]
    assert flatten_cells(text).cells == ["行政许可", "7", "", "—", "行政处罚", "", "3", "0"]


def test_a_row_of_written_cells_is_placed_whatever_empties_surround_it() -> None:
    # three columns: 5, a spelled blank, 3; the empty lines are separators, not cells
    assert fit_run(["5", "", "—", "", "3"], 3, double_spaced=False) == ["5", "—", "3"]


def test_spelled_blanks_keep_their_places_when_an_empty_cell_is_lost() -> None:
    # 复议 2 维持, 1 纠正, / 其他, 0 审结, 3 总计; 直接起诉 1 维持, 0, /, /, 1 总计;
    # 复议后起诉 /, (an empty cell lost), /, /, /: no case.
    written = ["2", "1", "/", "0", "3", "1", "0", "/", "/", "1", "/", "/", "/", "/"]
    table = parse_review_litigation(CellStream([*_REVIEW_HEADER, *written], double_spaced=False))
    assert table.problems == []
    (row,) = table.rows
    assert [row[c].value for c in REVIEW_COLUMNS] == [
        *(2, 1, None, 0, 3),
        *(1, 0, None, None, 1),
        *(None,) * 5,
    ]


def test_without_the_spelled_blanks_the_same_values_stay_ambiguous() -> None:
    values = ["2", "1", "0", "3", "1", "0", "1"]
    table = parse_review_litigation(CellStream([*_REVIEW_HEADER, *values], double_spaced=False))
    assert table.rows == []
    assert [p.check for p in table.problems] == ["ambiguous_cells"]


def test_a_blank_last_cell_trimmed_with_the_section_end_is_restored() -> None:
    # one cell per line, blanks as empty lines; the last cell (复议后起诉 总计) was blank and
    # went with the section's trailing newline: 复议 1 2 1 _ 4; 直接 _ 2 0 0 2; 复议后 _ _ 0 0 _
    lines = ["1", "2", "1", "", "4", "", "2", "0", "0", "2", "", "", "0", "0"]
    table = parse_review_litigation(flatten_cells("\n".join([*_REVIEW_HEADER, *lines])))
    assert table.problems == []
    (row,) = table.rows
    assert [row[c].value for c in REVIEW_COLUMNS] == [
        *(1, 2, 1, None, 4),
        *(None, 2, 0, 0, 2),
        *(None, None, 0, 0, None),
    ]


def test_a_short_row_with_no_empty_cell_is_not_padded() -> None:
    # PDF text: blanks are not cells at all, so where the lost ones were is unknown
    values = ["1", "2", "1", "4", "2", "0", "0", "2", "0", "0"]
    table = parse_review_litigation(CellStream([*_REVIEW_HEADER, *values], double_spaced=False))
    assert table.rows == []
    assert [p.check for p in table.problems] == ["ambiguous_cells"]
