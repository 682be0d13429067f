"""Child server processes for tests: started in their own group, stopped for sure."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import IO

from flows.process_ties import die_with_this_process

_log = logging.getLogger(__name__)
LOG_TAIL_LINES = 60


def start_in_group(
    command: list[str], cwd: Path, log: IO[bytes], env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """A server in a process group of its own (so `stop` ends all of it), output to `log`,
    killed by the kernel if this Python process dies first."""
    return subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=die_with_this_process(signal.SIGKILL),
    )


def exited(proc: subprocess.Popen[bytes]) -> bool:
    """Whether the process has exited, without reaping it.

    While the exited leader is not reaped its pid (= the process group id) cannot be reused,
    so signalling the group stays safe until ``stop`` reaps it.
    """
    if proc.returncode is not None:
        return True
    try:
        result = os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    except ChildProcessError:
        return True
    return result is not None


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def stop(proc: subprocess.Popen[bytes], *, stop_timeout: float, what: str) -> None:
    """SIGTERM the process group, wait up to ``stop_timeout`` s, SIGKILL it, then reap."""
    pgid = proc.pid  # start_new_session=True: the child leads its own group
    if proc.returncode is None:
        if not exited(proc):
            _signal_group(pgid, signal.SIGTERM)
        deadline = time.monotonic() + stop_timeout
        while not exited(proc) and time.monotonic() < deadline:
            time.sleep(0.05)
        if stop_timeout > 0 and not exited(proc):
            _log.warning("%s still running %g s after SIGTERM: SIGKILL", what, stop_timeout)
        # Also reaches any straggler in the group once the leader is gone (not yet reaped).
        _signal_group(pgid, signal.SIGKILL)
    proc.wait()


def port_clash(log_text: str, markers: tuple[str, ...]) -> bool:
    lowered = log_text.lower()
    return any(marker in lowered for marker in markers)


def log_tail(log_path: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        with log_path.open("rb") as log:
            log.seek(0, os.SEEK_END)
            size = log.tell()
            log.seek(max(0, size - 64 * 1024))
            text = log.read().decode("utf-8", errors="replace")
    except OSError as exc:
        return f"(cannot read {log_path}: {exc})"
    return "\n".join(text.splitlines()[-lines:])
