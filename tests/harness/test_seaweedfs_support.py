"""The SeaweedFS S3 test server itself: boto3, pyarrow and DuckDB against a real S3 API."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import boto3
import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.fs as pafs
import pyarrow.parquet as pq
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError
from mypy_boto3_s3 import S3Client

from tests.support.seaweedfs import (
    S3Endpoint,
    arrow_s3_filesystem,
    duckdb_s3_connection,
    httpfs_extension_path,
)

pytestmark = pytest.mark.s3


def _error_code(exc: pytest.ExceptionInfo[ClientError]) -> str:
    return str(exc.value.response.get("Error", {}).get("Code"))


def test_requests_need_valid_credentials(seaweedfs: S3Endpoint, bucket: str) -> None:
    wrong_secret = boto3.client(
        "s3",
        endpoint_url=seaweedfs.url,
        aws_access_key_id=seaweedfs.access_key,
        aws_secret_access_key="not-the-secret",
        region_name=seaweedfs.region,
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
    )
    with pytest.raises(ClientError) as denied:
        wrong_secret.list_objects_v2(Bucket=bucket)
    assert _error_code(denied) == "SignatureDoesNotMatch"

    anonymous = boto3.client(
        "s3",
        endpoint_url=seaweedfs.url,
        region_name=seaweedfs.region,
        config=Config(signature_version=UNSIGNED, s3={"addressing_style": "path"}),
    )
    with pytest.raises(ClientError) as anon:
        anonymous.list_objects_v2(Bucket=bucket)
    assert _error_code(anon) == "AccessDenied"


def test_put_get_overwrite_delete(s3: S3Client, bucket: str) -> None:
    key = "raw/2024/北京市/report.txt"  # non-ASCII keys, as in the real corpus
    s3.put_object(Bucket=bucket, Key=key, Body="第一版".encode())
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode() == "第一版"
    first_etag = s3.head_object(Bucket=bucket, Key=key)["ETag"]

    s3.put_object(Bucket=bucket, Key=key, Body="第二版，更长一些".encode())
    head = s3.head_object(Bucket=bucket, Key=key)
    assert head["ETag"] != first_etag
    assert head["ContentLength"] == len("第二版，更长一些".encode())
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode() == "第二版，更长一些"

    s3.delete_object(Bucket=bucket, Key=key)
    with pytest.raises(ClientError) as missing:
        s3.get_object(Bucket=bucket, Key=key)
    assert _error_code(missing) == "NoSuchKey"
    assert s3.list_objects_v2(Bucket=bucket).get("KeyCount", 0) == 0


def test_missing_bucket_is_not_created_on_upload(s3: S3Client) -> None:
    with pytest.raises(ClientError) as missing:
        s3.put_object(Bucket=f"absent-{uuid.uuid4().hex[:12]}", Key="k", Body=b"x")
    assert _error_code(missing) == "NoSuchBucket"


def test_list_with_pagination(s3: S3Client, bucket: str) -> None:
    keys = [f"objects/{i // 100:02d}/obj-{i:05d}.txt" for i in range(1_100)]

    def put(key: str) -> None:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(put, keys))

    pages = list(
        s3.get_paginator("list_objects_v2").paginate(
            Bucket=bucket, Prefix="objects/", PaginationConfig={"PageSize": 250}
        )
    )
    assert [page["KeyCount"] for page in pages] == [250, 250, 250, 250, 100]
    listed = [obj["Key"] for page in pages for obj in page.get("Contents", [])]
    assert listed == sorted(keys)

    # The default page size (1,000) needs a continuation token for the rest.
    default_pages = list(s3.get_paginator("list_objects_v2").paginate(Bucket=bucket))
    assert [page["KeyCount"] for page in default_pages] == [1_000, 100]

    by_prefix = s3.list_objects_v2(Bucket=bucket, Prefix="objects/", Delimiter="/")
    prefixes = [p["Prefix"] for p in by_prefix.get("CommonPrefixes", [])]
    assert prefixes == [f"objects/{n:02d}/" for n in range(11)]

    deleted = s3.delete_objects(
        Bucket=bucket, Delete={"Objects": [{"Key": k} for k in keys[:1_000]], "Quiet": True}
    )
    assert not deleted.get("Errors")
    remaining = [
        obj["Key"]
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        for obj in page.get("Contents", [])
    ]
    assert remaining == sorted(keys[1_000:])


def test_pyarrow_parquet_write_read_move(seaweedfs: S3Endpoint, bucket: str) -> None:
    fs = pafs.S3FileSystem(
        endpoint_override=seaweedfs.host_port,
        scheme="http",
        access_key=seaweedfs.access_key,
        secret_key=seaweedfs.secret_key,
        region=seaweedfs.region,
    )
    table = pa.table({"id": [1, 2, 3], "province": ["北京", "上海", "广东"]})
    src = f"{bucket}/staging/part.parquet"
    dst = f"{bucket}/lake/part.parquet"

    pq.write_table(table, src, filesystem=fs)
    assert fs.get_file_info(src).type == pafs.FileType.File
    assert pq.read_table(src, filesystem=fs).equals(table)

    # Move of a file works (S3 has no rename: Arrow copies, then deletes the source) ...
    fs.move(src, dst)
    assert fs.get_file_info(src).type == pafs.FileType.NotFound
    assert pq.read_table(dst, filesystem=fs).equals(table)

    # ... and replaces an existing destination.
    newer = pa.table({"id": [4], "province": ["四川"]})
    pq.write_table(newer, src, filesystem=fs)
    fs.move(src, dst)
    assert pq.read_table(dst, filesystem=fs).equals(newer)

    # Moving a "directory" (a key prefix) is not supported by Arrow's S3 filesystem.
    pq.write_table(table, f"{bucket}/dir-a/part.parquet", filesystem=fs)
    with pytest.raises(OSError, match="NO_SUCH_KEY"):
        fs.move(f"{bucket}/dir-a", f"{bucket}/dir-b")


def test_duckdb_reads_hive_partitioned_parquet(seaweedfs: S3Endpoint, bucket: str) -> None:
    table = pa.table(
        {
            "year": [2022, 2022, 2023, 2023, 2023],
            "province": ["北京", "上海", "北京", "上海", "上海"],
            "report": ["a", "b", "c", "d", "e"],
            "applications": [10, 20, 30, 40, 50],
        }
    )
    fs = arrow_s3_filesystem(seaweedfs)
    ds.write_dataset(
        table,
        f"{bucket}/reports",
        filesystem=fs,
        format="parquet",
        partitioning=["year", "province"],
        partitioning_flavor="hive",
    )

    con = duckdb_s3_connection(seaweedfs)
    try:
        loaded = con.execute(
            "SELECT loaded FROM duckdb_extensions() WHERE extension_name = 'httpfs'"
        ).fetchone()
        assert loaded == (True,)
        source = f"read_parquet('s3://{bucket}/reports/**/*.parquet', hive_partitioning=true)"
        rows = con.execute(
            f"SELECT year, province, count(*), sum(applications) FROM {source} "
            "GROUP BY ALL ORDER BY ALL"
        ).fetchall()
        assert rows == [
            (2022, "上海", 1, 20),
            (2022, "北京", 1, 10),
            (2023, "上海", 2, 90),
            (2023, "北京", 1, 30),
        ]
        filtered = con.execute(
            f"SELECT report FROM {source} WHERE year = 2023 AND province = '上海' ORDER BY report"
        ).fetchall()
        assert filtered == [("d",), ("e",)]

        # DuckDB writes through the same secret, and reads its own output back.
        con.execute(f"COPY (SELECT 42 AS answer) TO 's3://{bucket}/duckdb/out.parquet'")
        assert con.execute(f"SELECT * FROM 's3://{bucket}/duckdb/out.parquet'").fetchall() == [
            (42,)
        ]
    finally:
        con.close()

    # Cross-check with pyarrow.dataset (also the fallback if httpfs were unavailable).
    arrow_table = ds.dataset(
        f"{bucket}/reports", filesystem=fs, format="parquet", partitioning="hive"
    ).to_table()
    with duckdb.connect() as local:
        local.register("reports", arrow_table)
        via_arrow = local.execute(
            "SELECT year, province, count(*), sum(applications) FROM reports "
            "GROUP BY ALL ORDER BY ALL"
        ).fetchall()
    assert via_arrow == rows


def test_httpfs_extension_matches_duckdb() -> None:
    path = httpfs_extension_path()
    assert path.is_file()
    assert path.parent.name == f"v{duckdb.__version__}"


def test_duckdb_s3_settings_without_secret(seaweedfs: S3Endpoint, bucket: str) -> None:
    """The older SET-variable configuration works too (same endpoint, path style, no TLS)."""
    pq.write_table(
        pa.table({"x": [1, 2]}), f"{bucket}/t/x.parquet", filesystem=arrow_s3_filesystem(seaweedfs)
    )
    with duckdb.connect() as con:
        con.execute("SET autoinstall_known_extensions = false")
        con.execute(f"LOAD '{httpfs_extension_path()}'")
        for name, value in [
            ("s3_endpoint", seaweedfs.host_port),
            ("s3_url_style", "path"),
            ("s3_use_ssl", False),
            ("s3_region", seaweedfs.region),
            ("s3_access_key_id", seaweedfs.access_key),
            ("s3_secret_access_key", seaweedfs.secret_key),
        ]:
            con.execute(f"SET {name} = ?", [value])
        total = con.execute(
            f"SELECT sum(x) FROM read_parquet('s3://{bucket}/t/*.parquet')"
        ).fetchone()
    assert total == (3,)
