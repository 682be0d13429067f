"""Which task runner does the per-batch work: threads, Prefect's process pool, or Dask."""

from __future__ import annotations

import os
from typing import Any

from prefect.context import FlowRunContext
from prefect.settings import PREFECT_API_URL
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

from flows.process_ties import exit_when_orphaned
from xxgk.settings import Settings


def task_runner_for(settings: Settings) -> TaskRunner[Any]:
    """`XXGK_TASK_RUNNER=threads` (default, one machine, one process), `processes` (Prefect's
    process pool: every core of one machine parses) or `dask`: an existing scheduler at
    `XXGK_DASK_ADDRESS`, else a LocalCluster of `XXGK_DASK_WORKERS` worker processes."""
    if settings.task_runner == "threads":
        return ThreadPoolTaskRunner(max_workers=settings.process_concurrency)
    if settings.task_runner == "processes":
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
