"""List and read raw report objects: S3 (obstore GETs, boto3 listing) or a local folder."""

from __future__ import annotations

import random
import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import obstore
from botocore.exceptions import BotoCoreError, ClientError, HTTPClientError, IncompleteReadError
from obstore.exceptions import PermissionDeniedError, UnauthenticatedError

from xxgk.objects import SourceObject
from xxgk.settings import Settings
from xxgk.storage.errors import (
    ObjectGoneError,
    ObjectRefusedError,
    ObjectStoreError,
    ObjectTooLargeError,
)
from xxgk.storage.s3_config import S3Config
from xxgk.storage.uri import Location, parse_location

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

__all__ = [
    "LocalObjectStore",
    "ObjectStore",
    "ObjectStoreError",
    "ObjectTooLargeError",
    "S3ObjectStore",
    "get_bytes",
    "open_store",
    "s3_client",
    "s3_request",
]


@contextmanager
def s3_request(where: str, operation: str, uri: str) -> Iterator[None]:
    """Raise botocore's errors as `ObjectStoreError`s that name the request and the store."""
    try:
        yield
    except (BotoCoreError, ClientError) as error:
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
        """Write atomically (a temporary file of this writer's own, then rename) so a reader
        never sees half of it, and two writers of one key never move each other's file."""
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root):
            raise PermissionError(f"key {key!r} points outside the folder {self.root}")
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}.partial")
        partial.write_bytes(data)
        partial.replace(path)


class S3ObjectStore:
    """A bucket prefix: listed through boto3 (paginated, with etags), read through obstore."""

    def __init__(self, location: Location, settings: Settings) -> None:
        self.location = location
        self.config = S3Config.from_settings(settings)
        self.max_bytes = settings.max_object_bytes
        self.max_attempts = settings.s3_max_attempts

    @cached_property
    def client(self) -> S3Client:
        return self.config.boto3_client()

    @property
    def uri_prefix(self) -> str:
        return f"s3://{self.location.bucket}/{self._full_key('')}"

    def list(self) -> Iterator[SourceObject]:
        prefix = f"{self.location.prefix}/" if self.location.prefix else ""
        paginator = self.client.get_paginator("list_objects_v2")
        with s3_request(self.config.where, "ListObjectsV2", self.uri_prefix):
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
        """The object's bytes; one over `max_object_bytes` by its listed size is refused
        unread (and one that grew past it since is refused once read)."""
        if source.size > self.max_bytes:
            raise ObjectTooLargeError(f"{source.uri} is larger than {self.max_bytes} bytes")
        key = self._full_key(source.key)
        try:
            store = self.config.obstore_store(self.location.bucket)
        except ValueError as error:  # boto3's chain found no credentials
            raise ObjectStoreError(
                f"GetObject {source.uri} at {self.config.where} failed: no S3 credentials found"
            ) from error
        try:
            data = bytes(obstore.get(store, key).bytes())
        except ValueError:
            # A key obstore cannot name (control characters): boto3 reads any key as listed.
            with s3_request(self.config.where, "GetObject", source.uri):
                data = get_bytes(self.client, self.location.bucket, key, self.max_attempts)
        except Exception as error:
            raise _read_error(error, source.uri, self.config.where) from error
        if len(data) > self.max_bytes:
            raise ObjectTooLargeError(f"{source.uri} is larger than {self.max_bytes} bytes")
        return data

    def write(self, key: str, data: bytes) -> None:
        with s3_request(self.config.where, "PutObject", self.uri_prefix + key):
            self.client.put_object(Bucket=self.location.bucket, Key=self._full_key(key), Body=data)

    def _full_key(self, key: str) -> str:
        return f"{self.location.prefix}/{key}" if self.location.prefix else key


def _read_error(error: Exception, uri: str, where: str) -> ObjectStoreError:
    """obstore's error as one that says the request, object and store in one line, and
    whether reading again could help: gone (404, 410) and refused (400, 401, 403, 405, 416)
    cannot; anything else (5xx, throttling, resets, timeouts, after obstore's retries) is
    the store failing."""
    first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
    message = f"GetObject {uri} at {where} failed: {first_line}"
    found = _STATUS.search(str(error))
    status = int(found.group(1)) if found else None
    if isinstance(error, FileNotFoundError) or status in {404, 410}:
        return ObjectGoneError(message)
    if isinstance(error, PermissionDeniedError | UnauthenticatedError) or status in _REFUSED:
        return ObjectRefusedError(message)
    return ObjectStoreError(message)


#: How obstore's errors give the HTTP status the store answered with.
_STATUS = re.compile(r"status code: (\d{3})\b")
#: Statuses that refuse this request, however often it is sent.
_REFUSED = frozenset({400, 401, 403, 405, 416})


def get_bytes(client: S3Client, bucket: str, key: str, max_attempts: int) -> bytes:
    """An object's bytes. botocore retries the GET until its headers arrive, but not the
    reading of a body cut short, reset or stalled half-way (it raises from `Body.read()`, after
    the call returned): that is retried here, with the same budget and a jittered backoff."""
    attempt = 1
    while True:
        body = client.get_object(Bucket=bucket, Key=key)["Body"]
        try:
            return body.read()
        except (IncompleteReadError, HTTPClientError):  # also ReadTimeout, ResponseStreaming
            if attempt >= max_attempts:
                raise
        finally:
            body.close()
        time.sleep(random.uniform(0, min(5.0, 0.1 * 2**attempt)))
        attempt += 1


def s3_client(settings: Settings) -> S3Client:
    """The process's boto3 S3 client for these settings (see `S3Config.boto3_client`)."""
    return S3Config.from_settings(settings).boto3_client()


def open_store(uri: str, settings: Settings) -> ObjectStore:
    location = parse_location(uri)
    if location.scheme == "s3":
        return S3ObjectStore(location, settings)
    return LocalObjectStore(location, settings)
