"""Compaction: few files per partition whatever the number of runs, the same rows, crash-safe."""

from __future__ import annotations

import posixpath
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pyarrow import fs
from typer.testing import CliRunner

from cli.app import app
from schemas.codes import Dataset
from tests.conftest import seed_paths
from tests.support.seaweedfs import S3Endpoint
from xxgk.batch import process_batch
from xxgk.compaction import (
    DEFAULT_POLICY,
    CompactionPolicy,
    compact_partitions,
    lake_partitions,
    partitions_of,
)
from xxgk.lake import Lake, StagedBatch, commit_id_for, open_lake
from xxgk.objects import RunContext, SourceObject
from xxgk.settings import Settings
from xxgk.storage.lock import LakeLockedError

RUN = RunContext(run_id="compaction-test", started_at=datetime(2026, 12, 1, tzinfo=UTC))
#: A valid 2020 report with the six datasets a valid report fills (no quarantine).
SEED = seed_paths()[0]
DATASETS_OF_A_VALID_REPORT = 6
RUNS = 4

Rows = dict[Dataset, list[tuple[object, ...]]]


def _report(number: int) -> tuple[SourceObject, bytes]:
    """Report `number`: the seed with `number` blank lines added, at a source of its own
    (other bytes, so another report id; the same year, so the same partitions)."""
    data = SEED.read_bytes() + b"\n" * number
    source = SourceObject(
        key=f"r{number}.txt",
        uri=f"file:///variants/r{number}.txt",
        etag=f"etag-{number}",
        size=len(data),
        last_modified=datetime(2026, 1, 1, tzinfo=UTC),
    )
    return source, data


def _stage(lake: Lake, items: list[tuple[SourceObject, bytes]]) -> StagedBatch:
    commit_id = commit_id_for(((s.uri, s.etag) for s, _ in items), "test")
    return lake.stage_batch(RUN.run_id, commit_id, process_batch(items, RUN))


def _run(lake: Lake, items: list[tuple[SourceObject, bytes]], compact: bool = True) -> None:
    """One incremental run as the flow makes it: recover, commit, compact the partitions it
    committed to, snapshot the index."""
    lake.recover(Settings())
    index = lake.read_index()
    staged = _stage(lake, items)
    lake.commit(staged, index)
    if compact:
        compact_partitions(lake, partitions_of(staged))
    lake.snapshot_index(index)


def _lake(root: str, runs: int = RUNS, compact: bool = True) -> Lake:
    lake = open_lake(root, Settings())
    for number in range(1, runs + 1):
        _run(lake, [_report(number)], compact)
    return lake


def _files_per_partition(lake: Lake) -> Counter[str]:
    files = [f for d in Dataset for f in lake._parquet_files(d.value)]
    return Counter(posixpath.dirname(posixpath.relpath(f, lake.base)) for f in files)


def _files_per_partition_names(lake: Lake) -> list[str]:
    return [posixpath.relpath(f, lake.base) for d in Dataset for f in lake._parquet_files(d.value)]


def _rows(lake: Lake) -> Rows:
    """Every dataset's rows, sorted: equal for two lakes holding the same rows in any files."""
    return {d: sorted(lake.read_dataset(d).rows(), key=repr) for d in Dataset}


def _bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.parquet"))}


def _partitions_2020() -> set[str]:
    return {
        f"{d.value}/report_year=2020"
        for d in Dataset
        if d not in {Dataset.QUARANTINE, Dataset.QUARANTINE_ROWS}
    }


class CrashError(Exception):
    """The process dies here (a fault a real store cannot be asked to produce on cue)."""


def test_four_one_report_runs_leave_one_file_per_partition_and_the_same_rows(
    tmp_path: Path,
) -> None:
    plain = _lake(str(tmp_path / "plain"), compact=False)
    assert _files_per_partition(plain) == dict.fromkeys(_partitions_2020(), RUNS)  # the issue

    lake = open_lake(str(tmp_path / "compacted"), Settings())
    for number in range(1, RUNS + 1):
        _run(lake, [_report(number)])
        # Below `min_files` small files a partition is left alone; at it they become one.
        expected = number if number < DEFAULT_POLICY.min_files else 1
        assert _files_per_partition(lake) == dict.fromkeys(_partitions_2020(), expected)

    assert len(_partitions_2020()) == DATASETS_OF_A_VALID_REPORT
    assert _rows(lake) == _rows(plain)
    assert lake.read_dataset(Dataset.REPORTS).height == RUNS
    assert len(lake.read_index()) == RUNS
    for partition in _partitions_2020():
        [merged] = Path(lake.base, partition).glob("*.parquet")
        [first, *_] = sorted(Path(plain.base, partition).glob("*.parquet"))
        assert pq.read_schema(merged).equals(pq.read_schema(first), check_metadata=True)


