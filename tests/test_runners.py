"""Scale-out: the per-batch work on Prefect's process pool or on a Dask LocalCluster, two
worker processes each, gives exactly the lake the default thread runner gives, and the
workers report to the flow's own Prefect API."""

from __future__ import annotations

import shutil
from pathlib import Path
from uuid import UUID

import pytest
from prefect import flow
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.settings import PREFECT_API_URL, temporary_settings

from flows.ingest import ingest
from flows.runners import api_url_for_workers, task_runner_for
from tests.conftest import seed_paths
from tests.support.lake import lake_rows
from xxgk.settings import Settings

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]


@pytest.mark.parametrize(
    ("runner", "runner_class"),
    [("processes", "ProcessPoolTaskRunner"), ("dask", "DaskTaskRunner")],
)
def test_worker_processes_write_the_same_lake(
    runner: str, runner_class: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in seed_paths():
        shutil.copy(path, raw / path.name)
    on_threads = ingest(source=str(raw), dest=str(tmp_path / "threads"), batch_size=2)
    monkeypatch.setenv("XXGK_TASK_RUNNER", runner)
    monkeypatch.setenv("XXGK_DASK_WORKERS", "2")
    monkeypatch.setenv("XXGK_PROCESS_CONCURRENCY", "2")
    assert type(task_runner_for(Settings())).__name__ == runner_class
    on_workers = ingest(source=str(raw), dest=str(tmp_path / runner), batch_size=2)
    assert on_workers.batches == on_threads.batches == 3
    assert dict(on_workers.outcomes) == dict(on_threads.outcomes) == {"valid": 4, "quarantined": 1}
    assert lake_rows(tmp_path / runner) == lake_rows(tmp_path / "threads")
    # The workers report their task runs to this flow's API, not to servers of their own.
    assert _task_run_names(on_workers.run_id).count("process-batch") == 3


def _task_run_names(flow_run_id: str) -> list[str]:
    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[UUID(flow_run_id)]))
        )
    return [run.name.rsplit("-", 1)[0] for run in runs]


def test_local_workers_get_the_api_of_a_temporary_server() -> None:
    """Without a configured API (the embedded default) the flow's temporary server is the
    workers' API too; otherwise each worker would start a temporary server of its own."""
    harness_api = PREFECT_API_URL.value()

    @flow
    def api_seen_by_the_runner() -> str | None:
        with temporary_settings(restore_defaults={PREFECT_API_URL}):
            assert not PREFECT_API_URL.value()
            return api_url_for_workers()

    assert api_seen_by_the_runner() == f"{harness_api.rstrip('/')}/"


def test_auto_runs_a_large_run_on_the_process_pool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Past 3 batches per worker, `auto` starts the pool: the lake is the one threads write."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for copy in range(2):  # 10 objects in 10 batches: past the 6 that auto runs on threads
        for path in seed_paths():
            shutil.copy(path, raw / f"{copy}-{path.name}")
    monkeypatch.setenv("XXGK_TASK_RUNNER", "threads")
    on_threads = ingest(source=str(raw), dest=str(tmp_path / "threads"), batch_size=1)
    monkeypatch.setenv("XXGK_TASK_RUNNER", "auto")
    monkeypatch.setenv("XXGK_PROCESS_CONCURRENCY", "2")
    caplog.clear()
    on_auto = ingest(source=str(raw), dest=str(tmp_path / "auto"), batch_size=1)
    assert "batches on processes (7 or more batches of new objects)" in caplog.messages
    assert on_auto.batches == on_threads.batches == 10
    assert dict(on_auto.outcomes) == dict(on_threads.outcomes)
    assert lake_rows(tmp_path / "auto") == lake_rows(tmp_path / "threads")
