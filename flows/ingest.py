"""The `ingest` flow: list → batch → parse + validate (parallel) → commit → reconcile → record."""

from __future__ import annotations

import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from functools import partial
from itertools import islice
from typing import Any

from prefect import flow, get_run_logger, runtime
from prefect.artifacts import create_markdown_artifact
from prefect.futures import PrefectFuture
from prefect.task_runners import TaskRunner

from flows.generator_tasks import iterate_apart
from flows.progress import batch_progress
from flows.runners import task_runner_for
from tasks.discover import Discovered, LakeOpened, ListingDone, NewObjects, discover
from tasks.process import process
from tasks.publish import publish, record_run, snapshot_index
from tasks.quality import quality_report
from xxgk.lake import StagedBatch
from xxgk.objects import RunContext, SourceObject
from xxgk.settings import Settings
from xxgk.summary import RunSummary


@flow(name="ingest", log_prints=False)
def ingest(
    source: str,
    dest: str,
    batch_size: int | None = None,
    reprocess: bool = False,
    progress: bool = False,
    shard_index: int | None = None,
    shard_count: int | None = None,
) -> RunSummary:
    """Ingest every new or changed object under `source` into the lake at `dest`.

    Batches are parsed and validated on the task runner `XXGK_TASK_RUNNER` chooses (threads,
    or Dask); commits stay here, in order, one at a time.

    `reprocess` re-parses unchanged objects too (after a parser upgrade), replacing their rows;
    `progress` draws a progress bar on the terminal (the CLI turns it on for a TTY);
    `shard_index`/`shard_count` restrict the run to one hash shard of the source (backfills).
    """
    settings = Settings()
    size = batch_size or settings.batch_size
    run_id = str(runtime.flow_run.id or uuid.uuid4())
    started = datetime.now(UTC)
    # Rows carry the run's start to the second; `_runs` keeps it exact, to time the run.
    run = RunContext(run_id=run_id, started_at=started.replace(microsecond=0))
    logger = get_run_logger()
    summary = RunSummary(run_id=run_id, source=source, dest=dest, started_at=started)
    parameters = {
        "source": source,
        "dest": dest,
        "batch_size": size,
        "reprocess": reprocess,
        "shard": f"{shard_index}/{shard_count}" if shard_count else None,
    }
    shard = (shard_index, shard_count) if shard_index is not None and shard_count else None
    error: str | None = None
    deleted: list[str] = []
    try:
        events = iterate_apart(discover(source, dest, settings, reprocess, size, shard))
        opened = next(events)
        assert isinstance(opened, LakeOpened), opened
        index = opened.index
        listing = _ListingEnd()
        with (
            task_runner_for(settings) as runner,
            batch_progress(enabled=progress) as progress_bar,
        ):
            submit = partial(_submit, runner, source, dest, run=run, settings=settings)
            window = 2 * settings.process_concurrency  # the runner never waits on the flow
            batches = listing.batches(events, progress_bar.found)
            for number, (batch, staged) in enumerate(_in_order(submit, batches, window), 1):
                publish(dest, staged, index, settings)
                summary.batches += 1
                summary.outcomes.update(staged.outcomes)
                summary.failing_checks.update(staged.failing_checks)
                progress_bar.advance(len(batch))
                logger.info(
                    "batch %d committed (%d objects so far): %s",
                    number,
                    sum(summary.outcomes.values()),
                    dict(sorted(staged.outcomes.items())),
                )
        done = listing.done
        summary.listed, summary.skipped = done.listed, done.skipped
        deleted = done.deleted
        summary.deleted = len(deleted)
        if summary.batches:
            snapshot_index(dest, index, settings)
        logger.info(summary.reconciliation())
        if not summary.balanced:
            raise RuntimeError(summary.reconciliation())
    except BaseException as failure:
        error = f"{type(failure).__name__}: {failure}"
        raise
    finally:
        row = summary.runs_row("ingest", parameters, datetime.now(UTC), error)
        try:
            record_run(dest, row, settings)
        except Exception as failure:
            if error is None:
                raise
            # The store that failed the run may refuse its `_runs` row too: keep the real error.
            logger.error("could not record the failed run in %s: %s", dest, failure)
        report_line = quality_report(dest, settings)  # never raises: a failure is logged
        create_markdown_artifact(
            key="ingest-summary",
            markdown=summary.markdown(deleted=deleted) + report_line,
            description="xxgk ingest run summary",
        )
    return summary


def _submit(
    runner: TaskRunner[Any],
    source: str,
    dest: str,
    batch: list[SourceObject],
    *,
    run: RunContext,
    settings: Settings,
) -> PrefectFuture[StagedBatch]:
    parameters: dict[str, object] = {
        "source": source,
        "dest": dest,
        "objects": batch,
        "run": run,
        "settings": settings,
    }
    future: PrefectFuture[StagedBatch] = runner.submit(process, parameters=parameters)
    return future


class _ListingEnd:
    """Passes the discovered batches on and keeps the listing's final tally."""

    def __init__(self) -> None:
        self._done: ListingDone | None = None

    def batches(
        self, events: Iterator[Discovered], found: Callable[[int], None]
    ) -> Iterator[list[SourceObject]]:
        for event in events:
            if isinstance(event, NewObjects):
                found(len(event.objects))
                yield event.objects
            elif isinstance(event, ListingDone):
                self._done = event

    @property
    def done(self) -> ListingDone:
        if self._done is None:
            raise RuntimeError("the listing ended without its tally")
        return self._done


def _in_order(
    submit: Callable[[list[SourceObject]], PrefectFuture[StagedBatch]],
    batches: Iterable[list[SourceObject]],
    window: int,
) -> Iterator[tuple[list[SourceObject], StagedBatch]]:
    """Each batch with its staged result, in order, with at most `window` batches in flight
    besides the one being committed (it is refilled before a result is handed over): a run
    of a million objects would otherwise hold a task run and a future per batch from the
    start."""
    queued = iter(batches)
    pending = deque((batch, submit(batch)) for batch in islice(queued, window))
    while pending:
        batch, future = pending.popleft()
        if (following := next(queued, None)) is not None:
            pending.append((following, submit(following)))
        yield batch, future.result()
