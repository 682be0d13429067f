"""The `ingest` flow: list → batch → parse + validate (parallel) → commit → reconcile → record."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from prefect import flow, get_run_logger, runtime
from prefect.artifacts import create_markdown_artifact

from flows.progress import batch_progress
from flows.runners import task_runner_for
from tasks.discover import discover
from tasks.process import process
from tasks.publish import publish, record_run, snapshot_index
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
        found = discover(source, dest, settings, reprocess, shard)
        index = found.index
        summary.listed, summary.skipped = found.listed, found.skipped
        deleted = found.deleted
        summary.deleted = len(deleted)
        batches = [found.to_process[i : i + size] for i in range(0, len(found.to_process), size)]
        with (
            task_runner_for(settings) as runner,
            batch_progress(len(found.to_process), enabled=progress) as advance,
        ):
            futures = [
                runner.submit(
                    process, parameters=_process_parameters(source, dest, b, run, settings)
                )
                for b in batches
            ]
            for number, (batch, future) in enumerate(zip(batches, futures, strict=True), 1):
                staged = future.result()
                publish(dest, staged, index, settings)
                summary.batches += 1
                summary.outcomes.update(staged.outcomes)
                summary.failing_checks.update(staged.failing_checks)
                advance(len(batch))
                logger.info(
                    "batch %d/%d committed: %s",
                    number,
                    len(batches),
                    dict(sorted(staged.outcomes.items())),
                )
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
        create_markdown_artifact(
            key="ingest-summary",
            markdown=summary.markdown(deleted=deleted),
            description="xxgk ingest run summary",
        )
    return summary


def _process_parameters(
    source: str, dest: str, batch: list[SourceObject], run: RunContext, settings: Settings
) -> dict[str, object]:
    return {"source": source, "dest": dest, "objects": batch, "run": run, "settings": settings}
