"""`xxgk ingest` killed with SIGKILL leaves no process behind: neither the temporary Prefect
server it started nor, on the process pool, its worker processes (each would hold ~250 MiB,
and the server a port, for good)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest

from tests.conftest import ROOT
from tests.support.cli import ingest_command, serverless_env

#: What each runner starts that must die with the run: the server, and the pool's workers.
CHILDREN = {
    "threads": ("prefect.server.api.server:create_app",),
    "processes": ("prefect.server.api.server:create_app", "multiprocessing.spawn"),
}


@pytest.mark.parametrize("runner", sorted(CHILDREN))
def test_a_killed_ingest_leaves_no_process_behind(
    runner: str, seed_folder: Path, tmp_path: Path
) -> None:
    command = ingest_command(seed_folder, tmp_path / "lake", batch_size=1)
    env = serverless_env(tmp_path / "prefect", runner)
    run = subprocess.Popen(
        command, cwd=ROOT, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        children = _wait_for_children(psutil.Process(run.pid), CHILDREN[runner])
        run.kill()  # SIGKILL to the run alone, as `kill -9 PID` does: not to its group
        run.wait()
        _, alive = psutil.wait_procs(children, timeout=20)
        assert not alive, f"still running after the run was killed: {_describe(alive)}"
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(run.pid, signal.SIGKILL)
        run.wait()


def _wait_for_children(run: psutil.Process, markers: tuple[str, ...]) -> list[psutil.Process]:
    """The run's child processes once one for each marker is running (within 180 s)."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert run.is_running() and run.status() != psutil.STATUS_ZOMBIE, "the run ended first"
        children = run.children(recursive=True)
        commands = [" ".join(_cmdline(child)) for child in children]
        if all(any(marker in command for command in commands) for marker in markers):
            return children
        time.sleep(0.1)
    pytest.fail(f"the run never started all of {markers}")


def _cmdline(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except psutil.Error:
        return []


def _describe(processes: list[psutil.Process]) -> str:
    return "; ".join(f"{p.pid}: {' '.join(_cmdline(p))[:120]}" for p in processes)
