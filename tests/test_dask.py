"""Scale-out: the per-batch work on a Dask LocalCluster of two worker processes gives exactly
the lake the default thread runner gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from flows.ingest import ingest
from flows.runners import task_runner_for
from tests.conftest import seed_paths
from tests.support.lake import lake_rows
from xxgk.settings import Settings

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]


def test_dask_local_cluster_writes_the_same_lake(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in seed_paths():
        shutil.copy(path, raw / path.name)
    on_threads = ingest(source=str(raw), dest=str(tmp_path / "threads"), batch_size=2)
    monkeypatch.setenv("XXGK_TASK_RUNNER", "dask")
    monkeypatch.setenv("XXGK_DASK_WORKERS", "2")
    assert type(task_runner_for(Settings())).__name__ == "DaskTaskRunner"
    on_dask = ingest(source=str(raw), dest=str(tmp_path / "dask"), batch_size=2)
    assert on_dask.batches == on_threads.batches == 3
    assert dict(on_dask.outcomes) == dict(on_threads.outcomes) == {"valid": 4, "quarantined": 1}
    assert lake_rows(tmp_path / "dask") == lake_rows(tmp_path / "threads")
