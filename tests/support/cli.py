"""The `xxgk` command line as tests start it in a process of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def ingest_command(source: str | Path, dest: str | Path, batch_size: int) -> list[str]:
    return [
        sys.executable, "-m", "cli", "ingest",
        "--source", str(source), "--dest", str(dest), "--batch-size", str(batch_size),
    ]  # fmt: skip


def serverless_env(prefect_home: Path, task_runner: str) -> dict[str, str]:
    """This environment without `PREFECT_API_URL` (so the command starts its temporary
    server), with a Prefect home of its own and the given task runner."""
    return {
        **{k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"},
        "PREFECT_HOME": str(prefect_home),
        "XXGK_TASK_RUNNER": task_runner,
    }


USAGE, FAILURE = 2, 1


def xxgk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        cwd=ROOT,
        env=env if env is not None else without_s3(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def one_line_error(run: subprocess.CompletedProcess[str], code: int) -> str:
    """The run failed with `code` and said why in one line on stderr, with no traceback."""
    assert "Traceback" not in run.stdout + run.stderr, run.stderr
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, run.stderr
    assert run.returncode == code, (run.returncode, run.stderr)
    return lines[0]


def without_s3(**updates: str) -> dict[str, str]:
    """This environment without any S3 setting or credential (none from files either)."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("XXGK_S3_", "AWS_", "PREFECT_"))
    }
    env.update(
        AWS_CONFIG_FILE="/nonexistent/aws-config",
        AWS_SHARED_CREDENTIALS_FILE="/nonexistent/aws-credentials",
        AWS_EC2_METADATA_DISABLED="true",
    )
    env.update(updates)
    return env
