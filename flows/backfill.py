"""The `backfill` flow: one child ingest run per partition (year, prefix or shard), a few at
a time, each retried on its own; partitions already complete are skipped on a re-run."""

from __future__ import annotations

from prefect import flow, get_run_logger
from prefect.task_runners import ThreadPoolTaskRunner

from flows.progress import batch_progress
from tasks.partitions import pending_partitions, run_partition
from xxgk.partitions import plan_partitions
from xxgk.settings import Settings


@flow(name="backfill", log_prints=False)
def backfill(
    source: str,
    dest: str,
    years: list[int] | None = None,
    prefixes: list[str] | None = None,
    shards: int | None = None,
    concurrency: int = 2,
    batch_size: int | None = None,
    reprocess: bool = False,
    force: bool = False,
    deployment: str | None = None,
    progress: bool = False,
) -> dict[str, int]:
    """Backfill `source` into `dest`, partitioned by `years` (keys under `{source}/{year}/`),
    by `prefixes`, or into `shards` hash shards. At most `concurrency` partitions run at once;
    with `deployment` (e.g. `ingest/ingest`) they run as runs of that deployment on its work
    pool instead of in this process. `force` redoes completed partitions too."""
    settings = Settings()
    logger = get_run_logger()
    partitions = plan_partitions(source, years, prefixes, shards)
    pending = pending_partitions(dest, partitions, settings, force)
    runner = ThreadPoolTaskRunner(max_workers=max(1, concurrency))  # type: ignore[var-annotated]
    failed: list[str] = []
    with runner, batch_progress(progress, len(pending), label="backfill") as progress_bar:
        futures = [
            (p, runner.submit(run_partition, parameters={
                "partition": p, "dest": dest, "settings": settings, "batch_size": batch_size,
                "reprocess": reprocess, "deployment": deployment,
            }))
            for p in pending
        ]  # fmt: skip
        for partition, future in futures:
            try:
                future.result()
            except Exception as error:  # every partition is tried; failures are reported
                failed.append(partition.label())
                logger.error("partition %s failed: %s", partition.label(), error)
            progress_bar.advance(1)
    counts = {
        "partitions": len(partitions),
        "skipped": len(partitions) - len(pending),
        "completed": len(pending) - len(failed),
        "failed": len(failed),
    }
    logger.info("backfill: %s", counts)
    if failed:
        raise RuntimeError(f"{len(failed)} partitions failed (re-run to retry them): {failed}")
    return counts
