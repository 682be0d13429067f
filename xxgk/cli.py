"""The `xxgk` command line: run the flows, or look at what one report parses to."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, is_dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

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
    """Print what one report parses to (metadata, tables, problems), without Prefect or a lake."""
    from xxgk.parse.report import ParsedReport, parse_report

    report = parse_report(path.read_bytes())
    payload: dict[str, Any] = _plain(report)
    if isinstance(report, ParsedReport):
        payload["problems"] = _plain(report.table_problems())
        payload["sections"] = [
            {"number": s.number, "heading": s.heading, "chars": len(s.text)}
            for s in report.sections
        ]
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=1))


def _plain(value: Any) -> Any:
    """JSON-ready view of the parser's dataclasses."""
    if is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {str(_plain(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


if __name__ == "__main__":
    app()
