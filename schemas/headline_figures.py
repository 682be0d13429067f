"""`headline_figures/`: figures a report's narrative states, with the sentence as evidence."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from schemas.codes import HeadlineMetric
from schemas.lineage import REPORT_ID_PATTERN, YEAR_RANGE


class HeadlineFiguresModel(pa.DataFrameModel):
    report_id: str = pa.Field(str_matches=REPORT_ID_PATTERN)
    report_year: pl.Int16 = pa.Field(in_range=YEAR_RANGE)
    metric: str = pa.Field(isin=[m.value for m in HeadlineMetric])
    value: pl.Float64 = pa.Field(ge=0)
    unit: str
    evidence: str

    class Config:
        strict = True
