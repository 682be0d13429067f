"""Metamorphic tests: a report rewritten as mirrors and crawlers serve it parses the same.

The originals are the dev corpus's templated reports (HTML, PDF, DOCX, text) as their front
ends turn them into text; each variant must give the same decision and the same cells.
"""

from __future__ import annotations

import pytest

from schemas.codes import Script, Template
from tests.support.variants import VARIANTS
from tests.test_dev_corpus import DEV, EXPECTED
from xxgk.parse.document import document_text
from xxgk.parse.report import ParsedReport, parse_report

TEMPLATED = sorted(
    key
    for key, expected in EXPECTED.items()
    if expected["report"]["template"] in (Template.T2019, Template.T2021)
)


def _cells(report: ParsedReport) -> tuple[object, ...]:
    return (
        report.report_year,
        report.template,
        sorted((c.item, c.metric, c.value) for c in report.active_disclosure.rows),
        [(r.row_code, [c.value for c in r.cells]) for r in report.applications.rows],
        [{k: v.value for k, v in row.items()} for row in report.review_litigation.rows],
        sorted((p.check, str(p.row_code)) for ps in report.table_problems().values() for p in ps),
    )


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("key", TEMPLATED)
def test_variant_parses_like_the_original(key: str, variant: str) -> None:
    text = document_text((DEV / key).read_bytes()).text
    original = parse_report(text.encode("utf-8"))
    rewritten = parse_report(VARIANTS[variant](text))
    assert isinstance(original, ParsedReport) and isinstance(rewritten, ParsedReport)
    assert _cells(rewritten) == _cells(original)
    expected_script = Script.TRADITIONAL if variant == "traditional" else original.script
    assert rewritten.script is expected_script
