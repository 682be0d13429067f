"""The pdfium fast path against pdfplumber's reading (the careful path) of the same PDFs.

The reference is `read_pdf(data, fast=False)`, which reads every page with pdfplumber as the
front end always did; the fast path must give the same text, and must hand pages it cannot
promise (rotated text, curves, overprinted text, form XObjects) to pdfplumber.
"""

from __future__ import annotations

import io
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest

from tests.support.pdf_bytes import pdf_file
from xxgk.parse.formats import pdf as pdf_module
from xxgk.parse.formats.errors import UnreadableDocumentError
from xxgk.parse.formats.pdf import _is_drawn, read_pdf
from xxgk.parse.formats.pdf_fast import read_page

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT.parent / "shared" / "corpus" / "dev"
DEV_PDFS = sorted((DEV / "pdf").glob("*.pdf")) if DEV.is_dir() else []
TEST_PDFS = sorted((ROOT / "tests").rglob("*.pdf"))
PDFS = [*DEV_PDFS, *TEST_PDFS]

requires_corpus = pytest.mark.skipif(
    not DEV_PDFS, reason=f"shared corpus not found at {DEV} (checked out beside the repo)"
)


@requires_corpus
@pytest.mark.parametrize("path", PDFS, ids=lambda path: path.name)
def test_fast_text_equals_pdfplumber_text(path: Path) -> None:
    data = path.read_bytes()
    careful = read_pdf(data, fast=False)
    fast = read_pdf(data)
    assert fast.text == careful.text
    assert careful.careful_pages == tuple(range(1, careful.pages + 1))
    assert set(careful.careful_reasons) == {"fast path off"}
    assert fast.pages == careful.pages


@requires_corpus
@pytest.mark.parametrize("path", DEV_PDFS, ids=lambda path: path.name)
def test_no_dev_pdf_page_falls_back(path: Path) -> None:
    """The dev PDFs (Word and WPS output with ruled tables and vertical group labels) are
    all within the fast path's reach: a page falling back here is a regression in speed."""
    assert read_pdf(path.read_bytes()).careful_pages == ()


@requires_corpus
@pytest.mark.parametrize("path", DEV_PDFS, ids=lambda path: path.name)
def test_chars_and_edges_match_pdfplumber(path: Path) -> None:
    """Every visible character and ruling edge, page by page, where pdfplumber puts it.

    Right edges come from glyph widths, where pdfium and pdfminer disagree on a few glyphs
    by up to 0.016 em (pdf.py's `_WIDTH_DOUBT` and `_RIGHT_DOUBT` margins).
    """
    data = path.read_bytes()
    document = pdfium.PdfDocument(data)
    with pdfplumber.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            fast = read_page(document, index)  # raises UnsureError where it falls back
            drawn = page.dedupe_chars().filter(_is_drawn)
            chars = [char for char in drawn.chars if char["text"].strip()]
            assert [char["text"] for char in fast.chars] == [char["text"] for char in chars]
            for mine, theirs in zip(fast.chars, chars, strict=True):
                for key in ("x0", "top", "bottom", "size"):
                    assert mine[key] == pytest.approx(theirs[key], abs=1e-3), (key, mine)
                assert mine["x1"] == pytest.approx(theirs["x1"], abs=1e-3), mine
            assert _edge_set(fast.edges) == _edge_set(drawn.edges)
            assert fast.has_images == bool(page.images)
    document.close()


