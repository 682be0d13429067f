"""Every file of the shared dev corpus against its hand-read expected values, cell by cell.

The corpus lives beside the repository (`../shared/corpus/dev`), as in CI; its expected
values were read by a person from each report (`expected.json`).
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from schemas.codes import Dataset
from tests.conftest import ROOT, source_for
from tests.support.expectations import (
    headline_mismatches,
    metadata_mismatches,
    report_mismatches,
    table_mismatches,
)
from xxgk.batch import BatchResult, process_batch
from xxgk.objects import RunContext, report_id_of

DEV = ROOT.parent / "shared" / "corpus" / "dev"
EXPECTED: dict[str, Any] = (
    json.loads((DEV / "expected.json").read_text("utf-8")) if DEV.is_dir() else {}
)
if not EXPECTED and os.environ.get("CI"):
    raise RuntimeError(f"CI runs with ../shared beside the clone, but {DEV} is missing")
pytestmark = pytest.mark.skipif(not EXPECTED, reason=f"dev corpus not found at {DEV}")


@pytest.fixture(scope="module")
def dev_batch(run_context: RunContext) -> BatchResult:
    """The whole dev corpus as one batch, files of every format mixed, as a crawl would be."""
    return process_batch(
        ((source_for(DEV / key), (DEV / key).read_bytes()) for key in EXPECTED), run_context
    )


def _check(key: str, dev_batch: BatchResult, *compare: Any) -> list[str]:
    report_id = report_id_of((DEV / key).read_bytes())
    return [
        problem
        for check in compare
        for problem in check(EXPECTED[key], dev_batch.frames, report_id)
    ]


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_decision_and_metadata(key: str, dev_batch: BatchResult) -> None:
    assert _check(key, dev_batch, report_mismatches, metadata_mismatches) == []


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_tables_cell_by_cell(key: str, dev_batch: BatchResult) -> None:
    assert _check(key, dev_batch, table_mismatches) == []


#: Figures `expected.json` labels from approximate statements, which issue 16 and the contract
#: say publish nothing (`X余条` is more than X: publishing X publishes a wrong number). The test
#: asserts that nothing is published for them; the disagreement is reported on the issue.
APPROXIMATE_IN_EXPECTED: dict[str, dict[str, str]] = {
    "html/pingtan_2025.html": {"proactive_disclosures": "7700余条"},
    "pdf/huaian_2024.pdf": {"proactive_disclosures": "5500余条"},
    "mirrors/huaian_2024_traditional.txt": {"proactive_disclosures": "5500余条"},
}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_headline_figures(key: str, dev_batch: BatchResult) -> None:
    expected = dict(EXPECTED[key])
    approximate = APPROXIMATE_IN_EXPECTED.get(key, {})
    expected["headline_figures"] = {
        metric: value
        for metric, value in (expected.get("headline_figures") or {}).items()
        if metric not in approximate
    }
    report_id = report_id_of((DEV / key).read_bytes())
    assert headline_mismatches(expected, dev_batch.frames, report_id) == []


def test_rejections_say_why(dev_batch: BatchResult) -> None:
    """Files that are not reports are rejected at the right stage with a readable reason."""
    quarantine = dev_batch.frames[Dataset.QUARANTINE]
    reasons = {
        row["source_uri"].rsplit("/", 1)[-1]: (row["stage"], row["check"], row["message"])
        for row in quarantine.filter(quarantine["table"] == "report").iter_rows(named=True)
    }
    assert reasons["huaian_2024_scanned.pdf"][:2] == ("decode", "unreadable_document")
    assert "no text layer" in reasons["huaian_2024_scanned.pdf"][2]
    assert reasons["pingtan_2014_letter.txt"][:2] == ("classify", "not_a_report")
    assert "关于2014年政府信息公开工作要点落实情况的函" in reasons["pingtan_2014_letter.txt"][2]
    assert reasons["pingtan_index.html"][:2] == ("classify", "not_a_report")
    assert "no report body" in reasons["pingtan_index.html"][2]
