"""kill -9 of a backfill's child run at random moments: markers only for complete partitions,
the lake always readable, and a re-run of the backfill completes it with every object once."""

from __future__ import annotations

import contextlib
import random
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from multiprocessing.process import BaseProcess
from pathlib import Path

import pytest

from schemas.codes import Dataset
from tests.conftest import golden_for, seed_paths
from tests.support.child_runs import ChildRuns, Watch
from tests.support.lake import lake_rows, read_with_duckdb
from tests.test_dev_corpus import DEV, EXPECTED
from xxgk.backfill import BackfillRun, complete_partition
from xxgk.lake import open_lake
from xxgk.partitions import Partition, plan_partitions
from xxgk.pipeline import ingest_in_threads
from xxgk.settings import Settings

TRIALS = 12  # ~8 s of a core each
YEARS = list(range(2011, 2026))


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seeds and dev reports laid out by year, as crawlers store them: raw/{year}/{name}."""
    folder = tmp_path_factory.mktemp("raw")
    years = {p: golden_for(p)["report"]["report_year"] for p in seed_paths()}
    years |= {DEV / key: EXPECTED[key]["report"]["report_year"] for key in EXPECTED}
    for path, year in years.items():
        if year in YEARS:
            (folder / str(year)).mkdir(exist_ok=True)
            shutil.copy(path, folder / str(year) / path.name)
    return folder


@pytest.fixture(scope="module")
def reference(
    raw: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[Dataset, list[tuple[object, ...]]]:
    lake = tmp_path_factory.mktemp("reference") / "lake"
    ingest_in_threads(str(raw), str(lake), 2, Settings())
    return lake_rows(lake)


def _backfill(raw: Path, lake: Path, child_runs: ChildRuns) -> dict[str, int]:
    """The plain backfill by years, two partitions at a time, each a child process; its
    counts, failed partitions included (the flow would raise after counting them)."""
    settings = Settings()
    backfill = BackfillRun(str(raw), str(lake), settings, run_id="trial")
    pending = backfill.pending(plan_partitions(str(raw), YEARS, None))
    with ThreadPoolExecutor(max_workers=2) as pool:
        run = partial(complete_partition, dest=str(lake), settings=settings, child_run=child_runs)
        with contextlib.suppress(RuntimeError):  # raised when a partition failed
            backfill(pending, partial(pool.submit, run))
    return backfill.summary.counts()


def _killer(delay: float) -> Watch:
    """Kill the first child run started after `delay` seconds, mid-way."""
    fired = threading.Event()

    def watch(partition: Partition, attempt: int, child: BaseProcess) -> None:
        if fired.is_set():
            return
        fired.set()

        def kill() -> None:
            with contextlib.suppress(ValueError):  # the child ended (and was closed) first
                child.kill()

        threading.Timer(delay, kill).start()

    return watch


@pytest.mark.parametrize("trial", range(TRIALS))
def test_a_killed_child_run_then_a_rerun(
    trial: int, raw: Path, reference: dict[Dataset, list[tuple[object, ...]]], tmp_path: Path
) -> None:
    seed = 2000 + trial
    delay = random.Random(seed).uniform(0.0, 1.5)
    print(f"trial {trial}: seed {seed}, SIGKILL of the first child run after {delay:.2f} s")
    lake = tmp_path / "lake"
    killed = ChildRuns(str(lake), batch_size=2, retries=0, watch=_killer(delay), logs=tmp_path)
    counts = _backfill(raw, lake, killed)
    read_with_duckdb(lake)
    done = open_lake(str(lake), Settings()).done_partitions()
    assert counts["completed"] == len(done) and counts["completed"] + counts["failed"] == len(YEARS)
    held = (
        set(map(repr, lake_rows(lake)[Dataset.REPORTS])) if (lake / "reports").is_dir() else set()
    )
    for record in done.values():  # a marked partition's reports rows are all in
        year = str(record["partition"]).rsplit("/", 1)[-1]
        expected = {repr(r) for r in reference[Dataset.REPORTS] if f"/{year}/" in repr(r)}
        assert expected <= held, f"partition {year} marked done without all its rows"

    again = _backfill(raw, lake, ChildRuns(str(lake), Settings().batch_size, logs=tmp_path))
    assert again["failed"] == 0 and again["skipped"] == len(done)
    assert lake_rows(lake) == reference
