"""What a lake holds, in a form two lakes can be compared by."""

from __future__ import annotations

from pathlib import Path

import duckdb

from schemas.codes import Dataset
from xxgk.lake import open_lake
from xxgk.settings import Settings

#: Columns that differ between runs by design (which run wrote a row, and when).
RUN_COLUMNS = ("run_id", "ingested_at", "quarantined_at")


def lake_rows(
    lake: Path | str, settings: Settings | None = None
) -> dict[Dataset, list[tuple[object, ...]]]:
    """Every dataset's rows, sorted, without the run columns: equal for two lakes built from
    the same objects, however the work was cut into runs, batches and workers."""
    store = open_lake(str(lake), settings or Settings())
    rows = {}
    for dataset in Dataset:
        frame = store.read_dataset(dataset)
        frame = frame.drop([c for c in RUN_COLUMNS if c in frame.columns])
        rows[dataset] = sorted(frame.rows(), key=repr)
    return rows


def read_with_duckdb(lake: Path | str, connection: duckdb.DuckDBPyConnection | None = None) -> None:
    """Read the main datasets as a DuckDB consumer would (between a kill and a re-run): a torn
    file or a half-written partition raises. `lake` is a folder, or `s3://…` for a connection
    that reaches the store."""
    if connection is None:
        with duckdb.connect() as own:
            read_with_duckdb(lake, own)
        return
    for dataset in (Dataset.REPORTS, Dataset.APPLICATIONS, Dataset.QUARANTINE):
        files = f"{lake}/{dataset.value}/*/*.parquet"
        found = connection.execute("SELECT count(*) FROM glob(?)", [files]).fetchone()
        if found and found[0]:
            connection.execute(
                "SELECT count(*) FROM read_parquet(?, hive_partitioning = true)", [files]
            ).fetchall()
