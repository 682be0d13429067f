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
    ("tables/guangdong-longgang_2024_qubumen.txt", "decision"): (
        "class 2: no title, opens at 一、总体情况 -> rejected not_a_report"
    ),
    ("tables/guangdong-longgang_2024_qubumen.txt", "tables"): (
        "class 2: rejected, so section 二 is not published"
    ),
    ("tables/guangdong-zhanjiang_2023_difangzhi.txt", "decision"): (
        "class 9: agency named only in the opening sentence (特编制…年度报告)"
    ),
    ("tables/hebei-xiongxian_2019_xiang.txt", "decision"): (
        "class 8: an all-blank section 四 is quarantined table_missing"
    ),
    ("tables/hubei-wuhan_2020_shengtaihuanjing_traditional.txt", "decision"): (
        "class 6: section 二 with long parenthetical row labels not found (table_missing)"
    ),
    ("tables/hubei-wuhan_2020_shengtaihuanjing_traditional.txt", "tables"): (
        "class 6: section 二 with long parenthetical row labels not found"
    ),
    ("tables/jilin-changchun_2023_shijuweiju.txt", "decision"): (
        "classes 2/3: no title, year only in 截止2023年12月31日 -> rejected, year 0"
    ),
    ("tables/jilin-changchun_2023_shijuweiju.txt", "tables"): (
        "classes 2/3: rejected, so section 二 is not published"
    ),
    ("tables/jilin-changchun_2023_shijuweiju.txt", "headlines"): (
        "class 10 (and rejection): 共受理政府信息公开申请2件 not published"
    ),
    ("tables/liaoning-haicheng_2025_xisizhen.txt", "decision"): (
        "class 10: published_date of the 时间:2026-01-26 09:42 metadata line missed"
    ),
    ("tables/liaoning-changtu_2021_xianbumen.txt", "decision"): (
        "classes 2/3: no title, year only in the body -> rejected, year 0"
    ),
    ("tables/liaoning-changtu_2021_xianbumen.txt", "tables"): (
        "classes 2/3: rejected, so section 二 is not published"
    ),
    ("tables/liaoning-changtu_2021_xianbumen.txt", "headlines"): (
        "class 10 (and rejection): 没有…行政诉讼和行政复议情况 not read as 0"
    ),
    ("tables/shaanxi-wuqi_2021_zhouwanzhen.txt", "decision"): (
        "class 9: agency (周湾镇人民政府编制, title 周湾镇…) is null"
    ),
    ("tables/shandong-weishan_2020_liangchengzhen.txt", "decision"): (
        "class 2: no title, opens at 一、工作基本情况 -> rejected; agency null"
    ),
    ("tables/shandong-weishan_2020_liangchengzhen.txt", "tables"): (
        "class 2: rejected, so section 二 is not published"
    ),
    ("tables/xinjiang-xjnlk_2023_zhen.txt", "decision"): (
        "classes 2/3: no title, year only in the body -> rejected, year 0"
    ),
    ("tables/xinjiang-xjnlk_2023_zhen.txt", "tables"): (
        "classes 2/3: rejected, so section 二 is not published"
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
