"""`xxgk ingest` killed with SIGKILL at random moments: the lake is always readable, and a
re-run completes it with every object exactly once and no row twice.

The runs are the real command line, a Prefect flow reporting to one `prefect server start`
for the module (a temporary server per run would add ~10 s to each of the 40 runs)."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from schemas.codes import Dataset
from tests.conftest import ROOT, seed_paths
from tests.support.lake import lake_rows, read_with_duckdb
from tests.support.prefect_server import PrefectServer, prefect_server
from tests.test_dev_corpus import DEV, EXPECTED

TRIALS = 20
#: Kills land this long after the run first writes to the lake (its index is read, objects
#: listed, batches staged and committed in that time; a full run is ~5 s of it here).
KILL_WINDOW_SECONDS = 5.0
BATCH_SIZE = "3"  # many commits per run: many moments between them


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seeds and dev reports: enough objects and formats for a run to take a while."""
    raw = tmp_path_factory.mktemp("raw")
    for path in seed_paths():
        shutil.copy(path, raw / path.name)
    for key in EXPECTED:
        shutil.copy(DEV / key, raw / key.replace("/", "__"))
    return raw


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrefectServer]:
    with prefect_server(tmp_path_factory.mktemp("prefect-server")) as running:
        yield running


@pytest.fixture(scope="module")
def reference(
    corpus: Path, server: PrefectServer, tmp_path_factory: pytest.TempPathFactory
) -> dict[Dataset, list[tuple[object, ...]]]:
    """The lake of one uninterrupted run."""
    lake = tmp_path_factory.mktemp("reference") / "lake"
    run = _ingest(corpus, lake, server)
    _, errors = run.communicate(timeout=300)
    assert run.returncode == 0, errors.decode()
    return lake_rows(lake)


def _ingest(source: Path, lake: Path, server: PrefectServer) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "xxgk.cli", "ingest",
        "--source", str(source), "--dest", str(lake), "--batch-size", BATCH_SIZE,
    ]  # fmt: skip
    env = {**os.environ, "PREFECT_API_URL": server.api_url, "PREFECT_HOME": str(server.home)}
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


@pytest.mark.parametrize("trial", range(TRIALS))
def test_kill_minus_nine_then_rerun(
    trial: int,
    corpus: Path,
    server: PrefectServer,
    reference: dict[Dataset, list[tuple[object, ...]]],
    tmp_path: Path,
) -> None:
    seed = 1000 + trial
    delay = random.Random(seed).uniform(0.0, KILL_WINDOW_SECONDS)
    lake = tmp_path / "lake"
    run = _ingest(corpus, lake, server)
    deadline = time.monotonic() + 120
    while not lake.exists() and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(delay)
    ended_first = run.poll() is not None
    run.kill()
    run.communicate()
    print(
        f"trial {trial}: seed {seed}, SIGKILL {delay:.2f} s after the run first wrote to the "
        f"lake{' (the run had ended)' if ended_first else ''}"
    )
    read_with_duckdb(lake)
    rerun = _ingest(corpus, lake, server)
    _, errors = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, errors.decode()
    assert lake_rows(lake) == reference
