"""`_runs/`: one row per ingest run, for charting throughput and data quality over time."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from schemas.lineage import UtcTimestamp

FAILING_CHECKS = pl.List(pl.Struct({"check": pl.String, "failures": pl.Int64}))


class RunsModel(pa.DataFrameModel):
    run_id: str = pa.Field(unique=True)
    flow: str
    parameters: str  # JSON object of the run's parameters (never credentials)
    status: str = pa.Field(isin=["completed", "failed"])
    error: str | None = pa.Field(nullable=True)
    started_at: UtcTimestamp
    ended_at: UtcTimestamp
    listed: pl.Int64 = pa.Field(ge=0)
    skipped: pl.Int64 = pa.Field(ge=0)
    valid: pl.Int64 = pa.Field(ge=0)
    quarantined: pl.Int64 = pa.Field(ge=0)
    rejected: pl.Int64 = pa.Field(ge=0)
    deleted: pl.Int64 = pa.Field(ge=0)
    batches: pl.Int64 = pa.Field(ge=0)
    failing_checks: FAILING_CHECKS  # type: ignore[valid-type]

    class Config:
        strict = True
