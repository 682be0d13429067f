"""`quarantine/` (one row per failed check) and `quarantine_rows/` (the withheld values)."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from schemas.codes import Stage, Table
from schemas.lineage import REPORT_ID, REPORT_YEAR, RUN_ID, YEAR_RANGE, UtcTimestamp


class QuarantineModel(pa.DataFrameModel):
    """Every failed check, one row per failure. A table that fails any check goes to
    quarantine whole; the report's other tables still publish."""

    run_id: str = pa.Field(description=RUN_ID)
    report_id: str = pa.Field(description=REPORT_ID)
    report_year: pl.Int16 = pa.Field(in_range=YEAR_RANGE, description=REPORT_YEAR)
    source_uri: str = pa.Field(description="`s3://bucket/key` or `file:///path` of the raw object")
    stage: str = pa.Field(
        isin=[s.value for s in Stage],
        description="pipeline stage that raised it: `decode`, `classify`, `parse`, `validate`",
    )
    table: str = pa.Field(
        isin=[t.value for t in Table],
        description="the table quarantined: `active_disclosure`, `applications`, "
        "`review_litigation`, or `report` (the whole object: decode or classify failures)",
    )
    row_code: str | None = pa.Field(
        nullable=True, description="the failing row (row code, or item for section 二), if one"
    )
    column: str | None = pa.Field(nullable=True, description="the failing column, if one")
    check: str = pa.Field(
        description="the check that failed, e.g. `row_total_equals_sum_of_applicants`, "
        '`table_missing`, `not_a_report` (a SQL keyword: quote it as "check")'
    )
    value: str | None = pa.Field(nullable=True, description="the failing value, if one")
    message: str = pa.Field(description="what failed, in words")
    quarantined_at: UtcTimestamp = pa.Field(description="when the row was written")

    class Config:
        strict = True


class QuarantineRowsModel(pa.DataFrameModel):
    """Every cell of a quarantined table, long format, so it can be reviewed and replayed."""

    run_id: str = pa.Field(description=RUN_ID)
    report_id: str = pa.Field(description=REPORT_ID)
    report_year: pl.Int16 = pa.Field(in_range=YEAR_RANGE, description=REPORT_YEAR)
    table: str = pa.Field(isin=[t.value for t in Table], description="the quarantined table")
    row_code: str | None = pa.Field(nullable=True, description="row code, or item for section 二")
    column: str = pa.Field(description="applicant column, metric, or section 四 column")
    value: pl.Float64 | None = pa.Field(nullable=True, description="the cell's value as read")
    raw_value: str = pa.Field(description="the cell as written in the report")

    class Config:
        strict = True
