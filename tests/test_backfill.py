"""Backfills: per-year and per-shard child runs give the same lake as one big ingest; done
partitions are skipped on a re-run; a backfill killed mid-way completes when run again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.backfill import backfill
from flows.ingest import ingest
from tests.conftest import ROOT
from tests.support.lake import lake_rows
from xxgk.lake import open_lake
from xxgk.settings import Settings

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]


def test_backfill_by_year_and_by_shard_equal_one_ingest(raw_by_year: Path, tmp_path: Path) -> None:
    whole = tmp_path / "whole"
    ingest(source=str(raw_by_year), dest=str(whole))
    by_year = tmp_path / "by_year"
    counts = backfill(
        source=str(raw_by_year), dest=str(by_year), years=[2018, 2019, 2020, 2021, 2022]
    )
    assert counts == {"partitions": 5, "skipped": 0, "completed": 5, "failed": 0}
    assert lake_rows(by_year) == lake_rows(whole)
    by_shard = tmp_path / "by_shard"
    backfill(source=str(raw_by_year), dest=str(by_shard), shards=3, concurrency=3)
    assert lake_rows(by_shard) == lake_rows(whole)

    again = backfill(
        source=str(raw_by_year), dest=str(by_year), years=[2018, 2019, 2020, 2021, 2022]
    )
    assert again == {"partitions": 5, "skipped": 5, "completed": 0, "failed": 0}
    runs = open_lake(str(by_year), Settings()).read_runs()
    assert runs["flow"].to_list().count("ingest") == 5  # one per child run; the re-run none
    assert runs["flow"].to_list().count("backfill") == 2  # and one per backfill


def test_a_killed_backfill_completes_when_run_again(raw_by_year: Path, tmp_path: Path) -> None:
    lake = tmp_path / "lake"
    command = [
        sys.executable, "-m", "cli", "backfill",
        "--source", str(raw_by_year), "--dest", str(lake),
        "--years", "2019-2022", "--concurrency", "1", "--batch-size", "1",
    ]  # fmt: skip
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect")}
    child = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    markers = lake / "_state" / "partitions"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and not any(markers.glob("*.json")):
        assert child.poll() is None, "the backfill ended before it could be killed"
        time.sleep(0.05)
    os.killpg(child.pid, signal.SIGKILL)  # one partition done, the next one mid-way
    child.wait()
    done_before = len(list(markers.glob("*.json")))
    assert 1 <= done_before < 4

    counts = backfill(source=str(raw_by_year), dest=str(lake), years=[2019, 2020, 2021, 2022])
    assert counts["skipped"] == done_before and counts["failed"] == 0
    whole = tmp_path / "whole"
    ingest(source=str(raw_by_year), dest=str(whole))
    assert lake_rows(lake) == lake_rows(whole)
