"""The `xxgk` command line: run the flows, or look at what one report parses to."""

from __future__ import annotations

import json
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer
from rich.console import Console

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
console = Console()

_SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "seeds"


def _prepare_prefect() -> None:
    """Give the temporary Prefect server time for its first start (SQLite migrations); set
    before Prefect is imported, which reads its settings then."""
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


@app.command()
def ingest(
    source: Annotated[
        str, typer.Option(help="raw reports: folder, file://… or s3://bucket/prefix")
    ] = str(_SAMPLES),
    dest: Annotated[
        str, typer.Option(help="lake root: folder, file://… or s3://bucket/prefix")
    ] = "lake",
    batch_size: Annotated[
        int | None, typer.Option(help="reports per task (default XXGK_BATCH_SIZE)")
    ] = None,
    reprocess: Annotated[bool, typer.Option(help="re-parse unchanged objects too")] = False,
) -> None:
    """Ingest new and changed reports from SOURCE into the lake at DEST (Prefect flow)."""
    _require_local_folder(source)
    _prepare_prefect()
    from flows.ingest import ingest as ingest_flow
    from flows.temporary_server import prefect_api_for_this_run

    with prefect_api_for_this_run():
        summary = ingest_flow(
            source=source,
            dest=dest,
            batch_size=batch_size,
            reprocess=reprocess,
            progress=sys.stderr.isatty(),
        )
    console.print(summary.reconciliation())
    if summary.failing_checks:
        console.print("top failing checks:")
        for check, count in summary.failing_checks.most_common(5):
            console.print(f"  {check}: {count}")


@app.command()
def backfill(
    source: Annotated[str, typer.Option(help="raw zone root; years are read under SOURCE/YYYY/")],
    dest: Annotated[str, typer.Option(help="lake root")],
    years: Annotated[str | None, typer.Option(help="e.g. 2019-2023 or 2019,2021")] = None,
    prefix: Annotated[
        list[str] | None, typer.Option(help="sub-prefix of SOURCE (repeatable)")
    ] = None,
    shards: Annotated[
        int | None, typer.Option(help="split any key space into N hash shards")
    ] = None,
    concurrency: Annotated[int, typer.Option(help="partitions running at once")] = 2,
    batch_size: Annotated[int | None, typer.Option(help="reports per task")] = None,
    force: Annotated[bool, typer.Option(help="redo partitions already complete")] = False,
    deployment: Annotated[
        str | None, typer.Option(help="run partitions on this deployment")
    ] = None,
) -> None:
    """Backfill over years, prefixes or shards: one child ingest run per partition."""
    _prepare_prefect()
    from flows.backfill import backfill as backfill_flow
    from flows.temporary_server import prefect_api_for_this_run
    from xxgk.partitions import parse_years

    with prefect_api_for_this_run():
        counts = backfill_flow(
            source=source,
            dest=dest,
            years=parse_years(years) if years else None,
            prefixes=prefix or None,
            shards=shards,
            concurrency=concurrency,
            batch_size=batch_size,
            force=force,
            deployment=deployment,
            progress=sys.stderr.isatty(),
        )
    console.print(f"backfill: {counts}")


@app.command()
def status(
    dest: Annotated[str, typer.Option(help="lake root")] = "lake",
    runs: Annotated[int, typer.Option(help="how many recent runs to show")] = 10,
) -> None:
    """Recent runs and what the lake holds: reports by status, quarantine by check."""
    from rich.table import Table as RichTable

    from schemas.codes import Dataset
    from xxgk.lake import open_lake
    from xxgk.settings import Settings

    lake = open_lake(dest, Settings())
    recent = lake.read_runs().tail(runs)
    table = RichTable(title=f"last {recent.height} runs of {dest}")
    columns = [
        "started_at", "flow", "status", "listed", "skipped",
        "valid", "quarantined", "rejected", "deleted",
    ]  # fmt: skip
    for column in columns:
        table.add_column(column)
    for row in recent.iter_rows(named=True):
        table.add_row(
            *(f"{row[c]:%Y-%m-%d %H:%M}" if c == "started_at" else str(row[c]) for c in columns)
        )
    console.print(table)
    reports = lake.read_dataset(Dataset.REPORTS)
    by_status = reports.group_by("status").len().sort("status")
    console.print("reports: " + ", ".join(f"{s} {n}" for s, n in by_status.iter_rows()))
    quarantine = lake.read_dataset(Dataset.QUARANTINE)
    checks = quarantine.group_by("table", "check").len().sort("len", descending=True).head(10)
    failing = RichTable(title="quarantine: top failing checks")
    for column in ("table", "check", "failures"):
        failing.add_column(column)
    for table_name, check, count in checks.iter_rows():
        failing.add_row(table_name, check, str(count))
    console.print(failing)


