"""Compact: merge the small files of the partitions a run committed to (after its commits)."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from tasks.retry import transient_store_error
from xxgk.compaction import compact_partitions
from xxgk.lake import open_lake
from xxgk.settings import Settings


@task(
    name="compact-partitions",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=5,
    retry_condition_fn=transient_store_error,
)
def compact(dest: str, partitions: set[str], settings: Settings) -> None:
    """Each partition is compacted under the lake's lock, one merge at a time, so concurrent
    runs' commits interleave with it; a retry after a failure rolls the merge forward."""
    logger = get_run_logger()
    for done in compact_partitions(open_lake(dest, settings), partitions):
        if done.skipped:
            logger.info("%s: a commit is half-applied there; not compacted", done.partition)
        elif done.changed:
            logger.info(
                "%s: compacted %d files into %d",
                done.partition,
                done.files_before,
                done.files_after,
            )
