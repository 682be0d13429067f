"""The `xxgk` command line: run the flows, or look at what one report parses to."""

from __future__ import annotations

import json
import logging
import os
import sys
import traceback
from datetime import date, datetime
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer
from rich.console import Console

from xxgk import CONTRACT_VERSION, PARSER_VERSION
from xxgk.preflight import PreflightError

_EPILOG = (
    "Exit codes: 0 done; 1 failed (a store unreachable or refusing, an unwritable lake, a run "
    "that failed: one line on stderr, XXGK_DEBUG=1 shows the traceback); 2 usage error (fix the "
    "arguments); 3 `parse`: the report was rejected."
)
#: `xxgk parse` exits with this when the report is rejected (not a report, or unreadable).
EXIT_REJECTED = 3


class _Command(typer.Typer):
    """The app, run so that every failure ends as one line on stderr and an exit code: click's
    usage errors (2), a failed pre-flight check (its code), anything else (1; the traceback
    with XXGK_DEBUG=1). Typer's own runner prints boxed, wrapped messages and tracebacks."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not args and "args" not in kwargs and len(sys.argv) < 2:
            kwargs["args"] = ["--help"]  # no arguments at all: the help, not an error
        kwargs.setdefault("prog_name", "xxgk")
        kwargs["standalone_mode"] = False
        try:
            code = super().__call__(*args, **kwargs)
        except typer.TyperException as error:  # click's usage errors, as Typer vendors them
            context = getattr(error, "ctx", None)
            where = context.command_path if context is not None else "xxgk"
            _fail(f"{where}: {error.format_message()} (see {where} --help)")
            code = error.exit_code
        except typer.Abort:
            _fail("xxgk: aborted")
            code = 130
        except PreflightError as error:
            _fail(f"xxgk: {error}")
            code = error.exit_code
        except Exception as error:
            if _debug():
                traceback.print_exc()
            hint = "" if _debug() else " (XXGK_DEBUG=1 shows the traceback)"
            _fail(f"xxgk: {type(error).__name__}: {error}{hint}")
            code = 1
        sys.exit(code if isinstance(code, int) else 0)


app = _Command(add_completion=False, help=__doc__, epilog=_EPILOG)

_SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "seeds"


def _debug() -> bool:
    return os.environ.get("XXGK_DEBUG", "") not in ("", "0")


def _fail(message: str) -> None:
    """One line on stderr, however long or multi-line the message."""
    typer.echo(" ".join(message.split()), err=True)


def _console() -> Console:
    """Standard output: as wide as the terminal, or unwrapped when piped (a table keeps its
    natural width and a long line stays one line)."""
    return Console(soft_wrap=True, width=None if sys.stdout.isatty() else 10_000)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(
            f"xxgk {installed_version('xxgk')} "
            f"(parser {PARSER_VERSION}, contract v{CONTRACT_VERSION})"
        )
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="show the version and exit"
        ),
    ] = False,
) -> None:
    """The `xxgk` command line: run the flows, or look at what one report parses to."""


def _prepare_prefect() -> None:
    """Give the temporary Prefect server time for its first start (SQLite migrations); set
    before Prefect is imported, which reads its settings then. Prefect's terminal logs then
    keep their one-line messages but not their tracebacks (the server keeps those; so does
    the terminal with XXGK_DEBUG=1): the command's own last line says what failed."""
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    import prefect.main  # noqa: F401  (sets up its logging)

    if _debug():
        return
    for logger in (logging.getLogger(), logging.getLogger("prefect")):
        for handler in logger.handlers:
            if handler.formatter is not None and not isinstance(
                handler.formatter, _WithoutTraceback
            ):
                handler.setFormatter(_WithoutTraceback(handler.formatter))


class _WithoutTraceback(logging.Formatter):
    """A formatter's lines without the exception's traceback (the record is left as it was,
    for the handlers after this one)."""

    def __init__(self, inner: logging.Formatter) -> None:
        super().__init__()
        self.inner = inner

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        try:
            return self.inner.format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved


