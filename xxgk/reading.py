"""Read a lake dataset as a Polars LazyFrame, typed as the contract says, wherever the lake is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyarrow import fs

from schemas.arrow import file_schema
from schemas.codes import Dataset
from schemas.lineage import PARTITION_KEY
from schemas.registry import MODELS, SCHEMAS
from xxgk.settings import Settings
from xxgk.storage.filesystem import filesystem_for
from xxgk.storage.uri import Location, parse_location

if TYPE_CHECKING:
    import polars as pl


def read(dataset: str | Dataset, lake: str, settings: Settings | None = None) -> pl.LazyFrame:
    """`dataset` of the lake at `lake` (a folder, `file://…` or `s3://bucket/prefix`): the
    contract's columns in its order and types, `report_year` (Int16) from the partition path.
    S3 credentials and endpoint come from `Settings` (the `XXGK_`/`AWS_` variables). Lakes of
    the v1 layout read alike (their files' own `report_year` is ignored, `duplicate_of` is
    null), so a reader never depends on the next run having upgraded the lake."""
    import polars as pl

    dataset = Dataset(dataset)
    settings = settings or Settings()
    location = parse_location(lake)
    schema = SCHEMAS[dataset]
    folder = f"{location.prefix.rstrip('/')}/{dataset.value}"
    if location.scheme == "s3":
        folder = f"{location.bucket}/{folder}".replace("//", "/")
    filesystem = filesystem_for(location, settings)
    selector = fs.FileSelector(folder, recursive=True, allow_not_found=True)
    if not any(i.path.endswith(".parquet") for i in filesystem.get_file_info(selector)):
        return pl.LazyFrame(schema=schema)
    columns = {name: schema[name] for name in file_schema(MODELS[dataset]).names}
    source = f"s3://{folder}/" if location.scheme == "s3" else f"{folder}/"
    frame = pl.scan_parquet(
        source,
        hive_partitioning=True,
        hive_schema={PARTITION_KEY: pl.Int16},
        schema=columns,
        missing_columns="insert",
        extra_columns="ignore",
        storage_options=_storage_options(location, settings),
    )
    return frame.select(list(schema)).cast(dict(schema))  # type: ignore[arg-type]


def _storage_options(location: Location, settings: Settings) -> dict[str, str] | None:
    """Polars' (object_store's) S3 options from the settings; None off S3."""
    if location.scheme != "s3":
        return None
    options = {"aws_region": settings.s3_region}
    if settings.s3_endpoint_url:
        options["aws_endpoint_url"] = settings.s3_endpoint_url
        options["aws_allow_http"] = str(settings.s3_endpoint_url.startswith("http:")).lower()
    if settings.s3_access_key_id and settings.s3_secret_access_key:
        options["aws_access_key_id"] = settings.s3_access_key_id.get_secret_value()
        options["aws_secret_access_key"] = settings.s3_secret_access_key.get_secret_value()
    return options
