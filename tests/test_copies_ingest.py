"""Copies of one report through a real ingest into a folder lake: counted once, across runs."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest
from pyarrow import fs

from flows.ingest import ingest
from schemas.codes import Dataset, Status
from tests.conftest import source_for
from tests.support.lake import lake_rows
from xxgk.batch import process_batch
from xxgk.lake import Lake, commit_id_for, open_lake
from xxgk.objects import RunContext
from xxgk.settings import Settings

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"
EXPECTED: dict[str, dict[str, Any]] = json.loads((DEV / "expected.json").read_text())
HONGZE_2024 = [
    "pdf/hongze_2024.pdf",
    "docx/hongze_2024_in_template.docx",
    "mirrors/hongze_2024_gbk.txt",
]
HUAIAN_2024 = ["pdf/huaian_2024.pdf", "mirrors/huaian_2024_traditional.txt"]
HONGZE_2023 = [
    "pdf/hongze_2023.pdf",
    "docx/hongze_2023_in_template.docx",
    "mirrors/hongze_2023_utf16.txt",
]


def _add(folder: Path, names: list[str]) -> None:
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(DEV / name, folder / Path(name).name)


def _id(name: str) -> str:
    return hashlib.sha256((DEV / name).read_bytes()).hexdigest()


def _received(name: str) -> int:
    return int(EXPECTED[name]["applications"]["received"]["total"])


def _reports(lake: Path) -> list[dict[str, Any]]:
    rows = duckdb.sql(
        "select source_uri, report_id, report_year, status, duplicate_of, copy_key "
        f"from read_parquet('{lake}/reports/*/*.parquet', hive_partitioning = true)"
    ).pl()
    return rows.to_dicts()


def _kept(lake: Path, year: int) -> set[str]:
    """The report ids counted once per report in `year`, checking that every copy points to a
    kept copy of the same key and year."""
    rows = [r for r in _reports(lake) if r["report_year"] == year]
    kept = {r["report_id"]: r["copy_key"] for r in rows if r["duplicate_of"] is None}
    for row in rows:
        if row["duplicate_of"] is not None:
            assert kept.get(row["duplicate_of"]) == row["copy_key"], row
    return set(kept)


def _lake_bytes(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*.parquet"))
        if not p.relative_to(root).parts[0].startswith("_")
    }


@pytest.mark.prefect
@pytest.mark.usefixtures("prefect_harness")
def test_all_copies_in_one_run_count_each_report_once(tmp_path: Path) -> None:
    source, lake = tmp_path / "raw", tmp_path / "lake"
    _add(source, HONGZE_2024 + HUAIAN_2024 + HONGZE_2023)
    ingest(source=str(source), dest=str(lake), batch_size=3)  # copies in several batches
    assert len(_reports(lake)) == 8
    assert len(_kept(lake, 2024)) == 2
    assert len(_kept(lake, 2023)) == 1
    received = duckdb.sql(
        f"select sum(a.total) from read_parquet('{lake}/applications/*/*.parquet') a "
        f"join read_parquet('{lake}/reports/*/*.parquet') r using (report_id) "
        "where r.duplicate_of is null and a.row_code = 'received' and r.province = '江苏省' "
        "and r.source_uri not like '%2023%'"
    ).fetchone()
    assert received == (_received(HONGZE_2024[0]) + _received(HUAIAN_2024[0]),)

    before, kept = _lake_bytes(lake), _kept(lake, 2024)
    ingest(source=str(source), dest=str(lake))
    assert _lake_bytes(lake) == before
    ingest(source=str(source), dest=str(lake), reprocess=True, batch_size=8)
    assert _kept(lake, 2024) == kept  # processed again: the same copies kept


@pytest.mark.prefect
@pytest.mark.usefixtures("prefect_harness")
def test_copies_arriving_in_separate_runs_count_each_report_once(tmp_path: Path) -> None:
    source, lake = tmp_path / "raw", tmp_path / "lake"
    _add(source, [HONGZE_2024[0], HUAIAN_2024[0]])  # the PDFs
    ingest(source=str(source), dest=str(lake))
    assert len(_kept(lake, 2024)) == 2
    _add(source, [HONGZE_2024[2], HUAIAN_2024[1]])  # the mirrors, a day later
    ingest(source=str(source), dest=str(lake))
    _add(source, [HONGZE_2024[1]])  # the DOCX
    ingest(source=str(source), dest=str(lake))
    assert len(_reports(lake)) == 5
    assert len(_kept(lake, 2024)) == 2
    at_once = tmp_path / "at-once"
    ingest(source=str(source), dest=str(at_once))
    assert lake_rows(lake) == lake_rows(at_once)  # the same lake, however the runs were cut


@pytest.mark.prefect
@pytest.mark.usefixtures("prefect_harness")
def test_a_kept_copy_replaced_by_another_report_hands_over(tmp_path: Path) -> None:
    source, lake = tmp_path / "raw", tmp_path / "lake"
    _add(source, HONGZE_2024)
    ingest(source=str(source), dest=str(lake))
    (kept,) = _kept(lake, 2024)
    kept_file = next(Path(n).name for n in HONGZE_2024 if _id(n) == kept)
    (source / kept_file).write_bytes((DEV / HONGZE_2023[0]).read_bytes())  # now a 2023 report
    ingest(source=str(source), dest=str(lake))
    assert len(_kept(lake, 2024)) == 1
    assert kept not in _kept(lake, 2024)
    assert _kept(lake, 2023) == {_id(HONGZE_2023[0])}


RUN = RunContext(run_id="copies-test", started_at=datetime(2026, 12, 1, tzinfo=UTC))
LATER = RunContext(run_id="copies-later", started_at=datetime(2026, 12, 2, tzinfo=UTC))


def _commit(lake: Lake, names: list[str], run: RunContext, quarantine: bool = False) -> None:
    """Process and commit the files as the ingest's tasks do; `quarantine` marks each one's
    review table quarantined, as a copy whose table the parser could not read would be."""
    items = [(source_for(DEV / name), (DEV / name).read_bytes()) for name in names]
    result = process_batch(items, run)
    if quarantine:
        result.frames[Dataset.REPORTS] = result.frames[Dataset.REPORTS].with_columns(
            pl.lit(Status.QUARANTINED.value).alias("status"),
            pl.lit(["review_litigation"]).alias("quarantined_tables"),
        )
    commit_id = commit_id_for(((s.uri, s.etag) for s, _ in items), "test")
    index = lake.read_index()
    lake.commit(lake.stage_batch(run.run_id, commit_id, result), index)


def test_a_valid_copy_arriving_later_takes_over_from_a_quarantined_one(tmp_path: Path) -> None:
    mirror, pdf = HONGZE_2024[2], HONGZE_2024[0]
    assert _id(mirror) < _id(pdf)  # so only its status can make the PDF the one kept
    root = tmp_path / "lake"
    lake = Lake(fs.LocalFileSystem(), str(root))
    _commit(lake, [mirror], RUN, quarantine=True)
    assert _kept(root, 2024) == {_id(mirror)}
    _commit(lake, [pdf], LATER)
    assert _kept(root, 2024) == {_id(pdf)}
    first = next(r for r in _reports(root) if r["report_id"] == _id(mirror))
    assert first["duplicate_of"] == _id(pdf)
    files = _lake_bytes(root)
    _commit(lake, [pdf], LATER)  # the same batch committed again: no change
    assert _lake_bytes(root) == files


@pytest.mark.usefixtures("s3_env")
def test_copies_decided_in_an_s3_lake(bucket: str) -> None:
    """The same takeover in a lake on a real S3 server (SeaweedFS)."""
    mirror, pdf = HONGZE_2024[2], HONGZE_2024[0]
    lake = open_lake(f"s3://{bucket}/lake", Settings())
    _commit(lake, [mirror], RUN, quarantine=True)
    _commit(lake, [pdf, HUAIAN_2024[0]], LATER)
    reports = lake.read_dataset(Dataset.REPORTS)
    decided = dict(zip(reports["report_id"], reports["duplicate_of"], strict=True))
    assert decided == {_id(mirror): _id(pdf), _id(pdf): None, _id(HUAIAN_2024[0]): None}
