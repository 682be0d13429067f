"""The data dictionary, generated from the pandera models: written at each lake's root and
committed as `docs/data-dictionary.md` (`python -m schemas.dictionary` regenerates it)."""

from __future__ import annotations

import sys
from pathlib import Path

import pandera.polars as pa
import polars as pl

from schemas.lineage import PARTITION_KEY
from schemas.registry import MODELS
from schemas.runs import RunsModel
from xxgk import CONTRACT_VERSION

COMMITTED = Path(__file__).resolve().parent.parent / "docs" / "data-dictionary.md"

_HEADER = f"""\
# Data dictionary of the xxgk lake

Generated from the pandera models in `schemas/` (`python -m schemas.dictionary`); do not edit.
Contract version {CONTRACT_VERSION}.

Every dataset is Apache Parquet under one root, Hive-partitioned as
`{{dataset}}/report_year=YYYY/part-….parquet`. `report_year` lives in the path only: every
common reader yields it from the path when told the folder is Hive-partitioned (see
`docs/reading.md`). `report_id` joins every dataset. Each column's description below is also
in the Parquet field metadata of every file, under the key `description`. Types are Arrow's;
`?` marks a column that may be null. Count each report once with `where duplicate_of is null`
(join `reports` on `report_id`).
"""


def render_dictionary() -> str:
    """The whole dictionary as Markdown."""
    parts = [_HEADER]
    folders: dict[str, type[pa.DataFrameModel]] = {
        **{dataset.value: model for dataset, model in MODELS.items()},
        "_runs": RunsModel,
    }
    for folder, model in folders.items():
        parts.append(_section(folder, model))
    return "\n".join(parts)


def _section(folder: str, model: type[pa.DataFrameModel]) -> str:
    schema = model.to_schema()
    doc = " ".join((model.__doc__ or "").split())
    lines = [f"## `{folder}/`", "", doc, "", "| column | type | description |", "|---|---|---|"]
    for name, column in schema.columns.items():
        kind = _type_name(column.dtype.type) + ("?" if column.nullable else "")
        where = " (partition key, from the path)" if name == PARTITION_KEY else ""
        text = (column.description or "").replace("|", "\\|")
        lines.append(f"| {name} | {kind}{where} | {text} |")
    return "\n".join(lines) + "\n"


def _type_name(dtype: pl.DataType) -> str:
    """The contract's names for a Polars type (Arrow's, as the files hold them)."""
    if isinstance(dtype, pl.List):
        return f"list<{_type_name(dtype.inner)}>"  # type: ignore[arg-type]
    if isinstance(dtype, pl.Struct):
        return "struct<" + ", ".join(f"{f.name}: {_type_name(f.dtype)}" for f in dtype.fields) + ">"  # type: ignore[arg-type]
    if isinstance(dtype, pl.Datetime):
        return f"timestamp[{dtype.time_unit}, {dtype.time_zone}]"
    names = {pl.String: "string", pl.Date: "date", pl.Boolean: "bool"}
    for kind, name in names.items():
        if dtype == kind:
            return name
    return str(dtype).lower()


def main() -> None:
    """Write the committed copy (`docs/data-dictionary.md`), or check it with `--check`."""
    text = render_dictionary()
    if "--check" in sys.argv[1:]:
        if COMMITTED.read_text("utf-8") != text:
            sys.exit(f"{COMMITTED} is out of date: run python -m schemas.dictionary")
        return
    COMMITTED.write_text(text, "utf-8")


if __name__ == "__main__":
    main()
