"""Publish: commit a staged batch into the lake (one commit at a time, in the flow's order)."""

from __future__ import annotations

import polars as pl
from prefect import task
from prefect.cache_policies import NO_CACHE

from tasks.retry import transient_store_error
from xxgk.lake import LakeIndex, StagedBatch, open_lake
from xxgk.settings import Settings


@task(
    name="publish-batch",
    cache_policy=NO_CACHE,
    retries=3,
    retry_delay_seconds=5,
    retry_condition_fn=transient_store_error,
)
def publish(dest: str, staged: StagedBatch, index: LakeIndex, settings: Settings) -> None:
    """Called directly (not submitted) by the flow: it runs in the flow's own process, where
    the run's lake index lives, whatever task runner does the processing."""
    open_lake(dest, settings).commit(staged, index)


@task(
    name="record-run",
    cache_policy=NO_CACHE,
    retries=3,
    retry_delay_seconds=5,
    retry_condition_fn=transient_store_error,
)
def record_run(dest: str, run: pl.DataFrame, settings: Settings) -> None:
    """Append the run's `_runs` row, whether it succeeded or not."""
    open_lake(dest, settings).append_run(run)


@task(
    name="snapshot-index",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=5,
    retry_condition_fn=transient_store_error,
)
def snapshot_index(dest: str, index: LakeIndex, settings: Settings) -> None:
    """After a run that committed something: the next run starts from this one file."""
    open_lake(dest, settings).snapshot_index(index)
