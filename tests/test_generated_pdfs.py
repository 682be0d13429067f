"""Generated PDFs (`bench.pdf_render`) parse back to the numbers drawn before they were written.

Each PDF is a report of the variation matrix printed the way Word prints the template: ruled
tables with merged header cells, blank cells, group labels cut by page breaks, rows split over
a page break. They go through the pure core (`xxgk.batch.process_batch`, the same entry as
`xxgk parse` and the flows) and are scored by `bench.accuracy` against their truth, whichever
PDF front end reads them.
"""

from __future__ import annotations

import io
import random

import pdfplumber
import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest

from bench.accuracy import Verdict, score
from bench.generate import Report
from bench.pdf_render import PDF_CLASSES, pdf_report, render_pdf
from bench.variations import baseline
from xxgk.parse.formats.pdf import _is_drawn, read_pdf
from xxgk.parse.formats.pdf_fast import read_page

#: (seed, index): one report of every class of `PDF_CLASSES` (the index picks the class), the
#: seeds chosen so that rows split over a page break (a leaf label, a header) are among them.
CASES = (
    *((1, 0), (2, 1), (0, 2), (2, 3), (0, 4), (0, 5)),
    *((1, 6), (2, 7), (1, 8), (0, 9), (0, 10), (0, 11)),
)


@pytest.fixture(scope="module")
def verdicts() -> list[tuple[Report, Verdict]]:
    return list(score(pdf_report(index, seed) for seed, index in CASES))


def _explain(report: Report, verdict: Verdict) -> str:
    return f"{report.key} [{report.shape}]: " + "; ".join(verdict.wrong + verdict.problems)


def test_no_wrong_number_is_published(verdicts: list[tuple[Report, Verdict]]) -> None:
    assert [_explain(r, v) for r, v in verdicts if v.wrong] == []


def test_every_generated_pdf_parses_back_exactly(verdicts: list[tuple[Report, Verdict]]) -> None:
    """Status, template, year, agency, date, quarantined tables and every cell drawn."""
    assert [_explain(r, v) for r, v in verdicts if not v.entirely_right] == []


def test_every_class_and_page_break_shape_is_drawn(
    verdicts: list[tuple[Report, Verdict]],
) -> None:
    """The generator's own account of what it drew: every class, and tables continued on the
    next page, merged cells cut by a page break and rows split over one."""
    classes = {c for r, _ in verdicts for c in r.classes}
    assert set(PDF_CLASSES) <= classes
    assert {"pdf:table_across_pages", "pdf:merged_cut", "pdf:row_split"} <= classes
    assert all(r.key.endswith(".pdf") and r.data.startswith(b"%PDF") for r, _ in verdicts)
    # The tables' cells are scored: a templated report has well over a hundred of them.
    assert all(v.cells >= 100 for r, v in verdicts if r.truth and r.truth.applications)


def test_a_table_said_to_cross_pages_does() -> None:
    """Where the generator says section 三 went on to the next page, its first and last rows
    are on different pages of the PDF."""
    report = pdf_report(0, 1)
    assert "pdf:row_split" in report.classes
    with pdfplumber.open(io.BytesIO(report.data)) as pdf:
        pages = ["".join(c["text"] for c in page.chars) for page in pdf.pages]
    first = next(i for i, t in enumerate(pages) if "一、本年新收政府信息公开申请数量" in t)
    last = next(i for i, t in enumerate(pages) if "四、结转下年度继续办理" in t)
    assert last > first


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


@pytest.fixture(scope="module")
def generated() -> list[Report]:
    return [pdf_report(index, seed) for seed, index in CASES]


def test_every_generated_pdf_is_read_fast_as_pdfplumber_reads_it(generated: list[Report]) -> None:
    """No page of any class falls back to pdfplumber, and the text is pdfplumber's."""
    for report in generated:
        fast = read_pdf(report.data)
        assert fast.careful_pages == (), report.key
        assert fast.text == read_pdf(report.data, fast=False).text, report.key


def test_wrapped_labels_with_a_one_character_line_are_among_them(
    generated: list[Report],
) -> None:
    """The case the fast path once sent back: a label's last line a single character, its
    text object without width in pdfium (reportlab's `STSong-Light` has no outlines here)."""
    empty = 0
    for report in generated:
        document = pdfium.PdfDocument(report.data)
        for page in document:
            for obj in page.get_objects():
                if obj.type == pdfium.raw.FPDF_PAGEOBJ_TEXT:
                    left, _, right, _ = obj.get_bounds()
                    empty += right - left == 0
        document.close()
    assert empty >= len(generated)


def test_characters_are_where_pdfplumber_puts_them_and_in_its_order(
    generated: list[Report],
) -> None:
    """Page by page, the fast path's characters are pdfplumber's, in content-stream order
    (pdfium's text page puts text objects on one line left to right; pdfminer does not)."""
    for report in generated[:4]:
        document = pdfium.PdfDocument(report.data)
        with pdfplumber.open(io.BytesIO(report.data)) as pdf:
            for index, page in enumerate(pdf.pages):
                fast = read_page(document, index)
                drawn = page.dedupe_chars().filter(_is_drawn)
                chars = [char for char in drawn.chars if char["text"].strip()]
                assert [c["text"] for c in fast.chars] == [c["text"] for c in chars]
                for mine, theirs in zip(fast.chars, chars, strict=True):
                    for key in ("x0", "x1", "top", "bottom", "size"):
                        assert mine[key] == pytest.approx(theirs[key], abs=1e-3), (key, mine)
        document.close()
