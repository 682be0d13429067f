"""tests/support/prefect_server.py: a real Prefect server, a served deployment, real triggers."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.objects import StateType
from prefect.client.schemas.schedules import CronSchedule
from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

from tests.support.prefect_server import (
    PrefectServer,
    prefect_server,
    run_and_wait,
    served,
    served_dir,
)

pytestmark = pytest.mark.prefect

DEMO = "tests/support/demo_flow.py:demo"
DEPLOYMENT = "support-test"


@dataclass(frozen=True)
class Served:
    name: str  # "demo/support-test"
    log: Path  # the served process's output, including that of each run it executes


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrefectServer]:
    """A real `prefect server start` for this module (not the test harness's server)."""
    with prefect_server(tmp_path_factory.mktemp("prefect-server")) as running:
        yield running


@pytest.fixture(scope="module")
def demo_deployment(
    server: PrefectServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    """The demo flow served by its own process, for this module."""
    workdir = tmp_path_factory.mktemp("served")
    with served(DEMO, DEPLOYMENT, server.api_url, workdir) as name:
        yield Served(name=name, log=served_dir(workdir, DEPLOYMENT) / "serve.log")


def test_served_deployment_runs_in_the_served_process(
    server: PrefectServer, demo_deployment: Served, tmp_path: Path
) -> None:
    assert demo_deployment.name == "demo/support-test"
    # The client is pointed at the server per call, not through this process's environment.
    assert "PREFECT_API_URL" not in os.environ

    outputs = [tmp_path / "first.txt", tmp_path / "second" / "out.txt"]
    runs = []
    for number, path in enumerate(outputs, start=1):
        started = time.monotonic()
        run = run_and_wait(
            demo_deployment.name,
            {"path": str(path), "text": f"run {number} 你好"},
            server.api_url,
        )
        print(f"run {number}: {run.state_name} in {time.monotonic() - started:.1f} s")
        runs.append(run)

    assert [run.state_type for run in runs] == [StateType.COMPLETED, StateType.COMPLETED]
    assert len({run.id for run in runs}) == 2
    assert [p.read_text("utf-8") for p in outputs] == ["run 1 你好", "run 2 你好"]

    # The runs are on that server, from the deployment, and the served process executed them
    # (the runner does not record infrastructure_pid: its log names each run it began).
    served_log = demo_deployment.log.read_text("utf-8", errors="replace")
    with (
        temporary_settings(updates={PREFECT_API_URL: server.api_url}),
        get_client(sync_client=True) as client,
    ):
        deployment = client.read_deployment_by_name(demo_deployment.name)
        for run in runs:
            stored = client.read_flow_run(run.id)
            assert stored.state_type is StateType.COMPLETED
            assert stored.deployment_id == deployment.id
            assert f"Beginning flow run '{run.name}' for flow 'demo'" in served_log


def test_failing_run_ends_failed(
    server: PrefectServer, demo_deployment: Served, tmp_path: Path
) -> None:
    path = tmp_path / "never.txt"
    run = run_and_wait(
        demo_deployment.name, {"path": str(path), "text": "x", "fail": True}, server.api_url
    )
    assert run.state_type is StateType.FAILED
    assert run.state is not None
    assert "DemoFlowError" in (run.state.message or "")
    assert not path.exists()
    served_log = demo_deployment.log.read_text("utf-8", errors="replace")
    assert f"Beginning flow run '{run.name}' for flow 'demo'" in served_log


def test_served_with_cron_schedule(server: PrefectServer, tmp_path: Path) -> None:
    before = get_current_settings().api.url  # the session's harness may have set one
    with served(
        DEMO, "support-cron", server.api_url, tmp_path, cron="0 3 * * *", timezone="Asia/Shanghai"
    ) as name:
        with (
            temporary_settings(updates={PREFECT_API_URL: server.api_url}),
            get_client(sync_client=True) as client,
        ):
            deployment = client.read_deployment_by_name(name)
        assert name == "demo/support-cron"
        schedules = [s.schedule for s in deployment.schedules]
        assert all(isinstance(s, CronSchedule) for s in schedules), schedules
        assert [(s.cron, s.timezone) for s in schedules if isinstance(s, CronSchedule)] == [
            ("0 3 * * *", "Asia/Shanghai")
        ]
        assert deployment.paused is False
    # Settings changed only inside the `with` blocks above.
    assert get_current_settings().api.url == before
