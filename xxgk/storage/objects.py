"""List and read raw report objects: boto3 for S3, the filesystem for local folders."""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, HTTPClientError, IncompleteReadError
from pydantic import SecretStr

from xxgk.objects import SourceObject
from xxgk.settings import Settings
from xxgk.storage.uri import Location, parse_location

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client


class ObjectTooLargeError(ValueError):
    """An object exceeds `max_object_bytes`; it is rejected rather than read into memory."""


class ObjectStoreError(OSError):
    """A request to the object store failed for good, after the client's retries. Its message
    says which request, on which object, at which endpoint, and why (never the credentials):
    botocore's own says only the operation."""


@contextmanager
def s3_request(settings: Settings, operation: str, uri: str) -> Iterator[None]:
    """Raise botocore's errors as `ObjectStoreError`s that name the request and the store."""
    try:
        yield
    except (BotoCoreError, ClientError) as error:
        where = settings.s3_endpoint_url or f"AWS S3 ({settings.s3_region})"
        raise ObjectStoreError(f"{operation} {uri} at {where} failed: {error}") from error


class ObjectStore(Protocol):
    """The raw zone as the pipeline sees it; keys are relative to the store's location."""

    location: Location

    @property
    def uri_prefix(self) -> str:
        """What the URI of every object under this store starts with."""

    def list(self) -> Iterator[SourceObject]: ...

    def read(self, source: SourceObject) -> bytes: ...

    def write(self, key: str, data: bytes) -> None: ...


class LocalObjectStore:
    """A folder of raw reports: keys are paths relative to it, etags change with mtime/size."""

    def __init__(self, location: Location, settings: Settings) -> None:
        self.location = location
        self.root = Path(location.prefix)
        self.max_bytes = settings.max_object_bytes

    @property
    def uri_prefix(self) -> str:
        return self.root.as_uri().rstrip("/") + "/"

    def list(self) -> Iterator[SourceObject]:
        if not self.root.is_dir():
            return  # like an S3 prefix with nothing under it (a year with no reports)
        for path in sorted(self.root.rglob("*")):
            if not path.is_file() or any(
                part.startswith(".") for part in path.relative_to(self.root).parts
            ):
                continue
            stat = path.stat()
            yield SourceObject(
                key=path.relative_to(self.root).as_posix(),
                uri=path.as_uri(),
                etag=f"{stat.st_mtime_ns:x}-{stat.st_size:x}",
                size=stat.st_size,
                last_modified=datetime.fromtimestamp(stat.st_mtime, UTC),
            )

    def read(self, source: SourceObject) -> bytes:
        path = (self.root / source.key).resolve()
        if not path.is_relative_to(self.root):
            raise PermissionError(f"key {source.key!r} points outside the source folder")
        if path.stat().st_size > self.max_bytes:
            raise ObjectTooLargeError(f"{source.uri} is larger than {self.max_bytes} bytes")
        return path.read_bytes()

    def write(self, key: str, data: bytes) -> None:
        """Write atomically (temporary file, then rename) so a reader never sees half of it."""
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root):
            raise PermissionError(f"key {key!r} points outside the folder {self.root}")
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.partial")
        partial.write_bytes(data)
        partial.replace(path)