def test_the_files_own_schema_and_field_metadata_are_kept(tmp_path: Path) -> None:
    """Whatever the writer puts in the files (here: no partition key, a description per
    field, file-level metadata), the merged file has the same Arrow schema and rows."""
    fields: list[pa.Field[pa.DataType]] = [
        pa.field("report_id", pa.string(), metadata={"description": "SHA-256 of raw bytes"}),
        pa.field("value", pa.float64(), metadata={"description": "the figure"}),
        pa.field("tags", pa.list_(pa.string()), metadata={"description": "labels"}),
    ]
    schema = pa.schema(fields, metadata={"contract_version": "2"})
    partition = tmp_path / "lake" / "headline_figures" / "report_year=2021"
    partition.mkdir(parents=True)
    written = []
    for number in range(5):
        table = pa.table(
            {
                "report_id": [f"r{number}", f"s{number}"],
                "value": [float(number), None],
                "tags": [["a"], []],
            },
            schema=schema,
        )
        pq.write_table(table, partition / f"part-{number}.parquet", compression="zstd")
        written.append(table)
    lake = Lake(fs.LocalFileSystem(), str(tmp_path / "lake"))
    stored = pq.read_schema(partition / "part-0.parquet")  # as written (lists' items renamed)
    assert stored.field("tags").metadata == {b"description": b"labels"}

    [done] = compact_partitions(lake, ["headline_figures/report_year=2021"])

    assert (done.files_before, done.files_after) == (5, 1)
    [merged] = partition.glob("*.parquet")
    table = pq.read_table(merged, partitioning=None)
    assert table.schema.equals(stored, check_metadata=True)
    assert sorted(table.to_pylist(), key=repr) == sorted(
        pa.concat_tables(written).to_pylist(), key=repr
    )


def test_compacting_a_compacted_lake_changes_nothing(tmp_path: Path) -> None:
    lake = _lake(str(tmp_path / "lake"))
    before = _bytes(tmp_path / "lake")

    again = compact_partitions(lake, lake_partitions(lake))

    assert {d.partition for d in again} == _partitions_2020()
    assert not any(d.changed for d in again)
    assert _bytes(tmp_path / "lake") == before


def test_the_same_inputs_give_the_same_file_names(tmp_path: Path) -> None:
    names = []
    for name in ("a", "b"):
        lake = _lake(str(tmp_path / name), compact=False)
        compact_partitions(lake, lake_partitions(lake))
        names.append(sorted(_files_per_partition_names(lake)))
    assert names[0] == names[1] and len(names[0]) == DATASETS_OF_A_VALID_REPORT


def test_a_crash_mid_compaction_is_rolled_forward_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lake = _lake(str(tmp_path / "lake"), compact=False)
    rows = _rows(lake)
    deleted: list[str] = []

    def dies_after_one_delete(relative: str) -> None:
        if deleted:
            raise CrashError(relative)
        deleted.append(relative)
        Path(lake.base, relative).unlink()

    monkeypatch.setattr(lake, "_delete_if_present", dies_after_one_delete)
    with pytest.raises(CrashError):
        compact_partitions(lake, lake_partitions(lake))
    # Half-applied: the merged file is in and not every file it replaces is gone.
    assert list(Path(lake.base, "_commits").glob("compact-*.json"))
    assert _rows(lake) != rows

    following = open_lake(lake.base, Settings())
    _run(following, [_report(RUNS + 1)])  # the next run: recovers, commits, compacts

    expected = _rows(_lake(str(tmp_path / "reference"), runs=RUNS + 1, compact=False))
    assert _rows(following) == expected
    assert not list(Path(lake.base, "_commits").glob("*.json"))
    assert set(_files_per_partition(following).values()) <= {1, 2}


