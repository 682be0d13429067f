"""Process a batch of fetched objects into the frames of every dataset (pure: no I/O)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import polars as pl

from schemas.codes import Dataset, Script, Stage, Status, Table, Template
from schemas.registry import MODELS, SCHEMAS
from xxgk import CONTRACT_VERSION, PARSER_VERSION
from xxgk.copies import copy_key
from xxgk.model_checks import passes
from xxgk.objects import RunContext, SourceObject, report_id_of
from xxgk.parse.report import ParsedReport, Rejection, parse_report
from xxgk.records import TABLE_DATASETS, CandidateRows, Problem, add_report_rows
from xxgk.storage.errors import ObjectTooLargeError
from xxgk.validate import validate_tables


@dataclass
class BatchResult:
    frames: dict[Dataset, pl.DataFrame]
    outcomes: Counter[str] = field(default_factory=Counter)
    failing_checks: Counter[str] = field(default_factory=Counter)


def process_batch(
    items: Iterable[tuple[SourceObject, bytes | Exception]],
    run: RunContext,
    time_limit_seconds: float | None = None,
) -> BatchResult:
    """Parse, validate and split one batch: published rows, quarantine rows, one `reports` row
    per object. A fetch error arrives as the exception in place of the bytes; an object whose
    parse takes longer than `time_limit_seconds` is rejected."""
    candidates = CandidateRows()
    report_rows: list[dict[str, object]] = []
    parsed: dict[str, tuple[SourceObject, ParsedReport | Rejection]] = {}
    for source, data in items:
        if isinstance(data, Exception):
            report_id = report_id_of(source.uri.encode())  # no bytes: identify by location
            outcome: ParsedReport | Rejection = _unreadable(data)
        else:
            report_id = report_id_of(data)
            outcome = _parse_safely(data, time_limit_seconds)
        report_rows.append(_report_row(source, report_id, outcome, run))
        if report_id in parsed:
            continue  # identical bytes under another key: derived rows once
        parsed[report_id] = (source, outcome)
        if isinstance(outcome, ParsedReport):
            add_report_rows(candidates, report_id, outcome)
        else:
            candidates.problems.append(
                Problem(report_id, Table.REPORT, outcome.stage, outcome.check, outcome.message)
            )
    frames = {d: pl.DataFrame(candidates.rows[d], schema=SCHEMAS[d]) for d in Dataset}
    problems = candidates.problems + validate_tables(frames)
    failing = {(p.report_id, p.table) for p in problems}
    frames |= _withhold_failing_tables(frames, failing, run)
    frames[Dataset.QUARANTINE] = _quarantine_frame(problems, parsed, run)
    frames[Dataset.REPORTS] = _reports_frame(report_rows, failing)
    if not passes(MODELS[Dataset.REPORTS], frames[Dataset.REPORTS]):
        MODELS[Dataset.REPORTS].validate(frames[Dataset.REPORTS])  # raises what fails
    return BatchResult(
        frames=frames,
        outcomes=Counter(frames[Dataset.REPORTS]["status"].to_list()),
        failing_checks=Counter(f"{p.table}.{p.check}" for p in problems),
    )


def _withhold_failing_tables(
    frames: dict[Dataset, pl.DataFrame], failing: set[tuple[str, Table]], run: RunContext
) -> dict[Dataset, pl.DataFrame]:
    """The published tables without the failing ones, and the failing ones' values."""
    result: dict[Dataset, pl.DataFrame] = {}
    withheld = []
    for table, dataset in TABLE_DATASETS.items():
        frame = frames[dataset]
        bad = pl.Series([rid for rid, t in failing if t is table], dtype=pl.String)
        is_bad = pl.col("report_id").is_in(bad)
        withheld.append(_to_quarantine_rows(frame.filter(is_bad), table, run))
        result[dataset] = frame.filter(~is_bad)
    result[Dataset.QUARANTINE_ROWS] = pl.concat(withheld).cast(SCHEMAS[Dataset.QUARANTINE_ROWS])
    return result


