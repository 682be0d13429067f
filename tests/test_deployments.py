"""The deployments as production runs them: a real `prefect server start`, `prefect deploy` of
deploy/prefect.yaml, flows served by their own process, runs triggered through the API, raw
objects and lake in a real SeaweedFS bucket."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

import httpx
import pytest
import yaml
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterTags
from prefect.client.schemas.objects import FlowRun
from prefect.exceptions import PrefectHTTPStatusError
from prefect.settings import PREFECT_API_URL, temporary_settings

from flows.backfill import backfill
from tests.conftest import ROOT, golden_for, seed_paths
from tests.support.prefect_server import (
    PrefectServer,
    find_prefect,
    prefect_env,
    prefect_server,
    run_and_wait,
    served,
)
from tests.support.real_api import flows_against
from tests.support.seaweedfs import S3Endpoint
from xxgk.lake import open_lake
from xxgk.settings import Settings

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

pytestmark = [pytest.mark.prefect, pytest.mark.s3]


def _deployment(name: str) -> dict[str, Any]:
    declared = yaml.safe_load((ROOT / "deploy" / "prefect.yaml").read_text("utf-8"))
    (deployment,) = [d for d in declared["deployments"] if d["name"] == name]
    return dict(deployment)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrefectServer]:
    with prefect_server(tmp_path_factory.mktemp("prefect-server")) as running:
        yield running


def test_daily_deployment_processes_only_new_and_changed_objects(
    server: PrefectServer, seaweedfs: S3Endpoint, s3: S3Client, bucket: str, tmp_path: Path
) -> None:
    daily = _deployment("daily")
    (schedule,) = daily["schedules"]
    assert (schedule["timezone"], daily["entrypoint"]) == (
        "Asia/Shanghai",
        "flows/ingest.py:ingest",
    )
    for path in seed_paths():
        s3.put_object(Bucket=bucket, Key=f"raw/2026/{path.name}", Body=path.read_bytes())
    env = seaweedfs.xxgk_env()
    parameters = {"source": f"s3://{bucket}/raw", "dest": f"s3://{bucket}/lake"}
    with served(
        daily["entrypoint"],
        "daily",
        server.api_url,
        tmp_path,
        env=env,
        cron=schedule["cron"],
        timezone=schedule["timezone"],
    ) as name:
        assert name == "ingest/daily"
        first = run_and_wait(name, parameters, server.api_url)
        assert first.state_type is not None and first.state_type.value == "COMPLETED"

        seeds = seed_paths()
        for number, path in enumerate(seeds[:3]):  # three new objects
            s3.put_object(
                Bucket=bucket,
                Key=f"raw/2027/new-{number}.txt",
                Body=path.read_bytes() + f"\n新增{number}".encode(),
            )
        changed = f"raw/2026/{seeds[4].name}"  # and one changed in place
        s3.put_object(Bucket=bucket, Key=changed, Body=seeds[4].read_bytes() + "\n更正".encode())
        second = run_and_wait(name, parameters, server.api_url)
        assert second.state_type is not None and second.state_type.value == "COMPLETED"

    settings = Settings(
        s3_endpoint_url=seaweedfs.url,
        s3_region=seaweedfs.region,
        s3_access_key_id=seaweedfs.access_key,
        s3_secret_access_key=seaweedfs.secret_key,
    )
    lake = open_lake(f"s3://{bucket}/lake", settings)
    runs = lake.read_runs()
    assert runs.select("run_id", "listed", "skipped").rows() == [
        (str(first.id), 5, 0),
        (str(second.id), 8, 4),
    ]
    last = runs.row(1, named=True)
    assert last["valid"] + last["quarantined"] + last["rejected"] == 4
    from schemas.codes import Dataset

    reports = lake.read_dataset(Dataset.REPORTS)
    assert reports.height == 8 and reports["source_uri"].n_unique() == 8


_LOCATIONS = ("XXGK_SOURCE", "XXGK_LAKE", "XXGK_CHECKOUT")
_FLOWS = {"daily": "ingest", "partition": "ingest", "backfill": "backfill"}  # deployment: flow


def _prefect_deploy(
    server: PrefectServer, home: Path, **env: str
) -> subprocess.CompletedProcess[str]:
    """`prefect deploy --all` of deploy/prefect.yaml from the repository root, as documented,
    with only `env`'s XXGK_* locations set."""
    command_env = prefect_env(
        PREFECT_API_URL=server.api_url, PREFECT_HOME=str(home), PREFECT_CLI_PROMPT="false"
    )
    for name in _LOCATIONS:
        command_env.pop(name, None)
    command_env.update(env)
    command = [str(find_prefect()), "--no-prompt", "deploy"]
    command += ["--prefect-file", "deploy/prefect.yaml", "--all"]
    return subprocess.run(
        command, cwd=ROOT, env=command_env, capture_output=True, text=True, timeout=300
    )


