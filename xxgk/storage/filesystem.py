"""The lake's filesystem: pyarrow's own S3 client or the local disk, behind `pyarrow.fs`."""

from __future__ import annotations

from pyarrow import fs

from xxgk.settings import Settings
from xxgk.storage.s3_config import S3Config
from xxgk.storage.uri import Location, parse_location


def lake_filesystem(uri: str, settings: Settings) -> tuple[fs.FileSystem, str]:
    """(filesystem, base path) for a lake root; pyarrow writes Parquet to S3 natively."""
    location = parse_location(uri)
    return filesystem_for(location, settings), _base_path(location)


def filesystem_for(location: Location, settings: Settings) -> fs.FileSystem:
    if location.scheme != "s3":
        return fs.LocalFileSystem()
    return S3Config.from_settings(settings).arrow_filesystem()


def _base_path(location: Location) -> str:
    if location.scheme == "s3":
        return f"{location.bucket}/{location.prefix}".rstrip("/")
    return location.prefix
