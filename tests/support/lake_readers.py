"""Read every dataset of a lake with pandas and Spark, the way an analyst would, and print
what each reader saw as JSON: run by tests/test_readers.py in a venv of its own (the `readers`
dependency group), so this module imports nothing of xxgk's.

    python lake_readers.py pandas,spark LAKE DATASET[,DATASET…]
"""

from __future__ import annotations

import json
import math
import sys
from datetime import UTC, date, datetime
from typing import Any


def canonical(value: Any) -> Any:
    """One JSON spelling of a cell, whichever library read it: nulls (None, NaN, NaT) as
    null, whole floats as ints (pandas holds an int column with nulls as floats), times in
    UTC ISO form, arrays as lists."""
    if value is None or isinstance(value, str | bool):
        return value
    if hasattr(value, "tolist") and getattr(value, "ndim", 1) != 0:  # numpy arrays
        return [canonical(v) for v in value.tolist()]
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, datetime | date):  # numpy scalars
        value = value.item()
    if value != value:  # NaN, NaT
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, datetime):
        value = value if value.tzinfo else value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) or (isinstance(value, float) and not math.isnan(value)):
        return value
    raise TypeError(f"no canonical form for {value!r}")


def canonical_rows(records: list[dict[str, Any]]) -> list[str]:
    """Rows as sorted JSON arrays, columns in name order."""
    return sorted(
        json.dumps([canonical(row[c]) for c in sorted(row)], ensure_ascii=False) for row in records
    )


def read_pandas(lake: str, datasets: list[str]) -> dict[str, Any]:
    import pandas as pd  # type: ignore[import-not-found,import-untyped,unused-ignore]

    seen = {}
    for dataset in datasets:
        frame = pd.read_parquet(f"{lake}/{dataset}")
        types = {str(c): str(t) for c, t in frame.dtypes.items()}
        categories = str(frame["report_year"].cat.categories.dtype)
        types["report_year"] = f"category<{categories}>"
        records = [{str(k): v for k, v in row.items()} for row in frame.to_dict(orient="records")]
        seen[dataset] = {"types": types, "rows": canonical_rows(records)}
    return seen


def read_spark(lake: str, datasets: list[str]) -> dict[str, Any]:
    from pyspark.sql import SparkSession  # type: ignore[import-not-found,unused-ignore]

    spark = (
        SparkSession.builder.master("local[1]")
        .appName("xxgk-readers")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    seen = {}
    try:
        for dataset in datasets:
            frame = spark.read.parquet(f"{lake}/{dataset}")
            types = {f.name: f.dataType.simpleString() for f in frame.schema.fields}
            records = [row.asDict(recursive=True) for row in frame.collect()]
            seen[dataset] = {"types": types, "rows": canonical_rows(records)}
    finally:
        spark.stop()
    return seen


def main(readers: str, lake: str, datasets: str) -> None:
    read = {"pandas": read_pandas, "spark": read_spark}
    names = datasets.split(",")
    print(json.dumps({reader: read[reader](lake, names) for reader in readers.split(",")}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