@app.command()
def report(
    dest: Annotated[str, typer.Option(help="lake root")] = "lake",
    out: Annotated[
        Path | None,
        typer.Option(dir_okay=False, help="write the page here, not to DEST/quality.html"),
    ] = None,
) -> None:
    """(Re)write the lake's quality report, an HTML page of charts, and print where it is."""
    from xxgk.quality_report import lake_exists, write_quality_report
    from xxgk.settings import Settings

    settings = Settings()
    if not lake_exists(dest, settings):
        typer.echo(f"error: no lake at {dest} (no reports, no runs): check --dest", err=True)
        raise typer.Exit(1)
    typer.echo(write_quality_report(dest, settings, out))


@app.command()
def parse(path: Annotated[Path, typer.Argument(exists=True, dir_okay=False)]) -> None:
    """Print what one report parses to: its `reports` row, its tables, its narrative figures,
    its sections and every check it fails, as JSON, without Prefect or a lake."""
    from datetime import UTC, datetime

    from schemas.codes import Dataset
    from xxgk.batch import process_batch
    from xxgk.objects import RunContext, SourceObject
    from xxgk.settings import Settings

    data = path.read_bytes()
    stat = path.stat()
    source = SourceObject(
        key=path.name,
        uri=path.resolve().as_uri(),
        etag=f"{stat.st_mtime_ns:x}-{stat.st_size:x}",
        size=stat.st_size,
        last_modified=datetime.fromtimestamp(stat.st_mtime, UTC),
    )
    run = RunContext("xxgk-parse", datetime.now(UTC))
    result = process_batch([(source, data)], run, Settings().parse_time_limit_seconds)
    frames = result.frames
    payload: dict[str, Any] = {
        "report": _plain(frames[Dataset.REPORTS].drop("run_id", "ingested_at").to_dicts()[0]),
        "quarantine": _plain(
            frames[Dataset.QUARANTINE]
            .select("stage", "table", "row_code", "column", "check", "value", "message")
            .to_dicts()
        ),
        "sections": _plain(
            frames[Dataset.SECTIONS]
            .select("section_no", "heading", chars=pl.col("text").str.len_chars())
            .to_dicts()
        ),
    }
    for dataset in (
        Dataset.ACTIVE_DISCLOSURE,
        Dataset.APPLICATIONS,
        Dataset.REVIEW_LITIGATION,
        Dataset.HEADLINE_FIGURES,
        Dataset.QUARANTINE_ROWS,
    ):
        frame = frames[dataset].drop(
            [c for c in ("report_id", "report_year", "run_id") if c in frames[dataset].columns]
        )
        payload[dataset.value] = _plain(frame.to_dicts())
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=1))


def _require_local_folder(source: str) -> None:
    """A mistyped local source would list nothing and look like a quiet day: refuse it."""
    from xxgk.storage.uri import parse_location

    location = parse_location(source)
    if location.scheme == "file" and not Path(location.prefix).is_dir():
        raise typer.BadParameter(f"{location.prefix} is not a folder", param_hint="--source")


def _plain(value: Any) -> Any:
    """JSON-ready values (dates as ISO strings)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


if __name__ == "__main__":
    app()
