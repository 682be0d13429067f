"""Backfill partitions: which are done, and running one as its own child flow run."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import FlowRun
from prefect.deployments import run_deployment

from xxgk.lake import open_lake
from xxgk.partitions import Partition, completion_record, not_done
from xxgk.settings import Settings


@task(name="pending-partitions", cache_policy=NO_CACHE)
def pending_partitions(
    dest: str, partitions: list[Partition], settings: Settings, force: bool
) -> list[Partition]:
    """The partitions not completed yet at this parser version (all of them with `force`)."""
    pending = not_done(partitions, open_lake(dest, settings).done_partitions(), force)
    get_run_logger().info(
        "%d partitions: %d done before, %d to run",
        len(partitions),
        len(partitions) - len(pending),
        len(pending),
    )
    return pending


@task(name="run-partition", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=30)
def run_partition(
    partition: Partition,
    dest: str,
    settings: Settings,
    batch_size: int | None,
    reprocess: bool,
    deployment: str | None,
) -> dict[str, object]:
    """One partition as one child flow run (a subflow here, or a run of the `ingest`
    deployment on the work pool), then its completion marker."""
    parameters: dict[str, object] = {
        "source": partition.source,
        "dest": dest,
        "batch_size": batch_size,
        "reprocess": reprocess,
        "shard_index": partition.shard_index,
        "shard_count": partition.shard_count,
    }
    if deployment:
        child = run_deployment(name=deployment, parameters=parameters, as_subflow=True)
        assert isinstance(child, FlowRun)  # the sync form, called from a sync task
        state = child.state
        if state is None or not state.is_completed():
            raise RuntimeError(f"partition {partition.label()}: child run {child.id} ended {state}")
        run_id = str(child.id)
    else:
        from flows.ingest import ingest

        child_flow = ingest.with_options(flow_run_name=f"ingest {partition.label()}")
        run_id = child_flow(
            source=partition.source,
            dest=dest,
            batch_size=batch_size,
            reprocess=reprocess,
            shard_index=partition.shard_index,
            shard_count=partition.shard_count,
        ).run_id
    record = completion_record(partition, run_id)
    open_lake(dest, settings).mark_partition_done(partition.id, record)
    return record
