"""xxgk: government information-disclosure annual reports to a Parquet data lake."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

    from schemas.codes import Dataset
    from xxgk.settings import Settings

#: Bumped whenever parsing changes what a report yields: the next run re-parses every object
#: recorded under another version (the lake index compares it), so improvements reach old data.
PARSER_VERSION = "0.2.0"
CONTRACT_VERSION = 2

__all__ = ["CONTRACT_VERSION", "PARSER_VERSION", "read"]


def read(dataset: str | Dataset, lake: str, settings: Settings | None = None) -> pl.LazyFrame:
    """One dataset of a lake (a folder, `file://…` or `s3://bucket/prefix`) as a Polars
    LazyFrame with the contract's columns and types, `report_year` from the partition path:
    `xxgk.read("applications", "lake").collect()`. Imported on call: `import xxgk` stays light."""
    from xxgk.reading import read as read_dataset

    return read_dataset(dataset, lake, settings)