def test_prefect_deploy_refuses_unset_locations_and_stores_set_ones(
    server: PrefectServer, tmp_path: Path
) -> None:
    with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
        with get_client(sync_client=True) as client:
            client.create_work_pool(WorkPoolCreate(name="xxgk", type="process"), overwrite=True)
            before = {d.name for d in client.read_deployments()}

        refused = _prefect_deploy(server, tmp_path / "cli", XXGK_CHECKOUT=str(ROOT))
        assert refused.returncode != 0
        assert "XXGK_SOURCE: is not set" in refused.stdout + refused.stderr
        with get_client(sync_client=True) as client:
            assert {d.name for d in client.read_deployments()} == before  # nothing stored

        locations = {"XXGK_SOURCE": "s3://raw-reports/raw", "XXGK_LAKE": "s3://xxgk-lake/v1"}
        checkout = str(tmp_path / "checkout")
        done = _prefect_deploy(server, tmp_path / "cli", XXGK_CHECKOUT=checkout, **locations)
        assert done.returncode == 0, done.stdout + done.stderr
        declared = {d["name"]: d for d in _declared_deployments()}
        with get_client(sync_client=True) as client:
            stored = {
                name: client.read_deployment_by_name(f"{flow}/{name}")
                for name, flow in (
                    ("daily", "ingest"),
                    ("partition", "ingest"),
                    ("backfill", "backfill"),
                )
            }
            assert set(stored) == set(declared)
            for name, deployment in stored.items():
                assert deployment.parameters["source"] == locations["XXGK_SOURCE"]
                assert deployment.parameters["dest"] == locations["XXGK_LAKE"]
                assert deployment.pull_steps == [
                    {"prefect.deployments.steps.set_working_directory": {"directory": checkout}}
                ]
                schema = deployment.parameter_openapi_schema
                assert schema is not None
                undescribed = [
                    p for p, v in schema["properties"].items() if not v.get("description")
                ]
                assert undescribed == [], f"{name}: parameters without a description"
                assert set(schema["properties"]) >= {"source", "dest", "batch_size", "reprocess"}

            daily, backfill_deployment = stored["daily"], stored["backfill"]
            for empty in ("", "  "):  # the API refuses a run with an empty location
                with pytest.raises(PrefectHTTPStatusError, match="409"):
                    client.create_flow_run_from_deployment(daily.id, parameters={"source": empty})
            with pytest.raises(PrefectHTTPStatusError, match="409"):
                client.create_flow_run_from_deployment(
                    backfill_deployment.id, parameters={"years": "two thousand"}
                )
            for years in ("2019-2023", "2019,2021", [2019, 2020]):  # as in the UI or the CLI
                run = client.create_flow_run_from_deployment(
                    backfill_deployment.id, parameters={"years": years}
                )
                assert run.parameters["years"] == years
                client.delete_flow_run(run.id)


def _declared_deployments() -> list[dict[str, Any]]:
    declared = yaml.safe_load((ROOT / "deploy" / "prefect.yaml").read_text("utf-8"))
    return list(declared["deployments"])


