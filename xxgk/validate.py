"""Validate a batch's candidate tables with the pandera models and explain every failure."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pandera.polars as pa
import polars as pl

from schemas.applications import ApplicationsBalanceModel
from schemas.codes import (
    APPLICANT_TYPES,
    OUTCOME_ROWS,
    ApplicantColumn,
    ApplicationRow,
    Dataset,
    ReviewGroup,
    ReviewOutcome,
    Stage,
    Table,
)
from schemas.registry import MODELS
from xxgk.model_checks import frame_check_failures
from xxgk.records import TABLE_DATASETS, Problem

Row = dict[str, object]


class _InMemoryEngine:
    """Polars' in-memory engine while any thread validates; the process's own choice before
    and after.

    pandera's polars backend collects one small LazyFrame per check and per column (~260 per
    batch). Polars 2 runs `collect()` on the streaming engine by default, at a fixed cost per
    collect that dwarfs frames this small; the in-memory engine is several times cheaper. The
    setting is process-wide, so it is taken by the first validating thread and given back by
    the last, rather than set when this module is imported."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users = 0
        self._config: pl.Config | None = None

    @contextmanager
    def held(self) -> Iterator[None]:
        with self._lock:
            if self._users == 0:
                self._config = pl.Config(engine_affinity="in-memory").__enter__()
            self._users += 1
        try:
            yield
        finally:
            with self._lock:
                self._users -= 1
                if self._users == 0 and self._config is not None:
                    self._config.__exit__(None, None, None)
                    self._config = None


_IN_MEMORY_ENGINE = _InMemoryEngine()


def validate_tables(frames: dict[Dataset, pl.DataFrame]) -> list[Problem]:
    """Every check failure of the three report tables, one `Problem` per failing cell or rule."""
    problems: list[Problem] = []
    with _IN_MEMORY_ENGINE.held():
        for table, dataset in TABLE_DATASETS.items():
            frame = frames[dataset]
            if frame.is_empty():
                continue
            problems.extend(_failures(MODELS[dataset], frame, table))
            if dataset is Dataset.APPLICATIONS:
                balance = applications_balance(frame)
                problems.extend(_failures(ApplicationsBalanceModel, balance, table))
    return problems


def applications_balance(applications: pl.DataFrame) -> pl.DataFrame:
    """One row per report and count column with the sums the cross-row rules compare."""
    columns = [c.value for c in ApplicantColumn]
    long = applications.unpivot(
        index=["report_id", "row_code"], on=columns, variable_name="column", value_name="count"
    ).with_columns(pl.col("count").fill_null(0))

    def total_of(codes: list[str], name: str) -> pl.Expr:
        return pl.col("count").filter(pl.col("row_code").is_in(codes)).sum().alias(name)

    return (
        long.group_by("report_id", "column", maintain_order=True)
        .agg(
            total_of([ApplicationRow.RECEIVED.value], "received"),
            total_of([ApplicationRow.CARRIED_OVER.value], "carried_over"),
            total_of([ApplicationRow.TOTAL_PROCESSED.value], "total_processed"),
            total_of([ApplicationRow.CARRIED_FORWARD.value], "carried_forward"),
            total_of([r.value for r in OUTCOME_ROWS], "sum_of_outcomes"),
        )
        .with_columns(pl.exclude("report_id", "column").cast(pl.Int64))
    )


def _failures(model: type[pa.DataFrameModel], frame: pl.DataFrame, table: Table) -> list[Problem]:
    frame_checks = frame_check_failures(model, frame)
    if frame_checks is not None and all(check in _MESSAGES for check, _ in frame_checks):
        # Only dataframe rules fail, each explained by its own message: the problems from
        # the failing rows, as pandera would list them (its ~50 queries spared).
        return [
            _problem(frame, table, index, check, column_level=False, column=None, case=None)
            for check, indices in frame_checks
            for index in indices
        ]
    try:
        model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return []
    if cases["index"].null_count():
        schema_level = cases.filter(pl.col("index").is_null()).to_dicts()
        raise RuntimeError(f"{model.__name__}: frame does not match its schema: {schema_level}")
    return [
        _problem(
            frame,
            table,
            int(case["index"]),
            str(case["check"]),
            column_level=case["schema_context"] == "Column",
            column=str(case["column"]),
            case=case["failure_case"],
        )
        for case in cases.to_dicts()
    ]


