"""The `xxgk` command line: run the flows, or look at what one report parses to."""

from __future__ import annotations

import json
import os
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
    """Give Prefect's temporary server time for its first start (SQLite migrations)."""
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
    _prepare_prefect()
    from flows.ingest import ingest as ingest_flow

    summary = ingest_flow(source=source, dest=dest, batch_size=batch_size, reprocess=reprocess)
    console.print(summary.reconciliation())
    if summary.failing_checks:
        console.print("top failing checks:")
        for check, count in summary.failing_checks.most_common(5):
            console.print(f"  {check}: {count}")


@app.command()
def parse(path: Annotated[Path, typer.Argument(exists=True, dir_okay=False)]) -> None:
    """Print what one report parses to: its `reports` row, its tables, its narrative figures,
    its sections and every check it fails, as JSON, without Prefect or a lake."""
    from datetime import UTC, datetime

    from schemas.codes import Dataset
    from xxgk.batch import process_batch
    from xxgk.objects import RunContext, SourceObject

    data = path.read_bytes()
    stat = path.stat()
    source = SourceObject(
        key=path.name,
        uri=path.resolve().as_uri(),
        etag=f"{stat.st_mtime_ns:x}-{stat.st_size:x}",
        size=stat.st_size,
        last_modified=datetime.fromtimestamp(stat.st_mtime, UTC),
    )
    result = process_batch([(source, data)], RunContext("xxgk-parse", datetime.now(UTC)))
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