def _quarantine_frame(
    problems: list[Problem],
    parsed: dict[str, tuple[SourceObject, ParsedReport | Rejection]],
    run: RunContext,
) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "run_id": run.run_id,
                "report_id": p.report_id,
                "report_year": parsed[p.report_id][1].report_year,
                "source_uri": parsed[p.report_id][0].uri,
                "stage": p.stage.value,
                "table": p.table.value,
                "row_code": p.row_code,
                "column": p.column,
                "check": p.check,
                "value": p.value,
                "message": p.message,
                "quarantined_at": run.started_at,
            }
            for p in problems
        ],
        schema=SCHEMAS[Dataset.QUARANTINE],
    )


def _reports_frame(
    report_rows: list[dict[str, object]], failing: set[tuple[str, Table]]
) -> pl.DataFrame:
    """Each object's final status: rejected stays rejected; otherwise quarantined exactly
    when one of its tables failed."""
    tables_by_report: dict[str, list[str]] = {}
    for rid, table in sorted(failing, key=lambda pair: (pair[0], pair[1].value)):
        if table is not Table.REPORT:
            tables_by_report.setdefault(rid, []).append(table.value)
    for row in report_rows:
        if row["status"] != Status.REJECTED.value:
            tables = tables_by_report.get(str(row["report_id"]), [])
            row["quarantined_tables"] = tables
            row["status"] = (Status.QUARANTINED if tables else Status.VALID).value
    return pl.DataFrame(report_rows, schema=SCHEMAS[Dataset.REPORTS])


def _unreadable(error: Exception) -> Rejection:
    check = "too_large" if isinstance(error, ObjectTooLargeError) else "unreadable"
    return Rejection(Stage.DECODE, check, f"could not read the object: {error}")


def _parse_safely(data: bytes, time_limit_seconds: float | None) -> ParsedReport | Rejection:
    """A parser bug on one report rejects that report, with the error, instead of the batch."""
    try:
        return parse_report(data, time_limit_seconds)
    except Exception as error:
        return Rejection(Stage.PARSE, "parser_error", f"{type(error).__name__}: {error}")


def _report_row(
    source: SourceObject, report_id: str, outcome: ParsedReport | Rejection, run: RunContext
) -> dict[str, object]:
    row: dict[str, object] = {
        "report_id": report_id,
        "source_uri": source.uri,
        "source_etag": source.etag,
        "source_size": source.size,
        "source_last_modified": source.last_modified,
        "title": outcome.title,
        "agency": outcome.agency,
        "region_code": outcome.region.code if outcome.region else None,
        "province": outcome.region.province if outcome.region else None,
        "report_year": outcome.report_year,
        "published_date": outcome.published_date,
        "template": Template.UNKNOWN.value,
        "script": outcome.script.value if outcome.script else Script.SIMPLIFIED.value,
        "status": Status.REJECTED.value,
        "quarantined_tables": [],
        "duplicate_of": None,  # decided across the lake when the batch commits
        "copy_key": copy_key(outcome) if isinstance(outcome, ParsedReport) else None,
        "parser_version": PARSER_VERSION,
        "contract_version": CONTRACT_VERSION,
        "run_id": run.run_id,
        "ingested_at": run.started_at,
    }
    if isinstance(outcome, ParsedReport):
        row |= {
            "template": outcome.template.value,
            "status": Status.VALID.value,
        }
    return row


def _to_quarantine_rows(frame: pl.DataFrame, table: Table, run: RunContext) -> pl.DataFrame:
    """A table's withheld values in the long `quarantine_rows` shape."""
    schema = SCHEMAS[Dataset.QUARANTINE_ROWS]
    if frame.is_empty():
        return pl.DataFrame(schema=schema)
    if table is Table.ACTIVE_DISCLOSURE:
        long = frame.select(
            "report_id",
            "report_year",
            pl.col("item").alias("row_code"),
            pl.col("metric").alias("column"),
            "value",
            "raw_value",
        )
    else:
        index = ["report_id", "report_year", *(["row_code"] if "row_code" in frame.columns else [])]
        long = frame.unpivot(index=index, variable_name="column", value_name="value")
        if "row_code" not in long.columns:
            long = long.with_columns(pl.lit(None, dtype=pl.String).alias("row_code"))
        long = long.with_columns(
            pl.col("value").cast(pl.Float64),
            pl.col("value").cast(pl.String).fill_null("").alias("raw_value"),
        )
    return (
        long.with_columns(pl.lit(run.run_id).alias("run_id"), pl.lit(table.value).alias("table"))
        .select(list(schema.names()))
        .cast(schema)
    )