def _edge_set(edges: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return sorted(
        (
            edge["orientation"],
            round(float(edge["x0"]), 2),  # type: ignore[arg-type]
            round(float(edge["x1"]), 2),  # type: ignore[arg-type]
            round(float(edge["top"]), 2),  # type: ignore[arg-type]
            round(float(edge["bottom"]), 2),  # type: ignore[arg-type]
        )
        for edge in edges
    )


@requires_corpus
def test_scanned_pdf_is_refused_the_same_way() -> None:
    data = (DEV / "mirrors" / "huaian_2024_scanned.pdf").read_bytes()
    with pytest.raises(UnreadableDocumentError) as careful:
        read_pdf(data, fast=False)
    with pytest.raises(UnreadableDocumentError) as fast:
        read_pdf(data)
    assert str(fast.value) == str(careful.value)
    assert "scanned PDF: no text layer on any of its 6 pages" in str(fast.value)


# Hand-written one-page PDFs: a ruled table under a title, in a standard font.
TITLE = b"BT /F1 14 Tf 72 760 Td (Annual report 2024) Tj ET\n"
TABLE = (
    b"0.5 w 72 650 200 60 re S 72 680 m 272 680 l S 172 650 m 172 710 l S\n"
    b"BT /F1 10 Tf 80 690 Td (Item) Tj 100 0 Td (Count) Tj ET\n"
    b"BT /F1 10 Tf 80 660 Td (Requests) Tj 100 0 Td (12) Tj ET\n"
)
BODY = b"BT /F1 10 Tf 72 600 Td (Nothing else to report this year.) Tj ET\n"


def test_a_plain_page_is_read_fast_and_the_same() -> None:
    data = _pdf(TITLE + TABLE + BODY)
    fast = read_pdf(data)
    assert fast.careful_pages == ()
    assert fast.text == read_pdf(data, fast=False).text
    assert "Item | Count" in fast.text.splitlines()
    assert "Requests | 12" in fast.text.splitlines()


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param(b"BT /F1 10 Tf 0 1 -1 0 300 500 Tm (Sideways note) Tj ET\n", id="rotated"),
        pytest.param(b"72 500 m 100 550 150 550 200 500 c S\n", id="curve"),
        pytest.param(
            b"BT /F1 14 Tf 72.3 760 Td (Annual report 2024) Tj ET\n", id="overprinted-bold"
        ),
        pytest.param(b"q /Fx Do Q\n", id="form-xobject"),
        pytest.param(TITLE, id="repeated-text-object"),
    ],
)
def test_pages_the_fast_path_cannot_promise_are_read_carefully(extra: bytes) -> None:
    data = _pdf(TITLE + TABLE + BODY + extra)
    fast = read_pdf(data)
    assert fast.careful_pages == (1,)
    assert len(fast.careful_reasons) == 1 and fast.careful_reasons[0]
    assert fast.text == read_pdf(data, fast=False).text
    assert "Requests | 12" in fast.text.splitlines()


def test_a_standard_font_is_measured_as_pdfminer_measures_it() -> None:
    """Helvetica has no font descriptor here: pdfminer takes its descent from its own
    metrics (-207/1000 em), and so must the fast path, or every line would sit 0.2 pt off."""
    data = _pdf(TITLE + TABLE + BODY)
    fast = read_page(pdfium.PdfDocument(data), 0)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        chars = [char for char in pdf.pages[0].chars if char["text"].strip()]
    assert [char["text"] for char in fast.chars] == [char["text"] for char in chars]
    for mine, theirs in zip(fast.chars, chars, strict=True):
        for key in ("x0", "x1", "top", "bottom", "size"):
            assert mine[key] == pytest.approx(theirs[key], abs=1e-3), (key, mine)


def test_text_outside_its_clip_is_read_as_pdfminer_reads_it() -> None:
    clipped = b"q 0 0 10 10 re W n BT /F1 10 Tf 300 300 Td (Clipped away) Tj ET Q\n"
    data = _pdf(TITLE + TABLE + BODY + clipped)
    fast = read_pdf(data)
    assert fast.text == read_pdf(data, fast=False).text
    assert "Clipped away" in fast.text.splitlines()


def test_only_the_doubtful_page_falls_back() -> None:
    curve = b"72 500 m 100 550 150 550 200 500 c S\n"
    data = _pdf(TITLE + TABLE, BODY + curve, BODY)
    fast = read_pdf(data)
    assert fast.careful_pages == (2,)
    assert fast.careful_reasons == ("curved path",)
    assert fast.text == read_pdf(data, fast=False).text


