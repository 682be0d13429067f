"""What a lake holds, in a form two lakes can be compared by."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.parquet as pq

from schemas.codes import Dataset
from xxgk import PARSER_VERSION
from xxgk.batch import BatchResult, process_batch
from xxgk.fetch import fetch_all
from xxgk.lake import INDEX_COLUMNS, commit_id_for, open_lake
from xxgk.objects import RunContext
from xxgk.settings import Settings
from xxgk.storage.objects import open_store

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


def processed(source: str) -> BatchResult:
    """Every object of `source` through the pure core, as one batch."""
    settings = Settings()
    store = open_store(source, settings)
    run = RunContext(run_id="processed", started_at=datetime(2026, 6, 1, tzinfo=UTC))
    objects = list(store.list())
    return process_batch(fetch_all(store, objects, 4), run, settings.parse_time_limit_seconds)


def write_v1_lake(source: str, dest: Path) -> None:
    """A lake as xxgk wrote it under contract v1, from a real processing of `source`: each
    file holds `report_year` as well as its path, no `duplicate_of`, no field metadata, and
    `contract_version` 1; the v1 writer's layout otherwise (`part-{commit}.parquet`, reports
    in `_log/`)."""
    objects = list(open_store(source, Settings()).list())
    result = processed(source)
    commit_id = commit_id_for(((o.uri, o.etag) for o in objects), PARSER_VERSION)
    for dataset, frame in result.frames.items():
        if dataset is Dataset.REPORTS:
            frame = frame.drop("duplicate_of").with_columns(contract_version=pl.lit(1, pl.Int16))
        for (year,), part in frame.partition_by("report_year", as_dict=True).items():
            folder = dest / dataset.value / f"report_year={year}"
            folder.mkdir(parents=True, exist_ok=True)
            pq.write_table(part.to_arrow(), folder / f"part-{commit_id}.parquet")
    log = dest / "_log"
    log.mkdir(parents=True)
    rows = result.frames[Dataset.REPORTS].select(INDEX_COLUMNS).to_dicts()
    (log / f"{commit_id}.json").write_text(json.dumps(rows, default=str))


def file_layouts(lake: Path) -> dict[str, tuple[list[str], bool]]:
    """Each data file's columns, and whether every one of them carries a description."""
    return {
        str(path.relative_to(lake)): (
            (schema := pq.read_schema(path)).names,
            all(b"description" in (field.metadata or {}) for field in schema),
        )
        for path in sorted(lake.glob("*/report_year=*/*.parquet"))
    }
