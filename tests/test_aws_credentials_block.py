"""S3 credentials from Prefect's own `AwsCredentials` block: a block saved on a real Prefect
server, named by `XXGK_AWS_CREDENTIALS_BLOCK`, gives every S3 client (boto3 for listing, reading
and the lock; pyarrow for the lake) its keys, region and endpoint."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from prefect_aws import AwsCredentials  # type: ignore[import-untyped]

from flows.ingest import ingest
from flows.settings import load_settings
from tests.conftest import seed_paths
from tests.support.prefect_server import PrefectServer, prefect_server
from tests.support.real_api import flows_against
from tests.support.seaweedfs import S3Endpoint
from xxgk.lake import open_lake
from xxgk.settings import Settings
from xxgk.storage.objects import ObjectStoreError, open_store

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

pytestmark = [pytest.mark.prefect, pytest.mark.s3]

_BLOCK = "xxgk-lake-writer"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrefectServer]:
    with prefect_server(tmp_path_factory.mktemp("prefect-server")) as running:
        yield running


@pytest.fixture
def only_the_block(
    server: PrefectServer, seaweedfs: S3Endpoint, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """The fixture's keys and endpoint saved in a block; the environment has wrong keys and
    no endpoint, so only the block can make a request succeed."""
    for name in ("XXGK_S3_ENDPOINT_URL", "AWS_ENDPOINT_URL", "XXGK_S3_REGION", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    for name in ("XXGK_S3_ACCESS_KEY_ID", "XXGK_S3_SECRET_ACCESS_KEY", "XXGK_S3_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "not-the-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret")
    with flows_against(server.api_url):
        AwsCredentials(
            aws_access_key_id=seaweedfs.access_key,
            aws_secret_access_key=seaweedfs.secret_key,
            region_name=seaweedfs.region,
            aws_client_parameters={"endpoint_url": seaweedfs.url},
        ).save(_BLOCK, overwrite=True)
        yield


def test_load_settings_takes_the_blocks_keys(
    only_the_block: None, seaweedfs: S3Endpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert load_settings().s3_access_key_id is None  # no block named: the environment's
    monkeypatch.setenv("XXGK_AWS_CREDENTIALS_BLOCK", _BLOCK)
    settings = load_settings()
    keys = settings.s3_access_key_id, settings.s3_secret_access_key
    assert keys[0] is not None and keys[0].get_secret_value() == seaweedfs.access_key
    assert keys[1] is not None and keys[1].get_secret_value() == seaweedfs.secret_key
    assert (settings.s3_endpoint_url, settings.s3_region) == (seaweedfs.url, seaweedfs.region)
    assert seaweedfs.secret_key not in repr(settings)


def test_ingest_reads_and_writes_s3_with_the_blocks_keys(
    only_the_block: None,
    seaweedfs: S3Endpoint,
    s3: S3Client,
    bucket: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seeds = seed_paths()
    for path in seeds:
        s3.put_object(Bucket=bucket, Key=f"raw/{path.name}", Body=path.read_bytes())
    source, dest = f"s3://{bucket}/raw", f"s3://{bucket}/lake"
    environment_only = Settings().model_copy(update={"s3_endpoint_url": seaweedfs.url})
    with pytest.raises(ObjectStoreError):  # the environment's keys are refused
        list(open_store(source, environment_only).list())

    monkeypatch.setenv("XXGK_AWS_CREDENTIALS_BLOCK", _BLOCK)
    state = ingest(source=source, dest=dest, return_state=True)
    assert state.is_completed(), state.message
    summary = state.result()
    assert summary.listed == len(seeds) and summary.balanced

    written = s3.list_objects_v2(Bucket=bucket, Prefix="lake/")
    assert any(entry["Key"].endswith(".parquet") for entry in written.get("Contents", []))
    runs = open_lake(dest, load_settings()).read_runs()
    assert runs["listed"].to_list() == [len(seeds)]
