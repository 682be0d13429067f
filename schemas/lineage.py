"""Column types and descriptions shared by several datasets."""

from __future__ import annotations

from typing import Annotated

import polars as pl

UtcTimestamp = Annotated[pl.Datetime, "us", "UTC"]
REPORT_ID_PATTERN = r"^[0-9a-f]{64}$"
YEAR_RANGE = {"min_value": 0, "max_value": 2100}

#: The partition key: in the path (`report_year=YYYY`) only, never inside the files.
PARTITION_KEY = "report_year"

REPORT_ID = "lowercase hex SHA-256 of the raw object's bytes; joins every dataset"
REPORT_YEAR = (
    "the year the report covers, not the year it was published (the partition key: in the "
    "path `report_year=YYYY` only, not inside the files)"
)
PARSER_VERSION = "version of the parser that produced the row"
CONTRACT_VERSION = (
    "version of the data contract the row was written under (rows upgraded from an older "
    "lake layout keep theirs)"
)
RUN_ID = "the ingest run that wrote the row (`_runs/`)"
INGESTED_AT = "when the row was written"
