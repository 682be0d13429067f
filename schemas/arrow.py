"""The Arrow schemas of the lake's files, built from the pandera models: the columns a file
holds (the partition key lives in its path only), each carrying its description."""

from __future__ import annotations

from functools import cache

import pandera.polars as pa
import polars as pl
import pyarrow

from schemas import polars_schema
from schemas.lineage import PARTITION_KEY

#: The field-metadata key readers find a column's description under.
DESCRIPTION = b"description"


def descriptions(model: type[pa.DataFrameModel]) -> dict[str, str]:
    """Each column's description, as the model declares it."""
    return {name: column.description or "" for name, column in model.to_schema().columns.items()}


@cache
def file_schema(model: type[pa.DataFrameModel]) -> pyarrow.Schema:
    """What a file of the model's dataset holds: every column but the partition key, typed as
    the lake writes them (Polars' Arrow types), its description in the field metadata."""
    types = pl.DataFrame(schema=polars_schema(model)).to_arrow().schema
    described = descriptions(model)
    return pyarrow.schema(
        [
            field.with_metadata({DESCRIPTION: described[field.name].encode()})
            for field in types
            if field.name != PARTITION_KEY
        ]
    )


PARTITION_SCHEMA = pyarrow.schema([pyarrow.field(PARTITION_KEY, pyarrow.int16())])
