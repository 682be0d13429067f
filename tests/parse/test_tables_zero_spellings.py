"""Issue 16 class 4: every zero spelling of the contract is a blank (null) count cell in every
layout, never a quarantine; `0`, `0.00`, `０` are 0."""

from __future__ import annotations

import pytest

from schemas.codes import REVIEW_COLUMNS
from tests.parse.tables_support import (
    APPLICANT_HEADER,
    REVIEW_HEADER,
    applications,
    checks,
    review,
    values,
)

NONE_SPELLINGS = ["", "/", "／", "—", "－", "-", "——", "无", "空"]
ZERO_SPELLINGS = ["0", "0.00", "０"]


def _pipe_section(blank: str) -> str:
    rows = [
        APPLICANT_HEADER,
        ("一、本年新收政府信息公开申请数量", "3", blank, blank, blank, blank, "1", "4"),
        ("二、上年结转政府信息公开申请数量", *[blank] * 7),
        ("(一)予以公开", "3", blank, blank, blank, blank, "1", "4"),
        ("(七)总计", "3", blank, blank, blank, blank, "1", "4"),
        ("四、结转下年度继续办理", *[blank] * 7),
    ]
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def _one_cell_per_line(blank: str) -> str:
    return "\n".join(cell for line in _pipe_section(blank).split("\n") for cell in _cells(line))


def _cells(pipe_line: str) -> list[str]:
    return [cell.strip() for cell in pipe_line.strip("| ").split("|")]


def _space_separated(blank: str) -> str:
    return "\n".join(" ".join(_cells(line)) for line in _pipe_section(blank).split("\n"))


LAYOUTS = {"pipe": _pipe_section, "space": _space_separated}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("blank", [s for s in NONE_SPELLINGS if s])
def test_none_spellings_are_null_cells(layout: str, blank: str) -> None:
    table = applications(LAYOUTS[layout](blank))
    assert table.problems == []
    got = values(table)
    assert got["received"] == [3, None, None, None, None, 1, 4]
    assert got["carried_over"] == [None] * 7
    assert got["granted"] == [3, None, None, None, None, 1, 4]
    assert got["total_processed"] == [3, None, None, None, None, 1, 4]
    assert got["carried_forward"] == [None] * 7


@pytest.mark.parametrize("blank", ["/", "—", "无", "-", "0"])
def test_one_cell_per_line(blank: str) -> None:
    table = applications(_one_cell_per_line(blank))
    assert table.problems == []
    expected = None if blank != "0" else 0
    assert values(table)["received"] == [3, expected, expected, expected, expected, 1, 4]


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("zero", ZERO_SPELLINGS)
def test_zero_spellings_are_zero(layout: str, zero: str) -> None:
    table = applications(LAYOUTS[layout](zero))
    assert table.problems == []
    assert values(table)["carried_over"] == [0] * 7
    assert values(table)["received"] == [3, 0, 0, 0, 0, 1, 4]


@pytest.mark.parametrize("blank", NONE_SPELLINGS)
def test_section_four_of_none_spellings_is_a_row_of_blanks(blank: str) -> None:
    table = review(REVIEW_HEADER + "| " + " | ".join([blank] * 15) + " |\n")
    assert checks(table) == []
    assert [{k: c.value for k, c in row.items()} for row in table.rows] == [
        dict.fromkeys(REVIEW_COLUMNS)
    ]


def test_section_four_mixed_spellings() -> None:
    # 行政复议: 维持 1, 纠正 —, 其他 /, 尚未审结 无, 总计 1; the lawsuits all `-`.
    cells = ["1", "—", "/", "无", "1", *["-"] * 10]
    table = review(REVIEW_HEADER + "| " + " | ".join(cells) + " |\n")
    assert checks(table) == []
    row = {k: c.value for k, c in table.rows[0].items()}
    assert row["review_upheld"] == 1 and row["review_total"] == 1
    assert [row[c] for c in REVIEW_COLUMNS if c not in ("review_upheld", "review_total")] == [
        None
    ] * 13
