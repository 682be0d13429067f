"""The `xxgk` command line, called as users call it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli.app import EXIT_REJECTED, app
from tests.conftest import ROOT, SEEDS, golden_for, seed_paths
from tests.support.cli import ingest_command, serverless_env
from tests.support.prefect_server import PrefectServer, prefect_env, prefect_server

#: A crawl's metadata beside its reports: an index of what it fetched, and its log.
METADATA = {"SOURCES.tsv": "key\turl\n001.txt\thttp://example.gov.cn/1\n", "meta/crawl.log": "ok\n"}


def test_parse_prints_report_tables_and_failed_checks() -> None:
    path = next(p for p in seed_paths() if p.name.startswith("003_"))
    result = CliRunner().invoke(app, ["parse", str(path)])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["report"]["status"] == "quarantined"
    assert payload["report"]["agency"] == "通化市东昌区人民政府"
    assert {q["check"] for q in payload["quarantine"]} == {
        "received_plus_carried_over_equals_processed_plus_carried_forward",
        "total_processed_equals_sum_of_outcomes",
        "review_total_equals_sum_of_outcomes",
    }
    licensing = [r for r in payload["active_disclosure"] if r["item"] == "administrative_licensing"]
    assert [(r["metric"], r["value"]) for r in licensing] == [
        ("previous_year_count", 149.0),
        ("change", 170.0),
        ("decisions", 8633.0),
    ]
    assert payload["applications"] == []  # quarantined: only in quarantine_rows
    assert {r["table"] for r in payload["quarantine_rows"]} == {"applications", "review_litigation"}
    assert [s["section_no"] for s in payload["sections"]] == [0, 1, 2, 3, 4, 5, 6]


def test_parse_of_a_missing_file_fails_clearly() -> None:
    result = CliRunner().invoke(app, ["parse", "/no/such/report.txt"])
    assert result.exit_code != 0
    assert "does not exist" in result.output


def test_a_process_pool_run_reports_to_the_one_temporary_server(
    seed_folder: Path, tmp_path: Path
) -> None:
    """Without PREFECT_API_URL the command starts one temporary server; the pool's threads and
    processes report to it instead of starting servers of their own (Prefect logs "Starting
    temporary server" for each one it starts)."""
    command = ingest_command(seed_folder, tmp_path / "lake", batch_size=2)
    env = serverless_env(tmp_path / "prefect", "processes")
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=600)
    output = (run.stdout + run.stderr).decode()
    assert run.returncode == 0, output
    assert "5 listed = 4 valid + 1 quarantined + 0 rejected + 0 skipped" in output
    assert "Starting temporary server" not in output
    assert "Error logging to API" not in output


def _xxgk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command as users run it, its output piped (not a terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_version() -> None:
    run = _xxgk("--version")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"xxgk {version('xxgk')} ")


def test_parse_exits_3_for_a_rejected_file(tmp_path: Path) -> None:
    """A crawler's CI can gate on it: a TSV of metadata is not a report."""
    path = tmp_path / "SOURCES.tsv"
    path.write_text(METADATA["SOURCES.tsv"], "utf-8")
    run = _xxgk("parse", str(path))
    assert run.returncode == EXIT_REJECTED == 3, run.stderr
    assert json.loads(run.stdout)["report"]["status"] == "rejected"
    valid = next(p for p in seed_paths() if golden_for(p)["report"]["status"] == "valid")
    assert _xxgk("parse", str(valid)).returncode == 0


@dataclass
class Runs:
    """Three runs of `xxgk ingest` over one folder into one lake, through a real server."""

    lake: Path
    env: dict[str, str]
    excluding: dict[str, Any]  # --exclude the metadata, --json
    including: dict[str, Any]  # --include only the TSV, --json
    plain: subprocess.CompletedProcess[str]  # everything, as text


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    work = tmp_path_factory.mktemp("cli-runs")
    # A long lake path: a table or a line wider than 80 columns must not wrap when piped.
    lake = work / ("a-lake-with-a-rather-long-name-" * 3) / "lake"
    raw = work / "raw"
    shutil.copytree(SEEDS, raw)
    for key, text in METADATA.items():
        (raw / key).parent.mkdir(parents=True, exist_ok=True)
        (raw / key).write_text(text, "utf-8")
    with prefect_server(work / "prefect") as server:
        env = _server_env(server)
        where = ["--source", str(raw), "--dest", str(lake)]
        excluding = _json_run(
            "ingest", *where, "--exclude", "*.tsv", "--exclude", "meta/*", "--json", env=env
        )
        including = _json_run("ingest", *where, "--include", "*.tsv", "--json", env=env)
        plain = _xxgk("ingest", *where, env=env)
        assert plain.returncode == 0, plain.stderr
        yield Runs(lake, env, excluding, including, plain)


