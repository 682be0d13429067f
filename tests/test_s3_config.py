"""The one S3 configuration: what it takes from the settings, what it never shows, and how
its boto3 client reads timestamps."""

from __future__ import annotations

import pytest
from botocore.utils import parse_timestamp as botocore_parse_timestamp
from pydantic import SecretStr

from xxgk.settings import Settings
from xxgk.storage.s3_config import S3Config, parse_timestamp


def test_it_takes_every_s3_setting() -> None:
    settings = Settings(
        s3_endpoint_url="http://store:8333",
        s3_region="cn-north-1",
        s3_access_key_id=SecretStr("key-id"),
        s3_secret_access_key=SecretStr("the-secret"),
        s3_session_token=SecretStr("the-token"),
        s3_max_attempts=3,
        s3_connect_timeout_seconds=2.0,
        s3_read_timeout_seconds=7.0,
        fetch_concurrency=16,
        process_concurrency=3,
    )
    config = S3Config.from_settings(settings)
    assert config == S3Config(
        region="cn-north-1",
        endpoint_url="http://store:8333",
        access_key_id=SecretStr("key-id"),
        secret_access_key=SecretStr("the-secret"),
        session_token=SecretStr("the-token"),
        max_attempts=3,
        connect_timeout_seconds=2.0,
        read_timeout_seconds=7.0,
        max_connections=16 * 3 + 8,
    )
    assert config.where == "http://store:8333"
    assert "the-secret" not in repr(config) and "the-token" not in repr(config)


def test_one_key_alone_leaves_the_credential_chain_to_find_both() -> None:
    settings = Settings(s3_region="eu-west-1", s3_access_key_id=SecretStr("key-id"))
    config = S3Config.from_settings(settings)
    assert (config.access_key_id, config.secret_access_key, config.session_token) == (
        None,
        None,
        None,
    )
    assert config.where == "AWS S3 (eu-west-1)"


def test_the_lake_filesystem_gets_the_same_store() -> None:
    settings = Settings(
        s3_endpoint_url="http://store:8333",
        s3_region="cn-north-1",
        s3_connect_timeout_seconds=2.0,
        s3_read_timeout_seconds=7.0,
    )
    filesystem = S3Config.from_settings(settings).arrow_filesystem()
    reduced = filesystem.__reduce__()  # how pyarrow pickles it: its options, as set
    assert isinstance(reduced, tuple)
    options = reduced[1][0]
    assert {name: options[name] for name in _ARROW_OPTIONS} == {
        "region": "cn-north-1",
        "endpoint_override": "store:8333",
        "scheme": "http",
        "connect_timeout": 2.0,
        "request_timeout": 7.0,
        "force_virtual_addressing": False,
    }


_ARROW_OPTIONS = (
    "region",
    "endpoint_override",
    "scheme",
    "connect_timeout",
    "request_timeout",
    "force_virtual_addressing",
)


@pytest.mark.parametrize(
    "value",
    [
        "2026-12-04T22:07:17.000Z",
        "2026-12-04T22:07:17Z",
        "2026-12-04T22:07:17.123456Z",
        "2026-12-04T22:07:17.5+08:00",
        "2026-12-04T22:07:17",  # no zone: botocore decides what it means
        "Fri, 04 Dec 2026 22:07:17 GMT",  # HTTP date (HeadObject's Last-Modified)
        "1796422037",  # epoch seconds
    ],
)
def test_timestamps_read_as_botocore_reads_them(value: str) -> None:
    ours, botocore_own = parse_timestamp(value), botocore_parse_timestamp(value)
    assert ours == botocore_own
    assert ours.utcoffset() == botocore_own.utcoffset()
