"""`reports/`: one row per ingested source object, whatever happened to it."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from schemas.codes import Script, Status, Table, Template
from schemas.lineage import REPORT_ID_PATTERN, YEAR_RANGE, UtcTimestamp


class ReportsModel(pa.DataFrameModel):
    report_id: str = pa.Field(str_matches=REPORT_ID_PATTERN)
    source_uri: str = pa.Field(unique=True)
    source_etag: str
    source_size: pl.Int64 = pa.Field(ge=0)
    source_last_modified: UtcTimestamp
    title: str | None = pa.Field(nullable=True)
    agency: str | None = pa.Field(nullable=True)
    region_code: str | None = pa.Field(nullable=True, str_matches=r"^\d{6}$")
    province: str | None = pa.Field(nullable=True)
    report_year: pl.Int16 = pa.Field(in_range=YEAR_RANGE)
    published_date: pl.Date | None = pa.Field(nullable=True)
    template: str = pa.Field(isin=[t.value for t in Template])
    script: str = pa.Field(isin=[s.value for s in Script])
    status: str = pa.Field(isin=[s.value for s in Status])
    quarantined_tables: pl.List(pl.String)  # type: ignore[valid-type]
    duplicate_of: str | None = pa.Field(
        nullable=True,
        str_matches=REPORT_ID_PATTERN,
        description=(
            "null for the copy of a report kept for analysis; otherwise the report_id of that"
            " copy. Copies (the same agency and year published as PDF, DOCX, HTML or a"
            " mirror) share a copy_key: `where duplicate_of is null` counts each report once."
            " The kept copy is a valid one, then the one with most tables published."
        ),
    )
    copy_key: str | None = pa.Field(
        nullable=True,
        str_matches=REPORT_ID_PATTERN,
        description=(
            "what copies of one report share: SHA-256 of the year, the agency (named within"
            " its division) and every figure its tables state (else its narrative figures,"
            " else its text); null when the object was rejected or names no agency"
        ),
    )
    parser_version: str
    contract_version: pl.Int16 = pa.Field(ge=1)
    run_id: str
    ingested_at: UtcTimestamp

    class Config:
        strict = True
        coerce = False

    @pa.dataframe_check
    @classmethod
    def rejected_reports_only_in_year_zero_when_year_unknown(
        cls, data: pa.PolarsData
    ) -> pl.LazyFrame:
        """A report in `report_year=0` must be rejected (its year could not be determined)."""
        return data.lazyframe.select(
            (pl.col("report_year") != 0) | (pl.col("status") == Status.REJECTED.value)
        )

    @pa.dataframe_check
    @classmethod
    def quarantined_status_matches_tables(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """`quarantined` exactly when some table went to quarantine."""
        has_tables = pl.col("quarantined_tables").list.len() > 0
        return data.lazyframe.select((pl.col("status") == Status.QUARANTINED.value) == has_tables)

    @pa.dataframe_check
    @classmethod
    def quarantined_tables_are_known(cls, data: pa.PolarsData) -> pl.LazyFrame:
        known = [t.value for t in Table if t is not Table.REPORT]
        return data.lazyframe.select(
            pl.col("quarantined_tables").list.eval(pl.element().is_in(known)).list.all()
        )
