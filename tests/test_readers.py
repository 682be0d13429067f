"""The lake as its readers see it: DuckDB, Polars, pyarrow, pandas, Spark and `xxgk.read`, each
told only that a folder is Hive-partitioned, read every dataset with the contract's columns and
types and the same rows; the queries of docs/reading.md run."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest

import xxgk
from schemas.arrow import descriptions
from schemas.codes import Dataset
from schemas.dictionary import COMMITTED, render_dictionary
from schemas.registry import MODELS, SCHEMAS
from tests.conftest import ROOT, SEEDS
from tests.support.lake import RUN_COLUMNS, processed
from tests.support.lake_readers import canonical_rows
from xxgk.copies import choose_copies
from xxgk.pipeline import ingest_in_threads
from xxgk.settings import Settings

DEV = ROOT.parent / "shared" / "corpus" / "dev"
#: Dev-corpus reports in the other formats and shapes: DOCX, PDF, HTML, a GBK mirror of the
#: DOCX's report, a pre-2019 report and a letter that is not a report.
DEV_FILES = (
    "docx/hongze_2024_in_template.docx",
    "pdf/hongze_2024.pdf",
    "html/pingtan_2021.html",
    "mirrors/hongze_2024_gbk.txt",
    "text/pingtan_2015_syq.txt",
    "not_reports/pingtan_2014_letter.txt",
)
READER_SCRIPT = Path(__file__).resolve().parent / "support" / "lake_readers.py"

#: Each reader's name for the contract's types (`report_year`: the partition key, an integer
#: inferred from the path). pandas: an int column with nulls is float64, as pandas does.
TYPES: dict[str, dict[str, str]] = {
    "duckdb": {
        "String": "VARCHAR", "Int16": "SMALLINT", "Int64": "BIGINT", "Float64": "DOUBLE",
        "Date": "DATE", "Datetime": "TIMESTAMP WITH TIME ZONE", "List": "VARCHAR[]",
        "report_year": "BIGINT",
    },
    "polars": {
        "String": "String", "Int16": "Int16", "Int64": "Int64", "Float64": "Float64",
        "Date": "Date", "Datetime": "Datetime(time_unit='us', time_zone='UTC')",
        "List": "List(String)", "report_year": "Int64",
    },
    "pyarrow.dataset": {
        "String": "large_string", "Int16": "int16", "Int64": "int64", "Float64": "double",
        "Date": "date32[day]", "Datetime": "timestamp[us, tz=UTC]",
        "List": "large_list<element: large_string>", "report_year": "int32",
    },
    "pq.read_table": {
        "String": "large_string", "Int16": "int16", "Int64": "int64", "Float64": "double",
        "Date": "date32[day]", "Datetime": "timestamp[us, tz=UTC]",
        "List": "large_list<element: large_string>",
        "report_year": "dictionary<values=int32, indices=int32, ordered=0>",
    },
    "pandas": {
        "String": "object", "Int16": "int16", "Int64": "int64", "Float64": "float64",
        "Date": "object", "Datetime": "datetime64[us, UTC]", "List": "object",
        "report_year": "category<int32>",
    },
    "spark": {
        "String": "string", "Int16": "smallint", "Int64": "bigint", "Float64": "double",
        "Date": "date", "Datetime": "timestamp", "List": "array<string>", "report_year": "int",
    },
}  # fmt: skip


def _expected_types(reader: str, dataset: Dataset, nulls: dict[str, int]) -> dict[str, str]:
    names = TYPES[reader]
    types = {}
    for column, dtype in SCHEMAS[dataset].items():
        kind = "report_year" if column == "report_year" else dtype.base_type().__name__
        if reader == "pandas" and kind == "Int64" and nulls[column]:
            kind = "Float64"
        types[column] = names[kind]
    return types


@pytest.fixture(scope="session")
def lake_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding `lake/`, ingested for real from the samples and some dev reports."""
    root = tmp_path_factory.mktemp("readers")
    source = root / "source"
    shutil.copytree(SEEDS, source)
    for name in DEV_FILES:
        if (DEV / name).is_file():
            shutil.copy(DEV / name, source / Path(name).name)
    ingest_in_threads(str(source), str(root / "lake"), 4, Settings())
    return root


@pytest.fixture(scope="session")
def expected(lake_folder: Path) -> dict[Dataset, pl.DataFrame]:
    """What the pure core makes of the same objects: the rows every reader must find."""
    return processed(str(lake_folder / "source")).frames


@pytest.fixture(scope="session")
def datasets(lake_folder: Path) -> list[Dataset]:
    found = [d for d in Dataset if (lake_folder / "lake" / d.value).is_dir()]
    assert found == list(Dataset)  # the samples reach every dataset
    return found


