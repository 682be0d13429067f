"""`XXGK_TASK_RUNNER=auto` (the default): the run lists a few batches ahead, then takes threads
for a small run and the process pool for a large one; every batch is processed either way."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flows.runners import AUTO_BATCHES_PER_WORKER, look_ahead, runner_kind
from tests.conftest import seed_paths
from xxgk.lake import StagedBatch
from xxgk.objects import RunContext, SourceObject
from xxgk.pipeline import IngestRun, Submit, Workload
from xxgk.settings import Settings


def _choose_on(source: Path, dest: Path, batch_size: int, ahead: int) -> tuple[list[Workload], int]:
    """Run the plain pipeline with a chooser that records the workloads it is shown."""
    started = datetime.now(UTC)
    run = RunContext(f"test-{started:%H%M%S%f}", started.replace(microsecond=0))
    ingest = IngestRun(str(source), str(dest), Settings(), run, batch_size=batch_size)
    shown: list[Workload] = []
    with ThreadPoolExecutor(2) as pool:

        def submit(batch: list[SourceObject]) -> Future[StagedBatch]:
            return pool.submit(ingest.process_here, batch)

        def submit_for(workload: Workload) -> AbstractContextManager[Submit]:
            shown.append(workload)
            return nullcontext(submit)

        summary = ingest.choosing(submit_for, ahead)
    return shown, summary.batches


@pytest.mark.parametrize(
    ("batch_size", "ahead", "expected"),
    [
        (1, 3, Workload(3, complete=False)),  # 5 batches listed: more than the look-ahead
        (1, 5, Workload(5, complete=False)),  # exactly the look-ahead: the end is not known
        (1, 6, Workload(5, complete=True)),
        (2, 6, Workload(3, complete=True)),
    ],
)
def test_the_choice_sees_the_batches_listed_ahead(
    seed_folder: Path, tmp_path: Path, batch_size: int, ahead: int, expected: Workload
) -> None:
    shown, batches = _choose_on(seed_folder, tmp_path / "lake", batch_size, ahead)
    assert shown == [expected]  # chosen once, before the first batch
    assert batches == -(-len(seed_paths()) // batch_size)  # then every batch is processed


def test_a_run_with_nothing_new_is_shown_an_empty_workload(
    seed_folder: Path, tmp_path: Path
) -> None:
    _choose_on(seed_folder, tmp_path / "lake", 2, 6)
    shown, batches = _choose_on(seed_folder, tmp_path / "lake", 2, 6)
    assert (shown, batches) == ([Workload(0, complete=True)], 0)


def test_the_workers_are_released_before_compaction(tmp_path: Path) -> None:
    """A pool's processes would otherwise sit idle, holding their memory, beside the memory the
    compaction takes: the run gives its workers back once the last batch is committed."""
    source = tmp_path / "raw"
    for copy in ("a", "b"):  # each report twice, one per batch: two files in each partition
        (source / copy).mkdir(parents=True)
        for path in seed_paths():
            (source / copy / path.name).write_bytes(path.read_bytes())
    events: list[str] = []

    class Recorder(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            events.append(record.getMessage())

    logger = logging.getLogger("tests.release")
    logger.addHandler(Recorder())
    logger.setLevel(logging.INFO)
    started = datetime.now(UTC)
    run = RunContext(f"test-{started:%H%M%S%f}", started.replace(microsecond=0))
    ingest = IngestRun(
        str(source), str(tmp_path / "lake"), Settings(), run, batch_size=1, logger=logger
    )

    @contextmanager
    def submit_for(workload: Workload) -> Iterator[Submit]:
        with ThreadPoolExecutor(2) as pool:
            yield lambda batch: pool.submit(ingest.process_here, batch)
        events.append("released")

    summary = ingest.choosing(submit_for, 3)
    compacted = [i for i, line in enumerate(events) if "compacted" in line]
    committed = [i for i, line in enumerate(events) if "committed" in line]
    assert len(committed) == summary.batches == 2 * len(seed_paths())
    assert compacted, events
    assert max(committed) < events.index("released") < min(compacted)


@pytest.mark.parametrize("workers", [2, 4])
def test_auto_takes_threads_up_to_its_bound_and_the_pool_past_it(workers: int) -> None:
    settings = Settings(task_runner="auto", process_concurrency=workers)
    bound = AUTO_BATCHES_PER_WORKER * workers
    assert look_ahead(settings) == bound + 1
    assert runner_kind(settings, Workload(bound, complete=True)) == "threads"
    assert runner_kind(settings, Workload(bound + 1, complete=False)) == "processes"


def test_one_worker_never_starts_a_pool() -> None:
    settings = Settings(task_runner="auto", process_concurrency=1)
    assert runner_kind(settings, Workload(look_ahead(settings), complete=False)) == "threads"


@pytest.mark.parametrize("named", ["threads", "processes", "dask"])
def test_a_named_runner_is_taken_whatever_the_workload(named: str) -> None:
    settings = Settings.model_validate({"task_runner": named})
    for workload in (Workload(0, complete=True), Workload(100, complete=False)):
        assert runner_kind(settings, workload) == named
