"""The lake writer: partitions, idempotent commits, replacement by key, crash roll-forward."""

from __future__ import annotations

import json
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
from pyarrow import fs

from schemas.codes import Dataset
from schemas.dictionary import render_dictionary
from tests.conftest import seed_paths, source_for
from xxgk.batch import process_batch
from xxgk.lake import INDEX_COLUMNS, Lake, LakeIndex, StagedBatch, commit_id_for, open_lake
from xxgk.objects import RunContext, SourceObject
from xxgk.settings import Settings

RUN = RunContext(run_id="lake-test", started_at=datetime(2026, 12, 1, tzinfo=UTC))


def _staged(lake: Lake, items: list[tuple[SourceObject, bytes]]) -> StagedBatch:
    commit_id = commit_id_for(((s.uri, s.etag) for s, _ in items), "test")
    return lake.stage_batch(RUN.run_id, commit_id, process_batch(items, RUN))


def _seed_items() -> list[tuple[SourceObject, bytes]]:
    return [(source_for(p), p.read_bytes()) for p in seed_paths()]


@pytest.fixture
def lake(tmp_path: Path) -> Lake:
    return Lake(fs.LocalFileSystem(), str(tmp_path / "lake"))


def _age(folder: Path, seconds: float) -> None:
    """Date a folder, and everything in it, `seconds` back: a run that died that long ago."""
    then = time.time() - seconds
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, (then, then))


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.parquet"))}


def test_commit_writes_hive_partitions_and_nothing_in_staging(lake: Lake) -> None:
    index = lake.read_index()
    lake.commit(_staged(lake, _seed_items()), index)
    root = Path(lake.base)
    years = sorted(p.name for p in (root / "reports").iterdir())
    assert years == ["report_year=2019", "report_year=2020", "report_year=2021", "report_year=2022"]
    assert not list((root / "_staging").rglob("*.parquet"))
    assert not list((root / "_commits").glob("*.json"))
    assert lake.read_dataset(Dataset.REPORTS).height == 5
    assert len(lake.read_index()) == 5


def test_recommitting_the_same_batch_changes_no_byte(lake: Lake) -> None:
    index = lake.read_index()
    lake.commit(_staged(lake, _seed_items()), index)
    before = _files(Path(lake.base))
    lake.commit(_staged(lake, _seed_items()), index)
    assert _files(Path(lake.base)) == before


def test_same_objects_in_other_batches_replace_rather_than_duplicate(lake: Lake) -> None:
    items = _seed_items()
    index = lake.read_index()
    lake.commit(_staged(lake, items), index)
    expected = {d: lake.read_dataset(d).height for d in Dataset}
    lake.commit(_staged(lake, items[:2]), index)  # a different batch: other file names
    lake.commit(_staged(lake, items[2:]), index)
    assert {d: lake.read_dataset(d).height for d in Dataset} == expected
    applications = lake.read_dataset(Dataset.APPLICATIONS)
    assert (
        applications.select(pl.struct("report_id", "row_code").is_duplicated().any()).item()
        is False
    )


def test_a_changed_object_replaces_its_old_rows(lake: Lake) -> None:
    items = _seed_items()
    index = lake.read_index()
    lake.commit(_staged(lake, items), index)
    source, data = items[1]
    changed = data + b"\n"  # new bytes, new report_id, same key
    new_source = SourceObject(source.key, source.uri, "etag-2", len(changed), source.last_modified)
    lake.commit(_staged(lake, [(new_source, changed)]), index)
    reports = lake.read_dataset(Dataset.REPORTS)
    assert reports.height == 5
    row = reports.filter(pl.col("source_uri") == source.uri).row(0, named=True)
    assert row["source_etag"] == "etag-2"
    applications = lake.read_dataset(Dataset.APPLICATIONS)
    assert set(applications["report_id"]) <= set(reports["report_id"])


@pytest.fixture(params=["folder", pytest.param("s3", marks=pytest.mark.s3)])
def any_lake(request: pytest.FixtureRequest, tmp_path: Path) -> Lake:
    """A lake on a local folder, and one in a real SeaweedFS bucket."""
    if request.param == "folder":
        return Lake(fs.LocalFileSystem(), str(tmp_path / "lake"))
    request.getfixturevalue("s3_env")
    bucket = request.getfixturevalue("bucket")
    return open_lake(f"s3://{bucket}/lake", Settings())


def test_a_retried_commit_that_went_through_changes_nothing(any_lake: Lake) -> None:
    """The publish task retries on any error, also one raised after its commit went in."""
    index = any_lake.read_index()
    staged = _staged(any_lake, _seed_items())
    any_lake.commit(staged, index)
    before = {d: any_lake.read_dataset(d).sort(pl.all()) for d in Dataset}
    any_lake.commit(staged, index)
    assert len(index) == 5
    for dataset, frame in before.items():
        assert any_lake.read_dataset(dataset).sort(pl.all()).equals(frame), dataset


