"""`review_litigation/`: section 四 行政复议、行政诉讼情况, one row per report."""

from __future__ import annotations

from typing import Any

import pandera.polars as pa
import polars as pl

from schemas.codes import ReviewGroup, ReviewOutcome
from schemas.lineage import REPORT_ID, REPORT_ID_PATTERN, REPORT_YEAR, YEAR_RANGE

_GROUPS = {
    ReviewGroup.REVIEW: "行政复议 (administrative reviews)",
    ReviewGroup.SUIT_DIRECT: "未经复议直接起诉 (lawsuits filed directly)",
    ReviewGroup.SUIT_AFTER_REVIEW: "复议后起诉 (lawsuits after a review)",
}
_OUTCOMES = {
    ReviewOutcome.UPHELD: "结果维持 (decision upheld)",
    ReviewOutcome.CORRECTED: "结果纠正 (decision corrected)",
    ReviewOutcome.OTHER: "其他结果 (other outcome)",
    ReviewOutcome.PENDING: "尚未审结 (pending)",
    ReviewOutcome.TOTAL: "总计 (total: the four outcomes summed)",
}


def _count(group: ReviewGroup, outcome: ReviewOutcome) -> Any:
    return pa.Field(
        ge=0,
        nullable=True,
        description=f"{_GROUPS[group]}: {_OUTCOMES[outcome]}; null where blank",
    )


class ReviewLitigationModel(pa.DataFrameModel):
    """Section 四 行政复议、行政诉讼情况, one row per report."""

    report_id: str = pa.Field(str_matches=REPORT_ID_PATTERN, unique=True, description=REPORT_ID)
    report_year: pl.Int16 = pa.Field(in_range=YEAR_RANGE, description=REPORT_YEAR)
    review_upheld: pl.Int64 | None = _count(ReviewGroup.REVIEW, ReviewOutcome.UPHELD)
    review_corrected: pl.Int64 | None = _count(ReviewGroup.REVIEW, ReviewOutcome.CORRECTED)
    review_other: pl.Int64 | None = _count(ReviewGroup.REVIEW, ReviewOutcome.OTHER)
    review_pending: pl.Int64 | None = _count(ReviewGroup.REVIEW, ReviewOutcome.PENDING)
    review_total: pl.Int64 | None = _count(ReviewGroup.REVIEW, ReviewOutcome.TOTAL)
    suit_direct_upheld: pl.Int64 | None = _count(ReviewGroup.SUIT_DIRECT, ReviewOutcome.UPHELD)
    suit_direct_corrected: pl.Int64 | None = _count(
        ReviewGroup.SUIT_DIRECT, ReviewOutcome.CORRECTED
    )
    suit_direct_other: pl.Int64 | None = _count(ReviewGroup.SUIT_DIRECT, ReviewOutcome.OTHER)
    suit_direct_pending: pl.Int64 | None = _count(ReviewGroup.SUIT_DIRECT, ReviewOutcome.PENDING)
    suit_direct_total: pl.Int64 | None = _count(ReviewGroup.SUIT_DIRECT, ReviewOutcome.TOTAL)
    suit_after_review_upheld: pl.Int64 | None = _count(
        ReviewGroup.SUIT_AFTER_REVIEW, ReviewOutcome.UPHELD
    )
    suit_after_review_corrected: pl.Int64 | None = _count(
        ReviewGroup.SUIT_AFTER_REVIEW, ReviewOutcome.CORRECTED
    )
    suit_after_review_other: pl.Int64 | None = _count(
        ReviewGroup.SUIT_AFTER_REVIEW, ReviewOutcome.OTHER
    )
    suit_after_review_pending: pl.Int64 | None = _count(
        ReviewGroup.SUIT_AFTER_REVIEW, ReviewOutcome.PENDING
    )
    suit_after_review_total: pl.Int64 | None = _count(
        ReviewGroup.SUIT_AFTER_REVIEW, ReviewOutcome.TOTAL
    )

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
