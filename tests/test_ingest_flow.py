"""The `ingest` flow run for real on a temporary Prefect server: local folder in, local lake out."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from uuid import UUID

import duckdb
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    ArtifactFilterKey,
)
from typer.testing import CliRunner

from cli.app import app
from flows.ingest import ingest
from schemas.codes import Dataset
from tests.support.cli import ingest_command
from tests.support.lake import lake_rows
from xxgk.lake import open_lake
from xxgk.settings import Settings

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]


def _summary_artifact(run_id: str) -> str:
    """The markdown the run published to Prefect, read back through the API."""
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                key=ArtifactFilterKey(any_=["ingest-summary"]),
                flow_run_id=ArtifactFilterFlowRunId(any_=[UUID(run_id)]),
            )
        )
    assert len(artifacts) == 1
    return str(artifacts[0].data)


def _lake_bytes(root: Path) -> dict[str, bytes]:
    """The published data files (the `_runs` log gains a row every run, by design)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*.parquet"))
        if not p.relative_to(root).parts[0].startswith("_")
    }


def test_ingest_seeds_then_rerun_writes_nothing(seed_folder: Path, tmp_path: Path) -> None:
    lake = tmp_path / "lake"
    first = ingest(source=str(seed_folder), dest=str(lake), batch_size=2)
    assert first.listed == 5 and first.balanced
    assert dict(first.outcomes) == {"valid": 4, "quarantined": 1}
    assert first.batches == 3
    reports = duckdb.sql(
        f"select status, count(*) from read_parquet('{lake}/reports/*/*.parquet') "
        "group by 1 order by 1"
    ).fetchall()
    assert reports == [("quarantined", 1), ("valid", 4)]
    before = _lake_bytes(lake)

    artifact = _summary_artifact(first.run_id)
    assert "5 listed = 4 valid + 1 quarantined + 0 rejected + 0 skipped" in artifact
    assert "`applications.total_processed_equals_sum_of_outcomes` | 2 |" in artifact

    second = ingest(source=str(seed_folder), dest=str(lake))
    assert (second.listed, second.skipped, second.processed) == (5, 5, 0)
    assert _lake_bytes(lake) == before
    runs = open_lake(str(lake), Settings()).read_runs()
    assert runs.select("run_id", "status", "listed", "skipped", "valid", "quarantined").rows() == [
        (first.run_id, "completed", 5, 0, 4, 1),
        (second.run_id, "completed", 5, 5, 0, 0),
    ]
    assert runs["failing_checks"][0][0] == {
        "check": "applications.received_plus_carried_over_equals_processed_plus_carried_forward",
        "failures": 2,
    }


def test_reprocess_replaces_rows_without_duplicates(seed_folder: Path, tmp_path: Path) -> None:
    lake = tmp_path / "lake"
    ingest(source=str(seed_folder), dest=str(lake))
    before = lake_rows(lake)
    again = ingest(source=str(seed_folder), dest=str(lake), reprocess=True, batch_size=3)
    assert again.processed == 5
    assert lake_rows(lake) == before
    counts = duckdb.sql(
        "select count(*), count(distinct source_uri) "
        f"from read_parquet('{lake}/reports/*/*.parquet')"
    ).fetchone()
    assert counts == (5, 5)


def test_changed_new_and_broken_objects(seed_folder: Path, tmp_path: Path) -> None:
    lake = tmp_path / "lake"
    ingest(source=str(seed_folder), dest=str(lake))
    changed = next(seed_folder.glob("001_*.txt"))
    changed.write_bytes(changed.read_bytes() + "\n附件:无".encode())
    os.utime(changed, ns=(1_900_000_000_000_000_000, 1_900_000_000_000_000_000))
    (seed_folder / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    (seed_folder / "notice.txt").write_text("关于报送材料的通知\n请各单位按时报送。", "utf-8")
    gone = next(seed_folder.glob("002_*.txt"))
    gone.unlink()

    summary = ingest(source=str(seed_folder), dest=str(lake))
    assert (summary.listed, summary.skipped, summary.deleted) == (6, 3, 1)
    assert dict(summary.outcomes) == {"valid": 1, "rejected": 2}
    assert gone.as_uri() in _summary_artifact(summary.run_id)

    store = open_lake(str(lake), Settings())
    reports = store.read_dataset(Dataset.REPORTS)
    assert reports.height == 7
    assert reports["source_uri"].n_unique() == 7
    quarantine = store.read_dataset(Dataset.QUARANTINE)
    rejected = quarantine.filter(quarantine["table"] == "report").sort("stage")
    assert rejected.select("stage", "check").rows() == [
        ("classify", "not_a_report"),
        ("decode", "unreadable_document"),
    ]
    assert set(store.read_dataset(Dataset.APPLICATIONS)["report_id"]) <= set(reports["report_id"])


def test_status_shows_recent_runs_and_failing_checks(seed_folder: Path, tmp_path: Path) -> None:
    lake = tmp_path / "lake"
    ingest(source=str(seed_folder), dest=str(lake))
    result = CliRunner().invoke(app, ["status", "--dest", str(lake)], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "last 1 runs" in result.output
    assert "reports: quarantined 1, valid 4" in result.output
    assert "total_processed_equals_sum_of_outcomes" in result.output


def test_two_ingests_at_once_into_one_lake(seed_folder: Path, tmp_path: Path) -> None:
    """Two `xxgk ingest` processes over overlapping sources, started together: the lake ends
    with every object once and no row twice."""
    lake = tmp_path / "lake"
    more = tmp_path / "more"
    shutil.copytree(seed_folder, more)
    (more / "extra.txt").write_bytes(next(seed_folder.glob("001_*")).read_bytes() + b"\n")
    runs = []
    for number, source in enumerate((seed_folder, more)):
        env = {**os.environ, "PREFECT_HOME": str(tmp_path / f"prefect-{number}")}
        command = ingest_command(source, lake, batch_size=1)
        runs.append(
            subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        )
    outputs = [run.communicate(timeout=300)[0].decode() for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    store = open_lake(str(lake), Settings())
    reports = store.read_dataset(Dataset.REPORTS)
    assert reports.height == reports["source_uri"].n_unique() == 11
    for dataset in (Dataset.APPLICATIONS, Dataset.ACTIVE_DISCLOSURE, Dataset.SECTIONS):
        frame = store.read_dataset(dataset)
        assert frame.height == frame.unique().height, dataset
    assert not list(lake.glob("_commits/*.json")) and not (lake / "_lock.json").exists()
