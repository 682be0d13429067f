"""Shared fixtures: corpus paths, golden files, a batch of the bundled seeds."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

# Prefect reads its settings when first imported: point it at a throw-away home first, one per
# pytest-xdist worker (each runs its own servers and flows).
os.environ["PREFECT_HOME"] = str(
    Path(
        os.environ.get("PREFECT_HOME") or tempfile.mkdtemp(prefix="xxgk-prefect-"),
        os.environ.get("PYTEST_XDIST_WORKER", ""),
    )
)
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_TO_API_ENABLED", "false")
# The suite's flows run their batches on threads unless a test names a runner: under `auto`
# (the default) a test of many one-object batches would start a process pool (~3 s of CPU per
# worker) for a few reports. tests/test_runners.py and test_runner_choice.py cover the others.
os.environ.setdefault("XXGK_TASK_RUNNER", "threads")

from tests.support import tiers
from tests.support.seaweedfs import S3Endpoint, s3_client, seaweedfs_server
from xxgk.batch import BatchResult, process_batch
from xxgk.objects import RunContext, SourceObject, report_id_of

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "samples" / "seeds"
GOLDEN_SEEDS = Path(__file__).resolve().parent / "golden" / "seeds"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{tiers.MARKER}: {tiers.DESCRIPTION}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the slow tier `integration` (tests/support/tiers.py says which tests are), so that
    `make test` (`-m "not integration"`) runs the fast tier."""
    tests = Path(__file__).resolve().parent
    for item in items:
        if not item.path.resolve().is_relative_to(tests):
            continue
        module = item.path.resolve().relative_to(tests).as_posix()
        function = getattr(item, "originalname", item.name)
        fixtures = getattr(item, "fixturenames", ())
        markers = {mark.name for mark in item.iter_markers()}
        if tiers.is_integration(module, function, fixtures, markers):
            item.add_marker(tiers.MARKER)


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


def golden_for(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GOLDEN_SEEDS / f"{path.stem}.json").read_text("utf-8"))
    return data


def source_for(path: Path) -> SourceObject:
    return SourceObject(
        key=path.name,
        uri=path.as_uri(),
        etag="test",
        size=path.stat().st_size,
        last_modified=datetime(2026, 1, 1, tzinfo=UTC),
    )


@pytest.fixture(scope="session")
def run_context() -> RunContext:
    return RunContext(run_id="test-run", started_at=datetime(2026, 12, 1, tzinfo=UTC))


@pytest.fixture(scope="session")
def seed_batch(run_context: RunContext) -> BatchResult:
    """All five seeds through the pure core, as one batch (as the flow would)."""
    return process_batch(((source_for(p), p.read_bytes()) for p in seed_paths()), run_context)


@pytest.fixture(scope="session")
def seed_ids() -> dict[str, str]:
    return {p.stem: report_id_of(p.read_bytes()) for p in seed_paths()}


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect server for every flow test (its first start runs migrations)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture
def seed_folder(tmp_path: Path) -> Path:
    """A writable copy of the bundled sample corpus."""
    folder = tmp_path / "raw"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def raw_by_year(tmp_path: Path) -> Path:
    """The seeds laid out as crawlers store them: raw/{year}/{name}."""
    raw = tmp_path / "raw"
    for path in seed_paths():
        year = golden_for(path)["report"]["report_year"]
        (raw / str(year)).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, raw / str(year) / path.name)
    return raw


@pytest.fixture(scope="session")
def seaweedfs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Endpoint]:
    """A real SeaweedFS S3 server on 127.0.0.1, for the whole session."""
    with seaweedfs_server(tmp_path_factory.mktemp("seaweedfs")) as endpoint:
        yield endpoint


@pytest.fixture(scope="session")
def s3(seaweedfs: S3Endpoint) -> S3Client:
    return s3_client(seaweedfs)


@pytest.fixture
def bucket(s3: S3Client) -> str:
    """A new, empty bucket for one test."""
    name = f"test-{uuid.uuid4().hex[:16]}"
    s3.create_bucket(Bucket=name)
    return name


@pytest.fixture
def s3_env(seaweedfs: S3Endpoint, monkeypatch: pytest.MonkeyPatch) -> S3Endpoint:
    """xxgk's settings pointed at the test server, through its documented variables."""
    for name, value in seaweedfs.xxgk_env().items():
        monkeypatch.setenv(name, value)
    return seaweedfs
