"""Check a run's arguments and stores before any flow starts: one clear message, not a traceback.

A mistyped location, an unreachable endpoint or a lake root that is a file would otherwise
surface minutes later, deep in a task, as a permanent error retried and logged several times.
These checks are plain functions (no Prefect, no terminal): the command line calls them, and so
can a flow or a deployment before it lists anything.
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

import boto3
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
)

from xxgk.settings import Settings
from xxgk.storage.objects import s3_client
from xxgk.storage.uri import Location, parse_location

#: Lake roots hold these; a folder with none of them is not a lake (yet).
LAKE_MARKERS = ("_runs", "reports", "_log", "_state")

_CREDENTIAL_CODES = {
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "AccessDenied",
    "InvalidToken",
    "ExpiredToken",
    "AuthorizationHeaderMalformed",
    "403",
}


class PreflightError(Exception):
    """A run cannot start; the message says what is wrong and what to do, in one line."""

    exit_code = 1


class ArgumentError(PreflightError):
    """The command's arguments are wrong (a usage error: fix the command line)."""

    exit_code = 2


class StoreUnavailableError(PreflightError):
    """The arguments are fine but a store cannot be used as asked (credentials, network,
    permissions): fix the environment, or retry later."""

    exit_code = 1


def check_batch_size(batch_size: int | None, option: str = "--batch-size") -> None:
    if batch_size is not None and batch_size < 1:
        raise ArgumentError(f"{option} must be at least 1 (got {batch_size})")


def location_of(uri: str, option: str) -> Location:
    """The location a user typed, or a `ArgumentError` naming the option."""
    if not uri.strip():
        raise ArgumentError(f"{option} is empty: give a folder, file://… or s3://bucket/prefix")
    try:
        return parse_location(uri)
    except ValueError as error:
        raise ArgumentError(f"{option} {error}") from error


def check_source(uri: str, settings: Settings, option: str = "--source") -> Location:
    """The source exists and can be listed: a folder, or an S3 prefix in a bucket we can read."""
    location = location_of(uri, option)
    if location.scheme == "s3":
        _probe_s3(location, settings, option, write=False)
        return location
    path = Path(location.prefix)
    if not path.exists():
        raise ArgumentError(f"{option} {path} does not exist: give the folder of raw reports")
    if not path.is_dir():
        raise ArgumentError(f"{option} {path} is a file, not a folder: give the folder holding it")
    return location


def check_dest(uri: str, settings: Settings, option: str = "--dest") -> Location:
    """A lake can be written at `uri`: a folder that is (or can be created) writable, or an S3
    prefix we can list and write to. Nothing is left behind by the check."""
    location = location_of(uri, option)
    if location.scheme == "s3":
        _probe_s3(location, settings, option, write=True)
        return location
    path = Path(location.prefix)
    if path.exists() and not path.is_dir():
        raise ArgumentError(f"{option} {path} is a file: give a folder for the lake")
    existing = next(p for p in (path, *path.parents) if p.exists())
    if not existing.is_dir():
        raise ArgumentError(
            f"{option} {path} cannot be created: {existing} is a file; give a folder for the lake"
        )
    try:
        with tempfile.NamedTemporaryFile(dir=existing, prefix=".xxgk-preflight-"):
            pass
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise StoreUnavailableError(
            f"{option} {path} is not writable ({reason} in {existing}): "
            "choose a folder you can write to, or fix its permissions"
        ) from error
    return location


def check_lake_exists(uri: str, settings: Settings, option: str = "--dest") -> Location:
    """There is a lake at `uri` (a run has written there), for commands that only read it."""
    location = location_of(uri, option)
    if location.scheme == "s3":
        if not _probe_s3(location, settings, option, write=False):
            raise ArgumentError(f"{option} no lake at {location}: run `xxgk ingest --dest {uri}`")
        return location
    path = Path(location.prefix)
    if not path.is_dir():
        what = "is a file" if path.exists() else "does not exist"
        raise ArgumentError(f"{option} {path} {what}: give the lake's root folder")
    if not any((path / marker).exists() for marker in LAKE_MARKERS):
        raise ArgumentError(
            f"{option} {path} holds no lake (no {', '.join(LAKE_MARKERS)}): "
            f"give the lake's root folder, or run `xxgk ingest --dest {uri}` first"
        )
    return location


def _probe_s3(location: Location, settings: Settings, option: str, *, write: bool) -> bool:
    """List one key under the prefix (and, for a lake, write and delete a probe object): fast,
    with few retries, so a wrong endpoint fails in seconds. Whether anything is there."""
    where = settings.s3_endpoint_url or f"AWS S3 ({settings.s3_region})"
    if settings.s3_access_key_id is None and boto3.session.Session().get_credentials() is None:
        raise StoreUnavailableError(
            f"{option} {location}: no S3 credentials found; set XXGK_S3_ACCESS_KEY_ID and "
            "XXGK_S3_SECRET_ACCESS_KEY (or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)"
        )
    quick = settings.model_copy(
        update={
            "s3_max_attempts": 2,
            "s3_connect_timeout_seconds": min(settings.s3_connect_timeout_seconds, 5.0),
            "s3_read_timeout_seconds": min(settings.s3_read_timeout_seconds, 15.0),
        }
    )
    client = s3_client(quick)
    prefix = f"{location.prefix}/" if location.prefix else ""
    try:
        found = client.list_objects_v2(Bucket=location.bucket, Prefix=prefix, MaxKeys=1)
        if write:
            probe = f"{prefix}_staging/preflight-{uuid.uuid4().hex}"
            client.put_object(Bucket=location.bucket, Key=probe, Body=b"")
            client.delete_object(Bucket=location.bucket, Key=probe)
    except (EndpointConnectionError, ConnectTimeoutError) as error:
        raise StoreUnavailableError(
            f"{option} {location}: cannot reach {where} ({error}); "
            "check XXGK_S3_ENDPOINT_URL and the network"
        ) from error
    except NoCredentialsError as error:
        raise StoreUnavailableError(
            f"{option} {location}: no S3 credentials found; set XXGK_S3_ACCESS_KEY_ID and "
            "XXGK_S3_SECRET_ACCESS_KEY"
        ) from error
    except ClientError as error:
        code = str(error.response.get("Error", {}).get("Code", ""))
        if code == "NoSuchBucket":
            raise ArgumentError(
                f"{option} {location}: bucket {location.bucket!r} does not exist at {where}; "
                "create it or fix the bucket name"
            ) from error
        if code in _CREDENTIAL_CODES:
            raise StoreUnavailableError(
                f"{option} {location}: {where} refused the credentials ({code}); check "
                "XXGK_S3_ACCESS_KEY_ID, XXGK_S3_SECRET_ACCESS_KEY and the bucket's permissions"
            ) from error
        raise StoreUnavailableError(
            f"{option} {location}: {where} answered {code}: {error}"
        ) from error
    except BotoCoreError as error:
        raise StoreUnavailableError(f"{option} {location}: {where} failed: {error}") from error
    return bool(found.get("KeyCount") or found.get("Contents"))


def check_run(source: str, dest: str, settings: Settings, batch_size: int | None = None) -> None:
    """Everything an ingest or a backfill needs before it starts, cheapest checks first."""
    check_batch_size(batch_size)
    location_of(source, "--source")
    location_of(dest, "--dest")
    check_source(source, settings)
    check_dest(dest, settings)
