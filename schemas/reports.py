"""`reports/`: one row per ingested source object, whatever happened to it."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from schemas.codes import Script, Status, Table, Template
from schemas.lineage import (
    CONTRACT_VERSION,
    INGESTED_AT,
    PARSER_VERSION,
    REPORT_ID,
    REPORT_ID_PATTERN,
    REPORT_YEAR,
    RUN_ID,
    YEAR_RANGE,
    UtcTimestamp,
)


class ReportsModel(pa.DataFrameModel):
    """One row per ingested source object version, whatever happened to it: `valid`,
    `quarantined` or `rejected`. Count each report once with `where duplicate_of is null`."""

    report_id: str = pa.Field(
        str_matches=REPORT_ID_PATTERN,
        description=f"{REPORT_ID}; of the URI instead when the object could not be read",
    )
    source_uri: str = pa.Field(
        unique=True, description="`s3://bucket/key` or `file:///path` of the raw object"
    )
    source_etag: str = pa.Field(
        description="the object's ETag as listed by the store (local folders: mtime-size)"
    )
    source_size: pl.Int64 = pa.Field(ge=0, description="the object's size in bytes")
    source_last_modified: UtcTimestamp = pa.Field(
        description="the object's last-modified time as listed by the store"
    )
    title: str | None = pa.Field(
        nullable=True, description="the report's title line, when it has one"
    )
    agency: str | None = pa.Field(
        nullable=True,
        description="issuing agency in simplified characters, e.g. 嵊州市商务局: the signature "
        "line, else the title's subject",
    )
    region_code: str | None = pa.Field(
        nullable=True,
        str_matches=r"^\d{6}$",
        description="6-digit administrative division code (GB/T 2260) of the agency's area, "
        "when one is named unambiguously",
    )
    province: str | None = pa.Field(
        nullable=True, description="province-level name, e.g. 浙江省, when recognised"
    )
    report_year: pl.Int16 = pa.Field(
        in_range=YEAR_RANGE,
        description=f"{REPORT_YEAR}; 0 when it cannot be determined (status `rejected`)",
    )
    published_date: pl.Date | None = pa.Field(
        nullable=True,
        description="publication date (发布时间/发布日期), else the signature date, when stated",
    )
    template: str = pa.Field(
        isin=[t.value for t in Template],
        description="table format: `t2019` (years 2019-2020), `t2021` (2021 on), `pre2019` "
        "(free-form, 2008-2018), `unknown`",
    )
    script: str = pa.Field(
        isin=[s.value for s in Script],
        description="characters the report is written in (all text is stored simplified)",
    )
    status: str = pa.Field(
        isin=[s.value for s in Status],
        description="`valid` (a report with every table its template requires published), "
        "`quarantined` (some table failed a check), `rejected` (undecodable, or not a report)",
    )
    quarantined_tables: pl.List(pl.String) = pa.Field(  # type: ignore[valid-type]
        description="names of this report's tables that went to quarantine, e.g. "
        '`["applications"]`'
    )
    duplicate_of: str | None = pa.Field(
        nullable=True,
        str_matches=REPORT_ID_PATTERN,
        description="null for the copy kept for analysis; otherwise the `report_id` of that "
        "copy (the same agency and year published again as PDF, DOCX, HTML, a GBK or "
        "traditional mirror): `where duplicate_of is null` counts each report once",
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
    parser_version: str = pa.Field(description=PARSER_VERSION)
    contract_version: pl.Int16 = pa.Field(ge=1, description=CONTRACT_VERSION)
    run_id: str = pa.Field(description=RUN_ID)
    ingested_at: UtcTimestamp = pa.Field(description=INGESTED_AT)

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
