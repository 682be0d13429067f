"""The whole pipeline through a real SeaweedFS bucket: s3:// in, s3:// out, read back by DuckDB."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from flows.ingest import ingest
from tests.conftest import seed_paths
from tests.support.seaweedfs import S3Endpoint, duckdb_s3_connection
from xxgk.settings import Settings
from xxgk.storage.objects import open_store

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

pytestmark = [pytest.mark.s3, pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]


def _upload_seeds(uri: str) -> None:
    store = open_store(uri, Settings())
    for path in seed_paths():
        store.write(path.name, path.read_bytes())


def _lake_objects(s3: S3Client, bucket: str, prefix: str) -> dict[str, str]:
    paginator = s3.get_paginator("list_objects_v2")
    return {
        entry["Key"]: entry["ETag"]
        for page in paginator.paginate(Bucket=bucket, Prefix=prefix)
        for entry in page.get("Contents", [])
        if entry["Key"].endswith(".parquet") and "/_runs/" not in entry["Key"]
    }


def test_listing_paginates_past_one_page(s3_env: S3Endpoint, s3: S3Client, bucket: str) -> None:
    for number in range(1_005):
        s3.put_object(Bucket=bucket, Key=f"raw/{number:05}.txt", Body=b"x")
    s3.put_object(Bucket=bucket, Key="other/outside.txt", Body=b"x")
    listed = list(open_store(f"s3://{bucket}/raw", Settings()).list())
    assert len(listed) == 1_005
    assert (listed[0].key, listed[0].uri) == ("00000.txt", f"s3://{bucket}/raw/00000.txt")
    assert open_store(f"s3://{bucket}/raw", Settings()).read(listed[0]) == b"x"
    assert all(obj.etag and obj.size == 1 for obj in listed)


def test_the_listing_states_what_a_plain_boto3_client_lists(
    s3_env: S3Endpoint, s3: S3Client, bucket: str
) -> None:
    """xxgk's client reads timestamps its own faster way: the objects, etags, sizes and times
    it lists are still exactly those botocore's own parser gives (the `s3` fixture's)."""
    for number in range(30):
        s3.put_object(Bucket=bucket, Key=f"raw/{number:03}.txt", Body=b"x" * number)
    plain = s3.list_objects_v2(Bucket=bucket, Prefix="raw/")["Contents"]
    expected = [
        (e["Key"].removeprefix("raw/"), e["ETag"].strip('"'), e["Size"], e["LastModified"])
        for e in plain
    ]
    listed = [
        (o.key, o.etag, o.size, o.last_modified)
        for o in open_store(f"s3://{bucket}/raw", Settings()).list()
    ]
    assert listed == expected


def test_seeds_from_s3_to_s3_read_back_by_duckdb(
    s3_env: S3Endpoint, s3: S3Client, bucket: str
) -> None:
    _upload_seeds(f"s3://{bucket}/raw/2026")
    source, dest = f"s3://{bucket}/raw", f"s3://{bucket}/lake"

    summary = ingest(source=source, dest=dest, batch_size=2)
    assert summary.balanced and dict(summary.outcomes) == {"valid": 4, "quarantined": 1}

    db = duckdb_s3_connection(s3_env)
    reports = db.sql(
        f"select report_year, template, status, script, source_uri from read_parquet("
        f"'s3://{bucket}/lake/reports/**/*.parquet', hive_partitioning=true) order by source_uri"
    ).fetchall()
    assert [r[:4] for r in reports] == [
        (2020, "t2019", "valid", "simplified"),
        (2019, "t2019", "valid", "simplified"),
        (2022, "t2021", "valid", "simplified"),
        (2020, "t2019", "quarantined", "simplified"),
        (2021, "t2021", "valid", "traditional"),
    ]
    assert reports[0][4] == f"s3://{bucket}/raw/2026/{seed_paths()[0].name}"
    granted = db.sql(
        f"select report_year, natural_person, total from read_parquet("
        f"'s3://{bucket}/lake/applications/**/*.parquet', hive_partitioning=true) "
        "where row_code = 'granted' order by report_year"
    ).fetchall()
    assert granted == [
        (2019, 1, 1),
        (2020, 0, 0),
        (2021, 1, 1),
        (2022, 0, 0),
    ]  # not 003 (quarantined)
    checks = db.sql(
        f'select distinct "table", "check" from read_parquet('
        f"'s3://{bucket}/lake/quarantine/**/*.parquet', hive_partitioning=true) order by 1, 2"
    ).fetchall()
    assert checks == [
        ("applications", "received_plus_carried_over_equals_processed_plus_carried_forward"),
        ("applications", "total_processed_equals_sum_of_outcomes"),
        ("review_litigation", "review_total_equals_sum_of_outcomes"),
    ]

    before = _lake_objects(s3, bucket, "lake/")
    again = ingest(source=source, dest=dest)
    assert (again.skipped, again.processed) == (5, 0)
    assert _lake_objects(s3, bucket, "lake/") == before
    plans = s3.list_objects_v2(Bucket=bucket, Prefix="lake/_commits/").get("Contents", [])
    assert [p["Key"] for p in plans if p["Key"].endswith(".json")] == []


def test_hostile_keys_each_end_as_one_report_row(
    s3_env: S3Endpoint, s3: S3Client, bucket: str
) -> None:
    """Keys with dots, escapes, spaces, unicode and length are names, never paths: each
    object gets its `reports` row and nothing is written outside the lake's prefix. (SeaweedFS
    itself refuses `..` segments and path components over 255 bytes, which AWS accepts, and
    turns `\\` into `/`; local
    folders refuse keys that resolve outside them, see test_storage.py.)"""
    body = seed_paths()[1].read_bytes()
    keys = [
        "raw/%2e%2e/encoded.txt",
        "raw/..hidden../x..y.txt",
        "raw/with space/报告 2019 (终稿).txt",
        "raw/" + "很长的名字" * 16 + ".txt",
        "raw/empty.txt",
    ]
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=b"" if key.endswith("empty.txt") else body)
    summary = ingest(source=f"s3://{bucket}/raw", dest=f"s3://{bucket}/lake")
    assert summary.balanced and summary.listed == len(keys)
    db = duckdb_s3_connection(s3_env)
    uris = db.sql(
        f"select source_uri, status from read_parquet('s3://{bucket}/lake/reports/**/*.parquet') "
        "order by 1"
    ).fetchall()
    assert sorted(u for u, _ in uris) == sorted(f"s3://{bucket}/{k}" for k in keys)
    assert dict(uris)[f"s3://{bucket}/raw/empty.txt"] == "rejected"
    written = [
        entry["Key"]
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        for entry in page.get("Contents", [])
        if not entry["Key"].startswith("raw/")
    ]
    assert written and all(key.startswith("lake/") for key in written)


def test_a_200_mb_object_is_rejected_unread_and_the_run_goes_on(
    s3_env: S3Endpoint, s3: S3Client, bucket: str, tmp_path: Path
) -> None:
    """An object over `XXGK_MAX_OBJECT_BYTES` (64 MiB by default) is refused from its listed
    size, never downloaded: it ends as a `rejected` row with check `too_large`, and the report
    beside it in the same batch is ingested."""
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as out:
        out.truncate(200 * 1024 * 1024)
    s3.upload_file(str(huge), bucket, "raw/huge.txt")
    s3.put_object(Bucket=bucket, Key="raw/report.txt", Body=seed_paths()[1].read_bytes())
    summary = ingest(source=f"s3://{bucket}/raw", dest=f"s3://{bucket}/lake")
    assert summary.balanced and summary.batches == 1
    db = duckdb_s3_connection(s3_env)
    lake = f"s3://{bucket}/lake"
    statuses = db.sql(
        f"select source_uri, source_size, status from read_parquet('{lake}/reports/**/*.parquet')"
    ).fetchall()
    assert sorted(statuses) == [
        (f"s3://{bucket}/raw/huge.txt", 200 * 1024 * 1024, "rejected"),
        (f"s3://{bucket}/raw/report.txt", len(seed_paths()[1].read_bytes()), "valid"),
    ]
    quarantine = f"read_parquet('{lake}/quarantine/**/*.parquet')"
    checks = db.sql(f'select source_uri, "check" from {quarantine}').fetchall()
    assert checks == [(f"s3://{bucket}/raw/huge.txt", "too_large")]
