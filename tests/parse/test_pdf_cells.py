"""The indexed cell search against pdfplumber's own, on the dev PDFs and generated PDFs."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest
from pdfplumber.page import Page
from pdfplumber.table import TableFinder, intersections_to_cells

from bench.pdf_render import pdf_report
from xxgk.parse.formats.pdf import _closing_rulings, _EdgePage
from xxgk.parse.formats.pdf_cells import _IndexedTableFinder, find_tables
from xxgk.parse.formats.pdf_fast import open_document, read_page

ROOT = Path(__file__).resolve().parents[2]
DEV_PDFS = sorted((ROOT.parent / "shared" / "corpus" / "dev" / "pdf").glob("*.pdf"))


def _documents() -> list[tuple[str, bytes]]:
    generated = [pdf_report(index, 1) for index in range(12)]
    return [(path.name, path.read_bytes()) for path in DEV_PDFS] + [
        (report.key, report.data) for report in generated
    ]


@pytest.mark.parametrize(("name", "data"), _documents(), ids=lambda value: str(value)[:40])
def test_tables_and_cells_are_pdfplumbers(name: str, data: bytes) -> None:
    """Page by page, as `pdf._blocks` asks for them: the same cells, the same tables."""
    document = open_document(data)
    assert document is not None
    for index in range(len(document)):
        objects = read_page(document, index)
        page = cast(Page, _EdgePage(objects.edges, (0.0, 0.0, objects.width, objects.height)))
        settings = {"explicit_horizontal_lines": _closing_rulings(objects.edges)}
        theirs = TableFinder(page, settings)
        mine = _IndexedTableFinder(page, settings)
        assert mine.cells == intersections_to_cells(theirs.intersections), (name, index)
        assert [(t.bbox, t.cells) for t in find_tables(page, settings)] == [
            (t.bbox, t.cells) for t in theirs.tables
        ], (name, index)
        assert len(mine.cells) > 0 or not objects.edges
