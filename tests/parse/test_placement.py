"""Issue 16: cells whose positions were lost are placed by the table's own arithmetic, only
when exactly one placement satisfies every identity; otherwise quarantined with candidates."""

from __future__ import annotations

from schemas.codes import ApplicantColumn, ApplicationRow
from tests.parse.tables_support import (
    T2021_LABELS,
    applications,
    checks,
    review,
    space_rows,
    values,
)
from xxgk.parse.placement import MAX_COMBINATIONS, place_applications, place_review

R = ApplicationRow
FULL_ZERO = "0 0 0 0 0 0 0"


def test_granted_row_with_lost_blanks_is_placed_by_the_column_sums() -> None:
    # 一 and 七 are written in full: 3 natural persons + 1 other organisation = 4. The 予以公开
    # row lost its blank cells (`3 1 4`); only natural_person / other_org makes 七 = outcomes.
    text = space_rows(
        {
            R.RECEIVED: "3 0 0 0 0 1 4",
            R.CARRIED_OVER: FULL_ZERO,
            R.GRANTED: "3 1 4",
            R.TOTAL_PROCESSED: "3 0 0 0 0 1 4",
            R.CARRIED_FORWARD: FULL_ZERO,
        },
        T2021_LABELS,
    )
    table = applications(text)
    assert table.problems == []
    assert values(table)["granted"] == [3, None, None, None, None, 1, 4]


def test_lost_blanks_everywhere_are_ambiguous() -> None:
    # Every row reads `2 2`: the two applications may be any one applicant column.
    text = space_rows(
        {
            R.RECEIVED: "2 2",
            R.CARRIED_OVER: FULL_ZERO,
            R.GRANTED: "2 2",
            R.TOTAL_PROCESSED: "2 2",
            R.CARRIED_FORWARD: FULL_ZERO,
        },
        T2021_LABELS,
    )
    table = applications(text)
    assert set(checks(table)) == {"ambiguous_cells"}
    assert {"received", "granted", "total_processed"}.isdisjoint(values(table))
    assert "placements add up, e.g." in table.problems[0].message


def test_no_placement_adds_up() -> None:
    # `5 3` cannot be a row: its total would have to equal the sum of its applicants.
    text = space_rows(
        {
            R.RECEIVED: "5 0 0 0 0 0 5",
            R.CARRIED_OVER: FULL_ZERO,
            R.GRANTED: "5 3",
            R.TOTAL_PROCESSED: "5 0 0 0 0 0 5",
            R.CARRIED_FORWARD: FULL_ZERO,
        },
        T2021_LABELS,
    )
    table = applications(text)
    assert checks(table) == ["ambiguous_cells"]
    assert "no placement" in table.problems[0].message


def test_too_many_combinations_give_up() -> None:
    layout = tuple(c.value for c in ApplicantColumn)
    loose = {row: ["1", "1", "1", "3"] for row in list(ApplicationRow)[:6]}  # 20 each: 20**6
    placement = place_applications({}, loose, layout)
    assert placement.rows is None
    assert "rows" in placement.reason  # required rows missing: decided before enumerating
    loose |= {R.TOTAL_PROCESSED: ["1", "1", "1", "3"], R.CARRIED_FORWARD: ["1", "1", "1", "3"]}
    placement = place_applications({}, loose, layout)
    assert placement.rows is None and "too many" in placement.reason
    assert MAX_COMBINATIONS < 20**8


def test_review_row_that_no_placement_makes_add_up() -> None:
    # 14 values, one blank lost: 行政复议 2 1 0 0 3, 直接起诉 0 0 0 0 0, then `1 1 1 1`. Wherever
    # the blank goes, 复议后起诉's 总计 is 0 or 1 while its outcomes sum to 3 or 4.
    filled = ["2", "1", "0", "0", "3", "0", "0", "0", "0", "0", "1", "1", "1", "1"]
    cells, reason = place_review(filled)
    assert cells is None and "no placement" in reason


def test_review_unique_placement() -> None:
    # 行政复议 1 1 1 1 4, then nine zeros: one of the ten lawsuit cells was a lost blank. The
    # first five values must be 行政复议 (a blank before them leaves 总计 1 ≠ 3); wherever the
    # blank falls among the lawsuits, every lawsuit cell is none: one placement by value.
    filled = ["1", "1", "1", "1", "4", *["0"] * 9]
    cells, reason = place_review(filled)
    assert reason == ""
    assert cells is not None and cells[:5] == ["1", "1", "1", "1", "4"]
    assert all(not cell or cell == "0" for cell in cells[5:])


def test_section_four_lost_blank_in_one_case_group_is_ambiguous() -> None:
    # `1 1` for 行政复议: 维持 or 纠正 or 其他 or 尚未审结 — four placements add up.
    table = review("行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计\n1 1\n")
    assert checks(table) == ["ambiguous_cells"]
    assert table.rows == []
