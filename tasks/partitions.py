"""Backfill partitions: which are done, running one as its own named and tagged child flow run,
and the backfill's summary (its `_runs` row and artifact)."""

from __future__ import annotations

from datetime import UTC, datetime

from prefect import get_run_logger, tags, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import FlowRun
from prefect.deployments import run_deployment

from xxgk.backfill_report import BackfillSummary
from xxgk.lake import open_lake
from xxgk.partitions import Partition, completion_record, not_done
from xxgk.settings import Settings

#: Every run a backfill starts carries these tags (plus its partition and its parent's id).
BACKFILL_TAGS = ("xxgk", "backfill")


def child_tags(name: str, backfill_run_id: str) -> list[str]:
    """The tags of a partition's child run: find every run of one backfill, or of one year."""
    return [*BACKFILL_TAGS, name, f"backfill-run={backfill_run_id}"]


@task(name="pending-partitions", cache_policy=NO_CACHE)
def pending_partitions(
    dest: str, partitions: list[Partition], settings: Settings, force: bool
) -> tuple[list[Partition], dict[str, dict[str, object]]]:
    """The partitions not completed yet at this parser version (all of them with `force`),
    and the completion markers of those that were."""
    done = open_lake(dest, settings).done_partitions()
    pending = not_done(partitions, done, force)
    get_run_logger().info(
        "%d partitions: %d done before, %d to run",
        len(partitions),
        len(partitions) - len(pending),
        len(pending),
    )
    return pending, done


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
    the `ingest` deployment on the work pool), then its completion marker."""
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
    if deployment:
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
    else:
        from flows.ingest import ingest

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
    record = completion_record(partition, run_id)
    open_lake(dest, settings).mark_partition_done(partition.id, record)
    return record


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
