"""The test tiers: which tests `make test` leaves out; the lists naming them are current."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.support import tiers

TESTS = ROOT / "tests"


@pytest.mark.parametrize(
    ("module", "function", "fixtures", "markers", "slow"),
    [
        ("parse/test_cells.py", "test_x", ["tmp_path"], [], False),
        ("test_lake.py", "test_x", ["lake", "tmp_path"], ["parametrize"], False),
        ("test_lake.py", "test_x", ["any_lake", "s3_env", "bucket"], ["s3"], True),
        ("test_copies_ingest.py", "test_x", ["s3_env", "bucket"], [], True),
        ("test_ingest_flow.py", "test_x", ["prefect_harness"], ["prefect"], True),
        ("test_readers.py", "test_x", ["readers_python"], [], True),
        ("crash_safety/test_folder_to_folder.py", "test_x", [], [], True),
        ("test_cli_errors.py", "test_x", ["tmp_path"], [], True),
        ("test_compaction.py", "test_the_compact_command_compacts_every_partition", [], [], True),
        ("test_compaction.py", "test_policy_min_files_and_target_size", ["tmp_path"], [], False),
    ],
)
def test_which_tests_are_integration(
    module: str, function: str, fixtures: list[str], markers: list[str], slow: bool
) -> None:
    assert tiers.is_integration(module, function, fixtures, markers) is slow


def _test_functions(module: str) -> set[str]:
    tree = ast.parse((TESTS / module).read_text("utf-8"))
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test")
    }


def test_every_named_module_and_test_exists() -> None:
    """A renamed or moved test would otherwise drop silently into the fast tier."""
    for module in tiers.MODULES:
        assert (TESTS / module).is_file(), module
    for folder in tiers.FOLDERS:
        assert list((TESTS / folder).glob("test_*.py")), folder
    for module, function in tiers.TESTS:
        assert function in _test_functions(module), (module, function)


def _collected(marker_expression: str) -> set[str]:
    """The tests (module::function) that `pytest -m marker_expression` would run."""
    command = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-n", "0"]
    command += ["-p", "no:cacheprovider", "-m", marker_expression, "tests"]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=True)
    names = [line.split("[")[0].split("::") for line in run.stdout.splitlines() if "::" in line]
    return {f"{parts[0]}::{parts[1]}" for parts in names}


def test_make_test_leaves_out_the_integration_tier_and_make_test_all_has_both() -> None:
    fast, slow = _collected("not integration"), _collected("integration")
    assert fast and slow
    fast_modules = {test.split("::")[0] for test in fast}
    slow_modules = {test.split("::")[0] for test in slow}
    assert "tests/parse/test_cells.py" in fast_modules
    assert "tests/harness/test_fuzz_script.py" in fast_modules
    assert {"tests/crash_safety/test_folder_to_folder.py", "tests/test_cli_errors.py"} <= (
        slow_modules - fast_modules
    )
    # one module split between the tiers, test by test
    assert "tests/test_compaction.py::test_the_compact_command_compacts_every_partition" in slow
    assert "tests/test_compaction.py::test_policy_min_files_and_target_size" in fast
    assert "tests/test_compaction.py::test_compaction_on_s3" in slow  # by its marker
