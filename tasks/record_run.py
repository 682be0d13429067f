"""Record a run: its `_runs` row in the lake, whether it succeeded or not (and a backfill's
summary artifact)."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
from prefect import task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from tasks.retry import transient_store_error
from xxgk.backfill_report import BackfillSummary
from xxgk.lake import open_lake
from xxgk.settings import Settings


@task(
    name="record-run",
    cache_policy=NO_CACHE,
    retries=3,
    retry_delay_seconds=5,
    retry_condition_fn=transient_store_error,
)
def record_run(dest: str, run: pl.DataFrame, settings: Settings) -> None:
    """A task of its own: the row is written after the run's work, even when that failed."""
    open_lake(dest, settings).append_run(run)


@task(name="record-backfill", cache_policy=NO_CACHE, retries=3, retry_delay_seconds=5)
def record_backfill(
    summary: BackfillSummary,
    parameters: dict[str, object],
    error: str | None,
    settings: Settings,
) -> BackfillSummary:
    """The backfill's own `_runs` row (flow `backfill`) and its `backfill-summary` artifact,
    a row per partition; returns the summary with the failed children's run ids filled in."""
    lake = open_lake(summary.dest, settings)
    runs = lake.read_runs()
    summary = summary.with_child_runs(runs)
    lake.append_run(summary.runs_row(runs, parameters, datetime.now(UTC), error))
    counts = summary.counts()
    create_markdown_artifact(
        key="backfill-summary",
        markdown=summary.markdown(runs),
        description=f"xxgk backfill of {counts['partitions']} partitions: "
        f"{counts['completed']} completed, {counts['failed']} failed, "
        f"{counts['skipped']} skipped",
    )
    return summary
