"""`_runs/`: one row per ingest run, for charting throughput and data quality over time."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from schemas.lineage import UtcTimestamp

FAILING_CHECKS = pl.List(pl.Struct({"check": pl.String, "failures": pl.Int64}))


class RunsModel(pa.DataFrameModel):
    """One row per run (operational): one file per run under `_runs/`, not partitioned."""

    run_id: str = pa.Field(unique=True, description="the run's id (the Prefect flow run id)")
    flow: str = pa.Field(description="the flow that ran, e.g. `ingest`")
    parameters: str = pa.Field(
        description="JSON object of the run's parameters (never credentials)"
    )
    status: str = pa.Field(isin=["completed", "failed"], description="how the run ended")
    error: str | None = pa.Field(nullable=True, description="why a failed run failed")
    started_at: UtcTimestamp = pa.Field(description="when the run started")
    ended_at: UtcTimestamp = pa.Field(description="when the run ended")
    listed: pl.Int64 = pa.Field(ge=0, description="source objects listed")
    skipped: pl.Int64 = pa.Field(ge=0, description="listed objects the lake already held")
    valid: pl.Int64 = pa.Field(ge=0, description="objects ingested as `valid`")
    quarantined: pl.Int64 = pa.Field(ge=0, description="objects ingested as `quarantined`")
    rejected: pl.Int64 = pa.Field(ge=0, description="objects ingested as `rejected`")
    deleted: pl.Int64 = pa.Field(ge=0, description="objects gone from the source since")
    batches: pl.Int64 = pa.Field(ge=0, description="batches committed")
    failing_checks: FAILING_CHECKS = pa.Field(  # type: ignore[valid-type]
        description="failures per check in this run"
    )

    class Config:
        strict = True
