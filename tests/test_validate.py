"""The contract's consistency checks, on hand-built tables and on generated ones."""

from __future__ import annotations

import os

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.codes import (
    APPLICANT_TYPES,
    OUTCOME_ROWS,
    T2019_APPLICATION_ROWS,
    ApplicationRow,
    Dataset,
)
from schemas.registry import SCHEMAS, empty_frame
from xxgk.validate import validate_tables

REPORT = "a" * 64
COLUMNS = [c.value for c in APPLICANT_TYPES]


def _frames(applications: list[dict[str, object]]) -> dict[Dataset, pl.DataFrame]:
    frames = {d: empty_frame(d) for d in Dataset}
    frames[Dataset.APPLICATIONS] = pl.DataFrame(applications, schema=SCHEMAS[Dataset.APPLICATIONS])
    return frames


def _row(code: ApplicationRow, counts: list[int]) -> dict[str, object]:
    row: dict[str, object] = {"report_id": REPORT, "report_year": 2020, "row_code": code.value}
    row |= dict(zip(COLUMNS, counts, strict=True))
    row["total"] = sum(counts)
    return row


def consistent_table(granted: list[int], carried_forward: list[int]) -> list[dict[str, object]]:
    """received = granted + carried_forward, everything else zero: every rule holds."""
    zero = [0] * len(COLUMNS)
    received = [g + c for g, c in zip(granted, carried_forward, strict=True)]
    counts = {
        ApplicationRow.RECEIVED: received,
        ApplicationRow.GRANTED: granted,
        ApplicationRow.TOTAL_PROCESSED: granted,
        ApplicationRow.CARRIED_FORWARD: carried_forward,
    }
    return [_row(code, counts.get(code, zero)) for code in T2019_APPLICATION_ROWS]


counts = st.lists(st.integers(min_value=0, max_value=10_000), min_size=6, max_size=6)


def test_validation_is_switched_on() -> None:
    assert os.environ.get("PANDERA_VALIDATION_ENABLED", "True").lower() not in {"false", "0"}
    bad = consistent_table([1] * 6, [0] * 6)
    bad[0]["total"] = 999
    assert validate_tables(_frames(bad)), "pandera validation must be active"


@given(counts, counts)
@settings(max_examples=50, deadline=None)
def test_consistent_tables_pass(granted: list[int], carried_forward: list[int]) -> None:
    assert validate_tables(_frames(consistent_table(granted, carried_forward))) == []


@given(counts, counts, st.integers(0, 5), st.integers(1, 50))
@settings(max_examples=50, deadline=None)
def test_an_outcome_off_by_some_fails_the_outcome_sum(
    granted: list[int], carried_forward: list[int], column: int, delta: int
) -> None:
    table = consistent_table(granted, carried_forward)
    denied = next(r for r in table if r["row_code"] == OUTCOME_ROWS[3].value)
    denied[COLUMNS[column]] = int(denied[COLUMNS[column]]) + delta  # type: ignore[call-overload]
    denied["total"] = int(denied["total"]) + delta  # type: ignore[call-overload]
    checks = {p.check for p in validate_tables(_frames(table))}
    assert checks == {"total_processed_equals_sum_of_outcomes"}


@given(counts, counts, st.integers(1, 50))
@settings(max_examples=50, deadline=None)
def test_unbalanced_carry_over_fails_the_stated_rule(
    granted: list[int], carried_forward: list[int], delta: int
) -> None:
    table = consistent_table(granted, carried_forward)
    carried_over = next(r for r in table if r["row_code"] == ApplicationRow.CARRIED_OVER.value)
    carried_over[COLUMNS[0]] = delta
    carried_over["total"] = delta
    problems = validate_tables(_frames(table))
    assert {p.check for p in problems} == {
        "received_plus_carried_over_equals_processed_plus_carried_forward"
    }
    assert {p.column for p in problems} == {COLUMNS[0], "total"}


def test_row_total_failure_names_row_column_and_values() -> None:
    table = consistent_table([2, 0, 0, 0, 0, 0], [0] * 6)
    table[0]["total"] = 3
    (problem,) = [p for p in validate_tables(_frames(table)) if p.check.startswith("row_total")]
    assert (problem.row_code, problem.column, problem.value) == ("received", "total", "3")
    assert "总计 3 ≠ sum of the six applicant columns 2" in problem.message


def test_negative_count_is_a_failure() -> None:
    table = consistent_table([0] * 6, [0] * 6)
    table[5][COLUMNS[1]] = -1
    table[5]["total"] = -1
    checks = {p.check for p in validate_tables(_frames(table))}
    assert "greater_than_or_equal_to(0)" in checks


def test_blank_cells_count_as_zero() -> None:
    table = consistent_table([1, 0, 0, 0, 0, 0], [0] * 6)
    for row in table:
        for column in COLUMNS[1:]:
            row[column] = None
    assert validate_tables(_frames(table)) == []


def test_a_parser_crash_rejects_only_that_report(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fault injection: the parser raising on one report must not lose the batch."""
    from datetime import UTC, datetime

    from tests.conftest import seed_paths, source_for
    from xxgk.batch import process_batch
    from xxgk.objects import RunContext
    from xxgk.parse.report import parse_report

    def flaky(data: bytes, time_limit_seconds: float | None = None) -> object:
        if data.startswith("登录".encode()):
            raise IndexError("boom")
        return parse_report(data, time_limit_seconds)

    monkeypatch.setattr("xxgk.batch.parse_report", flaky)
    items = [(source_for(p), p.read_bytes()) for p in seed_paths()]
    result = process_batch(items, RunContext("r", datetime(2026, 1, 1, tzinfo=UTC)))
    assert dict(result.outcomes) == {"valid": 4, "rejected": 1}
    (row,) = result.frames[Dataset.QUARANTINE].filter(pl.col("stage") == "parse").rows(named=True)
    assert (row["check"], row["message"]) == ("parser_error", "IndexError: boom")
