"""`xxgk ingest` folder → folder killed with SIGKILL at random moments: the lake is always
readable, and a re-run completes it with every object exactly once and no row twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.crash_trials import TRIALS, Place, Rows, kill_then_rerun, reference_rows
from tests.support.prefect_server import PrefectServer


@pytest.fixture(scope="module")
def folders(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Place:
    lakes = tmp_path_factory.mktemp("lakes")
    return Place(str(corpus), str(lakes), written=lambda lake: Path(lake).exists())


@pytest.fixture(scope="module")
def reference(folders: Place, server: PrefectServer) -> Rows:
    return reference_rows(folders, server)


@pytest.mark.parametrize("trial", range(TRIALS))
def test_kill_minus_nine_then_rerun(
    trial: int, folders: Place, server: PrefectServer, reference: Rows
) -> None:
    kill_then_rerun(folders, server, reference, trial, seed=1000 + trial)