def test_compaction_itself_rolls_a_crashed_compaction_forward(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lake = _lake(str(tmp_path / "lake"), compact=False)
    rows = _rows(lake)
    monkeypatch.setattr(lake, "_delete_if_present", lambda relative: _raise(CrashError(relative)))
    with pytest.raises(CrashError):
        compact_partitions(lake, lake_partitions(lake))

    # A retry of the compaction (the task's own retry, or `xxgk compact`): no run between.
    done = compact_partitions(open_lake(lake.base, Settings()), lake_partitions(lake))

    assert _rows(lake) == rows
    assert _files_per_partition(lake) == dict.fromkeys(_partitions_2020(), 1)
    assert all(d.files_after == 1 for d in done)


def _raise(error: Exception) -> None:
    raise error


def test_a_partition_with_a_half_applied_commit_is_left_to_its_recovery(tmp_path: Path) -> None:
    """A commit killed after writing its plan: its plan names files to delete and rewrite;
    merging them first would double rows when the plan is rolled forward. So compaction
    leaves those partitions alone until the commit is rolled forward."""
    lake = _lake(str(tmp_path / "lake"), compact=False)
    source, data = _report(1)
    changed = replace(source, etag="etag-changed")
    staged = _stage(lake, [(changed, data + b" ")])  # report 1's source, changed
    plan = lake._plan(staged, lake.read_index())
    lake._write_json(f"_commits/{plan['commit_id']}.json", plan)

    done = compact_partitions(lake, lake_partitions(lake))

    assert {d.partition for d in done if d.skipped} == _partitions_2020()
    assert {(d.files_before, d.files_after) for d in done} == {(RUNS, RUNS)}
    _run(lake, [_report(RUNS + 1)])  # recovers the commit, then compacts
    reports = lake.read_dataset(Dataset.REPORTS)
    assert reports.height == RUNS + 1
    assert reports.filter(reports["source_uri"] == source.uri)["source_etag"].to_list() == [
        "etag-changed"
    ]
    applications = lake.read_dataset(Dataset.APPLICATIONS)
    assert applications.n_unique(["report_id", "row_code"]) == applications.height
    assert applications["report_id"].n_unique() == RUNS + 1


def test_a_commit_staged_before_a_compaction_replaces_rows_in_the_merged_file(
    tmp_path: Path,
) -> None:
    """The commit plans under the lock, after the compaction: it reads the merged file, not
    the files compaction deleted, and replaces the changed report's rows in it."""
    lake = _lake(str(tmp_path / "lake"), compact=False)
    index = lake.read_index()
    source, data = _report(2)
    changed = replace(source, etag="etag-changed")
    staged = _stage(lake, [(changed, data + b" ")])

    compact_partitions(lake, lake_partitions(lake))
    lake.commit(staged, index)

    reports = lake.read_dataset(Dataset.REPORTS)
    assert sorted(reports["source_uri"].to_list()) == sorted(
        _report(n)[0].uri for n in range(1, RUNS + 1)
    )
    assert reports.filter(reports["source_uri"] == source.uri)["source_etag"].to_list() == [
        "etag-changed"
    ]
    sections = lake.read_dataset(Dataset.SECTIONS)
    assert sections.n_unique(["report_id", "section_no"]) == sections.height
    assert sections["report_id"].n_unique() == RUNS


def test_compaction_waits_for_the_lock_like_a_commit(tmp_path: Path) -> None:
    lake = _lake(str(tmp_path / "lake"), compact=False)
    before = _bytes(tmp_path / "lake")
    impatient = open_lake(lake.base, Settings(lock_wait_seconds=0))
    with lake.lock.held(owner="another run's commit"), pytest.raises(LakeLockedError):
        compact_partitions(impatient, lake_partitions(impatient))
    assert _bytes(tmp_path / "lake") == before


def test_policy_min_files_and_target_size(tmp_path: Path) -> None:
    lake = _lake(str(tmp_path / "lake"), runs=2, compact=False)
    assert not any(d.changed for d in compact_partitions(lake, lake_partitions(lake)))
    sizes = [p.stat().st_size for p in Path(lake.base, "sections/report_year=2020").iterdir()]
    # A target smaller than two files: no pair fits, nothing is merged.
    tiny = CompactionPolicy(min_files=2, target_file_bytes=min(sizes) + 1)
    assert not any(d.changed for d in compact_partitions(lake, ["sections/report_year=2020"], tiny))
    pairs = CompactionPolicy(min_files=2)
    done = compact_partitions(lake, lake_partitions(lake), pairs)
    assert all((d.files_before, d.files_after) == (2, 1) for d in done)
    with pytest.raises(ValueError, match="min_files"):
        CompactionPolicy(min_files=1)


@pytest.mark.s3
def test_compaction_on_s3(s3_env: S3Endpoint, bucket: str, tmp_path: Path) -> None:
    lake = _lake(f"s3://{bucket}/lake")
    assert _files_per_partition(lake) == dict.fromkeys(_partitions_2020(), 1)
    assert _rows(lake) == _rows(_lake(str(tmp_path / "plain"), compact=False))
    again = compact_partitions(lake, lake_partitions(lake))
    assert {d.partition for d in again} == _partitions_2020()
    assert not any(d.changed for d in again)
    listed = lake.fs.get_file_info(fs.FileSelector(f"{bucket}/lake", recursive=True))
    files = [i.path for i in listed if i.type == fs.FileType.File]
    assert not [p for p in files if "/_staging/" in p or "/_commits/" in p]
    assert any("/_log/compact-" in p for p in files)


def test_the_compact_command_compacts_every_partition(tmp_path: Path) -> None:
    lake = _lake(str(tmp_path / "lake"), compact=False)
    rows = _rows(lake)

    only = CliRunner().invoke(app, ["compact", "--dest", lake.base, "--dataset", "reports"])
    assert only.exit_code == 0, only.output
    assert only.output.splitlines()[-1] == f"compacted 1 of 1 partitions: {RUNS} files -> 1"
    result = subprocess.run(
        [sys.executable, "-m", "cli", "compact", "--dest", lake.base],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    partitions = len(_partitions_2020())
    assert result.stdout.splitlines()[-1] == (
        f"compacted {partitions - 1} of {partitions} partitions: "
        f"{(partitions - 1) * RUNS + 1} files -> {partitions}"
    )
    assert "sections/report_year=2020: 4 files -> 1" in result.stdout.splitlines()
    assert _rows(lake) == rows
    assert _files_per_partition(lake) == dict.fromkeys(_partitions_2020(), 1)
    # Compaction's log entries carry no index rows: the index reads the same after it.
    assert (
        open_lake(lake.base, Settings())
        .read_index()
        .frame()
        .equals(_lake(str(tmp_path / "plain"), compact=False).read_index().frame())
    )


def test_the_compact_command_refuses_an_unknown_dataset_in_one_line(tmp_path: Path) -> None:
    lake = _lake(str(tmp_path / "lake"), runs=1, compact=False)
    result = CliRunner().invoke(app, ["compact", "--dest", lake.base, "--dataset", "nope"])
    assert result.exit_code == 2
    assert "no dataset nope" in result.output
    assert "Traceback" not in result.output


@pytest.mark.prefect
@pytest.mark.usefixtures("prefect_harness")
def test_the_ingest_flow_compacts_the_partitions_it_committed_to(tmp_path: Path) -> None:
    from flows.ingest import ingest

    source, lake = tmp_path / "raw", tmp_path / "lake"
    source.mkdir()
    for number in range(1, RUNS + 1):
        item, data = _report(number)
        (source / item.key).write_bytes(data)
        summary = ingest(source=str(source), dest=str(lake), batch_size=10)
        assert summary.batches == 1 and summary.balanced  # one new report each run
        expected = number if number < DEFAULT_POLICY.min_files else 1
        held = _files_per_partition(open_lake(str(lake), Settings()))
        assert held == dict.fromkeys(_partitions_2020(), expected)
    reports = open_lake(str(lake), Settings()).read_dataset(Dataset.REPORTS)
    assert sorted(reports["source_uri"].to_list()) == sorted(
        (source / f"r{n}.txt").as_uri() for n in range(1, RUNS + 1)
    )
