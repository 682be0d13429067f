"""`xxgk ingest` S3 → S3 on a real SeaweedFS killed with SIGKILL at random moments (a commit
there is copies and deletes, not renames): the lake is always readable, and a re-run
completes it with every object exactly once and no row twice."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pydantic import SecretStr

from tests.support.crash_trials import TRIALS, Place, Rows, kill_then_rerun, reference_rows
from tests.support.prefect_server import PrefectServer
from tests.support.seaweedfs import S3Endpoint, duckdb_s3_connection
from xxgk.settings import Settings

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client


@pytest.fixture(scope="module")
def buckets(corpus: Path, seaweedfs: S3Endpoint, s3: S3Client) -> Place:
    bucket = "crash-trials"
    s3.create_bucket(Bucket=bucket)
    for path in corpus.iterdir():
        s3.put_object(Bucket=bucket, Key=f"raw/{path.name}", Body=path.read_bytes())

    def written(lake: str) -> bool:
        prefix = lake.removeprefix(f"s3://{bucket}/") + "/"
        return s3.list_objects_v2(Bucket=bucket, Prefix=prefix, MaxKeys=1)["KeyCount"] > 0

    return Place(
        source=f"s3://{bucket}/raw",
        lake_root=f"s3://{bucket}",
        written=written,
        settings=Settings(
            s3_endpoint_url=seaweedfs.url,
            s3_region=seaweedfs.region,
            s3_access_key_id=SecretStr(seaweedfs.access_key),
            s3_secret_access_key=SecretStr(seaweedfs.secret_key),
        ),
        env=seaweedfs.xxgk_env(),
        connect=lambda: duckdb_s3_connection(seaweedfs),
    )


@pytest.fixture(scope="module")
def reference(buckets: Place, server: PrefectServer) -> Rows:
    return reference_rows(buckets, server)


@pytest.mark.s3
@pytest.mark.parametrize("trial", range(TRIALS))
def test_kill_minus_nine_then_rerun_s3_to_s3(
    trial: int, buckets: Place, server: PrefectServer, reference: Rows
) -> None:
    kill_then_rerun(buckets, server, reference, trial, seed=3000 + trial)