@app.command(epilog=_EPILOG)
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
    include: Annotated[
        list[str] | None,
        typer.Option(help="only keys (relative to SOURCE) matching this glob (repeatable)"),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(help="leave out keys matching this glob, e.g. '*.tsv' (repeatable)"),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="print the run's summary as JSON on stdout")
    ] = False,
) -> None:
    """Ingest new and changed reports from SOURCE into the lake at DEST (Prefect flow).

    Objects that --include/--exclude leave out are not listed: they are not in the
    reconciliation (listed = valid + quarantined + rejected + skipped)."""
    from xxgk.preflight import check_run
    from xxgk.settings import Settings

    check_run(source, dest, Settings(), batch_size)
    _prepare_prefect()
    from flows.ingest import ingest as ingest_flow
    from flows.temporary_server import prefect_api_for_this_run

    with prefect_api_for_this_run():
        summary = ingest_flow(
            source=source,
            dest=dest,
            batch_size=batch_size,
            reprocess=reprocess,
            progress=sys.stderr.isatty() and not as_json,
            include=include or None,
            exclude=exclude or None,
        )
    if as_json:
        typer.echo(json.dumps(summary.as_json(), ensure_ascii=False))
        return
    console = _console()
    console.print(summary.reconciliation())
    if summary.failing_checks:
        console.print("top failing checks:")
        for check, count in summary.failing_checks.most_common(5):
            console.print(f"  {check}: {count}")


def _years(text: str | None) -> str | None:
    """`--years` checked as the command line is read (the flow gets the parsed list)."""
    from xxgk.partitions import parse_years

    if text is not None:
        try:
            parse_years(text)
        except ValueError as error:
            raise typer.BadParameter(str(error)) from error
    return text


@app.command(epilog=_EPILOG)
def backfill(
    source: Annotated[str, typer.Option(help="raw zone root; years are read under SOURCE/YYYY/")],
    dest: Annotated[str, typer.Option(help="lake root")],
    years: Annotated[
        str | None, typer.Option(help="e.g. 2019-2023 or 2019,2021", callback=_years)
    ] = None,
    prefix: Annotated[
        list[str] | None, typer.Option(help="sub-prefix of SOURCE (repeatable)")
    ] = None,
    shards: Annotated[
        int | None, typer.Option(min=1, help="split any key space into N hash shards")
    ] = None,
    concurrency: Annotated[int, typer.Option(min=1, help="partitions running at once")] = 2,
    batch_size: Annotated[int | None, typer.Option(help="reports per task")] = None,
    force: Annotated[bool, typer.Option(help="redo partitions already complete")] = False,
    deployment: Annotated[
        str | None, typer.Option(help="run partitions on this deployment")
    ] = None,
) -> None:
    """Backfill over years, prefixes or shards: one child ingest run per partition."""
    from xxgk.partitions import parse_years
    from xxgk.preflight import check_run
    from xxgk.settings import Settings

    check_run(source, dest, Settings(), batch_size)
    _prepare_prefect()
    from flows.backfill import backfill as backfill_flow
    from flows.temporary_server import prefect_api_for_this_run

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
    _console().print(f"backfill: {counts}")


