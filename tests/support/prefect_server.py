"""A real ``prefect server start`` for tests, deployments served by a real process, and triggers.

Production runs flows as deployments on a Prefect server: a long-lived ``serve()`` process polls
the server for scheduled runs and executes each one in a subprocess of its own. The ephemeral
server that ``prefect_test_harness`` starts cannot do that (no schedules, no runners), so these
helpers run the real pieces:

* :func:`prefect_server` starts ``prefect server start`` on 127.0.0.1 and a free port, with its
  own ``PREFECT_HOME`` and SQLite database inside ``workdir``, waits for ``/health`` and stops the
  whole process group afterwards;
* :func:`served` starts a separate Python process that loads a flow from an entrypoint
  (``"flows/ingest.py:ingest"``, relative to the repository root) and calls ``Flow.serve()``, and
  waits until the server has the deployment *and* the runner has polled it;
* :func:`run_and_wait` triggers a deployment the way production does
  (``prefect.deployments.run_deployment``) and returns the final flow run.

Nothing here reads or changes the test process's ``PREFECT_API_URL``: subprocesses get an
environment built from scratch for Prefect (every inherited ``PREFECT_*`` variable is dropped, so
that e.g. the ``PREFECT_HOME`` of tests/conftest.py does not leak in), and the client calls in
this process run inside ``prefect.settings.temporary_settings(PREFECT_API_URL=...)``, which Prefect
3 reads through its settings context each time a client is made.

Prefect behaviour that shaped this module:

* The first start on an empty database runs the migrations (about 12 s here, 6 s when warm).
* A runner polls for scheduled runs every ``PREFECT_RUNNER_POLL_FREQUENCY`` s (default 10): the
  served process gets 1 s unless ``env`` says otherwise, so that a triggered run starts promptly.
  Each run then executes in a fresh Python subprocess of the runner (about 2-3 s of imports).
* ``run_deployment`` polls every 5 s by default; :func:`run_and_wait` polls every 0.5 s. It links
  the run as a subflow when called inside a flow or task; here ``as_subflow=False``.
* ``run_deployment`` is an ``async_dispatch`` function: called from a running event loop it would
  return a coroutine. :func:`run_and_wait` forces the synchronous path.
* On SIGTERM the runner pauses its deployments' schedules (``pause_on_shutdown``) and exits in
  about 2 s (it also prints a harmless ``RuntimeWarning: coroutine 'Runner.astop' was never
  awaited`` to its log). Serving the same deployment again un-pauses it.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect.client.orchestration import get_client
from prefect.client.schemas.objects import FlowRun
from prefect.exceptions import ObjectNotFound
from prefect.settings import PREFECT_API_URL, temporary_settings

from flows.temporary_server import free_port
from tests.support.processes import exited, log_tail, port_clash, start_in_group, stop

__all__ = [
    "REPO_ROOT",
    "PrefectServer",
    "PrefectServerError",
    "find_prefect",
    "prefect_server",
    "run_and_wait",
    "served",
    "served_dir",
]

_log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
_HOST = "127.0.0.1"
_LOG_TAIL_LINES = 60
_PORT_CLASH_MARKERS = ("address already in use", "error while attempting to bind")
_RUN_POLL_INTERVAL = 0.5

# Run by `served` in its own Python process: argv[1] is a JSON spec (see `served`).
_SERVE_SCRIPT = """\
import json, sys
from pathlib import Path

spec = json.loads(sys.argv[1])
from prefect.flows import load_flow_from_entrypoint
from prefect.schedules import Cron

