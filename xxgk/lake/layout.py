"""Where everything lives under a lake root, and the layout each model's files are written in."""

from __future__ import annotations

import hashlib
import json

import pandera.polars as pa
import polars as pl
import pyarrow

from schemas import polars_schema
from schemas.arrow import DESCRIPTION, file_schema
from schemas.registry import MODELS
from schemas.runs import RunsModel

STAGING = "_staging"
RUNS = "_runs"
LOG = "_log"
PARTITIONS = "_state/partitions"
SNAPSHOT = "_state/index"
COMMITS = "_commits"
LAYOUT = "_state/layout.json"
DICTIONARY = "DATA_DICTIONARY.md"
#: Where each model's files live: the datasets, and the runs log.
LAYOUTS: dict[str, type[pa.DataFrameModel]] = {
    **{dataset.value: model for dataset, model in MODELS.items()},
    RUNS: RunsModel,
}


def staging_dir(run_id: str, commit_id: str) -> str:
    """Each run stages apart, so clearing one run's leftovers never touches another's."""
    return f"{STAGING}/{run_id}/{commit_id}"


def layout_fingerprint() -> str:
    """What the lake's files hold, per folder: names and types of their columns."""
    layout = {
        folder: [f"{field.name}:{field.type}" for field in file_schema(model)]
        for folder, model in LAYOUTS.items()
    }
    return hashlib.sha256(json.dumps(layout, sort_keys=True).encode()).hexdigest()[:16]


def sort_columns(frame: pl.DataFrame) -> list[str]:
    """The columns a staged file is sorted by (all but lists), so equal input gives equal bytes."""
    return [name for name, dtype in frame.schema.items() if not isinstance(dtype, pl.List)]


def as_file(frame: pl.DataFrame, model: type[pa.DataFrameModel]) -> pyarrow.Table:
    """A model's rows as its files hold them: its columns in order without the partition key,
    each with its description in the field metadata."""
    schema = file_schema(model)
    return frame.select(schema.names).to_arrow().cast(schema)


def from_file(frame: pl.DataFrame, model: type[pa.DataFrameModel]) -> pl.DataFrame:
    """One file's rows in the lake's layout, whichever layout it was written in: the partition
    key dropped (it is in the path), columns added since filled with nulls."""
    types = polars_schema(model)
    names = file_schema(model).names
    return frame.select(
        pl.col(name) if name in frame.columns else pl.lit(None, types[name]).alias(name)
        for name in names
    ).cast({name: types[name] for name in names})


def is_current(schema: pyarrow.Schema, model: type[pa.DataFrameModel]) -> bool:
    """Whether a file's footer shows the model's layout: its columns, each described."""
    described = all(DESCRIPTION in (field.metadata or {}) for field in schema)
    return schema.names == file_schema(model).names and described
