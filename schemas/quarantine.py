"""`quarantine/` (one row per failed check) and `quarantine_rows/` (the withheld values)."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from schemas.codes import Stage, Table
from schemas.lineage import YEAR_RANGE, UtcTimestamp


class QuarantineModel(pa.DataFrameModel):
    run_id: str
    report_id: str
    report_year: pl.Int16 = pa.Field(in_range=YEAR_RANGE)
    source_uri: str
    stage: str = pa.Field(isin=[s.value for s in Stage])
    table: str = pa.Field(isin=[t.value for t in Table])
    row_code: str | None = pa.Field(nullable=True)
    column: str | None = pa.Field(nullable=True)
    check: str
    value: str | None = pa.Field(nullable=True)
    message: str
    quarantined_at: UtcTimestamp

    class Config:
        strict = True


class QuarantineRowsModel(pa.DataFrameModel):
    """Every cell of a quarantined table, long format, so it can be reviewed and replayed."""

    run_id: str
    report_id: str
    report_year: pl.Int16 = pa.Field(in_range=YEAR_RANGE)
    table: str = pa.Field(isin=[t.value for t in Table])
    row_code: str | None = pa.Field(nullable=True)
    column: str
    value: pl.Float64 | None = pa.Field(nullable=True)
    raw_value: str

    class Config:
        strict = True
