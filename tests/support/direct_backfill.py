"""The backfill without Prefect, for crash tests that SIGKILL its child runs many times.

In production a backfill's partitions run as runs of the `ingest` deployment on a work pool:
each child run is a process of its own, which the parent's `run-partition` task waits for,
starts once more if it did not complete (`retries=1`), and only then, the child run having
completed, marks the partition done. This module does the same, with the same functions in
the same order (flows/backfill.py, tasks/partitions.py):

* the partitions: `xxgk.partitions.plan_partitions`;
* the pending ones: `xxgk.partitions.not_done` over `Lake.done_partitions`, as
  `pending_partitions` does;
* each pending partition, at most `concurrency` at once (threads, like the flow's
  `ThreadPoolTaskRunner`): a child *process* running `tests.support.direct_ingest.main` on the
  partition's source (what the `ingest` flow's tasks call, in their order), started again up
  to `retries` times while it exits other than 0, then `Lake.mark_partition_done` with
  `xxgk.partitions.completion_record`, as `run_partition` does.

Child processes are forked from a fork server that has imported the pipeline once, so a child
starts in milliseconds rather than after 1.6 s of imports. `watch` is called in the parent
with each child just started, before the parent waits for it: a test kills it from there.
"""

from __future__ import annotations

import multiprocessing
import os
import posixpath
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.process import BaseProcess
from pathlib import Path

from tests.support import direct_ingest
from xxgk.lake import open_lake
from xxgk.partitions import Partition, completion_record, not_done, plan_partitions
from xxgk.settings import Settings

#: `run-partition`'s retries (tasks/partitions.py): a crashed child run is started once more.
RETRIES = 1

#: Imported by the fork server before it forks any child (pandera imports its polars backend
#: on first use: 0.3 s per child otherwise).
_PRELOAD = [__name__, "pandera.backends.polars.register", "pandera.backends.polars.builtin_checks"]

Watch = Callable[[Partition, int, BaseProcess], None]


def backfill(
    source: str,
    dest: str,
    years: list[int] | None = None,
    prefixes: list[str] | None = None,
    concurrency: int = 2,
    batch_size: int | None = None,
    force: bool = False,
    retries: int = RETRIES,
    watch: Watch | None = None,
    logs: Path | None = None,
) -> dict[str, int]:
    """Backfill `source` into `dest` by years or prefixes; the counts the flow returns (the
    flow then raises if any partition failed; here the caller looks at `failed`). Each child's
    output goes to a file in `logs`."""
    settings = Settings()
    partitions = plan_partitions(source, years, prefixes)
    pending = not_done(partitions, open_lake(dest, settings).done_partitions(), force)
    size = batch_size or settings.batch_size
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        futures = [
            (p, pool.submit(_run_partition, p, dest, settings, size, retries, watch, logs))
            for p in pending
        ]
        failed = [p.label() for p, future in futures if future.result() is None]
    return {
        "partitions": len(partitions),
        "skipped": len(partitions) - len(pending),
        "completed": len(pending) - len(failed),
        "failed": len(failed),
    }


def _run_partition(
    partition: Partition,
    dest: str,
    settings: Settings,
    batch_size: int,
    retries: int,
    watch: Watch | None,
    logs: Path | None,
) -> dict[str, object] | None:
    """One partition's child run (and its retries), then its marker; None if it failed."""
    if partition.shard_count is not None:
        raise NotImplementedError("direct_ingest has no shards")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)  # before the server starts; ignored after
    for attempt in range(1 + retries):
        name = f"{posixpath.basename(partition.source)}-{partition.id[:8]}-{attempt}"
        log = str(logs / f"{name}.log") if logs else None
        child = context.Process(
            target=_child, args=(partition.source, dest, batch_size, log), name=name
        )
        child.start()
        try:
            if watch is not None:
                watch(partition, attempt, child)
        finally:
            child.join()
        exit_code, run_id = child.exitcode, f"{name} pid {child.pid}"
        child.close()
        if exit_code == 0:
            record = completion_record(partition, run_id)
            open_lake(dest, settings).mark_partition_done(partition.id, record)
            return record
    return None


def _child(source: str, dest: str, batch_size: int, log: str | None) -> None:
    """The child run, in its own process (exit code 0 when it completed)."""
    if log is not None:
        with Path(log).open("ab") as out:
            os.dup2(out.fileno(), 1)
            os.dup2(out.fileno(), 2)
    direct_ingest.main(source, dest, batch_size)
