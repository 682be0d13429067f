"""Raw objects read from a real SeaweedFS through obstore: the bytes as stored, whatever the
key; gone and refused objects as rejected rows; a failing store failing the batch; every
client made from the one S3 configuration."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import obstore
import pytest
from pydantic import SecretStr

from bench.floors import CLIENTS, floors
from tests.support.fault_proxy import Fault, fault_proxy
from tests.support.seaweedfs import S3Endpoint
from xxgk.fetch import fetch_all, is_permanent
from xxgk.objects import SourceObject
from xxgk.settings import Settings
from xxgk.storage.errors import (
    ObjectGoneError,
    ObjectRefusedError,
    ObjectStoreError,
    ObjectTooLargeError,
)
from xxgk.storage.objects import ObjectStore, open_store
from xxgk.storage.s3_config import S3Config
from xxgk.storage.transient import is_transient

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

pytestmark = pytest.mark.s3

KEYS = [
    "raw/plain.txt",
    "raw/%2e%2e/encoded.txt",
    "raw/with space/报告 2019 (终稿).txt",
    "raw/a+b=c&d?e#f.txt",
    "raw/pct%20x.txt",
    "raw/tab\tx.txt",  # obstore cannot name it: read through boto3
    "raw/ctl\x01.txt",
    "raw/empty.txt",
]


def _settings(endpoint: S3Endpoint, url: str | None = None, **changes: object) -> Settings:
    settings = Settings(
        s3_endpoint_url=url or endpoint.url,
        s3_region=endpoint.region,
        s3_access_key_id=SecretStr(endpoint.access_key),
        s3_secret_access_key=SecretStr(endpoint.secret_key),
        s3_max_attempts=2,
        s3_connect_timeout_seconds=1.0,
        s3_read_timeout_seconds=1.0,
    )
    return settings.model_copy(update=changes)


def _body(key: str) -> bytes:
    return b"" if key.endswith("empty.txt") else f"the object {key}".encode()


def test_every_object_reads_back_as_stored(
    seaweedfs: S3Endpoint, s3: S3Client, bucket: str
) -> None:
    for key in KEYS:
        s3.put_object(Bucket=bucket, Key=key, Body=_body(key))
    store = open_store(f"s3://{bucket}/raw", _settings(seaweedfs))
    listed = {source.key: source for source in store.list()}
    assert sorted(listed) == sorted(key.removeprefix("raw/") for key in KEYS)
    read = {key: data for (key, data) in _fetched(store, list(listed.values()))}
    assert read == {key.removeprefix("raw/"): _body(key) for key in KEYS}


def _fetched(
    store: ObjectStore, sources: list[SourceObject]
) -> list[tuple[str, bytes | Exception]]:
    return [(source.key, data) for source, data in fetch_all(store, sources, 4)]


def test_an_object_gone_since_listing_is_a_rejected_row(
    seaweedfs: S3Endpoint, s3: S3Client, bucket: str
) -> None:
    s3.put_object(Bucket=bucket, Key="raw/stays.txt", Body=b"stays")
    s3.put_object(Bucket=bucket, Key="raw/goes.txt", Body=b"goes")
    store = open_store(f"s3://{bucket}/raw", _settings(seaweedfs))
    listed = list(store.list())
    s3.delete_object(Bucket=bucket, Key="raw/goes.txt")
    results = dict(_fetched(store, listed))
    assert results["stays.txt"] == b"stays"
    gone = results["goes.txt"]
    assert isinstance(gone, ObjectGoneError) and isinstance(gone, FileNotFoundError)
    assert is_permanent(gone) and not is_transient(gone)
    assert f"GetObject s3://{bucket}/raw/goes.txt" in str(gone)


def test_a_refused_read_is_a_rejected_row_and_keeps_the_secret(
    seaweedfs: S3Endpoint, s3: S3Client, bucket: str
) -> None:
    s3.put_object(Bucket=bucket, Key="raw/a.txt", Body=b"a")
    (source,) = open_store(f"s3://{bucket}/raw", _settings(seaweedfs)).list()
    wrong = _settings(seaweedfs, s3_secret_access_key=SecretStr("not-the-secret"))
    with pytest.raises(ObjectRefusedError) as refused:
        open_store(f"s3://{bucket}/raw", wrong).read(source)
    assert isinstance(refused.value, PermissionError)
    assert is_permanent(refused.value) and not is_transient(refused.value)
    assert "not-the-secret" not in str(refused.value)


def test_an_object_over_the_limit_is_not_requested(
    seaweedfs: S3Endpoint, s3: S3Client, bucket: str
) -> None:
    s3.put_object(Bucket=bucket, Key="raw/big.txt", Body=b"x" * 100)
    with fault_proxy(seaweedfs.url) as proxy:
        store = open_store(f"s3://{bucket}/raw", _settings(seaweedfs, proxy.url))
        (big,) = store.list()
        limited = open_store(
            f"s3://{bucket}/raw", _settings(seaweedfs, proxy.url, max_object_bytes=99)
        )
        with pytest.raises(ObjectTooLargeError):
            limited.read(big)
    assert proxy.requests == {"GET": 1}  # the listing only


def test_an_object_that_grew_past_the_limit_since_listing_is_refused(
    seaweedfs: S3Endpoint, s3: S3Client, bucket: str
) -> None:
    s3.put_object(Bucket=bucket, Key="raw/grows.txt", Body=b"x" * 10)
    store = open_store(f"s3://{bucket}/raw", _settings(seaweedfs, max_object_bytes=50))
    (source,) = store.list()
    s3.put_object(Bucket=bucket, Key="raw/grows.txt", Body=b"x" * 51)
    with pytest.raises(ObjectTooLargeError):
        store.read(source)


@pytest.mark.parametrize("kind", ["500", "503"])  # an internal error; throttling (SlowDown)
def test_a_failed_answer_is_retried_away(
    kind: Fault, seaweedfs: S3Endpoint, s3: S3Client, bucket: str
) -> None:
    s3.put_object(Bucket=bucket, Key="raw/a.txt", Body=b"answer")
    with fault_proxy(seaweedfs.url) as proxy:
        store = open_store(f"s3://{bucket}/raw", _settings(seaweedfs, proxy.url))
        (source,) = store.list()
        proxy.inject_next(kind, method="GET")
        assert store.read(source) == b"answer"
    assert proxy.injected == {kind: 1}
    assert proxy.requests == {"GET": 3}  # the listing, the failed GET, the one retried


@pytest.mark.parametrize("mode", ["unavailable", "reset"])
def test_a_store_that_stays_down_fails_the_batch(
    mode: str, seaweedfs: S3Endpoint, s3: S3Client, bucket: str
) -> None:
    """After obstore's retries, the error is one line naming the request and the store, and
    neither a rejected row nor a permanent failure: the batch fails and is tried again."""
    s3.put_object(Bucket=bucket, Key="raw/a.txt", Body=b"a")
    with fault_proxy(seaweedfs.url) as proxy:
        store = open_store(f"s3://{bucket}/raw", _settings(seaweedfs, proxy.url))
        (source,) = store.list()
        proxy.go_down(mode)  # type: ignore[arg-type]
        with pytest.raises(ObjectStoreError) as failed:
            list(fetch_all(store, [source], 2))
    error = failed.value
    assert not isinstance(error, ObjectGoneError | ObjectRefusedError)
    assert not is_permanent(error) and is_transient(error)
    assert "\n" not in str(error)
    assert re.match(rf"GetObject s3://{bucket}/raw/a\.txt at {re.escape(proxy.url)} ", str(error))
    assert proxy.faults("down") >= 2  # tried again before giving up


def test_no_credentials_anywhere_is_a_clear_error(
    seaweedfs: S3Endpoint, s3: S3Client, bucket: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    s3.put_object(Bucket=bucket, Key="raw/a.txt", Body=b"a")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    source = SourceObject("a.txt", f"s3://{bucket}/raw/a.txt", "e", 1, datetime.now(UTC))
    anonymous = Settings(s3_endpoint_url=seaweedfs.url, s3_region=seaweedfs.region)
    with pytest.raises(ObjectStoreError, match="no S3 credentials found") as failed:
        open_store(f"s3://{bucket}/raw", anonymous).read(source)
    assert not is_transient(failed.value)


def test_one_configuration_makes_every_client(seaweedfs: S3Endpoint, bucket: str) -> None:
    """The boto3 client writes, pyarrow and obstore read the same object back, all from one
    `S3Config`."""
    config = S3Config.from_settings(_settings(seaweedfs))
    config.boto3_client().put_object(Bucket=bucket, Key="k.bin", Body=b"same bytes")
    with config.arrow_filesystem().open_input_stream(f"{bucket}/k.bin") as stream:
        assert stream.read() == b"same bytes"
    assert bytes(obstore.get(config.obstore_store(bucket), "k.bin").bytes()) == b"same bytes"
    assert config.boto3_client() is config.boto3_client()


def test_floors_read_every_object_through_every_client(seaweedfs: S3Endpoint, bucket: str) -> None:
    config = S3Config.from_settings(_settings(seaweedfs))
    keys = [f"f/{number}" for number in range(20)]
    for key in keys:
        config.boto3_client().put_object(Bucket=bucket, Key=key, Body=b"x" * 100)
    measured = floors(config, bucket, keys, in_flight=4)
    assert [(f.client, f.gets, f.in_flight) for f in measured] == [(c, 20, 4) for c in CLIENTS]
    assert all(f.seconds > 0 and f.cpu_seconds >= 0 for f in measured)
