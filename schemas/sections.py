"""`sections/`: the normalised text of each report section, for full-text consumers."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from schemas.lineage import REPORT_ID_PATTERN, YEAR_RANGE


class SectionsModel(pa.DataFrameModel):
    report_id: str = pa.Field(str_matches=REPORT_ID_PATTERN)
    report_year: pl.Int16 = pa.Field(in_range=YEAR_RANGE)
    section_no: pl.Int16 = pa.Field(in_range={"min_value": 0, "max_value": 6})
    heading: str
    text: str

    class Config:
        strict = True

    @pa.dataframe_check
    @classmethod
    def one_row_per_section(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.struct("report_id", "section_no").is_duplicated().not_())
