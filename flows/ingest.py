"""The `ingest` flow: list → batch → parse + validate (parallel) → commit → reconcile → record."""

# No `from __future__ import annotations`: a served deployment runs the flow pickled by value,
# and pydantic resolves the parameters' annotations (Location, Years) from the function alone.

import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from functools import partial
from itertools import islice
from typing import Annotated, Any

from prefect import flow, get_run_logger, runtime
from prefect.artifacts import create_markdown_artifact
from prefect.futures import PrefectFuture
from prefect.task_runners import TaskRunner
from pydantic import Field

from flows.generator_tasks import iterate_apart
from flows.progress import batch_progress
from flows.runners import task_runner_for
from flows.settings import load_settings
from tasks.compact import compact
from tasks.discover import Discovered, LakeOpened, ListingDone, NewObjects, discover
from tasks.process import process
from tasks.publish import publish, record_run, snapshot_index
from tasks.quality import quality_report
from xxgk.compaction import partitions_of
from xxgk.flow_parameters import Location
from xxgk.key_filter import KeyFilter
from xxgk.lake import StagedBatch
from xxgk.objects import RunContext, SourceObject
from xxgk.settings import Settings
from xxgk.summary import RunSummary


@flow(name="ingest", log_prints=False)
def ingest(
    source: Location,
    dest: Location,
    batch_size: Annotated[int, Field(ge=1)] | None = None,
    reprocess: bool = False,
    progress: bool = False,
    shard_index: Annotated[int, Field(ge=0)] | None = None,
    shard_count: Annotated[int, Field(ge=1)] | None = None,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    partition: str | None = None,
) -> RunSummary:
    """Ingest every new or changed object under `source` into the lake at `dest`.

    Batches are parsed and validated on the task runner `XXGK_TASK_RUNNER` chooses (threads,
    or Dask); commits stay here, in order, one at a time. An empty or blank `source` or `dest`
    is refused before the run starts.

    Args:
        source: Where the raw reports are: a folder, file://… or s3://bucket/prefix.
        dest: Root of the lake: a folder, file://… or s3://bucket/prefix.
        batch_size: Reports per task (default XXGK_BATCH_SIZE).
        reprocess: Re-parse unchanged objects too (after a parser upgrade), replacing their
            rows.
        progress: Draw a progress bar on the terminal (the command line turns it on for a
            terminal).
        shard_index: With shard_count, ingest only this hash shard of the source (0-based).
        shard_count: The number of hash shards the source is split into (backfills).
        include: Globs over keys relative to the source; only matching keys are listed.
        exclude: Globs over keys relative to the source; matching keys are not listed.
        partition: Set by a backfill: the partition this run covers (e.g. year=2019), named in
            the run's `partition-summary` artifact and `_runs` parameters.
    """
    settings = load_settings()
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
        "include": include,
        "exclude": exclude,
        "partition": partition,
    }
    shard = (shard_index, shard_count) if shard_index is not None and shard_count else None
    keys = KeyFilter.of(include, exclude)
    error: str | None = None
    deleted: list[str] = []
    try:
        events = iterate_apart(discover(source, dest, settings, reprocess, size, shard, keys))
        opened = next(events)
        assert isinstance(opened, LakeOpened), opened
        index = opened.index
        listing = _ListingEnd()
        touched: set[str] = set()  # partitions the run's commits added files to
        with (
            task_runner_for(settings) as runner,
            batch_progress(enabled=progress) as progress_bar,
        ):
            submit = partial(_submit, runner, source, dest, run=run, settings=settings)
            window = 2 * settings.process_concurrency  # the runner never waits on the flow
            batches = listing.batches(events, progress_bar.found)
            for number, (batch, staged) in enumerate(_in_order(submit, batches, window), 1):
                publish(dest, staged, index, settings)
                touched |= partitions_of(staged)
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
            compact(dest, touched, settings)
            snapshot_index(dest, index, settings)
        logger.info(summary.reconciliation())
        if not summary.balanced:
            raise RuntimeError(summary.reconciliation())
    except BaseException as failure:
        error = f"{type(failure).__name__}: {failure}"
        raise
    finally:
        summary.ended_at = datetime.now(UTC)
        row = summary.runs_row("ingest", parameters, summary.ended_at, error)
        try:
            record_run(dest, row, settings)
        except Exception as failure:
            if error is None:
                raise
            # The store that failed the run may refuse its `_runs` row too: keep the real error.
            logger.error("could not record the failed run in %s: %s", dest, failure)
        report_line = quality_report(dest, settings)  # never raises: a failure is logged
        create_markdown_artifact(
            key="partition-summary" if partition else "ingest-summary",
            markdown=summary.markdown(deleted=deleted) + report_line,
            description=f"xxgk ingest of backfill partition {partition}"
            if partition
            else "xxgk ingest run summary",
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