@app.command(epilog=_EPILOG)
def status(
    dest: Annotated[str, typer.Option(help="lake root")] = "lake",
    runs: Annotated[int, typer.Option(min=0, help="how many recent runs to show")] = 10,
    as_json: Annotated[
        bool, typer.Option("--json", help="print the same as JSON on stdout")
    ] = False,
) -> None:
    """Recent runs and what the lake holds: reports by status, quarantine by check."""
    from schemas.codes import Dataset
    from xxgk.lake import open_lake
    from xxgk.preflight import check_lake_exists
    from xxgk.settings import Settings

    settings = Settings()
    check_lake_exists(dest, settings)
    lake = open_lake(dest, settings)
    recent = lake.read_runs().tail(runs) if runs else lake.read_runs().clear()
    recent = recent.with_columns(
        duration_seconds=(pl.col("ended_at") - pl.col("started_at")).dt.total_milliseconds() / 1000
    )
    by_status = lake.read_dataset(Dataset.REPORTS).group_by("status").len().sort("status")
    quarantine = lake.read_dataset(Dataset.QUARANTINE)
    checks = quarantine.group_by("table", "check").len().sort("len", "table", "check")
    checks = checks.reverse().head(10)
    if as_json:
        payload = {
            "lake": dest,
            "runs": _plain(recent.select(*_RUN_COLUMNS, "error").to_dicts()),
            "reports": dict(by_status.iter_rows()),
            "failing_checks": [
                {"table": table, "check": check, "failures": count}
                for table, check, count in checks.iter_rows()
            ],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    _print_status(dest, recent, by_status, checks)


#: The `_runs` columns `xxgk status` shows, in order.
_RUN_COLUMNS = (
    "run_id", "flow", "status", "started_at", "duration_seconds",
    "listed", "skipped", "valid", "quarantined", "rejected", "deleted",
)  # fmt: skip


def _print_status(
    dest: str, recent: pl.DataFrame, by_status: pl.DataFrame, checks: pl.DataFrame
) -> None:
    from rich.table import Table as RichTable

    console = _console()
    table = RichTable(title=f"last {recent.height} runs of {dest}")
    for column in _RUN_COLUMNS:
        table.add_column("seconds" if column == "duration_seconds" else column, no_wrap=True)
    for row in recent.iter_rows(named=True):
        table.add_row(*(_cell(row[c]) for c in _RUN_COLUMNS))
    console.print(table)
    console.print("reports: " + ", ".join(f"{s} {n}" for s, n in by_status.iter_rows()))
    failing = RichTable(title="quarantine: top failing checks")
    for column in ("table", "check", "failures"):
        failing.add_column(column, no_wrap=True)
    for table_name, check, count in checks.iter_rows():
        failing.add_row(table_name, check, str(count))
    console.print(failing)


@app.command()
def compact(
    dest: Annotated[str, typer.Option(help="lake root: folder, file://… or s3://bucket/prefix")],
    dataset: Annotated[
        list[str] | None, typer.Option(help="only this dataset (repeatable; default all)")
    ] = None,
    min_files: Annotated[
        int | None,
        typer.Option(min=2, help="merge a partition holding this many small files (default 4)"),
    ] = None,
) -> None:
    """Merge the small files of every partition of the lake at DEST (no Prefect needed)."""
    from schemas.codes import Dataset
    from xxgk.compaction import (
        DEFAULT_POLICY,
        CompactionPolicy,
        compact_partitions,
        lake_partitions,
    )
    from xxgk.lake import open_lake
    from xxgk.settings import Settings
    from xxgk.storage.lock import LakeLockedError
    from xxgk.storage.uri import parse_location

    known = {d.value: d for d in Dataset}
    unknown = sorted(set(dataset or ()) - set(known))
    if unknown:
        raise typer.BadParameter(
            f"no dataset {', '.join(unknown)}; the datasets are {', '.join(known)}",
            param_hint="--dataset",
        )
    location = parse_location(dest)
    if location.scheme == "file" and not Path(location.prefix).is_dir():
        raise typer.BadParameter(f"{location.prefix} is not a folder", param_hint="--dest")
    policy = DEFAULT_POLICY if min_files is None else CompactionPolicy(min_files=min_files)
    lake = open_lake(dest, Settings())
    datasets = [known[name] for name in dataset] if dataset else list(Dataset)
    try:
        results = compact_partitions(lake, lake_partitions(lake, datasets), policy)
    except LakeLockedError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    for done in results:
        if done.skipped:
            typer.echo(f"{done.partition}: a commit is half-applied there; run ingest first")
        elif done.changed:
            typer.echo(f"{done.partition}: {done.files_before} files -> {done.files_after}")
    before = sum(d.files_before for d in results)
    after = sum(d.files_after for d in results)
    merged = sum(d.changed for d in results)
    typer.echo(f"compacted {merged} of {len(results)} partitions: {before} files -> {after}")


def _cell(value: object) -> str:
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M:%S}"
    if isinstance(value, float):
        return f"{value:.1f}"
    return "" if value is None else str(value)


@app.command(epilog=_EPILOG)
def report(
    dest: Annotated[str, typer.Option(help="lake root")] = "lake",
    out: Annotated[
        Path | None,
        typer.Option(dir_okay=False, help="write the page here, not to DEST/quality.html"),
    ] = None,
) -> None:
    """(Re)write the lake's quality report, an HTML page of charts, and print where it is."""
    from xxgk.preflight import check_lake_exists
    from xxgk.quality_report import write_quality_report
    from xxgk.settings import Settings

    settings = Settings()
    check_lake_exists(dest, settings)
    typer.echo(write_quality_report(dest, settings, out))


@app.command(epilog=_EPILOG)
def parse(path: Annotated[Path, typer.Argument(exists=True, dir_okay=False)]) -> None:
    """Print what one report parses to: its `reports` row, its tables, its narrative figures,
    its sections and every check it fails, as JSON, without Prefect or a lake.

    Exits 3 when the report is rejected (not a report, or unreadable), 0 when it is valid or
    quarantined: a crawler's CI can gate on it."""
    from datetime import UTC, datetime

    from schemas.codes import Dataset, Status
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
    if payload["report"]["status"] == Status.REJECTED:
        raise typer.Exit(EXIT_REJECTED)


def _plain(value: Any) -> Any:
    """JSON-ready values (dates as ISO strings)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value
