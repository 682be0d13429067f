"""What a backfill does, without Prefect: one child ingest run per partition not yet complete,
a few at a time, each partition marked complete once its child run completed.

How a child run is started (a subflow, a run of a deployment on a work pool, a process of its
own in the crash trials) and on what it runs is the caller's: it gives `submit`, which runs
`complete_partition` for one partition somewhere and returns its result to come."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from xxgk.backfill_report import (
    COMPLETED,
    FAILED,
    SKIPPED,
    BackfillSummary,
    PartitionOutcome,
    partition_name,
)
from xxgk.lake import open_lake
from xxgk.listing import Logger
from xxgk.partitions import Partition, completion_record, not_done
from xxgk.pipeline import Outcome, Progress
from xxgk.settings import Settings

_LOGGER = logging.getLogger(__name__)

#: Starts one partition's `complete_partition` somewhere; its completion marker to come.
SubmitPartition = Callable[[Partition], Outcome[dict[str, object]]]


def complete_partition(
    partition: Partition, dest: str, settings: Settings, child_run: Callable[[Partition], str]
) -> dict[str, object]:
    """The partition's child run (`child_run` runs it and returns its run id, or raises if
    it did not complete), then the partition's completion marker, which it returns: a
    partition is marked only once every object of it is in the lake."""
    record = completion_record(partition, child_run(partition))
    open_lake(dest, settings).mark_partition_done(partition.id, record)
    return record


class BackfillRun:
    """One backfill of `source` into the lake at `dest`, partition by partition.

    `summary` is filled in as the backfill goes: a backfill that fails still reports which
    partitions completed."""

    def __init__(
        self,
        source: str,
        dest: str,
        settings: Settings,
        *,
        run_id: str,
        force: bool = False,
        logger: Logger = _LOGGER,
    ) -> None:
        self.source, self.dest, self.settings, self.force = source, dest, settings, force
        self.logger = logger
        self.names: dict[Partition, str] = {}
        self.summary = BackfillSummary(run_id, source, dest, datetime.now(UTC))

    def pending(self, partitions: list[Partition]) -> list[Partition]:
        """The partitions not completed yet at this parser version (all of them with
        `force`); the others go in the summary as skipped, with the run that completed them."""
        self.names = {p: partition_name(p, self.source) for p in partitions}
        done = open_lake(self.dest, self.settings).done_partitions()
        pending = not_done(partitions, done, self.force)
        self.summary.outcomes = [
            PartitionOutcome(self.names[p], SKIPPED, str(done[p.id].get("run_id")))
            for p in partitions
            if p not in pending
        ]
        self.logger.info(
            "%d partitions: %d done before, %d to run",
            len(partitions),
            len(partitions) - len(pending),
            len(pending),
        )
        return pending

    def __call__(
        self,
        pending: list[Partition],
        submit: SubmitPartition,
        progress: Progress | None = None,
    ) -> dict[str, int]:
        """Every pending partition through `submit` (all submitted at once: the caller's
        runner bounds how many run together), each tried whatever the others did; the
        counts. Raises once all are done if any partition failed (a re-run retries it)."""
        submitted = [(p, submit(p)) for p in pending]
        for partition, outcome in submitted:
            name = self.names[partition]
            try:
                record = outcome.result()
            except Exception as failure:  # every partition is tried; failures are reported
                self.summary.outcomes.append(PartitionOutcome(name, FAILED, error=str(failure)))
                self.logger.error("partition %s failed: %s", name, failure)
            else:
                self.summary.outcomes.append(
                    PartitionOutcome(name, COMPLETED, str(record["run_id"]))
                )
            if progress is not None:
                progress.advance(1)
        order = {name: index for index, name in enumerate(self.names.values())}
        self.summary.outcomes.sort(key=lambda outcome: order[outcome.name])
        counts = self.summary.counts()
        self.logger.info("backfill: %s", counts)
        if counts["failed"]:
            failed = [o.name for o in self.summary.outcomes if o.state == FAILED]
            raise RuntimeError(f"{len(failed)} partitions failed (re-run to retry them): {failed}")
        return counts
