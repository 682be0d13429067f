"""The `xxgk ingest` command line as tests start it in a process of its own."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def ingest_command(source: str | Path, dest: str | Path, batch_size: int) -> list[str]:
    return [
        sys.executable, "-m", "xxgk.cli", "ingest",
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