def test_a_retried_commit_rolls_its_own_half_applied_plan_forward(
    lake: Lake, tmp_path: Path
) -> None:
    """An attempt that failed after moving part of its plan in: the retry applies that plan,
    rather than planning again over files it already moved."""
    index = lake.read_index()
    lake.commit(_staged(lake, _seed_items()[:3]), index)
    staged = _staged(lake, _seed_items())  # replaces three, adds two
    root = Path(lake.base)
    plan = lake._plan(staged, index)
    (root / "_commits" / f"{staged.commit_id}.json").write_text(json.dumps(plan))
    for moved_staged, moved_final in plan["adds"][:2]:
        (root / moved_final).parent.mkdir(parents=True, exist_ok=True)
        (root / moved_staged).rename(root / moved_final)

    lake.commit(staged, index)
    assert not list((root / "_commits").glob("*.json"))
    clean = Lake(fs.LocalFileSystem(), str(tmp_path / "clean"))
    clean.commit(_staged(clean, _seed_items()), clean.read_index())
    for dataset in Dataset:
        got = lake.read_dataset(dataset).drop("run_id", strict=False).sort(pl.all())
        want = clean.read_dataset(dataset).drop("run_id", strict=False).sort(pl.all())
        assert got.equals(want), dataset


def test_recover_rolls_a_half_applied_commit_forward(lake: Lake, tmp_path: Path) -> None:
    staged = _staged(lake, _seed_items())
    root = Path(lake.base)
    # What commit() does, interrupted after the plan was written and one file moved.
    plan = lake._plan(staged, lake.read_index())
    (root / "_commits").mkdir(parents=True)
    (root / "_commits" / f"{staged.commit_id}.json").write_text(json.dumps(plan))
    first_staged, first_final = plan["adds"][0]
    (root / first_final).parent.mkdir(parents=True, exist_ok=True)
    (root / first_staged).rename(root / first_final)
    # Staging of a run that died a day ago, and of a run still going.
    dead = root / "_staging" / "dead-run" / "c1" / "reports" / "report_year=2020" / "part.parquet"
    alive = root / "_staging" / "live-run" / "c2" / "reports" / "report_year=2020" / "part.parquet"
    for orphan in (dead, alive):
        orphan.parent.mkdir(parents=True)
        orphan.write_bytes(b"junk")
    _age(root / "_staging" / "dead-run", 2 * 86400)

    assert Lake(fs.LocalFileSystem(), lake.base).recover(Settings()) == 1
    assert not dead.exists() and alive.exists()
    assert lake.read_dataset(Dataset.REPORTS).height == 5
    clean = Lake(fs.LocalFileSystem(), str(tmp_path / "clean"))
    clean.commit(_staged(clean, _seed_items()), clean.read_index())
    assert {d: lake.read_dataset(d).height for d in Dataset} == {
        d: clean.read_dataset(d).height for d in Dataset
    }


def test_the_index_snapshot_plus_the_log_equals_the_index_from_reports(lake: Lake) -> None:
    items = _seed_items()
    index = lake.read_index()
    lake.commit(_staged(lake, items[:3]), index)
    lake.snapshot_index(index)
    assert (Path(lake.base) / "_state" / "index.parquet").is_file()
    lake.commit(_staged(lake, items[3:]), index)  # after the snapshot: only in the log
    from_snapshot = lake.read_index()
    from_reports = lake._index_from_reports()
    assert len(from_snapshot) == len(from_reports) == 5
    assert from_snapshot.frame().equals(from_reports.frame())


def test_recover_clears_old_staging_but_not_a_live_runs_fresh_folders(
    lake: Lake, tmp_path: Path
) -> None:
    """A run that has just made its staging folders, and not yet written its first file, is
    alive: clearing its folder then would lose that file (seen in concurrent backfill runs)."""
    staging = tmp_path / "lake" / "_staging"
    fresh = staging / "live-run" / "commit" / "reports" / "report_year=2024"
    fresh.mkdir(parents=True)
    old = staging / "dead-run" / "commit" / "reports" / "report_year=2020"
    old.mkdir(parents=True)
    (old / "part-commit.parquet").write_bytes(b"left by a run that died")
    _age(staging / "dead-run", 2 * 86400)
    lake.recover(Settings())
    assert fresh.is_dir()
    assert not (staging / "dead-run").exists()


def _index_rows(*rows: tuple[str, str, str, int]) -> pl.DataFrame:
    """(uri, etag, report id, year) rows at one parser version."""
    return pl.DataFrame([(*row, "v1") for row in rows], schema=INDEX_COLUMNS, orient="row").cast(
        {"report_year": pl.Int16}
    )


