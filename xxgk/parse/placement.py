"""Place a table's cells by its own arithmetic when their positions were lost.

Some layouts drop blank cells (PDF text without positions, crawlers that skip empty `<td>`), so
a row arrives with fewer values than the table has columns and its cells cannot be placed by
position. The templates are fixed skeletons that state identities: in section 三 every row's
总计 is the sum of its six applicant columns, 一 + 二 = 七 + 四 in every column and 七 is the
sum of the outcome rows; in section 四 each group's 总计 is the sum of its four outcomes. The
placements consistent with the skeleton (the values keep their reading order) are enumerated
and a table is placed only when exactly one of them satisfies every identity (placements that
differ only in which cells are blank and which read `0` are one); otherwise the caller
quarantines it with the candidates this module describes.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from schemas.codes import (
    OTHER_SUB_ROWS,
    OUTCOME_ROWS,
    REVIEW_COLUMNS,
    ApplicantColumn,
    ApplicationRow,
    ReviewGroup,
    ReviewOutcome,
)
from xxgk.parse.cells import read_cell
from xxgk.parse.time_limit import check_time

#: Most combinations of row placements tried for one table before giving up (quarantine).
MAX_COMBINATIONS = 20_000
#: Candidates quoted in a quarantine message.
_QUOTED = 3
_SUBTOTAL = "legal_person_subtotal"
_ORGANISATIONS = tuple(
    c.value
    for c in ApplicantColumn
    if c not in (ApplicantColumn.NATURAL_PERSON, ApplicantColumn.TOTAL)
)
_APPLICANTS = (ApplicantColumn.NATURAL_PERSON.value, *_ORGANISATIONS)
_TOTAL = ApplicantColumn.TOTAL.value


@dataclass(frozen=True)
class Placement:
    """The outcome of placing lost-position rows: `rows` when exactly one placement satisfies
    every identity, otherwise None and `reason` (with candidates) for the quarantine."""

    rows: dict[ApplicationRow, list[str]] | None
    reason: str = ""


def _number(text: str) -> float:
    cell = read_cell(text)
    return cell.value or 0.0 if cell is not None else 0.0


def _spread(values: Sequence[str], width: int) -> Iterator[list[str]]:
    """Every way to put `values`, in order, into `width` cells (the rest blank)."""
    if len(values) > width:
        return
    for positions in itertools.combinations(range(width), len(values)):
        cells = [""] * width
        for position, value in zip(positions, values, strict=True):
            cells[position] = value
        yield cells


def _row_adds_up(cells: dict[str, float]) -> bool:
    if cells[_TOTAL] != sum(cells[c] for c in _APPLICANTS):
        return False
    return _SUBTOTAL not in cells or cells[_SUBTOTAL] == sum(cells[c] for c in _ORGANISATIONS)


def _row_candidates(values: Sequence[str], layout: tuple[str, ...]) -> list[list[str]]:
    candidates = []
    for cells in _spread(values, len(layout)):
        named = {column: _number(text) for column, text in zip(layout, cells, strict=True)}
        if _row_adds_up(named):
            candidates.append(cells)
    return candidates


def _columns_add_up(grid: dict[ApplicationRow, dict[str, float]]) -> bool:
    """一 + 二 = 七 + 四 and 七 = sum of the outcome rows, in every column."""
    outcome_rows = [r for r in OUTCOME_ROWS if r in grid]
    if ApplicationRow.OTHER not in grid:
        outcome_rows += [r for r in OTHER_SUB_ROWS if r in grid]
    for column in (*_APPLICANTS, _TOTAL):
        processed = grid[ApplicationRow.TOTAL_PROCESSED][column]
        balance = (
            grid[ApplicationRow.RECEIVED][column] + grid[ApplicationRow.CARRIED_OVER][column]
        ) - (processed + grid[ApplicationRow.CARRIED_FORWARD][column])
        if balance or processed != sum(grid[r][column] for r in outcome_rows):
            return False
    return True


_BALANCE_ROWS = (
    ApplicationRow.RECEIVED,
    ApplicationRow.CARRIED_OVER,
    ApplicationRow.TOTAL_PROCESSED,
    ApplicationRow.CARRIED_FORWARD,
)


def place_applications(
    placed: dict[ApplicationRow, list[str]],
    loose: dict[ApplicationRow, list[str]],
    layout: tuple[str, ...],
) -> Placement:
    """Place the `loose` rows (their non-blank values, in reading order) of a section 三 whose
    other rows are `placed` (cells in `layout` order) by the only placement under which every
    row and column adds up."""
    rows = {**placed, **loose}
    missing = [row.value for row in _BALANCE_ROWS if row not in rows]
    if missing:
        return Placement(None, f"rows {missing} are missing, so the table's sums cannot decide")
    options: dict[ApplicationRow, list[list[str]]] = {}
    for row, values in loose.items():
        options[row] = _row_candidates(values, layout)
        if not options[row]:
            return Placement(
                None,
                f"row {row}: no placement of {values} in {len(layout)} columns makes its "
                "总计 the sum of its applicants",
            )
    combinations = 1
    for candidates in options.values():
        combinations *= len(candidates)
    if combinations > MAX_COMBINATIONS:
        return Placement(None, f"{combinations} placements are possible: too many to decide")
    fixed = {
        row: {column: _number(text) for column, text in zip(layout, cells, strict=True)}
        for row, cells in placed.items()
    }
    solutions: dict[tuple[float, ...], dict[ApplicationRow, list[str]]] = {}
    for count, choice in enumerate(itertools.product(*options.values())):
        if count % 1_000 == 0:
            check_time("placing section 三 by its sums")
        chosen = dict(zip(options, choice, strict=True))
        grid = fixed | {
            row: {column: _number(text) for column, text in zip(layout, cells, strict=True)}
            for row, cells in chosen.items()
        }
        if _columns_add_up(grid):
            key = tuple(_number(text) for cells in chosen.values() for text in cells)
            known = solutions.setdefault(key, chosen)
            for row, cells in chosen.items():
                known[row] = _agreed(known[row], cells)
            if len(solutions) > _QUOTED:
                break
    if len(solutions) == 1:
        return Placement(next(iter(solutions.values())))
    if not solutions:
        return Placement(None, f"none of the {combinations} placements adds up")
    quoted = "; ".join(
        ", ".join(f"{row}={_describe(cells, layout)}" for row, cells in solution.items())
        for solution in list(solutions.values())[:_QUOTED]
    )
    return Placement(None, f"{len(solutions)}+ placements add up, e.g. {quoted}")


def _agreed(known: list[str], other: list[str]) -> list[str]:
    """Two placements of the same numbers: a cell one leaves blank and the other reads `0`
    is none either way, and is published blank."""
    return [a if a == b else "" for a, b in zip(known, other, strict=True)]


def _describe(cells: Sequence[str], columns: Sequence[str]) -> str:
    return "{" + ", ".join(f"{c}:{v}" for c, v in zip(columns, cells, strict=True) if v) + "}"


_GROUP_WIDTH = len(ReviewOutcome)
_GROUPS = len(ReviewGroup)


def review_adds_up(cells: Sequence[str]) -> bool:
    numbers = [_number(text) for text in cells]
    for group in range(_GROUPS):
        outcomes = numbers[group * _GROUP_WIDTH : (group + 1) * _GROUP_WIDTH]
        if outcomes[-1] != sum(outcomes[:-1]):
            return False
    return True


def place_review(values: Sequence[str]) -> tuple[list[str] | None, str]:
    """The 15 cells of section 四 from its non-blank values in reading order, when exactly one
    placement makes each group's 总计 the sum of its four outcomes; else (None, why)."""
    solutions: dict[tuple[float, ...], list[str]] = {}
    for count, cells in enumerate(_spread(values, len(REVIEW_COLUMNS))):
        if count % 1_000 == 0:
            check_time("placing section 四 by its sums")
        if review_adds_up(cells):
            key = tuple(map(_number, cells))
            solutions[key] = _agreed(solutions.get(key, cells), cells)
            if len(solutions) > _QUOTED:
                break
    if len(solutions) == 1:
        return next(iter(solutions.values())), ""
    if not solutions:
        return None, f"no placement of {list(values)} in 15 columns makes every 总计 add up"
    quoted = "; ".join(
        _describe(cells, REVIEW_COLUMNS) for cells in list(solutions.values())[:_QUOTED]
    )
    return None, f"{len(solutions)}+ placements of {list(values)} add up, e.g. {quoted}"
