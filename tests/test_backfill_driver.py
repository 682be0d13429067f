"""The plain backfill (`xxgk.backfill`): a partition is marked complete only after its child
run completed, a failed one is reported and retried by the next backfill, done ones skipped."""

from __future__ import annotations

import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import golden_for, seed_paths
from xxgk.backfill import BackfillRun, complete_partition
from xxgk.backfill_report import COMPLETED, FAILED, SKIPPED
from xxgk.lake import open_lake
from xxgk.partitions import Partition, plan_partitions
from xxgk.pipeline import ingest_in_threads
from xxgk.settings import Settings


@pytest.fixture
def by_year(tmp_path: Path) -> Path:
    """The seeds laid out by report year, as crawlers store them: raw/{year}/{name}."""
    raw = tmp_path / "raw"
    for path in seed_paths():
        year = raw / str(golden_for(path)["report"]["report_year"])
        year.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, year / path.name)
    return raw


def _backfill(
    raw: Path, lake: Path, fails: set[str]
) -> tuple[BackfillRun, dict[str, int] | None, list[str]]:
    """A backfill by every year the seeds hold, child runs in this process; `fails` are the
    years whose child run fails."""
    settings = Settings()
    years = sorted(int(p.name) for p in raw.iterdir())
    started: list[str] = []

    def child_run(partition: Partition) -> str:
        year = Path(partition.source).name
        started.append(year)
        if year in fails:
            raise RuntimeError(f"child run of {year} crashed")
        ingest_in_threads(partition.source, str(lake), 2, settings)
        return f"run-{year}"

    backfill = BackfillRun(str(raw), str(lake), settings, run_id="backfill")
    pending = backfill.pending(plan_partitions(str(raw), years))
    with ThreadPoolExecutor(2) as pool:

        def submit(partition: Partition) -> Future[dict[str, object]]:
            return pool.submit(complete_partition, partition, str(lake), settings, child_run)

        try:
            counts: dict[str, int] | None = backfill(pending, submit)
        except RuntimeError:
            counts = None
    return backfill, counts, sorted(started)


def test_a_failed_partition_is_reported_unmarked_and_run_by_the_next_backfill(
    by_year: Path, tmp_path: Path
) -> None:
    lake = tmp_path / "lake"
    years = sorted(p.name for p in by_year.iterdir())
    assert len(years) >= 2, years
    failing = years[0]
    first, counts, started = _backfill(by_year, lake, {failing})
    assert counts is None  # it raised, once every partition had been tried
    assert started == years
    states = {o.name: o.state for o in first.summary.outcomes}
    assert states == {f"year={y}": FAILED if y == failing else COMPLETED for y in years}
    done = open_lake(str(lake), Settings()).done_partitions()
    assert sorted(str(r["partition"]).rsplit("/", 1)[-1] for r in done.values()) == years[1:]

    again, counts, started = _backfill(by_year, lake, set())
    assert started == [failing]
    assert counts == {"partitions": len(years), "skipped": len(years) - 1, "completed": 1,
                      "failed": 0}  # fmt: skip
    states = {o.name: o.state for o in again.summary.outcomes}
    assert states == {f"year={y}": COMPLETED if y == failing else SKIPPED for y in years}
    held = open_lake(str(lake), Settings()).read_index()
    assert len(held) == len(seed_paths())
