"""Cell reading: signs, separators, decimals, units, blanks; property-based where it pays."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xxgk.parse.cells import Cell, read_cell, to_10k_yuan


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("0", 0.0, None),
        ("+170", 170.0, None),
        ("-3", -3.0, None),
        ("28204万元", 28204.0, "万元"),
        ("1,234,567", 1234567.0, None),
        ("4166.241619", 4166.241619, None),
        ("75394432.52元", 75394432.52, "元"),
        (" 3 ", 3.0, None),
        ("12 件", 12.0, "件"),
    ],
)
def test_reads_numbers(text: str, value: float, unit: str | None) -> None:
    cell = read_cell(text)
    assert cell is not None
    assert cell.value == pytest.approx(value)
    assert cell.unit == unit


@pytest.mark.parametrize("text", ["", "  ", "-", "—", "/", "无", "——"])
def test_blank_marks_are_blank_cells(text: str) -> None:
    cell = read_cell(text)
    assert cell is not None and cell.blank


@pytest.mark.parametrize(
    "text", ["规章", "本年新 制作数量", "- 4 -", "1.属于国家秘密", "20211月31日"]
)
def test_labels_are_not_values(text: str) -> None:
    assert read_cell(text) is None


def test_amounts_convert_yuan_to_10k_yuan() -> None:
    assert to_10k_yuan(Cell("73802895.90元", 73802895.90, "元"), None) == pytest.approx(7380.28959)
    assert to_10k_yuan(Cell("251000", 251000.0), "元") == pytest.approx(25.1)
    assert to_10k_yuan(Cell("96171.6", 96171.6), None) == pytest.approx(96171.6)
    assert to_10k_yuan(Cell("28204万元", 28204.0, "万元"), "元") == pytest.approx(28204)


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_any_integer_round_trips_with_sign_and_separators(number: int) -> None:
    plain = read_cell(str(number))
    grouped = read_cell(f"{number:,}")
    signed = read_cell(f"+{number}") if number >= 0 else plain
    for cell in (plain, grouped, signed):
        assert cell is not None and cell.value == number


@given(st.decimals(min_value=0, max_value=10**9, places=6, allow_nan=False))
def test_decimals_round_trip(number: object) -> None:
    cell = read_cell(str(number))
    assert cell is not None and cell.value == pytest.approx(float(str(number)))


@given(st.text(alphabet="规章行政许可处罚强制收费信息内容", min_size=1))
def test_chinese_labels_never_read_as_values(text: str) -> None:
    assert read_cell(text) is None