@pytest.mark.parametrize("compact_at", [1, LakeIndex.compact_at], ids=["compacted", "recent"])
def test_the_index_tracks_shared_content_and_moved_reports(compact_at: int) -> None:
    """Two objects with the same bytes share a report id: replacing one orphans nothing;
    replacing both orphans it. A report re-parsed into another year keeps both years, so
    the commit also clears the rows under the old one; the same whether the updates are
    still recent entries or already folded into the index's frame."""
    index = LakeIndex(_index_rows(("a", "e1", "r1", 2019), ("b", "e2", "r1", 2019)))
    index.compact_at = compact_at
    index.update(
        [
            {
                "source_uri": "c",
                "source_etag": "e3",
                "report_id": "r2",
                "report_year": 2020,
                "parser_version": "v1",
            }
        ]
    )
    assert index.orphaned_report_ids({"a"}) == set()
    assert index.orphaned_report_ids({"a", "b"}) == {"r1"}
    assert index.orphaned_report_ids({"a", "c", "gone"}) == {"r2"}
    assert index.report_years({"r1", "r2"}) == {2019, 2020}
    index.update(
        [
            {
                "source_uri": "a",
                "source_etag": "e4",
                "report_id": "r1",
                "report_year": 2021,
                "parser_version": "v2",
            }
        ]
    )
    assert index.report_years({"r1"}) == {2019, 2021}
    assert index.is_current("a", "e4", "v2") and not index.is_current("b", "e2", "v2")
    index.update(
        [
            {
                "source_uri": "b",
                "source_etag": "e5",
                "report_id": "r3",
                "report_year": 2022,
                "parser_version": "v2",
            }
        ]
    )
    assert index.orphaned_report_ids({"a"}) == {"r1"}  # b moved on to other bytes
    index.update(
        [
            {
                "source_uri": "a",
                "source_etag": "e6",
                "report_id": "r3",
                "report_year": 2022,
                "parser_version": "v2",
            }
        ]
    )
    assert index.report_years({"r1"}) == set() and index.report_years({"r3"}) == {2022}
    assert index.years_of_sources(["a", "b", "c", "gone"]) == {2020, 2022}
    assert index.frame().rows() == [
        ("a", "e6", "r3", 2022, "v2"),
        ("b", "e5", "r3", 2022, "v2"),
        ("c", "e3", "r2", 2020, "v1"),
    ]


def test_an_index_read_with_a_source_twice_keeps_its_last_row() -> None:
    index = LakeIndex(
        _index_rows(("a", "e1", "r1", 2019), ("b", "e2", "r1", 2020), ("a", "e3", "r2", 2021))
    )
    assert index.frame().rows() == [("a", "e3", "r2", 2021, "v1"), ("b", "e2", "r1", 2020, "v1")]
    assert index.orphaned_report_ids({"b"}) == {"r1"}
    assert 2020 in index.report_years({"r1"})  # and maybe 2019: a superset is safe
    shared = LakeIndex(_index_rows(("a", "e1", "r1", 2019), ("b", "e2", "r1", 2020)))
    assert shared.report_years({"r1"}) == {2019, 2020}
    assert shared.orphaned_report_ids({"a"}) == set()


@pytest.mark.parametrize("compact_at", [1, LakeIndex.compact_at], ids=["compacted", "recent"])
def test_a_report_keeps_the_year_its_rows_went_under_after_that_source_moves_on(
    compact_at: int,
) -> None:
    """`a` re-parsed into 2021 moved the rows of r1 there; `a` then changing to other bytes
    leaves `b` holding r1 under 2019, but r1's rows are still under 2021."""
    index = LakeIndex(_index_rows(("a", "e1", "r1", 2019), ("b", "e2", "r1", 2019)))
    index.compact_at = compact_at
    row = {"source_uri": "a", "source_etag": "e3", "report_id": "r1", "report_year": 2021}
    index.update([row | {"parser_version": "v2"}])
    index.update([row | {"source_etag": "e4", "report_id": "r2", "parser_version": "v2"}])
    assert index.report_years({"r1"}) == {2019, 2021}
    assert index.orphaned_report_ids({"b"}) == {"r1"}
    assert len(index) == 2


def test_a_source_given_twice_in_one_update_keeps_its_last_row() -> None:
    index = LakeIndex(_index_rows(("a", "e1", "r1", 2019)))
    row = {"source_uri": "a", "source_etag": "e2", "report_id": "r2", "report_year": 2020}
    row["parser_version"] = "v1"
    index.update([row, row | {"source_etag": "e3", "report_id": "r3"}])
    assert index.is_current("a", "e3", "v1") and len(index) == 1
    assert index.orphaned_report_ids({"a"}) == {"r3"}
    assert index.report_years({"r2"}) == set()  # nothing holds r2 any more
    assert index.report_years({"r3"}) == {2020}


def test_runs_writing_the_dictionary_at_once_all_succeed(tmp_path: Path) -> None:
    """A backfill's partitions start together and each writes the lake's data dictionary: no
    writer may trip over another's half-written copy, and the file ends whole."""
    root = tmp_path / "lake"
    lakes = [Lake(fs.LocalFileSystem(), str(root)) for _ in range(8)]
    for _ in range(20):
        (root / "DATA_DICTIONARY.md").unlink(missing_ok=True)
        start = threading.Barrier(len(lakes))

        def write(lake: Lake, start: threading.Barrier = start) -> None:
            start.wait()
            lake.write_dictionary()

        with ThreadPoolExecutor(len(lakes)) as pool:
            list(pool.map(write, lakes))
    assert (root / "DATA_DICTIONARY.md").read_text() == render_dictionary()
    assert [p.name for p in root.iterdir() if p.is_file()] == ["DATA_DICTIONARY.md"]
