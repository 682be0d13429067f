"""The layering contracts of pyproject.toml (`[tool.importlinter]`): the code keeps them, and
they catch the arrows they are written against, however an import is written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

#: A tree with every module the contracts name, importing what the real code imports where the
#: contracts make room for it (the package root's lazy reader, the known exception).
SKELETON = {
    "cli/__init__.py": "",
    "flows/__init__.py": "",
    "flows/ingest.py": "import tasks\nimport xxgk.lake\n",
    "tasks/__init__.py": "",
    "xxgk/__init__.py": "def read():\n    from xxgk.reading import read\n",
    "xxgk/reading.py": "import xxgk.storage.filesystem\n",
    "xxgk/storage/__init__.py": "",
    "xxgk/storage/filesystem.py": "import pyarrow.fs\nimport boto3\n",
    "xxgk/storage/objects.py": "import boto3\nimport xxgk.objects\n",
    "xxgk/parse/__init__.py": "",
    "xxgk/parse/report.py": "import schemas.codes\n",
    "xxgk/batch.py": "from xxgk import CONTRACT_VERSION\nimport xxgk.parse.report\n",
    "xxgk/records.py": "",
    "xxgk/validate.py": "import xxgk.records\n",
    "xxgk/copies.py": "import xxgk.parse.report\n",
    "xxgk/objects.py": "",
    "xxgk/lake/__init__.py": "import xxgk.copies\nimport xxgk.storage.filesystem\n",
    "schemas/__init__.py": "",
    "schemas/codes.py": "",
    "schemas/dictionary.py": "from xxgk import CONTRACT_VERSION\n",
}


def lint_imports(where: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` on the tree at `where`, with its pyproject.toml, that tree first on the
    path (the installed project's own folder is on it too), no cache left behind."""
    env = {**os.environ, "PYTHONPATH": str(where), "COLUMNS": "200"}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=where,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_code_keeps_its_layers() -> None:
    run = lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


@pytest.fixture
def skeleton(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for relative, text in SKELETON.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return tmp_path


def test_a_skeleton_of_the_allowed_arrows_passes(skeleton: Path) -> None:
    """The control for the cases below: the tree as it is allowed to be passes."""
    run = lint_imports(skeleton)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_core_may_name_storage_errors_free_of_io_libraries(skeleton: Path) -> None:
    """Storage's error types in a module of their own, importing no client library, are open
    to the pure core (the parser excepted): the rule is about reaching boto3 or pyarrow."""
    (skeleton / "xxgk/storage/errors.py").write_text("class ObjectTooLargeError(ValueError): ...\n")
    batch = skeleton / "xxgk/batch.py"
    batch.write_text(batch.read_text() + "from xxgk.storage.errors import ObjectTooLargeError\n")
    run = lint_imports(skeleton)
    assert run.returncode == 0, run.stdout + run.stderr


# (module, source added to it, the contract's name as lint-imports prints it when broken)
WRONG_ARROWS = [
    ("xxgk/lake/__init__.py", "def run():\n    import flows.ingest\n", "layers"),
    ("xxgk/lake/__init__.py", "def run():\n    import tasks\n", "layers"),
    ("xxgk/objects.py", "import cli\n", "layers"),
    ("xxgk/objects.py", "def run():\n    from prefect import flow\n", "do not import Prefect"),
    ("schemas/codes.py", "import prefect_aws\n", "do not import Prefect"),
    ("tasks/__init__.py", "def run():\n    from flows import ingest\n", "layers"),
    ("schemas/codes.py", "from xxgk.batch import BatchResult\n", "layers"),
    ("schemas/codes.py", "def run():\n    import xxgk.lake\n", "layers"),
    ("schemas/codes.py", "import flows\n", "layers"),
    (
        "xxgk/parse/report.py",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import xxgk.storage\n",
        "xxgk.parse imports no storage",
    ),
    ("xxgk/parse/report.py", "import xxgk.lake\n", "xxgk.parse imports no storage"),
    ("xxgk/parse/report.py", "def read():\n    import pyarrow.fs\n", "no S3 or Arrow"),
    ("xxgk/validate.py", "import boto3\n", "no S3 or Arrow"),
    ("xxgk/records.py", "def run():\n    import xxgk.lake\n", "no S3 or Arrow"),  # via storage
    ("xxgk/lake/__init__.py", "from xxgk.batch import BatchResult\n", "takes frames"),
]


@pytest.mark.parametrize(("module", "source", "contract"), WRONG_ARROWS)
def test_a_wrong_arrow_breaks_its_contract(
    skeleton: Path, module: str, source: str, contract: str
) -> None:
    path = skeleton / module
    path.write_text(path.read_text("utf-8") + source, "utf-8")
    run = lint_imports(skeleton)
    assert run.returncode == 1, run.stdout + run.stderr
    broken = [line for line in run.stdout.splitlines() if " BROKEN" in line]
    assert any(contract in line for line in broken), run.stdout
