"""The daily deployment as production runs it: a real `prefect server start`, the flow served
by its own process with the schedule declared in deploy/prefect.yaml, runs triggered through
the API, raw objects and lake in a real SeaweedFS bucket."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from tests.conftest import ROOT, seed_paths
from tests.support.prefect_server import PrefectServer, prefect_server, run_and_wait, served
from tests.support.seaweedfs import S3Endpoint
from xxgk.lake import open_lake
from xxgk.settings import Settings

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

pytestmark = [pytest.mark.prefect, pytest.mark.s3]


def _deployment(name: str) -> dict[str, Any]:
    declared = yaml.safe_load((ROOT / "deploy" / "prefect.yaml").read_text("utf-8"))
    (deployment,) = [d for d in declared["deployments"] if d["name"] == name]
    return dict(deployment)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrefectServer]:
    with prefect_server(tmp_path_factory.mktemp("prefect-server")) as running:
        yield running


def test_daily_deployment_processes_only_new_and_changed_objects(
    server: PrefectServer, seaweedfs: S3Endpoint, s3: S3Client, bucket: str, tmp_path: Path
) -> None:
    daily = _deployment("daily")
    (schedule,) = daily["schedules"]
    assert (schedule["timezone"], daily["entrypoint"]) == (
        "Asia/Shanghai",
        "flows/ingest.py:ingest",
    )
    for path in seed_paths():
        s3.put_object(Bucket=bucket, Key=f"raw/2026/{path.name}", Body=path.read_bytes())
    env = seaweedfs.xxgk_env()
    parameters = {"source": f"s3://{bucket}/raw", "dest": f"s3://{bucket}/lake"}
    with served(
        daily["entrypoint"],
        "daily",
        server.api_url,
        tmp_path,
        env=env,
        cron=schedule["cron"],
        timezone=schedule["timezone"],
    ) as name:
        assert name == "ingest/daily"
        first = run_and_wait(name, parameters, server.api_url)
        assert first.state_type is not None and first.state_type.value == "COMPLETED"

        seeds = seed_paths()
        for number, path in enumerate(seeds[:3]):  # three new objects
            s3.put_object(
                Bucket=bucket,
                Key=f"raw/2027/new-{number}.txt",
                Body=path.read_bytes() + f"\n新增{number}".encode(),
            )
        changed = f"raw/2026/{seeds[4].name}"  # and one changed in place
        s3.put_object(Bucket=bucket, Key=changed, Body=seeds[4].read_bytes() + "\n更正".encode())
        second = run_and_wait(name, parameters, server.api_url)
        assert second.state_type is not None and second.state_type.value == "COMPLETED"

    settings = Settings(
        s3_endpoint_url=seaweedfs.url,
        s3_region=seaweedfs.region,
        s3_access_key_id=seaweedfs.access_key,
        s3_secret_access_key=seaweedfs.secret_key,
    )
    lake = open_lake(f"s3://{bucket}/lake", settings)
    runs = lake.read_runs()
    assert runs.select("run_id", "listed", "skipped").rows() == [
        (str(first.id), 5, 0),
        (str(second.id), 8, 4),
    ]
    last = runs.row(1, named=True)
    assert last["valid"] + last["quarantined"] + last["rejected"] == 4
    from schemas.codes import Dataset

    reports = lake.read_dataset(Dataset.REPORTS)
    assert reports.height == 8 and reports["source_uri"].n_unique() == 8
