"""kill -9 at random moments: the lake is always readable, and a re-run completes it with
every object exactly once and no row twice."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from schemas.codes import Dataset
from tests.conftest import ROOT, seed_paths
from tests.support.lake import lake_rows, read_with_duckdb
from tests.test_dev_corpus import DEV, EXPECTED

TRIALS = 20


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
def reference(
    corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[Dataset, list[tuple[object, ...]]]:
    lake = tmp_path_factory.mktemp("reference") / "lake"
    _, errors = _direct(corpus, lake).communicate(timeout=300)
    assert (lake / "reports").is_dir(), errors.decode()
    return lake_rows(lake)


def _direct(source: Path, lake: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "tests.support.direct_ingest", str(source), str(lake), "3"]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.mark.parametrize("trial", range(TRIALS))
def test_kill_minus_nine_then_rerun(
    trial: int, corpus: Path, reference: dict[Dataset, list[tuple[object, ...]]], tmp_path: Path
) -> None:
    seed = 1000 + trial
    delay = random.Random(seed).uniform(0.3, 3.0)
    print(f"trial {trial}: seed {seed}, SIGKILL after {delay:.2f} s")
    lake = tmp_path / "lake"
    run = _direct(corpus, lake)
    time.sleep(delay)
    run.kill()
    run.communicate()
    read_with_duckdb(lake)
    rerun = _direct(corpus, lake)
    _, errors = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, errors.decode()
    assert lake_rows(lake) == reference
