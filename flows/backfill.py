"""The `backfill` flow: `xxgk.backfill.BackfillRun` with each partition's child ingest run (a
subflow, or a run of a deployment) as a `run-partition` task, a few at a time, each retried
on its own; partitions already complete are skipped on a re-run."""

# No `from __future__ import annotations`: a served deployment runs the flow pickled by value,
# and pydantic resolves the parameters' annotations (Location, Years) from the function alone.

import uuid
from typing import Annotated

from prefect import flow, get_run_logger, runtime, tags, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import FlowRun
from prefect.deployments import run_deployment
from prefect.futures import PrefectFuture
from prefect.task_runners import ThreadPoolTaskRunner
from pydantic import Field

from flows.ingest import ingest
from flows.progress import batch_progress
from flows.settings import load_settings
from tasks.record_run import record_backfill
from xxgk.backfill import BackfillRun, complete_partition
from xxgk.flow_parameters import Location, Years, as_years
from xxgk.partitions import Partition, plan_partitions
from xxgk.settings import Settings


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
    backfill_run = BackfillRun(source, dest, settings, run_id=run_id, force=force, logger=logger)
    parameters: dict[str, object] = {
        "source": source, "dest": dest, "years": as_years(years), "prefixes": prefixes,
        "shards": shards, "concurrency": concurrency, "batch_size": batch_size,
        "reprocess": reprocess, "force": force, "deployment": deployment,
    }  # fmt: skip
    error: str | None = None
    try:
        pending = backfill_run.pending(plan_partitions(source, as_years(years), prefixes, shards))
        runner = ThreadPoolTaskRunner(max_workers=concurrency)  # type: ignore[var-annotated]
        with runner, batch_progress(progress, len(pending), label="backfill") as progress_bar:

            def submit(partition: Partition) -> PrefectFuture[dict[str, object]]:
                return runner.submit(run_partition, parameters={
                    "partition": partition, "name": backfill_run.names[partition],
                    "dest": dest, "settings": settings, "batch_size": batch_size,
                    "reprocess": reprocess, "deployment": deployment, "backfill_run_id": run_id,
                })  # fmt: skip

            counts = backfill_run(pending, submit, progress_bar)
    except BaseException as failure:
        error = f"{type(failure).__name__}: {failure}"
        raise
    finally:
        try:
            record_backfill(backfill_run.summary, parameters, error, settings)
        except Exception as failure:
            if error is None:
                raise
            logger.error("could not record the failed backfill in %s: %s", dest, failure)
    return counts


#: Every run a backfill starts carries these tags (plus its partition and its parent's id).
BACKFILL_TAGS = ("xxgk", "backfill")


def child_tags(name: str, backfill_run_id: str) -> list[str]:
    """The tags of a partition's child run: find every run of one backfill, or of one year."""
    return [*BACKFILL_TAGS, name, f"backfill-run={backfill_run_id}"]


@task(name="run-partition", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=30)
def run_partition(
    partition: Partition,
    name: str,
    dest: str,
    settings: Settings,
    batch_size: int | None,
    reprocess: bool,
    deployment: str | None,
    backfill_run_id: str,
) -> dict[str, object]:
    """One partition as one child flow run named `ingest {name}` (a subflow here, or a run of
    the `ingest` deployment on the work pool), then its completion marker; a task for its
    retry (a child run that did not complete is started once more)."""
    parameters: dict[str, object] = {
        "source": partition.source,
        "dest": dest,
        "batch_size": batch_size,
        "reprocess": reprocess,
        "shard_index": partition.shard_index,
        "shard_count": partition.shard_count,
        "partition": name,
    }
    run_name, run_tags = f"ingest {name}", child_tags(name, backfill_run_id)

    def child_run(partition: Partition) -> str:
        if deployment:
            return _deployment_run(deployment, parameters, run_name, run_tags, name)
        with tags(*run_tags):
            final = ingest.with_options(flow_run_name=run_name)(
                source=partition.source,
                dest=dest,
                batch_size=batch_size,
                reprocess=reprocess,
                shard_index=partition.shard_index,
                shard_count=partition.shard_count,
                partition=name,
                return_state=True,
            )
        run_id = str(final.state_details.flow_run_id)
        if not final.is_completed():
            raise RuntimeError(f"partition {name}: child run {run_id} ended {final}")
        return run_id

    return complete_partition(partition, dest, settings, child_run)


def _deployment_run(
    deployment: str, parameters: dict[str, object], run_name: str, run_tags: list[str], name: str
) -> str:
    """A run of `deployment` on its work pool, waited for; its id once it completed."""
    child = run_deployment(
        name=deployment,
        parameters=parameters,
        flow_run_name=run_name,
        tags=run_tags,
        as_subflow=True,
    )
    assert isinstance(child, FlowRun)  # the sync form, called from a sync task
    run_id, state = str(child.id), child.state
    if state is None or not state.is_completed():
        raise RuntimeError(f"partition {name}: child run {run_id} ended {state}")
    return run_id