flow = load_flow_from_entrypoint(spec["entrypoint"], use_placeholder_flow=False)
schedules = [Cron(spec["cron"], timezone=spec["timezone"])] if spec["cron"] else None
ready = Path(spec["ready_file"])
ready.with_suffix(".tmp").write_text(json.dumps({"flow_name": flow.name}))
ready.with_suffix(".tmp").replace(ready)
flow.serve(name=spec["deployment_name"], schedules=schedules)
"""


class PrefectServerError(RuntimeError):
    """A Prefect server or served deployment could not be started, reached or used."""


@dataclass(frozen=True)
class PrefectServer:
    """A running ``prefect server start``."""

    api_url: str  # e.g. "http://127.0.0.1:12345/api"
    home: Path  # the server's PREFECT_HOME


def find_prefect() -> Path:
    """The ``prefect`` executable next to the running Python (the venv's bin/)."""
    # Not resolved on purpose: sys.executable is the venv's python, a symlink out of the venv.
    candidate = Path(sys.executable).parent / "prefect"
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return candidate
    raise PrefectServerError(
        f"`prefect` not found next to {sys.executable}; install the dependencies (`uv sync`)"
    )


def prefect_env(**updates: str) -> dict[str, str]:
    """This process's environment without any ``PREFECT_*`` variable, plus ``updates``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(updates)
    return env


@contextmanager
def prefect_server(
    workdir: Path,
    *,
    startup_timeout: float = 120.0,
    stop_timeout: float = 15.0,
    attempts: int = 3,
) -> Iterator[PrefectServer]:
    """Run ``prefect server start`` on 127.0.0.1 for the duration of the ``with`` block.

    ``workdir`` holds ``home/`` (the server's PREFECT_HOME), the SQLite database ``prefect.db``
    and the server's log ``server.log``. The UI and analytics are off. On exit the process group
    gets SIGTERM, then SIGKILL after ``stop_timeout`` seconds.
    """
    prefect = find_prefect()
    workdir = workdir.resolve()
    home = workdir / "home"
    home.mkdir(parents=True, exist_ok=True)
    log_path = workdir / "server.log"
    env = prefect_env(
        PREFECT_HOME=str(home),
        PREFECT_API_DATABASE_CONNECTION_URL=f"sqlite+aiosqlite:///{workdir / 'prefect.db'}",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_UI_ENABLED="false",
        PREFECT_SERVER_DATABASE_MIGRATE_ON_START="true",
        PREFECT_CLI_PROMPT="false",
    )

    for attempt in range(1, attempts + 1):
        port = free_port()
        api_url = f"http://{_HOST}:{port}/api"
        started = time.monotonic()
        with log_path.open("wb") as log:
            proc = start_in_group(
                [str(prefect), "server", "start", "--host", _HOST, "--port", str(port)],
                workdir,
                log,
                env=env,
            )
        try:
            error = _wait_healthy(proc, api_url, log_path, startup_timeout)
        except BaseException:
            stop(proc, stop_timeout=0.0, what="Prefect server")
            raise
        if error is None:
            _log.info(
                "Prefect server ready at %s in %.1f s (log: %s)",
                api_url,
                time.monotonic() - started,
                log_path,
            )
            break
        stop(proc, stop_timeout=0.0, what="Prefect server")
        tail = log_tail(log_path)
        if attempt < attempts and port_clash(tail, _PORT_CLASH_MARKERS):
            _log.warning("Prefect server lost a port race (port %d), retrying", port)
            log_path.replace(workdir / f"server.attempt-{attempt}.log")
            continue
        raise PrefectServerError(
            f"Prefect server did not come up (attempt {attempt}/{attempts}, port {port}): "
            f"{error}\n--- last lines of {log_path} ---\n{tail}"
        )
    else:  # pragma: no cover - the loop either breaks or raises
        raise PrefectServerError("Prefect server did not start")

    try:
        yield PrefectServer(api_url=api_url, home=home)
    finally:
        stopping = time.monotonic()
        stop(proc, stop_timeout=stop_timeout, what="Prefect server")
        _log.info("Prefect server stopped in %.1f s", time.monotonic() - stopping)


@contextmanager
def served(
    flow_entrypoint: str,
    deployment_name: str,
    api_url: str,
    workdir: Path,
    env: dict[str, str] | None = None,
    cron: str | None = None,
    timezone: str | None = None,
    *,
    startup_timeout: float = 60.0,
    stop_timeout: float = 15.0,
) -> Iterator[str]:
    """Serve the flow at ``flow_entrypoint`` as ``deployment_name`` from a separate process.

    ``flow_entrypoint`` is ``"path/to/file.py:flow_function"`` relative to the repository root,
    which is also the process's working directory (so the deployment's entrypoint is the same
    relative path, as in production). The process gets ``PREFECT_API_URL=api_url``, its own
    ``PREFECT_HOME``, ``PREFECT_RUNNER_POLL_FREQUENCY=1`` and then ``env`` (no other inherited
    ``PREFECT_*`` variable). ``cron`` (with an optional IANA ``timezone``) adds a schedule.

    Yields the full deployment name ``"<flow name>/<deployment_name>"`` once the server has the
    deployment and the runner has polled it since this call. Files go to
    :func:`served_dir` (``serve.log``: the runner's output and that of every flow run it
    executes; ``home/``).
    """
    if timezone is not None and cron is None:
        raise ValueError("timezone is only meaningful with cron")
    entry_path = flow_entrypoint.rpartition(":")[0]
    if not entry_path or not (REPO_ROOT / entry_path).is_file():
        raise PrefectServerError(
            f"entrypoint {flow_entrypoint!r} is not 'path/to/file.py:flow' under {REPO_ROOT}"
        )
    folder = served_dir(workdir, deployment_name)
    home = folder / "home"
    home.mkdir(parents=True, exist_ok=True)
    ready_file = folder / "ready.json"
    ready_file.unlink(missing_ok=True)
    log_path = folder / "serve.log"
    spec = {
        "entrypoint": flow_entrypoint,
        "deployment_name": deployment_name,
        "cron": cron,
        "timezone": timezone,
        "ready_file": str(ready_file),
    }
    child_env = prefect_env(
        PREFECT_API_URL=api_url,
        PREFECT_HOME=str(home),
        PREFECT_RUNNER_POLL_FREQUENCY="1",
        PREFECT_CLI_PROMPT="false",
        PYTHONUNBUFFERED="1",
    )
    child_env.update(env or {})

    started_at = datetime.now(UTC)
    started = time.monotonic()
    with log_path.open("ab") as log:
        proc = start_in_group(
            [sys.executable, "-c", _SERVE_SCRIPT, json.dumps(spec)], REPO_ROOT, log, env=child_env
        )
    try:
        full_name = _wait_served(
            proc, ready_file, deployment_name, api_url, started_at, log_path, startup_timeout
        )
        _log.info(
            "deployment %s served in %.1f s (log: %s)",
            full_name,
            time.monotonic() - started,
            log_path,
        )
        yield full_name
    finally:
        stopping = time.monotonic()
        stop(proc, stop_timeout=stop_timeout, what=f"serve({deployment_name})")
        _log.info("serve(%s) stopped in %.1f s", deployment_name, time.monotonic() - stopping)


def served_dir(workdir: Path, deployment_name: str) -> Path:
    """Where :func:`served` keeps ``serve.log`` and ``home/`` for ``deployment_name``."""
    return workdir.resolve() / f"served-{re.sub(r'[^A-Za-z0-9._-]', '_', deployment_name)}"


def run_and_wait(
    deployment_name: str,
    parameters: dict[str, Any],
    api_url: str,
    timeout: float = 300,
    *,
    poll_interval: float = _RUN_POLL_INTERVAL,
) -> FlowRun:
    """Trigger ``deployment_name`` on the server at ``api_url`` and wait for a final state.

    Uses ``prefect.deployments.run_deployment`` as production triggers do, with the client
    pointed at ``api_url`` through ``temporary_settings`` (nothing global is changed). Returns
    the final flow run (``.state_type``, ``.state_name``, ``.state.message``, ``.id``); raises
    ``TimeoutError`` if the run is not final after ``timeout`` seconds.
    """
    from prefect.deployments import run_deployment

    # run_deployment dispatches to its async twin inside a running event loop: force sync.
    force_sync: dict[str, Any] = {"_sync": True}
    with temporary_settings(updates={PREFECT_API_URL: api_url}):
        flow_run = run_deployment(
            name=deployment_name,
            parameters=parameters,
            timeout=timeout,
            poll_interval=poll_interval,
            as_subflow=False,
            **force_sync,
        )
    if not isinstance(flow_run, FlowRun):  # pragma: no cover - guarded by _sync=True
        raise PrefectServerError(f"run_deployment returned {type(flow_run).__name__}")
    if flow_run.state is None or not flow_run.state.is_final():
        raise TimeoutError(
            f"flow run {flow_run.name} ({flow_run.id}) of {deployment_name} not final after "
            f"{timeout:g} s: state {flow_run.state_name!r}"
        )
    return flow_run


def _wait_served(
    proc: subprocess.Popen[bytes],
    ready_file: Path,
    deployment_name: str,
    api_url: str,
    started_at: datetime,
    log_path: Path,
    timeout: float,
) -> str:
    """The full deployment name once it exists and its runner polled it after ``started_at``."""
    deadline = time.monotonic() + timeout
    full_name: str | None = None
    last = "the served process has not loaded the flow yet"
    with (
        temporary_settings(updates={PREFECT_API_URL: api_url}),
        get_client(sync_client=True) as client,
    ):
        while True:
            if exited(proc):
                raise PrefectServerError(
                    f"serve({deployment_name}) exited early with status {proc.poll()}\n"
                    f"--- last lines of {log_path} ---\n{log_tail(log_path)}"
                )
            if full_name is None and ready_file.is_file():
                flow_name = json.loads(ready_file.read_text("utf-8"))["flow_name"]
                full_name = f"{flow_name}/{deployment_name}"
                last = f"deployment {full_name} not on the server yet"
            if full_name is not None:
                try:
                    deployment = client.read_deployment_by_name(full_name)
                except ObjectNotFound:
                    pass
                else:
                    polled = deployment.last_polled
                    if polled is not None and polled >= started_at:
                        return full_name
                    last = f"deployment {full_name} exists, not polled since {started_at}"
            if time.monotonic() > deadline:
                raise PrefectServerError(
                    f"serve({deployment_name}) not ready after {timeout:g} s: {last}\n"
                    f"--- last lines of {log_path} ---\n{log_tail(log_path)}"
                )
            time.sleep(0.2)


def _wait_healthy(
    proc: subprocess.Popen[bytes], api_url: str, log_path: Path, timeout: float
) -> str | None:
    """None once ``GET {api_url}/health`` answers 200; else why not."""
    deadline = time.monotonic() + timeout
    last_error = "no attempt yet"
    while True:
        if exited(proc):
            return f"prefect server exited early with status {proc.poll()}"
        try:
            with urllib.request.urlopen(f"{api_url}/health", timeout=2.0) as response:
                if response.status == 200:
                    return None
                last_error = f"HTTP {response.status}"
        except (urllib.error.URLError, OSError) as exc:
            last_error = f"{type(exc).__name__}: {exc}"
        if time.monotonic() > deadline:
            return f"/health not OK after {timeout:g} s; last error: {last_error}"
        time.sleep(0.2)
