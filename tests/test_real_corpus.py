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
    ("full/shanghai_2024_kewei_pdfmd.md", "tables"): (
        "class 5 (layouts): the quarantined applications rows hold the scrambled cells ('row "
        "granted: 14 cells … cannot be placed in 7 columns'), not the values as read"
    ),
    ("pages2/flipbook_2020_shenjiju_p9.txt", "decision"): (
        "class 9: agency 审计局 of the page title '2020年报_审计局' is null"
    ),
    ("pages2/neimenggu-wulateqianqi_2021_qi.txt", "decision"): (
        "class 9: agency, province and region null: the banner is 我旗 in the text and named only "
        "as '乌拉特前旗政府网站'"
    ),
    ("pages3/mirror_2019_qingchuan_difangzhiban_pipes.txt", "decision"): (
        "class 9: agency, province and region None for 县地方志办, named "
        "'青川县地方志编纂委员会办公室' in the body"
    ),
    ("pages3/mirror_2019_qingchuan_difangzhiban_pipes.txt", "headlines"): (
        "reading in doubt: expects no proactive figure for '在政府网站主动公开信息7条次' beside "
        "'通过新媒体公开工作信息1条' (a channel part), while seed 000's golden reads the same "
        "shape (门户网站…599条 beside 官方微博…176条) as the total; the parser follows the seed"
    ),
    ("pages3/mirror_2020_beijingjiedao_spam_pipes.txt", "decision"): (
        "class 9: agency None for '北京街道办事处' (spam-prefixed in the opening sentence)"
    ),
    ("pages3/not_reports/shandong-lixia_2022_daminghu_wenzijiedu.txt", "decision"): (
        "class 9: rejected as it should be (an explainer's title '文字解读:…'), but agency "
        "None for 济南市历下区大明湖街道办事处 of that title"
    ),
    ("pages3/qinghai-xinghai_2021_xian_notitle.txt", "decision"): (
        "class 9: agency None; the text says 我县 and names 兴海县人民政府 only as the site of "
        "the report column"
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
