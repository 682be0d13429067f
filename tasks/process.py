"""Process: fetch a batch, parse and validate it, stage its Parquet files in the lake."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from tasks.retry import transient_store_error
from xxgk import PARSER_VERSION
from xxgk.batch import process_batch
from xxgk.fetch import fetch_all
from xxgk.lake import StagedBatch, commit_id_for, open_lake
from xxgk.objects import RunContext, SourceObject
from xxgk.settings import Settings
from xxgk.storage.objects import open_store


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
    """Everything heavy happens here, in parallel across batches; only a manifest returns."""
    store = open_store(source, settings)
    result = process_batch(
        fetch_all(store, objects, settings.fetch_concurrency),
        run,
        settings.parse_time_limit_seconds,
    )
    commit_id = commit_id_for(((o.uri, o.etag) for o in objects), PARSER_VERSION)
    return open_lake(dest, settings).stage_batch(run.run_id, commit_id, result)
