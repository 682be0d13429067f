"""pandera models of the contract's datasets, and the codes they share with the parsers."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl


def polars_schema(model: type[pa.DataFrameModel]) -> pl.Schema:
    """The exact Polars schema a model declares, so frames are built to the contract's types."""
    return pl.Schema(
        {name: column.dtype.type for name, column in model.to_schema().columns.items()}
    )
