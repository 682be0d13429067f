"""Prefect's temporary server for a run without `PREFECT_API_URL`, tied to this process's life.

Prefect starts the same server by itself when no API is configured, but stops it only from an
`atexit` hook: a run killed with SIGKILL (or ended by an unhandled SIGTERM, which skips atexit)
leaves it running for good, ~250 MiB and a port each. Started here, the kernel sends it SIGTERM
when this process dies, however it dies (Linux `PR_SET_PDEATHSIG`; elsewhere atexit as before).

Its address is set as `PREFECT_API_URL` in the environment and Prefect's global settings are
refreshed from it: threads Prefect starts outside a settings context (the process pool's message
forwarding, say) read the global settings, so a setting made only in a context would send them
to a second temporary server of Prefect's own.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import prefect
from prefect.context import refresh_global_settings_context
from prefect.events.worker import EventsWorker
from prefect.logging.handlers import APILogWorker
from prefect.settings import PREFECT_API_URL, get_current_settings

from flows.process_ties import die_with_this_process

#: What Prefect's own temporary server is started with (no UI; ephemeral-mode services).
_SERVER_ENV = {
    "PREFECT_UI_ENABLED": "0",
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
}
_STOP_TIMEOUT_SECONDS = 10
_DRAIN_TIMEOUT_SECONDS = 30
_START_ATTEMPTS = 3  # a new port each time another process took the free one first


class TemporaryServerError(RuntimeError):
    """The temporary Prefect server did not start."""


@contextlib.contextmanager
def prefect_api_for_this_run() -> Iterator[None]:
    """The configured Prefect API if there is one (environment, profile); else a temporary
    server for this process, stopped on the way out and killed by the kernel if the process
    dies first."""
    if PREFECT_API_URL.value():
        yield
        return
    process, url = _start()
    os.environ["PREFECT_API_URL"] = url
    refresh_global_settings_context()
    try:
        yield
    finally:
        try:
            _drain_to(process)
        finally:
            del os.environ["PREFECT_API_URL"]
            refresh_global_settings_context()
            _stop(process)


def _start() -> tuple[subprocess.Popen[bytes], str]:
    settings = get_current_settings()
    timeout = settings.server.ephemeral.startup_timeout_seconds
    env = {**os.environ, **_SERVER_ENV, **settings.to_environment_variables(exclude_unset=True)}
    for _ in range(_START_ATTEMPTS):
        port = free_port()
        process = subprocess.Popen(
            _server_command(port),
            env=env,
            stdin=subprocess.DEVNULL,
            preexec_fn=die_with_this_process(),
        )
        url = f"http://127.0.0.1:{port}/api"
        if _wait_healthy(process, url, timeout):
            return process, url
        if process.poll() is None:  # still starting after the whole timeout
            _stop(process)
            raise TemporaryServerError(
                f"the temporary Prefect server on port {port} was not healthy after {timeout} s "
                "(raise PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, or set PREFECT_API_URL)"
            )
    raise TemporaryServerError(
        f"the temporary Prefect server exited with code {process.returncode} "
        f"{_START_ATTEMPTS} times; set PREFECT_API_URL to run against a Prefect server"
    )


def _server_command(port: int) -> list[str]:
    return [
        sys.executable, "-m", "uvicorn",
        "--app-dir", str(Path(prefect.__file__).parent.parent),
        "--factory", "prefect.server.api.server:create_app",
        "--host", "127.0.0.1", "--port", str(port),
        "--log-level", "error", "--lifespan", "on",
    ]  # fmt: skip


def free_port() -> int:
    """A TCP port on 127.0.0.1 free at the moment of asking (a race: callers retry)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_healthy(process: subprocess.Popen[bytes], url: str, timeout: float) -> bool:
    """True once `/health` answers; False if the process exits first or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    return False


def _drain_to(process: subprocess.Popen[bytes]) -> None:
    """Send the logs and events still queued while the server is there to take them (else
    Prefect's workers retry against a stopped server at exit, and report it)."""
    if process.poll() is None:
        APILogWorker.drain_all(timeout=_DRAIN_TIMEOUT_SECONDS)
        EventsWorker.drain_all(timeout=_DRAIN_TIMEOUT_SECONDS)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=_STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
    process.wait()
