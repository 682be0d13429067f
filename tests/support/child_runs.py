"""A backfill partition's child run as a process of its own, for crash trials that SIGKILL it.

In production a backfill's child runs are runs of the `ingest` deployment on a work pool, one
process each, started once more if one did not complete (`run-partition`'s retry). Here each is
a process forked from a fork server that has imported the pipeline once (a child then starts in
milliseconds, not after 1.6 s of imports), running `xxgk.pipeline.ingest_in_threads`. `watch`
is called with each child just started, before it is waited for: a test kills it from there.
"""

from __future__ import annotations

import multiprocessing
import os
import posixpath
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from pathlib import Path

from xxgk.partitions import Partition
from xxgk.pipeline import ingest_in_threads
from xxgk.settings import Settings

#: Imported by the fork server before it forks any child (pandera imports its polars backend
#: on first use: 0.3 s per child otherwise).
_PRELOAD = [__name__, "pandera.backends.polars.register", "pandera.backends.polars.builtin_checks"]

Watch = Callable[[Partition, int, BaseProcess], None]


class ChildRuns:
    """`child_run` for `xxgk.backfill.complete_partition`: the partition ingested by a child
    process, started again up to `retries` times while it exits other than 0; each child's
    output goes to a file in `logs`."""

    def __init__(
        self,
        dest: str,
        batch_size: int,
        retries: int = 1,
        watch: Watch | None = None,
        logs: Path | None = None,
    ) -> None:
        self.dest, self.batch_size, self.retries = dest, batch_size, retries
        self.watch, self.logs = watch, logs

    def __call__(self, partition: Partition) -> str:
        """The completed child's name and pid (its run id); raises if no attempt completed."""
        if partition.shard_count is not None:
            raise NotImplementedError("a child run here ingests a whole prefix, not a shard")
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)  # before the server starts; ignored after
        for attempt in range(1 + self.retries):
            name = f"{posixpath.basename(partition.source)}-{partition.id[:8]}-{attempt}"
            log = str(self.logs / f"{name}.log") if self.logs else None
            args = (partition.source, self.dest, self.batch_size, log)
            child = context.Process(target=_child, args=args, name=name)
            child.start()
            try:
                if self.watch is not None:
                    self.watch(partition, attempt, child)
            finally:
                child.join()
            exit_code, run_id = child.exitcode, f"{name} pid {child.pid}"
            child.close()
            if exit_code == 0:
                return run_id
        raise RuntimeError(f"{partition.label()}: no child run completed")


def _child(source: str, dest: str, batch_size: int, log: str | None) -> None:
    """The child run, in its own process (exit code 0 when it completed)."""
    if log is not None:
        with Path(log).open("ab") as out:
            os.dup2(out.fileno(), 1)
            os.dup2(out.fileno(), 2)
    ingest_in_threads(source, dest, batch_size, Settings())