def _rows(records: list[dict[str, Any]]) -> list[str]:
    return canonical_rows(records)


def _without_run_columns(rows: list[str], columns: list[str]) -> list[str]:
    """Rows (JSON arrays in column-name order) without the columns a run sets."""
    keep = [i for i, c in enumerate(sorted(columns)) if c not in (*RUN_COLUMNS, "duplicate_of")]
    return sorted(json.dumps([json.loads(r)[i] for i in keep], ensure_ascii=False) for r in rows)


def _in_process_reads(lake: Path, dataset: Dataset) -> dict[str, tuple[dict[str, str], list[str]]]:
    folder = lake / dataset.value
    seen = {}
    with duckdb.connect() as con:
        query = f"SELECT * FROM read_parquet('{folder}/*/*.parquet', hive_partitioning = true)"
        result = con.execute(query)
        names = [d[0] for d in result.description]
        records = [dict(zip(names, row, strict=True)) for row in result.fetchall()]
        types = {row[0]: row[1] for row in con.execute(f"DESCRIBE {query}").fetchall()}
        seen["duckdb"] = (types, _rows(records))
    frame = pl.scan_parquet(f"{folder}/").collect()
    seen["polars"] = ({c: str(t) for c, t in frame.schema.items()}, _rows(frame.to_dicts()))
    for name, table in (
        ("pyarrow.dataset", pads.dataset(folder, partitioning="hive").to_table()),
        ("pq.read_table", pq.read_table(folder)),
    ):
        types = {f.name: str(f.type) for f in table.schema}
        seen[name] = (types, _rows(table.to_pylist()))
    return seen


def _check(
    reader: str, dataset: Dataset, types: dict[str, str], rows: list[str], want: pl.DataFrame
) -> None:
    nulls = {c: want[c].null_count() for c in want.columns}
    expected_types = _expected_types(reader, dataset, nulls)
    assert types == expected_types, (reader, dataset)
    assert set(types) == set(SCHEMAS[dataset]), (reader, dataset)
    expected_rows = _without_run_columns(_rows(want.to_dicts()), want.columns)
    assert _without_run_columns(rows, list(types)) == expected_rows, (reader, dataset)


def test_duckdb_polars_and_pyarrow_read_every_dataset(
    lake_folder: Path, datasets: list[Dataset], expected: dict[Dataset, pl.DataFrame]
) -> None:
    for dataset in datasets:
        reads = _in_process_reads(lake_folder / "lake", dataset)
        for reader, (types, rows) in reads.items():
            _check(reader, dataset, types, rows, expected[dataset])
        assert len({tuple(rows) for _, rows in reads.values()}) == 1, dataset  # run columns too


def test_every_column_carries_its_description(lake_folder: Path, datasets: list[Dataset]) -> None:
    for dataset in datasets:
        schema = pads.dataset(lake_folder / "lake" / dataset.value, partitioning="hive").schema
        described = descriptions(MODELS[dataset])
        for field in schema:
            if field.name != "report_year":
                assert (field.metadata or {})[b"description"].decode() == described[field.name]
        assert all(described.values())


def test_xxgk_read_gives_the_contracts_types(
    lake_folder: Path, datasets: list[Dataset], expected: dict[Dataset, pl.DataFrame]
) -> None:
    lake = lake_folder / "lake"
    for dataset in datasets:
        for where in (str(lake), lake.as_uri()):
            frame = xxgk.read(dataset.value, where).collect()
            assert frame.schema == SCHEMAS[dataset]
            want = expected[dataset].drop([*RUN_COLUMNS, "duplicate_of"], strict=False)
            got = frame.drop([*RUN_COLUMNS, "duplicate_of"], strict=False)
            assert got.sort(pl.all()).equals(want.sort(pl.all())), dataset
    assert (
        xxgk.read("reports", str(lake_folder / "no-lake")).collect().schema
        == SCHEMAS[Dataset.REPORTS]
    )


@pytest.mark.s3
def test_xxgk_read_reads_a_lake_on_s3(
    lake_folder: Path, s3_env: Any, s3: Any, bucket: str, expected: dict[Dataset, pl.DataFrame]
) -> None:
    lake = lake_folder / "lake"
    for path in lake.glob("applications/*/*.parquet"):
        s3.upload_file(str(path), bucket, f"lake/{path.relative_to(lake)}")
    frame = xxgk.read(Dataset.APPLICATIONS, f"s3://{bucket}/lake", Settings()).collect()
    assert frame.schema == SCHEMAS[Dataset.APPLICATIONS]
    want = expected[Dataset.APPLICATIONS]
    assert frame.sort(pl.all()).equals(want.sort(pl.all()))


