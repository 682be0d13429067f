"""Quality report: rewrite the lake's `quality.html` after a run and link it from the run."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.artifacts import create_link_artifact
from prefect.cache_policies import NO_CACHE

from xxgk.settings import Settings


@task(name="quality-report", cache_policy=NO_CACHE)
def quality_report(dest: str, settings: Settings) -> str:
    """The page's URI as a markdown line for the run's summary, or "" when it could not be
    written: the report is a view of the lake, so its failure is logged and never fails the
    run that has already committed its data."""
    # Imported here: matplotlib adds ~1 s to the start of every process that imports the flow
    # (each worker, each `xxgk` command), and only the end of a run draws charts.
    from xxgk.quality_report import write_quality_report

    logger = get_run_logger()
    try:
        uri = write_quality_report(dest, settings)
        create_link_artifact(
            link=uri,
            link_text="lake quality report",
            key="quality-report",
            description=f"charts of what the lake at {dest} holds, after this run",
        )
    except Exception as failure:
        logger.error("could not write the quality report of %s: %s", dest, failure)
        return ""
    logger.info("quality report: %s", uri)
    return f"\nQuality report: [{uri}]({uri})\n"
