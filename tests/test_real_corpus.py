"""Real reports the parser was not built on, against their hand-read expected values.

Every subfolder of `tests/corpus/real/` holds public report texts (whole reports or page
excerpts, kept as their pages store them) and an `expected.json` in the format of the dev
corpus (`../shared/corpus/dev/expected.json`): the values were read from each report by a
person, never taken from the parser. Today's misses are listed in `KNOWN_FAILURES` with the
class of problem (issue 16); each entry is a strict xfail, so a fix that makes it pass must
remove it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import source_for
from tests.support.expectations import (
    headline_mismatches,
    metadata_mismatches,
    report_mismatches,
    table_mismatches,
)
from xxgk.batch import BatchResult, process_batch
from xxgk.objects import RunContext, report_id_of

REAL = Path(__file__).resolve().parent / "corpus" / "real"


def _expected() -> dict[str, Any]:
    """Every subfolder's expected values, keyed by the file's path relative to `REAL`."""
    found: dict[str, Any] = {}
    for path in sorted(REAL.glob("*/expected.json")):
        folder = path.parent.name
        for name, values in json.loads(path.read_text("utf-8")).items():
            found[f"{folder}/{name}"] = values
    return found


EXPECTED = _expected()

# (key, check) -> why it fails today; check is "decision", "tables" or "headlines".
KNOWN_FAILURES: dict[tuple[str, str], str] = {
    ("pre2019/not_reports/guizhou_2016_news.txt", "decision"): (
        "rejected as it should be, but the news title's subject (贵州省发布) is kept as its agency"
    ),
    ("full/shanghai_2024_kewei_pdfmd.md", "decision"): (
        "class 5 (layouts) and 9 (agency): review_litigation quarantined although its one data "
        "row holds exactly the 15 cells under a scrambled 12-cell header; agency None for "
        "上海市科委 named in the wrapped title and the body"
    ),
    ("full/shanghai_2024_kewei_pdfmd.md", "tables"): (
        "class 5 (layouts): review_litigation not published (1 复议 upheld, total 1); the "
        "quarantined applications rows hold the scrambled cells ('row granted: 14 cells … cannot "
        "be placed in 7 columns'), not the values as read"
    ),
    ("pages2/flipbook_2020_shenjiju_p9.txt", "decision"): (
        "class 5: section 四 in pdftotext layout (one-character vertical headers) is quarantined "
        "'ambiguous_cells: 16 cells cannot be placed in 15 columns' though its data line holds 15 "
        "zeros; class 9: agency 审计局 of the page title '2020年报_审计局' is null"
    ),
    ("pages2/neimenggu-wulateqianqi_2021_qi.txt", "decision"): (
        "class 9: agency, province and region null: the banner is 我旗 in the text and named only "
        "as '乌拉特前旗政府网站'"
    ),
}


def _cases(check: str) -> list[Any]:
    return [
        pytest.param(
            key,
            marks=pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[(key, check)])
            if (key, check) in KNOWN_FAILURES
            else (),
            id=key,
        )
        for key in sorted(EXPECTED)
    ]


@pytest.fixture(scope="module")
def real_batch(run_context: RunContext) -> BatchResult:
    """All real files as one batch, as a crawl would hand them over."""
    return process_batch(
        ((source_for(REAL / key), (REAL / key).read_bytes()) for key in EXPECTED), run_context
    )


def _check(key: str, batch: BatchResult, *compare: Any) -> list[str]:
    report_id = report_id_of((REAL / key).read_bytes())
    return [
        problem for check in compare for problem in check(EXPECTED[key], batch.frames, report_id)
    ]


def test_every_expected_file_exists() -> None:
    assert EXPECTED, f"no expected.json under {REAL}"
    assert [key for key in EXPECTED if not (REAL / key).is_file()] == []


@pytest.mark.parametrize("key", _cases("decision"))
def test_decision_and_metadata(key: str, real_batch: BatchResult) -> None:
    assert _check(key, real_batch, report_mismatches, metadata_mismatches) == []


@pytest.mark.parametrize("key", _cases("tables"))
def test_tables_cell_by_cell(key: str, real_batch: BatchResult) -> None:
    assert _check(key, real_batch, table_mismatches) == []


@pytest.mark.parametrize("key", _cases("headlines"))
def test_headline_figures(key: str, real_batch: BatchResult) -> None:
    assert _check(key, real_batch, headline_mismatches) == []
