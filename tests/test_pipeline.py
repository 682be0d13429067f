"""The plain pipeline (`xxgk.pipeline`), run without Prefect: batches go through the submit
callable the caller gives, commits land in listing order, a second run finds nothing new."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest

from schemas.codes import Dataset
from tests.conftest import ROOT, golden_for, seed_paths
from tests.support.lake import lake_rows
from xxgk import pipeline
from xxgk.key_filter import KeyFilter
from xxgk.lake import StagedBatch, open_lake
from xxgk.objects import RunContext, SourceObject
from xxgk.pipeline import IngestRun, ingest_in_threads
from xxgk.settings import Settings


def _expected_outcomes() -> Counter[str]:
    """Each seed's status, as its golden file (written by reading the report) says."""
    return Counter(str(golden_for(p)["report"]["status"]) for p in seed_paths())


def _run(source: Path, dest: Path, batch_size: int, **options: object) -> IngestRun:
    started = datetime.now(UTC)
    run = RunContext(f"test-{started:%H%M%S%f}", started.replace(microsecond=0))
    return IngestRun(str(source), str(dest), Settings(), run, batch_size=batch_size, **options)  # type: ignore[arg-type]


def test_a_run_through_a_plain_executor_commits_every_batch_in_order(
    seed_folder: Path, tmp_path: Path
) -> None:
    lake = tmp_path / "lake"
    ingest = _run(seed_folder, lake, batch_size=2)
    submitted: list[list[str]] = []
    with ThreadPoolExecutor(2) as pool:

        def submit(batch: list[SourceObject]) -> Future[StagedBatch]:
            submitted.append([o.key for o in batch])
            return pool.submit(ingest.process_here, batch)

        summary = ingest(submit)
    names = sorted(p.name for p in seed_paths())
    assert submitted == [names[i : i + 2] for i in range(0, len(names), 2)]
    assert (summary.listed, summary.skipped, summary.batches) == (5, 0, 3)
    assert summary.outcomes == _expected_outcomes()
    assert summary.balanced
    held = open_lake(str(lake), Settings()).read_index()
    assert len(held) == len(names)
    assert (lake / "_state" / "index.parquet").is_file()  # the snapshot after commits


def test_a_second_run_finds_nothing_new_and_changes_nothing(
    seed_folder: Path, tmp_path: Path
) -> None:
    lake = tmp_path / "lake"
    first = ingest_in_threads(str(seed_folder), str(lake), 2, Settings())
    rows = lake_rows(lake)
    files = sorted(p.relative_to(lake) for p in lake.rglob("*.parquet"))
    again = ingest_in_threads(str(seed_folder), str(lake), 2, Settings())
    assert first.processed == again.skipped == again.listed == len(seed_paths())
    assert again.batches == 0 and again.balanced
    assert lake_rows(lake) == rows
    assert sorted(p.relative_to(lake) for p in lake.rglob("*.parquet")) == files


def test_excluded_keys_are_not_listed_and_gone_objects_are_named(
    seed_folder: Path, tmp_path: Path
) -> None:
    lake = tmp_path / "lake"
    names = sorted(p.name for p in seed_paths())
    ingest_in_threads(str(seed_folder), str(lake), 2, Settings())
    (seed_folder / names[0]).unlink()
    ingest = _run(seed_folder, lake, batch_size=2, keys=KeyFilter(exclude=(names[1],)))
    with ThreadPoolExecutor(1) as pool:
        summary = ingest(lambda batch: pool.submit(ingest.process_here, batch))
    assert (summary.listed, summary.skipped, summary.deleted) == (3, 3, 1)
    assert [Path(uri).name for uri in ingest.deleted] == [names[0]]
    assert len(lake_rows(lake)[Dataset.REPORTS]) == len(names)  # gone objects' rows are kept


def test_a_transient_store_error_is_tried_again_and_a_permanent_one_is_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pipeline, "RETRY_DELAY_SECONDS", 0.0)
    calls: list[int] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise ConnectionResetError("reset by peer")  # an OSError that may go away
        return "done"

    assert pipeline._retried("commit", flaky, 3, pipeline._LOGGER) == "done"
    assert len(calls) == 3

    def refused() -> None:
        calls.append(1)
        raise PermissionError("read-only lake")

    calls.clear()
    with pytest.raises(PermissionError):
        pipeline._retried("commit", refused, 3, pipeline._LOGGER)
    assert len(calls) == 1


def test_the_pipeline_imports_no_prefect() -> None:
    """`xxgk` is the pure core: the drivers run where Prefect is not even imported."""
    code = (
        "import sys, xxgk.pipeline, xxgk.backfill, xxgk.listing; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('prefect', 'flows', 'tasks')))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == "[]"
