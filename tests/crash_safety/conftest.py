"""Fixtures of the crash trials: the corpus they ingest and the Prefect server their runs
report to (one per module, so the folder and S3 trials can run in two test processes)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import seed_paths
from tests.support.prefect_server import PrefectServer, prefect_server
from tests.test_dev_corpus import DEV, EXPECTED


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
