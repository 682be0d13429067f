"""The `ingest` flow: list → batch → parse + validate (parallel) → commit → reconcile."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from prefect import flow, get_run_logger, runtime
from prefect.artifacts import create_markdown_artifact

from tasks.discover import discover, open_lake
from tasks.process import process
from tasks.publish import publish
from xxgk.objects import RunContext
from xxgk.settings import Settings
from xxgk.summary import RunSummary


@flow(name="ingest", log_prints=False)
def ingest(
    source: str, dest: str, batch_size: int | None = None, reprocess: bool = False
) -> RunSummary:
    """Ingest every new or changed object under `source` into the lake at `dest`.

    `reprocess` re-parses unchanged objects too (after a parser upgrade), replacing their rows.
    """
    settings = Settings()
    size = batch_size or settings.batch_size
    run_id = str(runtime.flow_run.id or uuid.uuid4())
    run = RunContext(run_id=run_id, started_at=datetime.now(UTC).replace(microsecond=0))
    logger = get_run_logger()
    summary = RunSummary(run_id=run_id, source=source, dest=dest)

    index = open_lake(dest, settings)
    found = discover(source, index, settings, reprocess)
    summary.listed, summary.skipped = found.listed, found.skipped
    batches = [found.to_process[i : i + size] for i in range(0, len(found.to_process), size)]
    futures = [process.submit(source, dest, batch, run, settings) for batch in batches]
    for number, future in enumerate(futures, start=1):
        staged = future.result()
        publish(dest, staged, index, settings)
        summary.batches += 1
        summary.outcomes.update(staged.outcomes)
        summary.failing_checks.update(staged.failing_checks)
        logger.info(
            "batch %d/%d committed: %s", number, len(batches), dict(sorted(staged.outcomes.items()))
        )

    logger.info(summary.reconciliation())
    if not summary.balanced:
        raise RuntimeError(summary.reconciliation())
    create_markdown_artifact(
        key="ingest-summary", markdown=summary.markdown(), description="xxgk ingest run summary"
    )
    return summary
