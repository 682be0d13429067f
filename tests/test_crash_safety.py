"""`xxgk ingest` killed with SIGKILL at random moments: the lake is always readable, and a
re-run completes it with every object exactly once and no row twice; folder to folder, and
S3 to S3 on a real SeaweedFS (where a commit is copies and deletes, not renames).

The runs are the real command line, a Prefect flow reporting to one `prefect server start`
for the module (a temporary server per run would add ~10 s to each of the 40 runs)."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pytest
from pydantic import SecretStr

from schemas.codes import Dataset
from tests.conftest import ROOT, seed_paths
from tests.support.lake import lake_rows, read_with_duckdb
from tests.support.prefect_server import PrefectServer, prefect_server
from tests.support.seaweedfs import S3Endpoint, duckdb_s3_connection
from tests.test_dev_corpus import DEV, EXPECTED
from xxgk.settings import Settings

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

TRIALS = 10
S3_TRIALS = 10
#: Kills land this long after the run first writes to the lake (its index is read, objects
#: listed, batches staged and committed in that time; a full run is ~5 s of it here).
KILL_WINDOW_SECONDS = 5.0
BATCH_SIZE = "3"  # many commits per run: many moments between them

Rows = dict[Dataset, list[tuple[object, ...]]]


@dataclass(frozen=True)
class Place:
    """Where the runs read their source and write their lakes, and how to look at a lake."""

    source: str
    lake_root: str
    written: Callable[[str], bool]  # whether a run has written anything to this lake yet
    settings: Settings = field(default_factory=Settings)
    env: dict[str, str] = field(default_factory=dict)
    connect: Callable[[], duckdb.DuckDBPyConnection] = duckdb.connect  # reaches the lakes

    def lake(self, name: str) -> str:
        return f"{self.lake_root}/{name}"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seeds and dev reports: enough objects and formats for a run to take a while."""
    raw = tmp_path_factory.mktemp("raw")
    for path in seed_paths():
        shutil.copy(path, raw / path.name)
    for key in EXPECTED:
        shutil.copy(DEV / key, raw / key.replace("/", "__"))
    return raw


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrefectServer]:
    with prefect_server(tmp_path_factory.mktemp("prefect-server")) as running:
        yield running


@pytest.fixture(scope="module")
def folders(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Place:
    lakes = tmp_path_factory.mktemp("lakes")
    return Place(str(corpus), str(lakes), written=lambda lake: Path(lake).exists())


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
def folder_reference(folders: Place, server: PrefectServer) -> Rows:
    return _reference(folders, server)


@pytest.fixture(scope="module")
def s3_reference(buckets: Place, server: PrefectServer) -> Rows:
    return _reference(buckets, server)


@pytest.mark.parametrize("trial", range(TRIALS))
def test_kill_minus_nine_then_rerun(
    trial: int, folders: Place, server: PrefectServer, folder_reference: Rows
) -> None:
    _trial(folders, server, folder_reference, trial, seed=1000 + trial)


@pytest.mark.s3
@pytest.mark.parametrize("trial", range(S3_TRIALS))
def test_kill_minus_nine_then_rerun_s3_to_s3(
    trial: int, buckets: Place, server: PrefectServer, s3_reference: Rows
) -> None:
    _trial(buckets, server, s3_reference, trial, seed=3000 + trial)


def _trial(place: Place, server: PrefectServer, reference: Rows, trial: int, seed: int) -> None:
    delay = random.Random(seed).uniform(0.0, KILL_WINDOW_SECONDS)
    lake = place.lake(f"trial-{trial}")
    run = _ingest(place, lake, server)
    deadline = time.monotonic() + 120
    while not place.written(lake) and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(delay)
    ended_first = run.poll() is not None
    run.kill()
    run.communicate()
    print(
        f"trial {trial}: seed {seed}, SIGKILL {delay:.2f} s after the run first wrote to "
        f"{lake}{' (the run had ended)' if ended_first else ''}"
    )
    with place.connect() as connection:
        read_with_duckdb(lake, connection)
    rerun = _ingest(place, lake, server)
    _, errors = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, errors.decode()
    assert lake_rows(lake, place.settings) == reference


def _reference(place: Place, server: PrefectServer) -> Rows:
    """The lake of one uninterrupted run."""
    lake = place.lake("reference")
    run = _ingest(place, lake, server)
    _, errors = run.communicate(timeout=300)
    assert run.returncode == 0, errors.decode()
    return lake_rows(lake, place.settings)


def _ingest(place: Place, lake: str, server: PrefectServer) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "xxgk.cli", "ingest",
        "--source", place.source, "--dest", lake, "--batch-size", BATCH_SIZE,
    ]  # fmt: skip
    env = {
        **os.environ,
        **place.env,
        "PREFECT_API_URL": server.api_url,
        "PREFECT_HOME": str(server.home),
    }
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
