"""The lake lock, and concurrent runs committing into one lake."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pyarrow import fs

from schemas.codes import Dataset
from tests.conftest import seed_paths, source_for
from tests.support.seaweedfs import S3Endpoint
from xxgk.batch import process_batch
from xxgk.lake import Lake, commit_id_for, open_lake
from xxgk.objects import RunContext
from xxgk.settings import Settings
from xxgk.storage.lock import LakeLock, LakeLockedError, LocalLockStore, lake_lock

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client


def _lock(root: Path, wait: float = 0.3, lease: float = 300) -> LakeLock:
    settings = Settings(lock_wait_seconds=wait, lock_lease_seconds=lease)
    return LakeLock(LocalLockStore(root), str(root), settings)


def test_a_held_lock_makes_others_wait_then_fail_clearly(tmp_path: Path) -> None:
    with (
        _lock(tmp_path).held("run-a"),
        pytest.raises(LakeLockedError, match=r"locked by run run-a on .* since"),
        _lock(tmp_path).held("run-b"),
    ):
        pass
    with _lock(tmp_path).held("run-b"):  # released: free again
        assert json.loads((tmp_path / "_lock.json").read_text())["owner"] == "run-b"
    assert not (tmp_path / "_lock.json").exists()


def test_the_lock_of_a_dead_run_is_taken_over_once_its_lease_ran_out(tmp_path: Path) -> None:
    past = datetime.now(UTC) - timedelta(minutes=1)
    (tmp_path / "_lock.json").write_text(
        json.dumps(
            {
                "owner": "crashed",
                "host": "h",
                "pid": 1,
                "acquired_at": (past - timedelta(minutes=5)).isoformat(),
                "expires_at": past.isoformat(),
            }
        )
    )
    with _lock(tmp_path).held("next"):
        assert json.loads((tmp_path / "_lock.json").read_text())["owner"] == "next"


@pytest.mark.s3
def test_s3_lock_uses_conditional_put(s3_env: S3Endpoint, s3: S3Client, bucket: str) -> None:
    first = lake_lock(f"s3://{bucket}/lake", Settings(lock_wait_seconds=0.3))
    second = lake_lock(f"s3://{bucket}/lake", Settings(lock_wait_seconds=0.3))
    with first.held("run-a"):
        assert s3.head_object(Bucket=bucket, Key="lake/_lock.json")["ContentLength"] > 0
        with pytest.raises(LakeLockedError, match="run-a"), second.held("run-b"):
            pass
    with second.held("run-b"):
        pass


def test_two_runs_committing_the_same_objects_at_once_leave_one_copy(tmp_path: Path) -> None:
    """Each run read the (empty) index before the other committed: the commit log must make
    the later commit replace, not duplicate, the earlier one's rows."""
    items = [(source_for(p), p.read_bytes()) for p in seed_paths()]
    root = str(tmp_path / "lake")
    lakes = [Lake(fs.LocalFileSystem(), root) for _ in range(2)]
    indexes = [lake.read_index() for lake in lakes]
    batches = []
    for number, lake in enumerate(lakes):
        run = RunContext(f"run-{number}", datetime(2026, 12, 1, tzinfo=UTC))
        # Different batch cuts, so the two runs' files have different names.
        part = items[number:] + items[:number]
        batches.append(
            [
                lake.stage_batch(
                    run.run_id, commit_id_for([(s.uri, str(i))], "t"), process_batch([(s, b)], run)
                )
                for i, (s, b) in enumerate(part)
            ]
        )
    errors: list[BaseException] = []

    def commit_all(number: int) -> None:
        try:
            for staged in batches[number]:
                lakes[number].commit(staged, indexes[number])
        except BaseException as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=commit_all, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    final = open_lake(root, Settings())
    reports = final.read_dataset(Dataset.REPORTS)
    assert reports.height == 5 and reports["source_uri"].n_unique() == 5
    applications = final.read_dataset(Dataset.APPLICATIONS)
    assert applications.height == applications.select("report_id", "row_code").unique().height
    assert applications["report_id"].n_unique() == 4  # 003's table is quarantined


def test_the_lock_of_a_dead_process_on_this_host_is_taken_over_at_once(tmp_path: Path) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    now = datetime.now(UTC)
    lease = {
        "owner": "killed",
        "host": socket.gethostname(),
        "pid": dead.pid,
        "acquired_at": now.isoformat(),
        "expires_at": (now + timedelta(hours=1)).isoformat(),
    }
    (tmp_path / "_lock.json").write_text(json.dumps(lease))
    with _lock(tmp_path, wait=0.5).held("next"):
        assert json.loads((tmp_path / "_lock.json").read_text())["owner"] == "next"


def test_a_live_holder_on_this_host_keeps_its_lock(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    lease = {
        "owner": "alive",
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "acquired_at": now.isoformat(),
        "expires_at": (now + timedelta(hours=1)).isoformat(),
    }
    (tmp_path / "_lock.json").write_text(json.dumps(lease))
    with pytest.raises(LakeLockedError, match="alive"), _lock(tmp_path, wait=0.2).held("next"):
        pass
