"""`review_litigation/`: section 四 行政复议、行政诉讼情况, one row per report."""

from __future__ import annotations

from typing import Optional

import pandera.polars as pa
import polars as pl

from schemas.codes import ReviewGroup, ReviewOutcome
from schemas.lineage import REPORT_ID_PATTERN, YEAR_RANGE

_COUNT = {"ge": 0, "nullable": True}


class ReviewLitigationModel(pa.DataFrameModel):
    report_id: str = pa.Field(str_matches=REPORT_ID_PATTERN, unique=True)
    report_year: pl.Int16 = pa.Field(in_range=YEAR_RANGE)
    review_upheld: Optional[pl.Int64] = pa.Field(**_COUNT)
    review_corrected: Optional[pl.Int64] = pa.Field(**_COUNT)
    review_other: Optional[pl.Int64] = pa.Field(**_COUNT)
    review_pending: Optional[pl.Int64] = pa.Field(**_COUNT)
    review_total: Optional[pl.Int64] = pa.Field(**_COUNT)
    suit_direct_upheld: Optional[pl.Int64] = pa.Field(**_COUNT)
    suit_direct_corrected: Optional[pl.Int64] = pa.Field(**_COUNT)
    suit_direct_other: Optional[pl.Int64] = pa.Field(**_COUNT)
    suit_direct_pending: Optional[pl.Int64] = pa.Field(**_COUNT)
    suit_direct_total: Optional[pl.Int64] = pa.Field(**_COUNT)
    suit_after_review_upheld: Optional[pl.Int64] = pa.Field(**_COUNT)
    suit_after_review_corrected: Optional[pl.Int64] = pa.Field(**_COUNT)
    suit_after_review_other: Optional[pl.Int64] = pa.Field(**_COUNT)
    suit_after_review_pending: Optional[pl.Int64] = pa.Field(**_COUNT)
    suit_after_review_total: Optional[pl.Int64] = pa.Field(**_COUNT)

    class Config:
        strict = True

    @pa.dataframe_check
    def review_total_equals_sum_of_outcomes(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(_total_matches(ReviewGroup.REVIEW))

    @pa.dataframe_check
    def suit_direct_total_equals_sum_of_outcomes(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(_total_matches(ReviewGroup.SUIT_DIRECT))

    @pa.dataframe_check
    def suit_after_review_total_equals_sum_of_outcomes(
        cls, data: pa.PolarsData
    ) -> pl.LazyFrame:
        return data.lazyframe.select(_total_matches(ReviewGroup.SUIT_AFTER_REVIEW))


def _total_matches(group: ReviewGroup) -> pl.Expr:
    outcomes = [o for o in ReviewOutcome if o is not ReviewOutcome.TOTAL]
    parts = pl.sum_horizontal(pl.col(f"{group}_{o}").fill_null(0) for o in outcomes)
    return pl.col(f"{group}_{ReviewOutcome.TOTAL}").fill_null(0) == parts
