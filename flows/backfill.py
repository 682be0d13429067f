"""The `backfill` flow: one child ingest run per partition (year, prefix or shard), a few at
a time, each retried on its own; partitions already complete are skipped on a re-run."""

# No `from __future__ import annotations`: a served deployment runs the flow pickled by value,
# and pydantic resolves the parameters' annotations (Location, Years) from the function alone.

import uuid
from datetime import UTC, datetime
from typing import Annotated

from prefect import flow, get_run_logger, runtime
from prefect.task_runners import ThreadPoolTaskRunner
from pydantic import Field

from flows.progress import batch_progress
from flows.settings import load_settings
from tasks.partitions import pending_partitions, record_backfill, run_partition
from xxgk.backfill_report import (
    COMPLETED,
    FAILED,
    SKIPPED,
    BackfillSummary,
    PartitionOutcome,
    partition_name,
)
from xxgk.flow_parameters import Location, Years, as_years
from xxgk.partitions import plan_partitions


@flow(name="backfill", log_prints=False)
def backfill(
    source: Location,
    dest: Location,
    years: Years = None,
    prefixes: list[str] | None = None,
    shards: Annotated[int, Field(ge=1)] | None = None,
    concurrency: Annotated[int, Field(ge=1)] = 2,
    batch_size: Annotated[int, Field(ge=1)] | None = None,
    reprocess: bool = False,
    force: bool = False,
    deployment: str | None = None,
    progress: bool = False,
) -> dict[str, int]:
    """Backfill `source` into `dest`, one child ingest run per partition.

    Each child run is named `ingest year=2019` (or `prefix=…`, `shard=3/64`) and tagged `xxgk`,
    `backfill`, its partition and `backfill-run=<this run's id>`; the backfill ends with a
    `_runs` row of its own and a `backfill-summary` artifact with a row per partition.

    Args:
        source: Root of the raw reports (folder, file://… or s3://bucket/prefix); years are
            read under SOURCE/YYYY/.
        dest: Root of the lake (folder, file://… or s3://bucket/prefix).
        years: Partition by year: a list, or a range as on the command line (2019-2023 or
            2019,2021).
        prefixes: Partition by these sub-prefixes of the source (instead of years).
        shards: Partition into this many hash shards of the whole source (instead of years).
        concurrency: Partitions running at once.
        batch_size: Reports per task in each child run (default XXGK_BATCH_SIZE).
        reprocess: Re-parse unchanged objects too (after a parser upgrade).
        force: Redo partitions already completed at this parser version.
        deployment: Run each partition as a run of this deployment (e.g. ingest/partition) on
            its work pool, instead of in this process.
        progress: Draw a progress bar on the terminal.
    """
    settings = load_settings()
    logger = get_run_logger()
    run_id = str(runtime.flow_run.id or uuid.uuid4())
    summary = BackfillSummary(run_id, source, dest, datetime.now(UTC))
    parameters: dict[str, object] = {
        "source": source, "dest": dest, "years": as_years(years), "prefixes": prefixes,
        "shards": shards, "concurrency": concurrency, "batch_size": batch_size,
        "reprocess": reprocess, "force": force, "deployment": deployment,
    }  # fmt: skip
    error: str | None = None
    try:
        partitions = plan_partitions(source, as_years(years), prefixes, shards)
        names = {p: partition_name(p, source) for p in partitions}
        pending, done = pending_partitions(dest, partitions, settings, force)
        summary.outcomes = [
            PartitionOutcome(names[p], SKIPPED, str(done[p.id].get("run_id")))
            for p in partitions
            if p not in pending
        ]
        runner = ThreadPoolTaskRunner(max_workers=concurrency)  # type: ignore[var-annotated]
        with runner, batch_progress(progress, len(pending), label="backfill") as progress_bar:
            futures = [
                (p, runner.submit(run_partition, parameters={
                    "partition": p, "name": names[p], "dest": dest, "settings": settings,
                    "batch_size": batch_size, "reprocess": reprocess, "deployment": deployment,
                    "backfill_run_id": run_id,
                }))
                for p in pending
            ]  # fmt: skip
            for partition, future in futures:
                name = names[partition]
                try:
                    record = future.result()
                except Exception as failure:  # every partition is tried; failures are reported
                    summary.outcomes.append(PartitionOutcome(name, FAILED, error=str(failure)))
                    logger.error("partition %s failed: %s", name, failure)
                else:
                    summary.outcomes.append(
                        PartitionOutcome(name, COMPLETED, str(record["run_id"]))
                    )
                progress_bar.advance(1)
        order = {name: index for index, name in enumerate(names.values())}
        summary.outcomes.sort(key=lambda outcome: order[outcome.name])
        counts = summary.counts()
        logger.info("backfill: %s", counts)
        if counts["failed"]:
            failed = [o.name for o in summary.outcomes if o.state == FAILED]
            raise RuntimeError(f"{len(failed)} partitions failed (re-run to retry them): {failed}")
    except BaseException as failure:
        error = f"{type(failure).__name__}: {failure}"
        raise
    finally:
        try:
            record_backfill(summary, parameters, error, settings)
        except Exception as failure:
            if error is None:
                raise
            logger.error("could not record the failed backfill in %s: %s", dest, failure)
    return counts
