"""The two test tiers: `make test` runs the fast one (`-m "not integration"`), `make test-all`
and CI run everything.

A test is `integration` when it starts something outside the test process that takes seconds
to start or to run: a SeaweedFS server, a Prefect server (the test harness's or a real
`prefect server start`), the `xxgk` command in a process of its own, kill -9 trials, the
readers' venv (pandas, Spark) or Chromium. Everything else (the pure core, the lake writer on a
folder, the benchmark tools) is the fast tier. `tests/conftest.py` applies the marker at
collection, so a test file needs no marker of its own for it.
"""

from __future__ import annotations

from collections.abc import Iterable

MARKER = "integration"
DESCRIPTION = (
    "starts a server, a subprocess of the command, kill trials, the readers' venv or Chromium: "
    "left out of `make test`, run by `make test-all` and CI"
)

#: Markers of tests on real servers (SeaweedFS, Prefect).
SERVER_MARKERS = frozenset({"s3", "prefect"})

#: Fixtures that start a server or build a venv.
SERVER_FIXTURES = frozenset(
    {"seaweedfs", "s3", "bucket", "s3_env", "prefect_harness", "readers_python"}
)

#: Modules (paths under `tests/`) whose tests all run servers, the command or kill trials.
MODULES = frozenset(
    {
        "harness/test_prefect_server_support.py",  # a real `prefect server start`
        "harness/test_seaweedfs_support.py",
        "test_aws_credentials_block.py",  # a real `prefect server start`
        "test_backfill_crash_safety.py",  # kill -9 trials of the backfill's child runs
        "test_cli.py",  # `xxgk` in a process of its own
        "test_cli_errors.py",
        "test_deployments.py",  # a served deployment on a real server
        "test_killed_run_leaves_no_process.py",
    }
)

#: Folders (under `tests/`) whose tests all run kill trials.
FOLDERS = ("crash_safety/",)

#: Single tests of otherwise fast modules that start a process: (module, test function).
TESTS = frozenset(
    {
        ("test_compaction.py", "test_the_compact_command_compacts_every_partition"),
        ("test_compaction.py", "test_the_compact_command_refuses_an_unknown_dataset_in_one_line"),
        ("test_quality_report.py", "test_building_a_page_leaves_pyplot_alone"),
        ("test_quality_report.py", "test_report_command_refuses_a_folder_without_a_lake"),
        ("test_quality_report.py", "test_chromium_draws_every_chart"),
        (  # collects the whole suite twice, in processes of their own
            "harness/test_tiers.py",
            "test_make_test_leaves_out_the_integration_tier_and_make_test_all_has_both",
        ),
    }
)


def is_integration(
    module: str, function: str, fixtures: Iterable[str], markers: Iterable[str]
) -> bool:
    """Whether one test belongs to the slow tier. `module` is its path under `tests/` (POSIX
    separators), `function` the test function's name (without parameters)."""
    return (
        module in MODULES
        or module.startswith(FOLDERS)
        or (module, function) in TESTS
        or not SERVER_FIXTURES.isdisjoint(fixtures)
        or not SERVER_MARKERS.isdisjoint(markers)
    )
