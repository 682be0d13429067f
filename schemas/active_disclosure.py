"""`active_disclosure/`: section 二 主动公开政府信息情况, long format."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from schemas.codes import (
    ITEM_LABELS,
    METRIC_LABELS,
    SIGNED_METRICS,
    ActiveItem,
    ActiveMetric,
    describe_codes,
)
from schemas.lineage import REPORT_ID, REPORT_ID_PATTERN, REPORT_YEAR, YEAR_RANGE


class ActiveDisclosureModel(pa.DataFrameModel):
    """Section 二 主动公开政府信息情况, one row per item and metric (long format)."""

    report_id: str = pa.Field(str_matches=REPORT_ID_PATTERN, description=REPORT_ID)
    report_year: pl.Int16 = pa.Field(in_range=YEAR_RANGE, description=REPORT_YEAR)
    item: str = pa.Field(
        isin=[i.value for i in ActiveItem],
        description="row of section 二: " + describe_codes(ActiveItem, ITEM_LABELS),
    )
    metric: str = pa.Field(
        isin=[m.value for m in ActiveMetric],
        description="column of section 二: " + describe_codes(ActiveMetric, METRIC_LABELS),
    )
    value: pl.Float64 | None = pa.Field(
        nullable=True,
        description="the cell's value; amounts in 万元 (10k yuan), a cell written in 元 or "
        "with a unit converted; null for a blank cell (blank, /, —, 无 …)",
    )
    raw_value: str = pa.Field(description="the cell as written in the report")

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
