"""The `ingest` flow: `xxgk.pipeline.IngestRun` on a Prefect task runner, then the run's
`_runs` row, its summary artifact and the lake's quality report."""

# No `from __future__ import annotations`: a served deployment runs the flow pickled by value,
# and pydantic resolves the parameters' annotations (Location, Years) from the function alone.

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from typing import Annotated, Any

from prefect import flow, get_run_logger, runtime
from prefect.artifacts import create_markdown_artifact
from prefect.futures import PrefectFuture
from prefect.task_runners import TaskRunner
from pydantic import Field

from flows.progress import batch_progress
from flows.runners import look_ahead, runner_kind, task_runner_for
from flows.settings import load_settings
from tasks.process import process
from tasks.quality import quality_report
from tasks.record_run import record_run
from xxgk.flow_parameters import Location
from xxgk.key_filter import KeyFilter
from xxgk.lake import StagedBatch
from xxgk.objects import RunContext, SourceObject
from xxgk.pipeline import IngestRun, Submit, Workload
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

    What the run does is `xxgk.pipeline`; here its batches are processed as `process-batch`
    task runs on the task runner `XXGK_TASK_RUNNER` chooses (threads, processes or Dask). An
    empty or blank `source` or `dest` is refused before the run starts.

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
    started = datetime.now(UTC)
    # Rows carry the run's start to the second; `_runs` keeps it exact, to time the run.
    run = RunContext(str(runtime.flow_run.id or uuid.uuid4()), started.replace(microsecond=0))
    logger = get_run_logger()
    pipeline = IngestRun(
        source, dest, settings, run, batch_size=size, reprocess=reprocess,
        shard=(shard_index, shard_count) if shard_index is not None and shard_count else None,
        keys=KeyFilter.of(include, exclude), started_at=started, logger=logger,
    )  # fmt: skip
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
    error: str | None = None
    try:
        with batch_progress(progress) as progress_bar:

            @contextmanager
            def submit_for(workload: Workload) -> Iterator[Submit]:
                """The runner the workload calls for, up while the pipeline's batches run."""
                kind = runner_kind(settings, workload)
                logger.info("batches on %s (%s)", kind, _workload_line(workload))
                with task_runner_for(settings, kind) as runner:
                    yield partial(_submit, runner, source, dest, run=run, settings=settings)

            pipeline.choosing(submit_for, look_ahead(settings), progress_bar)
    except BaseException as failure:
        error = f"{type(failure).__name__}: {failure}"
        raise
    finally:
        summary = pipeline.summary
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
            markdown=summary.markdown(deleted=pipeline.deleted) + report_line,
            description=f"xxgk ingest of backfill partition {partition}"
            if partition
            else "xxgk ingest run summary",
        )
    return summary


def _workload_line(workload: Workload) -> str:
    more = "" if workload.complete else " or more"
    return f"{workload.batches}{more} batches of new objects"


def _submit(
    runner: TaskRunner[Any],
    source: str,
    dest: str,
    batch: list[SourceObject],
    *,
    run: RunContext,
    settings: Settings,
) -> PrefectFuture[StagedBatch]:
    """The batch as a `process-batch` task run on the flow's task runner."""
    parameters: dict[str, object] = {
        "source": source,
        "dest": dest,
        "objects": batch,
        "run": run,
        "settings": settings,
    }
    future: PrefectFuture[StagedBatch] = runner.submit(process, parameters=parameters)
    return future
