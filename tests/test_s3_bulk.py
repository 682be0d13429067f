"""The lake's copies and batched deletes on S3 (`S3BulkOps`), against the real SeaweedFS."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from pydantic import SecretStr

from tests.support.seaweedfs import S3Endpoint
from xxgk.settings import Settings
from xxgk.storage.bulk import S3BulkOps
from xxgk.storage.s3_config import S3Config

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

pytestmark = pytest.mark.s3


def _ops(endpoint: S3Endpoint) -> S3BulkOps:
    settings = Settings(
        s3_endpoint_url=endpoint.url,
        s3_region=endpoint.region,
        s3_access_key_id=SecretStr(endpoint.access_key),
        s3_secret_access_key=SecretStr(endpoint.secret_key),
    )
    return S3BulkOps(S3Config.from_settings(settings))


def _keys(s3: S3Client, bucket: str, prefix: str) -> list[str]:
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return sorted(entry["Key"] for page in pages for entry in page.get("Contents", []))


def test_copy_leaves_the_source_and_writes_the_same_bytes(
    s3_env: S3Endpoint, s3: S3Client, bucket: str
) -> None:
    s3.put_object(Bucket=bucket, Key="lake/_staging/a.parquet", Body=b"PAR1 rows PAR1")
    _ops(s3_env).copy(f"{bucket}/lake/_staging/a.parquet", f"{bucket}/lake/reports/a.parquet")
    got = s3.get_object(Bucket=bucket, Key="lake/reports/a.parquet")["Body"].read()
    assert got == b"PAR1 rows PAR1"
    assert _keys(s3, bucket, "lake/") == ["lake/_staging/a.parquet", "lake/reports/a.parquet"]


def test_delete_takes_many_keys_and_keys_already_gone(
    s3_env: S3Endpoint, s3: S3Client, bucket: str
) -> None:
    kept = "lake/reports/report_year=2020/kept.parquet"
    s3.put_object(Bucket=bucket, Key=kept, Body=b"x")
    doomed = [f"lake/reports/report_year=2020/part-{n:04d}.parquet" for n in range(1001)]
    for key in doomed[:5] + doomed[-5:]:
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    # 1,001 paths: two requests; 991 of them name keys that are not there
    _ops(s3_env).delete(f"{bucket}/{key}" for key in doomed)
    assert _keys(s3, bucket, "lake/") == [kept]  # no directory marker left behind either
