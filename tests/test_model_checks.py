"""`model_checks.passes` answers as pandera does: True exactly when validating the frame
against the model finds nothing, on generated batches and on frames broken one check at a
time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pandera.polars as pa
import polars as pl
import pytest

from bench.generate import report
from schemas.applications import ApplicationsBalanceModel
from schemas.codes import Dataset, Table
from schemas.registry import MODELS, SCHEMAS
from xxgk import validate
from xxgk.batch import process_batch
from xxgk.model_checks import frame_check_failures, passes
from xxgk.objects import RunContext, SourceObject, report_id_of
from xxgk.parse.report import ParsedReport, parse_report
from xxgk.records import CandidateRows, add_report_rows
from xxgk.validate import applications_balance

MOMENT = datetime(2026, 1, 1, tzinfo=UTC)
CHECKED = (
    Dataset.REPORTS,
    Dataset.ACTIVE_DISCLOSURE,
    Dataset.APPLICATIONS,
    Dataset.REVIEW_LITIGATION,
)


def _pandera_finds_nothing(model: type[pa.DataFrameModel], frame: pl.DataFrame) -> bool:
    try:
        model.validate(frame, lazy=True)
    except (pa.errors.SchemaErrors, pa.errors.SchemaError):
        return False
    return True


@pytest.fixture(scope="module")
def frames() -> dict[Dataset, pl.DataFrame]:
    """The candidate tables of 150 generated reports (unbalanced and faulty ones among them),
    before anything is withheld, and the published `reports` frame."""
    reports = [report(index, 11) for index in range(150)]
    candidates = CandidateRows()
    for generated in reports:
        parsed = parse_report(generated.data)
        if isinstance(parsed, ParsedReport):
            add_report_rows(candidates, report_id_of(generated.data), parsed)
    frames = {d: pl.DataFrame(candidates.rows[d], schema=SCHEMAS[d]) for d in Dataset}
    items = [
        (SourceObject(r.key, f"s3://b/{r.key}", "e", len(r.data), MOMENT), r.data) for r in reports
    ]
    frames[Dataset.REPORTS] = process_batch(items, RunContext("t", MOMENT)).frames[Dataset.REPORTS]
    return frames


@pytest.mark.parametrize("dataset", CHECKED)
def test_each_report_slice_answers_as_pandera(
    frames: dict[Dataset, pl.DataFrame], dataset: Dataset
) -> None:
    frame = frames[dataset]
    assert not frame.is_empty()
    answers = set()
    for _, part in frame.group_by("report_id", maintain_order=True):
        model = MODELS[dataset]
        answer = passes(model, part)
        assert answer == _pandera_finds_nothing(model, part)
        answers.add(answer)
    if dataset is Dataset.APPLICATIONS:
        assert answers == {True, False}, "the batch holds both passing and failing tables"


def test_the_balance_rules_answer_as_pandera(frames: dict[Dataset, pl.DataFrame]) -> None:
    balance = applications_balance(frames[Dataset.APPLICATIONS])
    answers = set()
    for _, part in balance.group_by("report_id", maintain_order=True):
        answer = passes(ApplicationsBalanceModel, part)
        assert answer == _pandera_finds_nothing(ApplicationsBalanceModel, part)
        answers.add(answer)
    assert answers == {True, False}


Breaker = Callable[[pl.DataFrame], pl.DataFrame]
BREAKERS: dict[str, tuple[Dataset, Breaker]] = {
    "str_matches": (Dataset.ACTIVE_DISCLOSURE, lambda f: f.with_columns(report_id=pl.lit("X"))),
    "in_range": (
        Dataset.ACTIVE_DISCLOSURE,
        lambda f: f.with_columns(report_year=pl.lit(3000, dtype=pl.Int16)),
    ),
    "isin": (Dataset.APPLICATIONS, lambda f: f.with_columns(row_code=pl.lit("no_such_row"))),
    "ge": (
        Dataset.APPLICATIONS,
        lambda f: f.with_columns(natural_person=-pl.col("natural_person").fill_null(1) - 1),
    ),
    "not_nullable": (
        Dataset.REVIEW_LITIGATION,
        lambda f: f.with_columns(report_id=pl.lit(None, dtype=pl.String)),
    ),
    "unique": (Dataset.REVIEW_LITIGATION, lambda f: pl.concat([f.head(1), f.head(1)])),
    "dataframe_check": (
        Dataset.APPLICATIONS,
        lambda f: f.with_columns(total=pl.col("total").fill_null(0) + 1),
    ),
    "dtype": (
        Dataset.ACTIVE_DISCLOSURE,
        lambda f: f.with_columns(report_year=pl.col("report_year").cast(pl.Int64)),
    ),
    "extra_column": (Dataset.ACTIVE_DISCLOSURE, lambda f: f.with_columns(extra=pl.lit(1))),
}


@pytest.mark.parametrize("broken", sorted(BREAKERS))
def test_a_frame_broken_one_way_does_not_pass(
    frames: dict[Dataset, pl.DataFrame], broken: str
) -> None:
    dataset, breaker = BREAKERS[broken]
    model = MODELS[dataset]
    valid = next(
        part
        for _, part in frames[dataset].group_by("report_id", maintain_order=True)
        if _pandera_finds_nothing(model, part)
    )
    assert passes(model, valid)
    frame = breaker(valid)
    assert not _pandera_finds_nothing(model, frame)
    assert not passes(model, frame)


TABLES = {
    Dataset.ACTIVE_DISCLOSURE: Table.ACTIVE_DISCLOSURE,
    Dataset.APPLICATIONS: Table.APPLICATIONS,
    Dataset.REVIEW_LITIGATION: Table.REVIEW_LITIGATION,
}


@pytest.mark.parametrize("dataset", sorted(TABLES))
def test_problems_equal_those_from_pandera(
    frames: dict[Dataset, pl.DataFrame], dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quarantine problems read from the failing rows are pandera's, row for row, on the
    whole batch, on each report's rows and on the balance frame."""
    model, frame, table = MODELS[dataset], frames[dataset], TABLES[dataset]
    cases = [(model, frame), *((model, p) for _, p in frame.group_by("report_id"))]
    if dataset is Dataset.APPLICATIONS:
        balance = applications_balance(frame)
        cases += [(ApplicationsBalanceModel, balance), (ApplicationsBalanceModel, balance[:40])]
    fast = [validate._failures(m, f, table) for m, f in cases]
    monkeypatch.setattr(validate, "frame_check_failures", lambda model, frame: None)
    assert fast == [validate._failures(m, f, table) for m, f in cases]
    if dataset is Dataset.APPLICATIONS:
        assert any(fast), "the batch holds failing tables"


def test_two_failing_rules_are_listed_rule_by_rule(
    frames: dict[Dataset, pl.DataFrame],
) -> None:
    balance = applications_balance(frames[Dataset.APPLICATIONS]).with_columns(
        received=pl.col("received") + 1, sum_of_outcomes=pl.col("sum_of_outcomes") + 1
    )
    failures = frame_check_failures(ApplicationsBalanceModel, balance[:3])
    assert failures == [
        ("received_plus_carried_over_equals_processed_plus_carried_forward", [0, 1, 2]),
        ("total_processed_equals_sum_of_outcomes", [0, 1, 2]),
    ]