@pytest.fixture(scope="session")
def readers_python() -> Path:
    """A Python with the `readers` group (pandas, pyspark) and the project's pyarrow, built
    once per lock: pandas and pyspark stay out of the project's venv."""
    uv = shutil.which("uv")
    assert uv, "uv builds the readers' venv"
    export = [uv, "export", "--frozen", "--no-hashes", "--no-emit-project"]
    group = subprocess.run(
        [*export, "--only-group", "readers"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    project = subprocess.run(
        [*export, "--no-dev"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    pins = group + "".join(
        f"{line}\n" for line in project.splitlines() if line.startswith("pyarrow==")
    )
    venv = ROOT / ".pytest_cache" / f"readers-{hashlib.sha256(pins.encode()).hexdigest()[:16]}"
    python = venv / "bin" / "python"
    if not python.exists():
        building = venv.with_name(f"{venv.name}.{os.getpid()}")
        shutil.rmtree(building, ignore_errors=True)
        subprocess.run([uv, "venv", "-q", "-p", sys.executable, str(building)], check=True)
        (building / "requirements.txt").write_text(pins)
        subprocess.run(
            [uv, "pip", "install", "-q", "-p", str(building / "bin" / "python"),
             "-r", str(building / "requirements.txt")],
            check=True,
        )  # fmt: skip
        building.rename(venv)
    return python


def _external_reads(python: Path, readers: str, lake: Path, datasets: list[Dataset]) -> Any:
    done = subprocess.run(
        [python, READER_SCRIPT, readers, str(lake), ",".join(d.value for d in datasets)],
        capture_output=True,
        text=True,
        env={**os.environ, "TZ": "UTC"},
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_pandas_reads_every_dataset(
    readers_python: Path,
    lake_folder: Path,
    datasets: list[Dataset],
    expected: dict[Dataset, pl.DataFrame],
) -> None:
    seen = _external_reads(readers_python, "pandas", lake_folder / "lake", datasets)["pandas"]
    for dataset in datasets:
        _check("pandas", dataset, seen[dataset]["types"], seen[dataset]["rows"], expected[dataset])


@pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java; no java on PATH")
def test_spark_reads_every_dataset(
    readers_python: Path,
    lake_folder: Path,
    datasets: list[Dataset],
    expected: dict[Dataset, pl.DataFrame],
) -> None:
    seen = _external_reads(readers_python, "spark", lake_folder / "lake", datasets)["spark"]
    for dataset in datasets:
        _check("spark", dataset, seen[dataset]["types"], seen[dataset]["rows"], expected[dataset])


def _doc_blocks(language: str) -> list[str]:
    text = (ROOT / "docs" / "reading.md").read_text("utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def test_the_queries_of_docs_reading_run_and_agree(
    lake_folder: Path, expected: dict[Dataset, pl.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(lake_folder)  # the doc reads the lake in the folder `lake`
    answers: dict[str, list[tuple[Any, ...]]] = {}
    with duckdb.connect() as con:
        for block in _doc_blocks("sql"):
            label = re.match(r"-- (\w+)\n", block)
            result = con.execute(block).fetchall()
            if label:
                answers[label.group(1)] = result
    assert set(answers) == {"applications_per_year", "share_denied", "quarantined_agencies"}
    namespace: dict[str, Any] = {}
    for block in _doc_blocks("python"):
        if "pandas" not in block and "pyspark" not in block:
            exec(block, namespace)
    for name, rows in answers.items():
        frame = namespace[name]
        assert isinstance(frame, pl.DataFrame)
        assert sorted(frame.rows()) == sorted(rows), name

    # The first answer, from the inputs: applications received per year and province,
    # each report once (the corpus holds copies of one 江苏省 report).
    reports, applications = expected[Dataset.REPORTS], expected[Dataset.APPLICATIONS]
    originals = pl.concat(
        year.filter(choose_copies(year).is_null()) for year in reports.partition_by("report_year")
    )
    assert originals.height < reports.height
    received = applications.filter(pl.col("row_code") == "received").join(
        originals.select("report_id", "province").unique(), on="report_id"
    )
    want = {
        (row["report_year"], row["province"]): row["total"]
        for row in received.group_by("report_year", "province")
        .agg(pl.col("total").sum())
        .to_dicts()
    }
    assert {(y, p): n for y, p, _, n in answers["applications_per_year"]} == want
    assert answers["quarantined_agencies"]  # one seed is quarantined


def test_the_committed_data_dictionary_is_current() -> None:
    assert COMMITTED.read_text("utf-8") == render_dictionary(), (
        "docs/data-dictionary.md is stale: run python -m schemas.dictionary"
    )
    text = render_dictionary()
    for dataset, model in MODELS.items():  # every column of every dataset, with its meaning
        for column, description in descriptions(model).items():
            assert f"| {column} |" in text.split(f"## `{dataset.value}/`")[1], column
            assert description.replace("|", "\\|") in text