def _server_env(server: PrefectServer) -> dict[str, str]:
    return prefect_env(
        PREFECT_API_URL=server.api_url,
        PREFECT_HOME=str(server.home),
        PREFECT_LOGGING_TO_API_ENABLED="false",
    )


def _json_run(*args: str, env: dict[str, str]) -> dict[str, Any]:
    run = _xxgk(*args, env=env)
    assert run.returncode == 0, run.stderr
    payload: dict[str, Any] = json.loads(run.stdout)
    return payload


def test_ingest_json_counts_what_was_listed(runs: Runs) -> None:
    statuses = Counter(golden_for(p)["report"]["status"] for p in seed_paths())
    summary = runs.excluding
    assert summary["listed"] == len(seed_paths())  # the metadata was never listed
    assert (summary["valid"], summary["quarantined"], summary["rejected"]) == (
        statuses["valid"],
        statuses["quarantined"],
        statuses["rejected"],
    )
    assert (summary["skipped"], summary["deleted"], summary["balanced"]) == (0, 0, True)
    assert summary["duration_seconds"] >= 0
    assert isinstance(summary["run_id"], str) and summary["run_id"]
    assert "(balanced)" in summary["reconciliation"]
    goldens = [golden_for(p) for p in seed_paths()]
    failing = summary["failing_checks"]
    assert len(failing) == sum(len(g["checks_failing"]) for g in goldens)
    assert {c["check"].split(".")[0] for c in failing} == {
        table for g in goldens for table in g["report"]["quarantined_tables"]
    }


def test_include_takes_only_the_metadata_which_is_rejected(runs: Runs) -> None:
    """The reports it leaves out are not listed, and not taken for deleted either."""
    summary = runs.including
    assert (summary["listed"], summary["rejected"], summary["valid"]) == (1, 1, 0)
    assert (summary["skipped"], summary["deleted"], summary["balanced"]) == (0, 0, True)


def test_piped_output_is_not_wrapped(runs: Runs) -> None:
    total = len(seed_paths()) + len(METADATA)
    expected = (
        f"reconciliation: {total} listed = 0 valid + 0 quarantined + 1 rejected "
        f"+ {total - 1} skipped (balanced)"
    )
    assert expected in runs.plain.stdout.splitlines()


def test_status_shows_each_run_with_its_id_and_duration(runs: Runs) -> None:
    run = _xxgk("status", "--dest", str(runs.lake), env=runs.env)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert any(str(runs.lake) in line and "last 3 runs" in line for line in lines)
    for summary in (runs.excluding, runs.including):
        (line,) = [line for line in lines if summary["run_id"] in line]
        started = summary["started_at"][:19].replace("T", " ")
        assert started in line  # to the second
        assert re.search(rf"│ {summary['listed']} +│", line), line
    header = next(line for line in lines if "run_id" in line)
    assert "seconds" in header


def test_status_json(runs: Runs) -> None:
    status = _json_run("status", "--dest", str(runs.lake), "--json", env=runs.env)
    ids = [r["run_id"] for r in status["runs"]]
    assert ids[:2] == [runs.excluding["run_id"], runs.including["run_id"]]
    assert len(ids) == 3
    assert all(r["duration_seconds"] >= 0 and r["status"] == "completed" for r in status["runs"])
    statuses = Counter(golden_for(p)["report"]["status"] for p in seed_paths())
    statuses["rejected"] += len(METADATA)
    assert status["reports"] == {s: n for s, n in statuses.items() if n}
