"""`make bench` re-renders the tables of docs/benchmarks.md and keeps its hand-written notes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from bench.render import NOTES_HEADING, markdown, write_results
from tests.conftest import ROOT

RESULTS = ROOT / "docs" / "benchmarks" / "n3000.json"


def test_the_tables_are_rendered_again_and_the_notes_kept(tmp_path: Path) -> None:
    results = json.loads(RESULTS.read_text("utf-8"))
    notes = f"{NOTES_HEADING}\n\nWhy the figures are what they are.\n"
    page = tmp_path / "benchmarks.md"
    page.write_text(f"# Benchmarks\n\n| stale | table |\n\n{notes}", "utf-8")
    write_results(results, tmp_path / "benchmarks")
    assert page.read_text("utf-8") == markdown([results]) + "\n" + notes


def test_a_page_without_notes_is_the_tables_alone(tmp_path: Path) -> None:
    results = json.loads(RESULTS.read_text("utf-8"))
    write_results(results, tmp_path / "benchmarks")
    assert (tmp_path / "benchmarks.md").read_text("utf-8") == markdown([results])


def test_the_committed_page_is_its_results_rendered_plus_its_notes(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "docs" / "benchmarks", tmp_path / "benchmarks")
    shutil.copy(ROOT / "docs" / "benchmarks.md", tmp_path / "benchmarks.md")
    results = json.loads((tmp_path / "benchmarks" / "n30000.json").read_text("utf-8"))
    write_results(results, tmp_path / "benchmarks")  # the last run, saved again
    committed = (ROOT / "docs" / "benchmarks.md").read_text("utf-8")
    assert (tmp_path / "benchmarks.md").read_text("utf-8") == committed
    assert NOTES_HEADING in committed
