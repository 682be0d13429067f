"""A lake written under contract v1 is upgraded to the v2 layout by the next run."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pyarrow
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest

import xxgk
from schemas.arrow import file_schema
from schemas.codes import Dataset
from schemas.registry import MODELS
from tests.support.lake import RUN_COLUMNS, file_layouts, lake_rows, write_v1_lake
from xxgk.lake import open_lake
from xxgk.pipeline import ingest_in_threads
from xxgk.settings import Settings

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "dev"


@pytest.fixture
def source(seed_folder: Path) -> Path:
    """The bundled samples, and a dev-corpus report in another format when the corpus is here."""
    for extra in ("docx/hongze_2024_in_template.docx", "html/pingtan_2021.html"):
        if (DEV / extra).is_file():
            shutil.copy(DEV / extra, seed_folder / Path(extra).name)
    return seed_folder


def _v1_lake(source: Path, root: Path) -> Path:
    lake = root / "lake"
    write_v1_lake(str(source), lake)
    # As v1 left it, pyarrow cannot read it as a Hive dataset: the fault contract v2 fixes.
    with pytest.raises(pyarrow.ArrowTypeError, match="report_year"):
        pads.dataset(lake / "reports", partitioning="hive").to_table()
    return lake


def _comparable(lake: Path) -> dict[Dataset, list[tuple[object, ...]]]:
    """The lake's rows, without `contract_version` (which says which run wrote a row)."""
    rows = lake_rows(lake)
    columns = [c for c in MODELS[Dataset.REPORTS].to_schema().columns if c not in RUN_COLUMNS]
    drop = columns.index("contract_version")
    rows[Dataset.REPORTS] = sorted(
        (row[:drop] + row[drop + 1 :] for row in rows[Dataset.REPORTS]), key=repr
    )
    return rows


def test_the_next_ingest_upgrades_a_v1_lake(source: Path, tmp_path: Path) -> None:
    lake = _v1_lake(source, tmp_path)
    v1_reports = {p.name for p in source.iterdir()}
    added = source / "added.txt"  # the next run also has something new to ingest
    shutil.copy(next(source.glob("*.txt")), added)
    added.write_bytes(added.read_bytes() + b"\n")
    ingest_in_threads(str(source), str(lake), 3, Settings())

    layouts = file_layouts(lake)
    assert layouts
    for path, (names, described) in layouts.items():
        model = MODELS[Dataset(path.split("/")[0])]
        assert names == file_schema(model).names and described, path
    for dataset in Dataset:  # every reader reads it as Hive-partitioned now
        if (lake / dataset.value).is_dir():
            assert pq.read_table(lake / dataset.value).num_rows > 0
            assert pads.dataset(lake / dataset.value, partitioning="hive").count_rows() > 0

    fresh = tmp_path / "fresh"
    ingest_in_threads(str(source), str(fresh), 3, Settings())
    reports = open_lake(str(lake), Settings()).read_dataset(Dataset.REPORTS)
    versions = dict(
        zip(
            reports["source_uri"].str.split("/").list.last(),
            reports["contract_version"],
            strict=True,
        )
    )
    # Migrated rows keep the version they were written under; the new row is v2.
    assert versions == {**dict.fromkeys(v1_reports, 1), "added.txt": 2}
    assert reports["duplicate_of"].null_count() == reports.height
    assert _comparable(lake) == _comparable(fresh)
    assert (lake / "DATA_DICTIONARY.md").read_text("utf-8").startswith("# Data dictionary")


def test_an_upgraded_lake_is_not_rewritten_again(source: Path, tmp_path: Path) -> None:
    lake = _v1_lake(source, tmp_path)
    ingest_in_threads(str(source), str(lake), 3, Settings())
    before = {p: p.read_bytes() for p in sorted(lake.rglob("*.parquet")) if "_runs" not in p.parts}
    store = open_lake(str(lake), Settings())
    assert store.upgrade() == 0
    (lake / "_state" / "layout.json").unlink()  # forgotten: the files are checked, not redone
    assert store.upgrade() == 0
    ingest_in_threads(str(source), str(lake), 3, Settings())
    after = {p: p.read_bytes() for p in sorted(lake.rglob("*.parquet")) if "_runs" not in p.parts}
    assert after == before


def test_an_upgrade_interrupted_mid_plan_resumes(source: Path, tmp_path: Path) -> None:
    lake = _v1_lake(source, tmp_path)
    store = open_lake(str(lake), Settings())
    # What `upgrade` does for `applications`, interrupted after its plan was written and one
    # file moved in; and `sections` staged but not planned yet (a crash before the plan).
    model = MODELS[Dataset.APPLICATIONS]
    files = store._parquet_files(Dataset.APPLICATIONS.value)
    plan = store._upgrade_plan(store._stale(files, model), model)
    store._write_json(f"_commits/{plan['commit_id']}.json", plan)
    first_staged, first_final = plan["adds"][0]
    (lake / first_staged).replace(lake / first_final)
    sections = MODELS[Dataset.SECTIONS]
    store._upgrade_plan(store._parquet_files(Dataset.SECTIONS.value), sections)
    # A reader in between still reads both layouts alike.
    assert xxgk.read("applications", str(lake)).collect().height == (
        store.read_dataset(Dataset.APPLICATIONS).height
    )

    ingest_in_threads(str(source), str(lake), 3, Settings())
    assert not list((lake / "_commits").glob("*.json"))
    for path, (names, described) in file_layouts(lake).items():
        assert names == file_schema(MODELS[Dataset(path.split("/")[0])]).names and described
    clean = tmp_path / "clean"
    ingest_in_threads(str(source), str(clean), 3, Settings())
    assert _comparable(lake) == _comparable(clean)


def test_readers_read_a_v1_lake_before_it_is_upgraded(source: Path, tmp_path: Path) -> None:
    lake = _v1_lake(source, tmp_path)
    ours = open_lake(str(lake), Settings()).read_dataset(Dataset.REPORTS)
    assert ours.schema == xxgk.read("reports", str(lake)).collect_schema()
    polars = xxgk.read(Dataset.REPORTS, str(lake)).collect()
    assert polars.sort("source_uri").equals(ours.sort("source_uri"))
    assert set(polars["contract_version"]) == {1}
    assert polars["duplicate_of"].null_count() == polars.height
    assert polars.schema["report_year"] == pl.Int16