def _problem(
    frame: pl.DataFrame,
    table: Table,
    index: int,
    check: str,
    *,
    column_level: bool,
    column: str | None,
    case: object,
) -> Problem:
    """One failure case (row `index` of `frame` fails `check`) as a quarantine problem."""
    row = frame.row(index, named=True)
    column = column if column_level else _rule_column(check, row)
    explain = _MESSAGES.get(check)
    message = explain(row) if explain else f"{column} = {case} fails {check}"
    return Problem(
        report_id=str(row["report_id"]),
        table=table,
        stage=Stage.VALIDATE,
        check=check,
        message=message,
        row_code=_row_code(row),
        column=column,
        value=_failing_value(row, column),
    )


def _failing_value(row: Row, column: str | None) -> str | None:
    if "total_processed" in row:  # the balance frame: the value the rules disagree on
        return str(row["total_processed"])
    return str(row[column]) if column and column in row else None


def _row_code(row: Row) -> str | None:
    if "row_code" in row:
        return str(row["row_code"])
    if "item" in row:
        return f"{row['item']}.{row['metric']}"
    if "column" in row:  # the balance frame: the rules concern (七)总计
        return ApplicationRow.TOTAL_PROCESSED.value
    return None


def _applicant_sum(row: Row) -> int:
    return sum(int(row[c.value] or 0) for c in APPLICANT_TYPES)  # type: ignore[call-overload]


def _group_sum(row: Row, group: ReviewGroup) -> int:
    outcomes = [o for o in ReviewOutcome if o is not ReviewOutcome.TOTAL]
    return sum(int(row[f"{group}_{o}"] or 0) for o in outcomes)  # type: ignore[call-overload]


def _review_message(group: ReviewGroup) -> Callable[[Row], str]:
    def message(row: Row) -> str:
        total = row[f"{group}_total"]
        return f"{group}_total {total} ≠ sum of its four outcomes {_group_sum(row, group)}"

    return message


_MESSAGES: dict[str, Callable[[Row], str]] = {
    "row_total_equals_sum_of_applicants": lambda row: (
        f"row {row['row_code']}: 总计 {row['total']} ≠ sum of the six applicant columns "
        f"{_applicant_sum(row)}"
    ),
    "received_plus_carried_over_equals_processed_plus_carried_forward": lambda row: (
        f"column {row['column']}: received {row['received']} + carried_over "
        f"{row['carried_over']} ≠ total_processed {row['total_processed']} + carried_forward "
        f"{row['carried_forward']} (第一项加第二项之和,等于第三项加第四项之和)"
    ),
    "total_processed_equals_sum_of_outcomes": lambda row: (
        f"column {row['column']}: (七)总计 {row['total_processed']} ≠ sum of the outcome rows "
        f"{row['sum_of_outcomes']}"
    ),
    "non_negative_except_change": lambda row: (
        f"{row['item']} {row['metric']} = {row['value']} is negative"
    ),
    **{f"{group}_total_equals_sum_of_outcomes": _review_message(group) for group in ReviewGroup},
}


def _rule_column(check: str, row: Row) -> str | None:
    """The column a frame-level rule is about, for the quarantine row."""
    if "column" in row:  # the balance frame: one row per count column
        return str(row["column"])
    if check == "row_total_equals_sum_of_applicants":
        return ApplicantColumn.TOTAL.value
    if check == "non_negative_except_change":
        return "value"
    for group in ReviewGroup:
        if check == f"{group}_total_equals_sum_of_outcomes":
            return f"{group}_total"
    return None
