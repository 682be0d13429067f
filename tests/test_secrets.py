"""Credentials never reach anything xxgk writes: the lake, `_runs`, Prefect's database and
artifacts, logs or error messages."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from flows.ingest import ingest
from tests.conftest import seed_paths
from tests.support.seaweedfs import S3Endpoint

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

pytestmark = [pytest.mark.s3, pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]


def test_credentials_appear_nowhere(
    s3_env: S3Endpoint,
    s3: S3Client,
    bucket: str,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    secrets = [s3_env.secret_key.encode(), s3_env.access_key.encode()]
    for path in seed_paths():
        s3.put_object(Bucket=bucket, Key=f"raw/{path.name}", Body=path.read_bytes())
    s3.put_object(Bucket=bucket, Key="raw/broken.pdf", Body=b"%PDF-1.4 truncated")
    summary = ingest(source=f"s3://{bucket}/raw", dest=f"s3://{bucket}/lake")
    assert summary.balanced and summary.outcomes["rejected"] == 1

    written = [
        s3.get_object(Bucket=bucket, Key=entry["Key"])["Body"].read()
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="lake/")
        for entry in page.get("Contents", [])
    ]
    assert len(written) > 10
    prefect_files = [
        p.read_bytes() for p in Path(os.environ["PREFECT_HOME"]).rglob("*") if p.is_file()
    ]
    assert prefect_files, "Prefect's database and logs live under PREFECT_HOME"
    captured = capfd.readouterr()
    texts = [caplog.text.encode(), captured.out.encode(), captured.err.encode()]
    for secret in secrets:
        for blob in (*written, *prefect_files, *texts):
            assert secret not in blob
