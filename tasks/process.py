"""Process: a batch fetched, parsed, validated and staged in the lake, as one Prefect task run."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from tasks.retry import transient_store_error
from xxgk.lake import StagedBatch
from xxgk.objects import RunContext, SourceObject
from xxgk.pipeline import stage_batch
from xxgk.settings import Settings


@task(
    name="process-batch",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=10,
    retry_condition_fn=transient_store_error,
)
def process(
    source: str, dest: str, objects: list[SourceObject], run: RunContext, settings: Settings
) -> StagedBatch:
    """A task for what Prefect adds to `stage_batch`: retries after a transient store error,
    and a run on the flow's task runner (threads, processes or Dask), in parallel."""
    return stage_batch(source, dest, objects, run, settings)
