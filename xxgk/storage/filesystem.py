"""The lake's filesystem: pyarrow's own S3 client or the local disk, behind `pyarrow.fs`."""

from __future__ import annotations

from urllib.parse import urlparse

from pyarrow import fs

from xxgk.settings import Settings
from xxgk.storage.uri import Location, parse_location


def lake_filesystem(uri: str, settings: Settings) -> tuple[fs.FileSystem, str]:
    """(filesystem, base path) for a lake root; pyarrow writes Parquet to S3 natively."""
    location = parse_location(uri)
    return filesystem_for(location, settings), _base_path(location)


def filesystem_for(location: Location, settings: Settings) -> fs.FileSystem:
    if location.scheme != "s3":
        return fs.LocalFileSystem()
    endpoint = urlparse(settings.s3_endpoint_url) if settings.s3_endpoint_url else None
    keys = settings.s3_access_key_id, settings.s3_secret_access_key
    return fs.S3FileSystem(
        region=settings.s3_region,
        endpoint_override=(endpoint.netloc or endpoint.path) if endpoint else None,
        scheme="http" if endpoint and endpoint.scheme == "http" else "https",
        force_virtual_addressing=False,
        access_key=keys[0].get_secret_value() if keys[0] and keys[1] else None,
        secret_key=keys[1].get_secret_value() if keys[0] and keys[1] else None,
        session_token=(
            settings.s3_session_token.get_secret_value()
            if keys[0] and keys[1] and settings.s3_session_token
            else None
        ),
        retry_strategy=fs.AwsStandardS3RetryStrategy(max_attempts=settings.s3_max_attempts),
        connect_timeout=settings.s3_connect_timeout_seconds,
        request_timeout=settings.s3_read_timeout_seconds,
    )


def _base_path(location: Location) -> str:
    if location.scheme == "s3":
        return f"{location.bucket}/{location.prefix}".rstrip("/")
    return location.prefix
