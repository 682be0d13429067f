"""The row after each row of a template, looked up, is the one the template's order gives."""

from __future__ import annotations

import pytest

from schemas.codes import T2019_APPLICATION_ROWS, T2021_APPLICATION_ROWS, ApplicationRow
from xxgk.parse.tables import _following


def _reference(row: ApplicationRow, order: tuple[ApplicationRow, ...]) -> ApplicationRow | None:
    position = order.index(row) if row in order else -1
    return order[position + 1] if 0 <= position < len(order) - 1 else None


@pytest.mark.parametrize(
    "order",
    [T2021_APPLICATION_ROWS, T2019_APPLICATION_ROWS, T2019_APPLICATION_ROWS[3:9]],
    ids=["t2021", "t2019", "a slice"],
)
def test_following_equals_the_position_in_the_order(order: tuple[ApplicationRow, ...]) -> None:
    for row in ApplicationRow:
        assert _following(row, order) == _reference(row, order)


def test_the_last_row_has_none_after_it() -> None:
    assert _following(T2021_APPLICATION_ROWS[-1], T2021_APPLICATION_ROWS) is None
    assert _following(ApplicationRow.RECEIVED, T2021_APPLICATION_ROWS) == T2021_APPLICATION_ROWS[1]
