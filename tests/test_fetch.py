"""Read errors: an object the store refuses for good becomes a rejected report; a store that
fails makes the batch fail, so nothing is recorded as read that was never read."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from botocore.exceptions import ClientError

from xxgk.fetch import fetch_all, is_permanent
from xxgk.objects import SourceObject
from xxgk.storage.objects import ObjectStoreError, ObjectTooLargeError
from xxgk.storage.uri import parse_location


def _store_error(status: int, code: str) -> ObjectStoreError:
    metadata = {"HTTPStatusCode": status, "HTTPHeaders": {}, "HostId": "", "RequestId": ""}
    response = {"Error": {"Code": code, "Message": code}, "ResponseMetadata": metadata}
    cause = ClientError(response, "GetObject")  # type: ignore[arg-type]
    error = ObjectStoreError(f"GetObject s3://b/k failed: {code}")
    error.__cause__ = cause
    return error


class _FailingStore:
    """Fault injection a real server cannot be made to give on demand for one key."""

    location = parse_location("s3://b/raw")
    uri_prefix = "s3://b/raw/"

    def __init__(self, error: Exception) -> None:
        self.error = error

    def list(self) -> Iterator[SourceObject]:
        return iter(())

    def read(self, source: SourceObject) -> bytes:
        if source.key == "bad":
            raise self.error
        return b"ok"

    def write(self, key: str, data: bytes) -> None:
        raise NotImplementedError


def _objects() -> list[SourceObject]:
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    return [SourceObject(k, f"s3://b/raw/{k}", "e", 2, moment) for k in ("good", "bad")]


@pytest.mark.parametrize(
    "error",
    [_store_error(404, "NoSuchKey"), _store_error(403, "AccessDenied"), ObjectTooLargeError("big")],
    ids=["deleted", "forbidden", "too-large"],
)
def test_an_object_refused_for_good_is_carried_as_its_error(error: Exception) -> None:
    fetched = dict((s.key, data) for s, data in fetch_all(_FailingStore(error), _objects(), 2))
    assert fetched["good"] == b"ok" and fetched["bad"] is error
    assert is_permanent(error)


@pytest.mark.parametrize(
    "error",
    [_store_error(503, "SlowDown"), _store_error(500, "InternalError"), ConnectionResetError()],
    ids=["throttled", "server-error", "reset"],
)
def test_a_failing_store_fails_the_batch(error: Exception) -> None:
    with pytest.raises(type(error)):
        list(fetch_all(_FailingStore(error), _objects(), 2))
    assert not is_permanent(error)
