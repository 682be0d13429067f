"""Which task runner does the per-batch work: threads, Prefect's process pool, or Dask; by
default (`auto`) chosen per run from how much work the listing shows."""

from __future__ import annotations

import os
from typing import Any

from prefect.context import FlowRunContext
from prefect.settings import PREFECT_API_URL
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

from flows.process_ties import exit_when_orphaned
from xxgk.pipeline import Workload
from xxgk.settings import Settings

#: `auto` takes the process pool for a run of more batches than this many per worker: below
#: it, starting the workers (each imports Prefect and the parser: ~3 s of CPU) costs more than
#: the cores they add save (measured in docs/benchmarks.md).
AUTO_BATCHES_PER_WORKER = 3


def runner_kind(settings: Settings, workload: Workload) -> str:
    """The runner `XXGK_TASK_RUNNER` names; for `auto`, threads for a run of a few batches
    (`AUTO_BATCHES_PER_WORKER` per worker at most), else the process pool."""
    if settings.task_runner != "auto":
        return settings.task_runner
    small = workload.complete or settings.process_concurrency == 1
    return "threads" if small else "processes"


def look_ahead(settings: Settings) -> int:
    """How many batches the run lists before it chooses: one more than `auto` runs on threads."""
    return AUTO_BATCHES_PER_WORKER * settings.process_concurrency + 1


def task_runner_for(settings: Settings, kind: str | None = None) -> TaskRunner[Any]:
    """`threads` (one process), `processes` (Prefect's process pool: every core of one machine
    parses) or `dask`: an existing scheduler at `XXGK_DASK_ADDRESS`, else a LocalCluster of
    `XXGK_DASK_WORKERS` worker processes; `kind` or else `XXGK_TASK_RUNNER` (`auto`: threads
    here, where no workload is known)."""
    kind = kind or settings.task_runner
    if kind in ("threads", "auto"):
        return ThreadPoolTaskRunner(max_workers=settings.process_concurrency)
    if kind == "processes":
        return ProcessPoolTaskRunner(
            max_workers=settings.process_concurrency,
            initializer=_start_worker,
            initargs=(api_url_for_workers(), os.getpid()),
        )
    from prefect_dask.task_runners import DaskTaskRunner

    if settings.dask_address:
        return DaskTaskRunner(address=settings.dask_address)
    api_url = api_url_for_workers()
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": settings.dask_workers,
            "threads_per_worker": 1,
            "processes": True,
            "env": {"PREFECT_API_URL": api_url} if api_url else {},
        }
    )


def _start_worker(api_url: str | None, flow_pid: int) -> None:
    """Runs first in each pool process (spawned: it inherits no settings context). An idle
    pool process outlives a flow process killed with SIGKILL, so it watches for that."""
    if api_url:
        os.environ["PREFECT_API_URL"] = api_url
    exit_when_orphaned(flow_pid)


def api_url_for_workers() -> str | None:
    """The API this flow run reports to, for the local workers to report to as well: without
    it, each worker process would start a temporary Prefect server of its own (~10 s)."""
    configured = PREFECT_API_URL.value()
    if configured:
        return str(configured)
    context = FlowRunContext.get()
    return str(context.client.api_url) if context else None
