"""`sections/`: the normalised text of each report section, for full-text consumers."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from schemas.lineage import REPORT_ID, REPORT_ID_PATTERN, REPORT_YEAR, YEAR_RANGE


class SectionsModel(pa.DataFrameModel):
    """The report's text by section, normalised (simplified characters, NFKC, no site chrome
    or spam)."""

    report_id: str = pa.Field(str_matches=REPORT_ID_PATTERN, description=REPORT_ID)
    report_year: pl.Int16 = pa.Field(in_range=YEAR_RANGE, description=REPORT_YEAR)
    section_no: pl.Int16 = pa.Field(
        in_range={"min_value": 0, "max_value": 6},
        description="section number 1-6 (一 to 六); 0 for the text before section 一",
    )
    heading: str = pa.Field(description="the section's heading as written")
    text: str = pa.Field(description="the section's normalised text")

    class Config:
        strict = True

    @pa.dataframe_check
    @classmethod
    def one_row_per_section(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.struct("report_id", "section_no").is_duplicated().not_())
