"""One S3 configuration, built from `Settings` once, that makes every S3 client xxgk uses.

obstore (Rust `object_store`) reads the raw objects: the fastest GETs, and the least CPU per
GET, of the clients measured (`python -m bench`, docs/benchmarks.md). boto3 lists (with etags),
holds the commit lock (a conditional PUT) and resolves credentials; pyarrow's native S3 client
reads and writes the lake. All get the same endpoint, region, keys, retry budget and timeouts
from here. Without keys in the settings, every client takes boto3's standard credential chain
(AWS_* variables, config files, instance roles).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlparse

from pydantic import SecretStr

from xxgk.settings import Settings

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
    from obstore.store import S3Config as ObstoreSettings
    from obstore.store import S3Store
    from pyarrow.fs import S3FileSystem


@dataclass(frozen=True)
class S3Config:
    """What every client needs to reach the store. Secrets stay `SecretStr` (never printed)."""

    region: str
    endpoint_url: str | None = None
    access_key_id: SecretStr | None = field(default=None, repr=False)
    secret_access_key: SecretStr | None = field(default=None, repr=False)
    session_token: SecretStr | None = field(default=None, repr=False)
    max_attempts: int = 8
    connect_timeout_seconds: float = 10.0
    read_timeout_seconds: float = 60.0
    #: Connections a client keeps: every batch processed at once fetches through it, and a
    #: commit runs beside them.
    max_connections: int = 72

    @classmethod
    def from_settings(cls, settings: Settings) -> S3Config:
        keys = settings.s3_access_key_id, settings.s3_secret_access_key
        both = bool(keys[0] and keys[1])  # one key alone is no credential: use the chain
        return cls(
            region=settings.s3_region,
            endpoint_url=settings.s3_endpoint_url,
            access_key_id=keys[0] if both else None,
            secret_access_key=keys[1] if both else None,
            session_token=settings.s3_session_token if both else None,
            max_attempts=settings.s3_max_attempts,
            connect_timeout_seconds=settings.s3_connect_timeout_seconds,
            read_timeout_seconds=settings.s3_read_timeout_seconds,
            max_connections=settings.fetch_concurrency * settings.process_concurrency + 8,
        )

    @property
    def where(self) -> str:
        """The store, as error messages name it."""
        return self.endpoint_url or f"AWS S3 ({self.region})"

    def boto3_client(self) -> S3Client:
        """A boto3 client, one per process and configuration: making one loads botocore's
        service models (~0.3 s of CPU), and clients are thread-safe. Keyed by process too, so
        a forked worker makes its own."""
        key = (os.getpid(), self)
        with _CLIENTS_LOCK:
            client = _CLIENTS.get(key)
            if client is None:
                client = _CLIENTS[key] = self._new_boto3_client()
        return client

    def arrow_filesystem(self) -> S3FileSystem:
        """pyarrow's S3 filesystem (paths are `bucket/key`); it retries requests and bodies
        with the AWS SDK's standard strategy."""
        from pyarrow import fs

        endpoint = urlparse(self.endpoint_url) if self.endpoint_url else None
        return fs.S3FileSystem(
            region=self.region,
            endpoint_override=(endpoint.netloc or endpoint.path) if endpoint else None,
            scheme="http" if endpoint and endpoint.scheme == "http" else "https",
            force_virtual_addressing=False,
            access_key=_plain(self.access_key_id),
            secret_key=_plain(self.secret_access_key),
            session_token=_plain(self.session_token),
            retry_strategy=fs.AwsStandardS3RetryStrategy(max_attempts=self.max_attempts),
            connect_timeout=self.connect_timeout_seconds,
            request_timeout=self.read_timeout_seconds,
        )

    def obstore_store(self, bucket: str) -> S3Store:
        """obstore's store for `bucket` (keys are full keys), one per process, configuration
        and bucket. Its retries cover 5xx answers, throttling, resets, timeouts and bodies
        cut short (it resumes them); without keys here, credentials come from boto3's chain
        (obstore's own would skip config files and profiles). Raises `ValueError` when that
        chain finds none."""
        key = (os.getpid(), self, bucket)
        with _CLIENTS_LOCK:
            store = _STORES.get(key)
            if store is None:
                store = _STORES[key] = self._new_obstore_store(bucket)
        return store

    def _new_obstore_store(self, bucket: str) -> S3Store:
        from obstore.store import S3Store

        settings: dict[str, Any] = {"region": self.region, "virtual_hosted_style_request": False}
        if self.endpoint_url:
            settings["endpoint"] = self.endpoint_url
        provider = None
        if self.access_key_id and self.secret_access_key:
            settings["access_key_id"] = self.access_key_id.get_secret_value()
            settings["secret_access_key"] = self.secret_access_key.get_secret_value()
            if self.session_token:
                settings["session_token"] = self.session_token.get_secret_value()
        else:
            from obstore.auth.boto3 import Boto3CredentialProvider

            provider = Boto3CredentialProvider()
        return S3Store(
            bucket,
            config=cast("ObstoreSettings", settings),
            client_options={
                "allow_http": bool(self.endpoint_url and self.endpoint_url.startswith("http:")),
                "connect_timeout": timedelta(seconds=self.connect_timeout_seconds),
                # Like boto3's: a read that stalls this long fails (and is retried); a whole
                # GET has only a bound for the largest object on a slow link.
                "read_timeout": timedelta(seconds=self.read_timeout_seconds),
                "timeout": timedelta(minutes=30),
                "pool_max_idle_per_host": str(self.max_connections),
            },
            retry_config={"max_retries": self.max_attempts - 1},
            credential_provider=provider,
        )

    def _new_boto3_client(self) -> S3Client:
        import boto3
        import botocore.session
        from botocore.config import Config

        config = Config(
            retries={"max_attempts": self.max_attempts, "mode": "standard"},
            connect_timeout=self.connect_timeout_seconds,
            read_timeout=self.read_timeout_seconds,
            max_pool_connections=self.max_connections,
            s3={"addressing_style": "path"} if self.endpoint_url else None,
            # S3-compatible servers reject the newer default checksums (../shared/gotchas.md).
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        )
        session = botocore.session.get_session()
        session.get_component("response_parser_factory").set_parser_defaults(
            timestamp_parser=parse_timestamp
        )
        return boto3.session.Session(botocore_session=session).client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=self.region,
            aws_access_key_id=_plain(self.access_key_id),
            aws_secret_access_key=_plain(self.secret_access_key),
            aws_session_token=_plain(self.session_token),
            config=config,
        )


_CLIENTS: dict[tuple[int, S3Config], S3Client] = {}
_STORES: dict[tuple[int, S3Config, str], S3Store] = {}
_CLIENTS_LOCK = threading.Lock()


def parse_timestamp(value: str) -> datetime:
    """botocore's timestamp parser, ISO 8601 first: a listing states every object's
    `LastModified` as `2026-12-04T22:07:17.000Z`, which `datetime.fromisoformat` reads ~20×
    faster than botocore's dateutil (that was 60 % of a listing's CPU). Anything else (HTTP
    dates, epochs, a time without its zone) is botocore's to read, as before."""
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        parsed = None
    if parsed is not None and parsed.tzinfo is not None:
        return parsed
    from botocore.utils import parse_timestamp as botocore_parse_timestamp

    return botocore_parse_timestamp(value)


def _plain(value: SecretStr | None) -> str | None:
    return None if value is None else value.get_secret_value()
