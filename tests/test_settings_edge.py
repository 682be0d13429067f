"""Settings are built at the edge: nothing in the core reads the environment or configures the
process when imported, and the lake writer takes frames rather than the processing result."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import pytest
from pyarrow import fs

from schemas.codes import ApplicantColumn, Dataset
from tests.conftest import ROOT
from xxgk.batch import BatchResult
from xxgk.lake import Lake, commit_id_for
from xxgk.settings import Settings
from xxgk.validate import validate_tables

#: Where the core may build `Settings()` itself: `xxgk.read`, the readers' own entry point (a
#: user's notebook is its edge), when it is handed none.
SETTINGS_BUILT_AT = {"xxgk/reading.py"}


def _core_modules() -> list[Path]:
    return sorted((ROOT / "xxgk").rglob("*.py")) + sorted((ROOT / "schemas").rglob("*.py"))


def _settings_built(tree: ast.AST) -> list[int]:
    """Lines that call `Settings()` (however it was imported)."""
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == "Settings")
            or (isinstance(node.func, ast.Attribute) and node.func.attr == "Settings")
        )
    ]


def test_settings_are_built_at_the_edge_not_in_the_core() -> None:
    built = {
        f"{path.relative_to(ROOT)}:{line}"
        for path in _core_modules()
        if str(path.relative_to(ROOT)) not in SETTINGS_BUILT_AT
        for line in _settings_built(ast.parse(path.read_text("utf-8")))
    }
    assert built == set(), "take the settings as an argument instead"


def test_the_check_finds_settings_built_in_a_function() -> None:
    tree = ast.parse(
        "import xxgk.settings\ndef f(s=None):\n    return s or xxgk.settings.Settings()\n"
    )
    assert _settings_built(tree) == [3]


#: Reads of the environment, and process-wide configuration, by their dotted names.
_AT_IMPORT = {"os.environ", "os.getenv", "pl.Config", "polars.Config", "logging.basicConfig"}


def _run_at_import(tree: ast.Module) -> list[str]:
    """The `_AT_IMPORT` names a module touches outside any function: when it is imported."""
    found: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            # The body runs when called; decorators and defaults when defined.
            decorators = getattr(node, "decorator_list", [])
            defaults = [d for d in (*node.args.defaults, *node.args.kw_defaults) if d]
            for child in (*decorators, *defaults):
                visit(child)
            return
        if isinstance(node, ast.Attribute) and ast.unparse(node) in _AT_IMPORT:
            found.append(f"{node.lineno}: {ast.unparse(node)}")
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def test_no_module_reads_the_environment_or_configures_when_imported() -> None:
    found = {
        f"{path.relative_to(ROOT)}:{where}"
        for path in _core_modules()
        for where in _run_at_import(ast.parse(path.read_text("utf-8")))
    }
    assert found == set()


def test_the_check_finds_configuration_at_import_but_not_in_functions() -> None:
    source = (
        "import os, polars as pl\nLEVEL = os.environ.get('X')\npl.Config.set_tbl_rows(3)\n"
        "class C:\n    home = os.getenv('HOME')\n"
        "def f(home=os.getenv('HOME')):\n    return os.environ['Y']\n"
        "late = lambda: os.getenv('Z')\n"
    )
    found = _run_at_import(ast.parse(source))
    assert found == ["2: os.environ", "3: pl.Config", "5: os.getenv", "6: os.getenv"]


#: Imports every module of the core and prints Polars' configuration before and after.
_IMPORT_THE_CORE = """
import importlib, json, pkgutil
import polars as pl
before = pl.Config.save()
import xxgk
for module in pkgutil.walk_packages(xxgk.__path__, "xxgk."):
    importlib.import_module(module.name)
print(json.dumps([before, pl.Config.save()]))
"""


def test_importing_the_core_configures_nothing() -> None:
    run = subprocess.run(
        [sys.executable, "-c", _IMPORT_THE_CORE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    before, after = json.loads(run.stdout.splitlines()[-1])
    assert after == before


def _engine() -> str | None:
    engine = json.loads(pl.Config.save())["environment"]["POLARS_ENGINE_AFFINITY"]
    return None if engine is None else str(engine)


def test_validation_uses_the_in_memory_engine_and_gives_it_back(
    seed_batch: BatchResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pandera collects many small frames; they run on the in-memory engine while any thread
    validates, and the process's own setting is back once every thread is done. (A negative
    count fails a column check, which only pandera itself explains cell by cell.)"""
    import pandera.polars as pa

    frames = dict(seed_batch.frames)
    applications = frames[Dataset.APPLICATIONS]
    first = ApplicantColumn.NATURAL_PERSON.value
    frames[Dataset.APPLICATIONS] = applications.with_columns(
        pl.when(pl.int_range(pl.len()) == 0)
        .then(-1)
        .otherwise(pl.col(first))
        .cast(applications.schema[first])
        .alias(first)
    )

    seen: list[str | None] = []
    validate = pa.DataFrameModel.validate.__func__  # type: ignore[attr-defined]

    def spy(cls: type[pa.DataFrameModel], /, *args: object, **kwargs: object) -> object:
        seen.append(_engine())
        return validate(cls, *args, **kwargs)

    monkeypatch.setattr(pa.DataFrameModel, "validate", classmethod(spy))
    before = pl.Config.save()
    threads = [threading.Thread(target=validate_tables, args=(frames,)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) >= 3  # each thread validated at least one table
    assert set(seen) == {"in-memory"}
    assert pl.Config.save() == before


def test_settings_defaults_read_no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XXGK_LOCK_WAIT_SECONDS", "7")
    monkeypatch.setenv("XXGK_BATCH_SIZE", "3")
    assert (Settings().lock_wait_seconds, Settings().batch_size) == (7, 3)  # the environment's
    fields = Settings.model_fields
    defaults = Settings.defaults()
    assert defaults.lock_wait_seconds == fields["lock_wait_seconds"].default
    assert defaults.batch_size == fields["batch_size"].default


def test_a_lake_without_a_lock_reads_no_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XXGK_LOCK_WAIT_SECONDS", "7")
    lake = Lake(fs.LocalFileSystem(), str(tmp_path / "lake"))
    assert lake.lock.wait == Settings.model_fields["lock_wait_seconds"].default


@dataclass
class _Frames:
    """Frames from anywhere: the writer needs no processing result."""

    frames: dict[Dataset, pl.DataFrame]
    outcomes: dict[str, int] = field(default_factory=dict)
    failing_checks: dict[str, int] = field(default_factory=dict)


def test_the_lake_writer_takes_frames(tmp_path: Path, seed_batch: BatchResult) -> None:
    lake = Lake(fs.LocalFileSystem(), str(tmp_path / "lake"))
    reports = seed_batch.frames[Dataset.REPORTS]
    pairs = list(zip(reports["source_uri"], reports["source_etag"], strict=True))
    frames = _Frames(dict(seed_batch.frames), outcomes={"valid": 1})
    staged = lake.stage_batch("frames-test", commit_id_for(pairs, "t"), frames)
    assert staged.outcomes == {"valid": 1}
    lake.commit(staged, lake.read_index())
    for dataset in (Dataset.REPORTS, Dataset.APPLICATIONS):
        written = lake.read_dataset(dataset)
        assert written.height == seed_batch.frames[dataset].height
    assert sorted(lake.read_dataset(Dataset.REPORTS)["source_uri"]) == sorted(reports["source_uri"])
