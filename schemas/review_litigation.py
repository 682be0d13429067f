"""`review_litigation/`: section 四 行政复议、行政诉讼情况, one row per report."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from schemas.codes import ReviewGroup, ReviewOutcome
from schemas.lineage import REPORT_ID_PATTERN, YEAR_RANGE


class ReviewLitigationModel(pa.DataFrameModel):
    report_id: str = pa.Field(str_matches=REPORT_ID_PATTERN, unique=True)
    report_year: pl.Int16 = pa.Field(in_range=YEAR_RANGE)
    review_upheld: pl.Int64 | None = pa.Field(ge=0, nullable=True)
    review_corrected: pl.Int64 | None = pa.Field(ge=0, nullable=True)
    review_other: pl.Int64 | None = pa.Field(ge=0, nullable=True)
    review_pending: pl.Int64 | None = pa.Field(ge=0, nullable=True)
    review_total: pl.Int64 | None = pa.Field(ge=0, nullable=True)
    suit_direct_upheld: pl.Int64 | None = pa.Field(ge=0, nullable=True)
    suit_direct_corrected: pl.Int64 | None = pa.Field(ge=0, nullable=True)
    suit_direct_other: pl.Int64 | None = pa.Field(ge=0, nullable=True)
    suit_direct_pending: pl.Int64 | None = pa.Field(ge=0, nullable=True)
    suit_direct_total: pl.Int64 | None = pa.Field(ge=0, nullable=True)
    suit_after_review_upheld: pl.Int64 | None = pa.Field(ge=0, nullable=True)
    suit_after_review_corrected: pl.Int64 | None = pa.Field(ge=0, nullable=True)
    suit_after_review_other: pl.Int64 | None = pa.Field(ge=0, nullable=True)
    suit_after_review_pending: pl.Int64 | None = pa.Field(ge=0, nullable=True)
    suit_after_review_total: pl.Int64 | None = pa.Field(ge=0, nullable=True)

    class Config:
        strict = True

    @pa.dataframe_check
    @classmethod
    def review_total_equals_sum_of_outcomes(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(_total_matches(ReviewGroup.REVIEW))

    @pa.dataframe_check
    @classmethod
    def suit_direct_total_equals_sum_of_outcomes(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(_total_matches(ReviewGroup.SUIT_DIRECT))

    @pa.dataframe_check
    @classmethod
    def suit_after_review_total_equals_sum_of_outcomes(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(_total_matches(ReviewGroup.SUIT_AFTER_REVIEW))


def _total_matches(group: ReviewGroup) -> pl.Expr:
    outcomes = [o for o in ReviewOutcome if o is not ReviewOutcome.TOTAL]
    parts = pl.sum_horizontal(pl.col(f"{group}_{o}").fill_null(0) for o in outcomes)
    return pl.col(f"{group}_{ReviewOutcome.TOTAL}").fill_null(0) == parts