def _wait_final(run_id: UUID, api_url: str, timeout: float = 300) -> FlowRun:
    deadline = time.monotonic() + timeout
    with (
        temporary_settings(updates={PREFECT_API_URL: api_url}),
        get_client(sync_client=True) as client,
    ):
        while True:
            run = client.read_flow_run(run_id)
            if run.state is not None and run.state.is_final():
                return run
            assert time.monotonic() < deadline, f"run {run_id} not final: {run.state_name}"
            time.sleep(0.5)


def _start_unchecked(api_url: str, deployment: str, parameters: dict[str, Any]) -> UUID:
    """A run created as the scheduler creates them: without the API's schema check, so that
    the flow's own parameter validation is what stands between it and the stores."""
    with (
        temporary_settings(updates={PREFECT_API_URL: api_url}),
        get_client(sync_client=True) as client,
    ):
        deployment_id = client.read_deployment_by_name(deployment).id
    for attempt in range(6):  # a busy server answers 503, which Prefect's own client retries
        response = httpx.post(
            f"{api_url}/deployments/{deployment_id}/create_flow_run",
            json={"parameters": parameters, "enforce_parameter_schema": False},
            timeout=30,
        )
        if response.status_code != 503:
            break
        time.sleep(2**attempt)
    response.raise_for_status()
    return UUID(response.json()["id"])


def test_backfill_on_a_deployment_names_and_tags_its_children(
    server: PrefectServer,
    seaweedfs: S3Endpoint,
    s3_env: S3Endpoint,
    s3: S3Client,
    bucket: str,
    tmp_path: Path,
) -> None:
    years: dict[int, int] = {}
    for path in seed_paths():
        year = golden_for(path)["report"]["report_year"]
        years[year] = years.get(year, 0) + 1
        s3.put_object(Bucket=bucket, Key=f"raw/{year}/{path.name}", Body=path.read_bytes())
    partition = _deployment("partition")
    settings = Settings()  # s3_env: the fixture's endpoint and keys
    with served(
        partition["entrypoint"], "partition", server.api_url, tmp_path, env=seaweedfs.xxgk_env()
    ) as name:
        assert name == "ingest/partition"
        with flows_against(server.api_url):
            state = backfill(
                source=f"s3://{bucket}/raw",
                dest=f"s3://{bucket}/lake",
                years=f"{min(years)}-{max(years)}",
                deployment=name,
                concurrency=2,
                return_state=True,
            )
            assert state.is_completed(), state.message
            backfill_id = str(state.state_details.flow_run_id)
            with get_client(sync_client=True) as client:
                children = client.read_flow_runs(
                    flow_run_filter=FlowRunFilter(
                        tags=FlowRunFilterTags(all_=[f"backfill-run={backfill_id}"])
                    )
                )
        expected = [f"year={y}" for y in range(min(years), max(years) + 1)]
        assert sorted(run.name for run in children) == [f"ingest {y}" for y in expected]
        for run in children:
            label = run.name.removeprefix("ingest ")
            assert {"xxgk", "backfill", label} <= set(run.tags)
            assert run.parent_task_run_id is not None  # linked under the backfill
            assert run.state_type is not None and run.state_type.value == "COMPLETED"

        # A run that got past the API with an empty location (as scheduled runs do) fails
        # on the worker before listing anything, and writes nothing anywhere.
        for parameters in (
            {"source": "", "dest": f"s3://{bucket}/empty-source"},
            {"source": f"s3://{bucket}/raw", "dest": ""},
        ):
            run = _wait_final(_start_unchecked(server.api_url, name, parameters), server.api_url)
            assert run.state_type is not None and run.state_type.value == "FAILED"
            assert "invalid parameters" in str(run.state and run.state.message)
    listed = s3.list_objects_v2(Bucket=bucket, Prefix="empty-source")
    assert listed.get("KeyCount", 0) == 0
    assert not [p for p in ("_runs", "_staging", "_state", "reports") if (ROOT / p).exists()]
    runs = open_lake(f"s3://{bucket}/lake", settings).read_runs()
    assert sorted(runs["flow"].to_list()) == ["backfill"] + ["ingest"] * len(expected)
    (row,) = runs.filter(flow="backfill").rows(named=True)
    assert row["listed"] == sum(years.values())
