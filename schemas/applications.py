"""`applications/`: section 三 收到和处理政府信息公开申请情况, one row per table row."""

from __future__ import annotations

from typing import Any

import pandera.polars as pa
import polars as pl

from schemas.codes import APPLICANT_TYPES, ROW_LABELS, ApplicationRow, describe_codes
from schemas.lineage import REPORT_ID, REPORT_ID_PATTERN, REPORT_YEAR, YEAR_RANGE


def _count(applicant: str) -> Any:
    return pa.Field(
        ge=0, nullable=True, description=f"applications from {applicant}; null where blank"
    )


class ApplicationsModel(pa.DataFrameModel):
    """Section 三 收到和处理政府信息公开申请情况, one row per table row."""

    report_id: str = pa.Field(str_matches=REPORT_ID_PATTERN, description=REPORT_ID)
    report_year: pl.Int16 = pa.Field(in_range=YEAR_RANGE, description=REPORT_YEAR)
    row_code: str = pa.Field(
        isin=[r.value for r in ApplicationRow],
        description="row of section 三, in table order: "
        + describe_codes(ApplicationRow, ROW_LABELS),
    )
    natural_person: pl.Int64 | None = _count("自然人 (natural persons)")
    commercial_enterprise: pl.Int64 | None = _count(
        "法人或其他组织: 商业企业 (commercial enterprises)"
    )
    research_institution: pl.Int64 | None = _count(
        "法人或其他组织: 科研机构 (research institutions)"
    )
    social_welfare_org: pl.Int64 | None = _count(
        "法人或其他组织: 社会公益组织 (social welfare organisations)"
    )
    legal_service_org: pl.Int64 | None = _count(
        "法人或其他组织: 法律服务机构 (legal service organisations)"
    )
    other_org: pl.Int64 | None = _count("法人或其他组织: 其他 (other organisations)")
    total: pl.Int64 | None = pa.Field(
        ge=0,
        nullable=True,
        description="总计: the row's total, the six applicant columns summed; null where blank",
    )

    class Config:
        strict = True

    @pa.dataframe_check
    @classmethod
    def row_total_equals_sum_of_applicants(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """总计 = 自然人 + the five 法人或其他组织 columns (blanks count as 0)."""
        applicants = pl.sum_horizontal(pl.col(c.value).fill_null(0) for c in APPLICANT_TYPES)
        return data.lazyframe.select(pl.col("total").fill_null(0) == applicants)

    @pa.dataframe_check
    @classmethod
    def one_row_per_code(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.struct("report_id", "row_code").is_duplicated().not_())


class ApplicationsBalanceModel(pa.DataFrameModel):
    """Section 三's cross-row rules, checked on one derived row per report and column."""

    report_id: str = pa.Field(description=REPORT_ID)
    column: str = pa.Field(description="the applicant column the sums are of")
    received: pl.Int64 = pa.Field(description="一、本年新收 (blanks as 0)")
    carried_over: pl.Int64 = pa.Field(description="二、上年结转 (blanks as 0)")
    total_processed: pl.Int64 = pa.Field(description="(七)总计 (blanks as 0)")
    carried_forward: pl.Int64 = pa.Field(description="四、结转下年度继续办理 (blanks as 0)")
    sum_of_outcomes: pl.Int64 = pa.Field(description="(一) + (二) + Σ(三) + Σ(四) + Σ(五) + (六)")

    @pa.dataframe_check
    @classmethod
    def received_plus_carried_over_equals_processed_plus_carried_forward(
        cls, data: pa.PolarsData
    ) -> pl.LazyFrame:
        """The table's own rule: 第一项加第二项之和,等于第三项加第四项之和."""
        return data.lazyframe.select(
            pl.col("received") + pl.col("carried_over")
            == pl.col("total_processed") + pl.col("carried_forward")
        )

    @pa.dataframe_check
    @classmethod
    def total_processed_equals_sum_of_outcomes(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """(七)总计 = (一) + (二) + Σ(三) + Σ(四) + Σ(五) + (六)."""
        return data.lazyframe.select(pl.col("total_processed") == pl.col("sum_of_outcomes"))