def _pdf(*contents: bytes) -> bytes:
    """A PDF with one page per content stream, Helvetica as /F1 and a small form /Fx."""
    count = len(contents)
    form = b"BT /F1 10 Tf 72 400 Td (In a form) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (5 + 2 * i) for i in range(count)), count),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Length %d >>\nstream\n%s\nendstream"
        % (len(form), form),
    ]
    for i, content in enumerate(contents):
        packed = zlib.compress(content)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> /XObject << /Fx 4 0 R >> >> >>" % (6 + 2 * i)
        )
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(packed), packed)
        )
    return pdf_file(objects)


@requires_corpus
def test_threads_reading_at_once_get_the_same_text() -> None:
    """pdfium is not thread-safe; parsing runs in worker threads, so the fast path holds a
    process-wide lock. Eight threads reading the dev PDFs at once read what one thread does."""
    datas = [path.read_bytes() for path in DEV_PDFS]
    alone = [read_pdf(data).text for data in datas]
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(lambda data: read_pdf(data).text, datas * 4))
    assert together == alone * 4


@requires_corpus
def test_a_doubtful_paragraph_join_sends_the_whole_document_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Joining lines into paragraphs depends on the whole document's margins: when a join is
    in doubt (here: line ends doubted by 5 pt), every page is re-read by pdfplumber."""
    data = (DEV / "pdf" / "huaian_2024.pdf").read_bytes()
    monkeypatch.setattr(pdf_module, "_RIGHT_DOUBT", 5.0)
    fast = read_pdf(data)
    assert fast.careful_pages == tuple(range(1, fast.pages + 1))
    assert set(fast.careful_reasons) == {
        "in the document: whether a line runs on depends on glyph widths"
    }
    assert fast.text == read_pdf(data, fast=False).text


# A wrapped cell label as reportlab prints it in `STSong-Light` (not embedded): one text
# object per line, the last line `人` a single character.
def _wrapped_label(before_last_line: str = "") -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(595, 842), invariant=True)
    canvas.setFont("STSong-Light", 14)
    canvas.drawString(72, 760, "2024年政府信息公开工作年度报告")
    canvas.setLineWidth(0.75)
    canvas.rect(72, 640, 200, 60)
    canvas.line(172, 640, 172, 700)
    canvas.setFont("STSong-Light", 9)
    canvas.drawString(80, 680, "自然")
    if before_last_line:
        canvas.saveState()
        canvas._code.append(before_last_line)
    canvas.drawString(80, 668, "人")
    if before_last_line:
        canvas.restoreState()
    canvas.drawString(180, 670, "12")
    canvas.setFont("STSong-Light", 10)
    canvas.drawString(72, 600, "本年度无其他需要报告的事项（见“附件”）。")
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_a_one_character_label_line_is_read_fast_and_the_same() -> None:
    """pdfium's text page skips the `人` line (no glyph outlines, so its box has no width);
    the fast path has pdfium read it, and gives pdfplumber's text."""
    data = _wrapped_label()
    page = pdfium.PdfDocument(data)[0]
    widths = [
        obj.get_bounds()[2] - obj.get_bounds()[0]
        for obj in page.get_objects()
        if obj.type == pdfium.raw.FPDF_PAGEOBJ_TEXT
    ]
    assert min(widths) == 0  # the case at hand: an object pdfium's text page leaves out
    fast = read_pdf(data)
    assert fast.careful_pages == ()
    assert fast.text == read_pdf(data, fast=False).text
    assert "自然人 | 12" in fast.text.splitlines()


@pytest.mark.parametrize(
    "state",
    [
        pytest.param("3 Tr", id="invisible-text"),
        pytest.param("0 w", id="no-line-width"),
    ],
)
def test_a_one_character_line_pdfium_cannot_be_made_to_read_falls_back(state: str) -> None:
    """Only filled text with a line width is widened; any other zero-width text object stays
    out of pdfium's text page, and the page is read carefully."""
    data = _wrapped_label(state)
    fast = read_pdf(data)
    assert fast.careful_pages == (1,)
    assert fast.careful_reasons == ("text objects pdfium's text page leaves out",)
    assert fast.text == read_pdf(data, fast=False).text
    assert "自然人 | 12" in fast.text.splitlines()
