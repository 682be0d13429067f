"""`active_disclosure/`: section 二 主动公开政府信息情况, long format."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from schemas.codes import SIGNED_METRICS, ActiveItem, ActiveMetric
from schemas.lineage import REPORT_ID_PATTERN, YEAR_RANGE


class ActiveDisclosureModel(pa.DataFrameModel):
    report_id: str = pa.Field(str_matches=REPORT_ID_PATTERN)
    report_year: pl.Int16 = pa.Field(in_range=YEAR_RANGE)
    item: str = pa.Field(isin=[i.value for i in ActiveItem])
    metric: str = pa.Field(isin=[m.value for m in ActiveMetric])
    value: pl.Float64 | None = pa.Field(nullable=True)
    raw_value: str

    class Config:
        strict = True

    @pa.dataframe_check
    @classmethod
    def non_negative_except_change(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """Counts and amounts are never negative; only 本年增/减 carries a sign."""
        signed = [m.value for m in SIGNED_METRICS]
        return data.lazyframe.select(
            pl.col("metric").is_in(signed) | pl.col("value").is_null() | (pl.col("value") >= 0)
        )

    @pa.dataframe_check
    @classmethod
    def one_value_per_cell(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.struct("report_id", "item", "metric").is_duplicated().not_()
        )