class S3ObjectStore:
    """A bucket prefix read through boto3, with standard retries and paginated listing."""

    def __init__(self, location: Location, settings: Settings) -> None:
        self.location = location
        self.settings = settings

    @cached_property
    def client(self) -> S3Client:
        return s3_client(self.settings)

    @property
    def uri_prefix(self) -> str:
        return f"s3://{self.location.bucket}/{self._full_key('')}"

    def list(self) -> Iterator[SourceObject]:
        prefix = f"{self.location.prefix}/" if self.location.prefix else ""
        paginator = self.client.get_paginator("list_objects_v2")
        with s3_request(self.settings, "ListObjectsV2", self.uri_prefix):
            for page in paginator.paginate(Bucket=self.location.bucket, Prefix=prefix):
                for entry in page.get("Contents", []):
                    key = entry["Key"]
                    if key.endswith("/"):
                        continue
                    yield SourceObject(
                        key=key[len(prefix) :],
                        uri=f"s3://{self.location.bucket}/{key}",
                        etag=entry.get("ETag", "").strip('"'),
                        size=entry.get("Size", 0),
                        last_modified=entry["LastModified"].astimezone(UTC),
                    )

    def read(self, source: SourceObject) -> bytes:
        if source.size > self.settings.max_object_bytes:
            raise ObjectTooLargeError(
                f"{source.uri} is larger than {self.settings.max_object_bytes} bytes"
            )
        with s3_request(self.settings, "GetObject", source.uri):
            return get_bytes(
                self.client, self.location.bucket, self._full_key(source.key), self.settings
            )

    def write(self, key: str, data: bytes) -> None:
        with s3_request(self.settings, "PutObject", self.uri_prefix + key):
            self.client.put_object(Bucket=self.location.bucket, Key=self._full_key(key), Body=data)

    def _full_key(self, key: str) -> str:
        return f"{self.location.prefix}/{key}" if self.location.prefix else key


def get_bytes(client: S3Client, bucket: str, key: str, settings: Settings) -> bytes:
    """An object's bytes. botocore retries the GET until its headers arrive, but not the
    reading of a body cut short, reset or stalled half-way (it raises from `Body.read()`, after
    the call returned): that is retried here, with the same budget and a jittered backoff."""
    attempt = 1
    while True:
        body = client.get_object(Bucket=bucket, Key=key)["Body"]
        try:
            return body.read()
        except (IncompleteReadError, HTTPClientError):  # also ReadTimeout, ResponseStreaming
            if attempt >= settings.s3_max_attempts:
                raise
        finally:
            body.close()
        time.sleep(random.uniform(0, min(5.0, 0.1 * 2**attempt)))
        attempt += 1


def s3_client(settings: Settings) -> S3Client:
    """A boto3 S3 client for AWS or any S3-compatible store (SeaweedFS, MinIO, …), one per
    process and configuration: making one loads botocore's service models (~0.3 s of CPU),
    and clients are thread-safe. Keyed by process too, so a forked worker makes its own."""
    key = (os.getpid(), *(_secret(v) if isinstance(v, SecretStr) else v for _, v in settings))
    with _CLIENTS_LOCK:
        client = _CLIENTS.get(key)
        if client is None:
            client = _CLIENTS[key] = _new_s3_client(settings)
    return client


_CLIENTS: dict[tuple[object, ...], S3Client] = {}
_CLIENTS_LOCK = threading.Lock()


def _new_s3_client(settings: Settings) -> S3Client:
    config = Config(
        retries={"max_attempts": settings.s3_max_attempts, "mode": "standard"},
        connect_timeout=settings.s3_connect_timeout_seconds,
        read_timeout=settings.s3_read_timeout_seconds,
        # Every batch processed at once fetches through it, and a commit runs beside them.
        max_pool_connections=settings.fetch_concurrency * settings.process_concurrency + 8,
        s3={"addressing_style": "path"} if settings.s3_endpoint_url else None,
        # S3-compatible servers reject the newer default checksums (../shared/gotchas.md).
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
    )
    session = boto3.session.Session()
    return session.client(
        "s3",
        endpoint_url=settings.s3_endpoint_url,
        region_name=settings.s3_region,
        aws_access_key_id=_secret(settings.s3_access_key_id),
        aws_secret_access_key=_secret(settings.s3_secret_access_key),
        aws_session_token=_secret(settings.s3_session_token),
        config=config,
    )


def _secret(value: SecretStr | None) -> str | None:
    return None if value is None else value.get_secret_value()


def open_store(uri: str, settings: Settings) -> ObjectStore:
    location = parse_location(uri)
    if location.scheme == "s3":
        return S3ObjectStore(location, settings)
    return LocalObjectStore(location, settings)
