"""Generated PDFs (`bench.pdf_render`) parse back to the numbers drawn before they were written.

Each PDF is a report of the variation matrix printed the way Word prints the template: ruled
tables with merged header cells, blank cells, group labels cut by page breaks. They go through
the pure core (`xxgk.batch.process_batch`, the same entry as `xxgk parse` and the flows) and
are scored by `bench.accuracy` against their truth, whichever PDF front end reads them.
"""

from __future__ import annotations

import io
import random

import pdfplumber
import pytest

from bench.accuracy import Verdict, score
from bench.generate import Report
from bench.pdf_render import PDF_CLASSES, pdf_report, pdf_reports, render_pdf
from bench.variations import baseline

#: One report of every class per seed.
SEEDS = (0, 1, 2)


@pytest.fixture(scope="module")
def verdicts() -> list[tuple[Report, Verdict]]:
    return [verdict for seed in SEEDS for verdict in score(pdf_reports(len(PDF_CLASSES), seed))]


def _explain(report: Report, verdict: Verdict) -> str:
    return f"{report.key} [{report.shape}]: " + "; ".join(verdict.wrong + verdict.problems)


def test_no_wrong_number_is_published(verdicts: list[tuple[Report, Verdict]]) -> None:
    assert [_explain(r, v) for r, v in verdicts if v.wrong] == []


def test_every_generated_pdf_parses_back_exactly(verdicts: list[tuple[Report, Verdict]]) -> None:
    """Status, template, year, agency, date, quarantined tables and every cell drawn."""
    assert [_explain(r, v) for r, v in verdicts if not v.entirely_right] == []


def test_every_class_is_drawn_and_scored(verdicts: list[tuple[Report, Verdict]]) -> None:
    assert sorted({r.classes[0] for r, _ in verdicts}) == sorted(PDF_CLASSES)
    assert all(r.key.endswith(".pdf") and r.data.startswith(b"%PDF") for r, _ in verdicts)
    # The tables' cells are counted: a templated report has dozens of them.
    assert all(v.cells >= 100 for r, v in verdicts if r.truth and r.truth.applications)


def _pages_holding(data: bytes, texts: tuple[str, ...]) -> set[int]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return {
            number
            for number, page in enumerate(pdf.pages)
            if any(text in (page.extract_text() or "") for text in texts)
        }


def test_section_three_crosses_a_page_break_in_some_reports() -> None:
    """The generator's own check that the shape is drawn: in every seed, some report's
    section 三 starts on one page and ends on another."""
    for seed in SEEDS:
        crossing = [
            report.key
            for report in pdf_reports(len(PDF_CLASSES), seed)
            if report.truth is not None and report.truth.applications
            if _pages_holding(report.data, ("一、本年新收政府信息公开申请数量",))
            != _pages_holding(report.data, ("四、结转下年度继续办理",))
        ]
        assert crossing, f"seed {seed}: no section 三 table crosses a page break"


def test_same_report_same_bytes() -> None:
    assert pdf_report(3, 7).data == pdf_report(3, 7).data


def test_merged_header_cell_is_one_ruled_box() -> None:
    """Section 三's `申请人情况` is one box over the seven applicant columns."""
    generated = baseline(random.Random("merged"))
    data = render_pdf(generated.blocks, generated.page)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        rects = [r for page in pdf.pages for r in page.rects]
        words = [w for page in pdf.pages for w in page.extract_words()]
    header = next(w for w in words if w["text"] == "申请人情况")
    box = min(
        (
            r
            for r in rects
            if r["x0"] <= header["x0"] and header["x1"] <= r["x1"]
            if r["top"] <= header["top"] and header["bottom"] <= r["bottom"]
        ),
        key=lambda r: r["width"] * r["height"],
    )
    applicant_column = min(r["width"] for r in rects)
    assert box["width"] > 6.5 * applicant_column
