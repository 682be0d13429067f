"""`headline_figures/`: figures a report's narrative states, with the sentence as evidence."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from schemas.codes import HEADLINE_LABELS, HeadlineMetric, describe_codes
from schemas.lineage import REPORT_ID, REPORT_ID_PATTERN, REPORT_YEAR, YEAR_RANGE


class HeadlineFiguresModel(pa.DataFrameModel):
    """Figures stated in the narrative (all templates; the only figures of pre2019 reports).
    A figure is published only when its sentence states exactly that metric."""

    report_id: str = pa.Field(str_matches=REPORT_ID_PATTERN, description=REPORT_ID)
    report_year: pl.Int16 = pa.Field(in_range=YEAR_RANGE, description=REPORT_YEAR)
    metric: str = pa.Field(
        isin=[m.value for m in HeadlineMetric],
        description="what the figure counts: " + describe_codes(HeadlineMetric, HEADLINE_LABELS),
    )
    value: pl.Float64 = pa.Field(ge=0, description="the figure as stated")
    unit: str = pa.Field(description="the unit the sentence states it in, e.g. 件, 条, 元")
    evidence: str = pa.Field(description="the sentence the figure came from")

    class Config:
        strict = True
