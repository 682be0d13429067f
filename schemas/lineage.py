"""Column types shared by several datasets."""

from __future__ import annotations

from typing import Annotated

import polars as pl

UtcTimestamp = Annotated[pl.Datetime, "us", "UTC"]
REPORT_ID_PATTERN = r"^[0-9a-f]{64}$"
YEAR_RANGE = {"min_value": 0, "max_value": 2100}
