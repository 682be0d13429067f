"""A backfill's runs as an operator finds them in Prefect: children named and tagged by partition,
one artifact key per run kind, and the backfill's own `_runs` row and summary artifact."""

from __future__ import annotations

import json
from pathlib import Path
from uuid import UUID

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    FlowRunFilter,
    FlowRunFilterTags,
)
from prefect.client.schemas.objects import Artifact, FlowRun

from flows.backfill import backfill
from flows.ingest import ingest
from tests.conftest import golden_for, seed_paths
from xxgk.lake import open_lake
from xxgk.settings import Settings

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]


def _years_of_seeds() -> dict[int, int]:
    """How many seed reports each year holds (from the golden files, not from a run)."""
    years: dict[int, int] = {}
    for path in seed_paths():
        year = golden_for(path)["report"]["report_year"]
        years[year] = years.get(year, 0) + 1
    return years


def _runs_tagged(tag: str) -> list[FlowRun]:
    with get_client(sync_client=True) as client:
        return client.read_flow_runs(
            flow_run_filter=FlowRunFilter(tags=FlowRunFilterTags(all_=[tag]))
        )


def _artifacts_of(run_id: str) -> list[Artifact]:
    with get_client(sync_client=True) as client:
        return client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[UUID(run_id)]))
        )


def test_backfill_children_are_named_tagged_and_summarised(
    raw_by_year: Path, tmp_path: Path
) -> None:
    per_year = _years_of_seeds()
    first, last = min(per_year), max(per_year)
    lake = tmp_path / "lake"
    state = backfill(
        source=str(raw_by_year),
        dest=str(lake),
        years=f"{first}-{last}",  # as typed in the UI or on the command line
        return_state=True,
    )
    assert state.is_completed()
    backfill_id = str(state.state_details.flow_run_id)
    years = list(range(first, last + 1))

    children = _runs_tagged(f"backfill-run={backfill_id}")
    assert sorted(run.name for run in children) == [f"ingest year={y}" for y in years]
    for run in children:
        label = run.name.removeprefix("ingest ")
        assert {"xxgk", "backfill", label} <= set(run.tags)
        assert run.parameters["partition"] == label
        artifacts = {a.key: a for a in _artifacts_of(str(run.id))}
        assert set(artifacts) == {"partition-summary", "quality-report"}
        artifact = artifacts["partition-summary"]
        assert artifact.description is not None and label in artifact.description

    runs = open_lake(str(lake), Settings()).read_runs()
    (row,) = runs.filter(flow="backfill").rows(named=True)
    ingest_rows = runs.filter(flow="ingest")
    assert row["run_id"] == backfill_id and row["status"] == "completed"
    assert row["listed"] == sum(per_year.values()) == ingest_rows["listed"].sum()
    assert row["valid"] + row["quarantined"] + row["rejected"] == row["listed"]
    assert json.loads(row["parameters"])["years"] == years

    (summary,) = _artifacts_of(backfill_id)
    assert summary.key == "backfill-summary"
    table = [line for line in str(summary.data).splitlines() if line.startswith("| year=")]
    child_ids = {run.name.removeprefix("ingest "): str(run.id) for run in children}
    assert len(table) == len(years)
    for line, year in zip(table, years, strict=True):
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert cells[:3] == [f"year={year}", "completed", str(per_year.get(year, 0))]
        assert cells[-1] == f"`{child_ids[f'year={year}']}`"

    again = backfill(source=str(raw_by_year), dest=str(lake), years=years, return_state=True)
    again_id = str(again.state_details.flow_run_id)
    assert _runs_tagged(f"backfill-run={again_id}") == []  # every partition was done
    (summary,) = _artifacts_of(again_id)
    skipped = [
        line
        for line in str(summary.data).splitlines()
        if line.startswith("| year=") and "| skipped |" in line
    ]
    assert [line.split("|")[1].strip() for line in skipped] == [f"year={y}" for y in years]
    assert all(f"`{child_ids[line.split('|')[1].strip()]}`" in line for line in skipped)


def test_a_plain_ingest_keeps_its_own_artifact_key(raw_by_year: Path, tmp_path: Path) -> None:
    state = ingest(source=str(raw_by_year), dest=str(tmp_path / "lake"), return_state=True)
    artifacts = _artifacts_of(str(state.state_details.flow_run_id))
    assert sorted(str(a.key) for a in artifacts) == ["ingest-summary", "quality-report"]


@pytest.mark.parametrize("field", ["source", "dest"])
@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_location_is_refused_before_anything_is_listed_or_written(
    field: str, value: str, raw_by_year: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workdir = tmp_path / "cwd"  # where an empty location would point
    workdir.mkdir()
    (workdir / "stray.txt").write_text("not a report", "utf-8")
    monkeypatch.chdir(workdir)
    lake = tmp_path / "lake"
    parameters = {"source": str(raw_by_year), "dest": str(lake), field: value}
    state = ingest(**parameters, return_state=True)
    assert state.is_failed()
    assert "Flow run received invalid parameters" in str(state.message)
    assert sorted(p.name for p in workdir.iterdir()) == ["stray.txt"]
    assert not lake.exists()
    with pytest.raises(Exception, match=f"{field}: String should"):
        backfill(parameters["source"], parameters["dest"], years=[2020])
    assert sorted(p.name for p in workdir.iterdir()) == ["stray.txt"]
