"""The `xxgk` command line, called as users call it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import ROOT, seed_paths
from tests.support.cli import ingest_command, serverless_env
from xxgk.cli import app


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


def test_ingest_refuses_a_missing_local_source(tmp_path: Path) -> None:
    command = ["ingest", "--source", str(tmp_path / "nope"), "--dest", str(tmp_path)]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 2
    assert "isnotafolder" in "".join(result.output.replace("│", "").split())  # rich wraps it


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
