"""Generated reports as PDFs, the way Word prints the official template: ruled tables on A4.

A report's blocks (`bench.grids`: title, headings, paragraphs, tables with row and column
spans) are drawn with reportlab in its built-in CID font `STSong-Light`, so Chinese needs no
font file. Tables are ruled cell by cell; a row that does not fit is split over the page break
(Word's default: a wrapped label's tail opens the next page) or moved to the next page, as is
a row a grid names a break before. Merged cells (the group labels of section 三) are cut by
page breaks with their text flowing over the break as Word lays it out (centred over the
whole merged height, each line on the page where it falls). Blank cells stay blank boxes,
merged header cells are one box over their rows and columns, paragraphs are justified with
their first line indented, and every page carries its footer (`—2—`). The numbers are drawn
first (`bench.variations`), so each PDF comes with its truth.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from bench.generate import Report
from bench.grids import Block, Cell, Grid, Heading, Title
from bench.layouts import Page, _origins, expand
from bench.variations import VARIATIONS

FONT = "STSong-Light"

#: The classes of the variation matrix that a PDF of the template can show: every templated
#: shape (blank and spelled-out zeros, wrapped and repeated labels, tables cut by page breaks,
#: a row that lost its blank cell, unbalanced tables, missing tables) and free-form reports.
PDF_CLASSES: tuple[str, ...] = (
    "baseline",
    "zero_spellings",
    "page_footer",
    "labels",
    "review_blank",
    "unbalanced",
    "four_column_header",
    "provincial_agency",
    "narrative_figures",
    "missing_tables",
    "title_outline",
    "pre2019",
)

_PAGE_WIDTH, _PAGE_HEIGHT = A4
_LEFT = _RIGHT = 72.0
_BOTTOM = 72.0
_TEXT_WIDTH = _PAGE_WIDTH - _LEFT - _RIGHT
_PAD = 3.0  # cell padding, each side
_MIN_ROW = 16.0


@dataclass(frozen=True)
class Style:
    """Sizes that move where page breaks fall, and whether rows may split over one (drawn
    per report)."""

    body: float = 12.0
    cell: float = 9.0
    top: float = 72.0
    split_rows: bool = True

    @property
    def leading(self) -> float:
        return self.body * 1.6

    @property
    def cell_leading(self) -> float:
        return self.cell * 1.25


def pdf_reports(count: int, seed: int = 0, prefix: str = "pdf") -> Iterator[Report]:
    """`count` generated PDF reports, each class of `PDF_CLASSES` in turn."""
    for index in range(count):
        yield pdf_report(index, seed, prefix)


def pdf_report(index: int, seed: int = 0, prefix: str = "pdf") -> Report:
    """The `index`-th PDF report of a seed, with its truth (deterministic: same bytes)."""
    variation = PDF_CLASSES[index % len(PDF_CLASSES)]
    rng = random.Random(f"pdf:{seed}:{index}")
    generated = VARIATIONS[variation](rng)
    style = Style(
        body=rng.choice((10.5, 12.0, 14.0)),
        cell=rng.choice((9.0, 10.0)),
        top=rng.uniform(60.0, 200.0),
        split_rows=rng.random() < 0.5,
    )
    truth = generated.truth
    name = generated.agency or "object"
    data, shapes = render_pdf_shapes(generated.blocks, generated.page, style)
    return Report(
        key=f"{prefix}/{truth.year or 'unknown'}/{index:08d}_{name}.pdf",
        data=data,
        shape=f"pdf-{variation}",
        expected_status=truth.status,
        year=truth.year,
        applications=dict(truth.applications),
        truth=truth,
        classes=(variation, "layout:pdf", *sorted(f"pdf:{shape}" for shape in shapes)),
    )


def render_pdf(
    blocks: Sequence[Block], page: Page | None = None, style: Style | None = None
) -> bytes:
    """The blocks as an A4 PDF (invariant: the same blocks give the same bytes)."""
    return render_pdf_shapes(blocks, page, style)[0]


def render_pdf_shapes(
    blocks: Sequence[Block], page: Page | None = None, style: Style | None = None
) -> tuple[bytes, frozenset[str]]:
    """The PDF and the page-break shapes it came to show: `table_across_pages` (a table
    continued on the next page), `merged_cut` (a merged cell cut by a page break),
    `row_split` (a row broken across pages)."""
    _register_font()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1)
    writer = _Writer(canvas, page or Page(), style or Style())
    writer.blocks(blocks)
    canvas.save()
    return out.getvalue(), frozenset(writer.shapes)


@cache
def _register_font() -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _width(text: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, FONT, size))


def wrap(text: str, width: float, size: float, indent: float = 0.0) -> list[str]:
    """`text` broken into lines of at most `width` points, character by character (CJK text
    breaks anywhere), after any explicit line breaks; the first line `indent` narrower."""
    lines: list[str] = []
    for part in text.split("\n"):
        line, room = "", width - indent
        for char in part:
            if line and _width(line + char, size) > room:
                lines.append(line)
                line, room = "", width
            line += char
        lines.append(line)
    return lines


class _Writer:
    """Draws blocks top to bottom, starting a page (with its footer) when one is full."""

    def __init__(self, canvas: Canvas, page: Page, style: Style) -> None:
        self.canvas, self.page, self.style = canvas, page, style
        self.number = 1
        self.y = _PAGE_HEIGHT - style.top
        self.shapes: set[str] = set()

    def blocks(self, blocks: Sequence[Block]) -> None:
        for block in blocks:
            if isinstance(block, Title):
                self.title(block.text)
            elif isinstance(block, Heading):
                self.paragraph(block.text, indent=False)
            elif isinstance(block, Grid):
                self.grid(block)
            else:
                self.paragraph(block, indent=True)
        self.footer()

    def new_page(self) -> None:
        self.footer()
        self.canvas.showPage()
        self.number += 1
        self.y = _PAGE_HEIGHT - _BOTTOM

    def footer(self) -> None:
        self.canvas.setFont(FONT, 10.5)
        self.canvas.drawCentredString(_PAGE_WIDTH / 2, 40, self.page.footer.format(self.number))

    def room(self, height: float) -> None:
        if self.y - height < _BOTTOM:
            self.new_page()

    def title(self, text: str) -> None:
        size = self.style.body + 6
        for line in wrap(text, _TEXT_WIDTH, size):
            self.room(size * 1.6)
            self.y -= size * 1.6
            self.canvas.setFont(FONT, size)
            self.canvas.drawCentredString(_PAGE_WIDTH / 2, self.y, line)
        self.y -= size * 0.5

    def paragraph(self, text: str, indent: bool) -> None:
        """Justified lines (all but the last fill the text width), the first indented two
        characters, as a word processor sets a paragraph."""
        size = self.style.body
        first = 2 * size if indent else 0.0
        lines = wrap(text, _TEXT_WIDTH, size, first)
        self.canvas.setFont(FONT, size)
        for number, line in enumerate(lines):
            self.room(self.style.leading)
            self.y -= self.style.leading
            x = _LEFT + (first if number == 0 else 0.0)
            space = 0.0
            if number < len(lines) - 1 and len(line) > 1:
                space = (_LEFT + _TEXT_WIDTH - x - _width(line, size)) / (len(line) - 1)
            self.canvas.setFont(FONT, size)
            self.canvas.drawString(x, self.y, line, charSpace=space)

    def grid(self, grid: Grid) -> None:
        """The table's rows placed page by page, then each page's part drawn (reportlab draws
        on the current page only). Merged cells are cut by page breaks; a row that does not
        fit is split over the break when the style allows (Word's default), else moved."""
        origins = _origins(grid)
        x = _columns(len(expand(grid)[0]))
        texts = {
            at: wrap(cell.text, x[at[1] + cell.colspan] - x[at[1]] - 2 * _PAD, self.style.cell)
            if cell.text
            else []
            for at, cell in origins.items()
        }
        leading = self.style.cell_leading
        heights = _row_heights(len(grid.rows), origins, texts, leading)
        table = _Table(origins, texts, x, [], heights)
        table.centred.update(at for at, lines in texts.items() if len(lines) <= 1)
        breaks = set(grid.breaks)
        page, y = self.number, self.y - self.style.leading * 0.5
        r = 0
        while r < len(table.heights):
            forced = r in breaks and bool(table.placed)
            short = y - table.heights[r] < _BOTTOM
            room = y - _BOTTOM - 0.5  # below the line, never on it
            if not forced and short and self.style.split_rows and table.split(r, room, leading):
                breaks = {b + 1 if b > r else b for b in breaks}
                self.shapes.add("row_split")
            if forced or y - table.heights[r] < _BOTTOM:
                page, y = page + 1, _PAGE_HEIGHT - _BOTTOM
            table.placed.append((page, y))
            y -= table.heights[r]
            r += 1
        if page > self.number and table.placed[0][0] < page:
            self.shapes.add("table_across_pages")
        for number in range(self.number, page + 1):
            if number > self.number:
                self.new_page()
            for at in table.origins:
                self.cell(table, at)
        self.y = y - self.style.leading * 0.5

    def cell(self, table: _Table, at: tuple[int, int]) -> None:
        """One cell's part on the current page: its box over its rows here, and the lines of
        its text that fall here (centred over the whole merged height, as Word sets them)."""
        r, c = at
        cell = table.origins[at]
        rows = [j for j in range(r, r + cell.rowspan) if table.placed[j][0] == self.number]
        if not rows:
            return
        if len(rows) < cell.rowspan:
            self.shapes.add("merged_cut")
        top = table.placed[rows[0]][1]
        bottom = table.placed[rows[-1]][1] - table.heights[rows[-1]]
        x0, x1 = table.x[c], table.x[c + cell.colspan]
        self.canvas.setLineWidth(0.75)
        self.canvas.rect(x0, bottom, x1 - x0, top - bottom, stroke=1, fill=0)
        lines = table.texts[at]
        leading, size = self.style.cell_leading, self.style.cell
        offsets = [sum(table.heights[:j]) for j in range(r, r + cell.rowspan + 1)]
        block = offsets[0] + (offsets[-1] - offsets[0] - len(lines) * leading) / 2
        here: list[tuple[str, float]] = []
        for i, line in enumerate(lines):
            virtual = block + i * leading  # from the table's top, as if on one long page
            j = max(
                (k for k in range(cell.rowspan) if offsets[k] <= virtual + leading / 2),
                default=0,
            )
            if table.placed[r + j][0] == self.number:
                here.append((line, table.placed[r + j][1] - (virtual - offsets[j])))
        if not here:
            return
        # Keep the lines on this page inside its part of the box.
        low = here[-1][1] - leading - (bottom + _PAD)
        high = here[0][1] - (top - _PAD)
        shift = -low if low < 0 else -high if high > 0 else 0.0
        self.canvas.setFont(FONT, size)
        for line, line_top in here:
            baseline = line_top + shift - (leading + size * 0.7) / 2
            if at in table.centred:
                self.canvas.drawCentredString((x0 + x1) / 2, baseline, line)
            else:
                self.canvas.drawString(x0 + _PAD, baseline, line)


@dataclass
class _Table:
    """A table being laid out: its cells and their wrapped text, column edges, each row's
    height and (once placed) page and top y, and the cells whose text is centred."""

    origins: dict[tuple[int, int], Cell]
    texts: dict[tuple[int, int], list[str]]
    x: list[float]
    placed: list[tuple[int, float]]
    heights: list[float]
    centred: set[tuple[int, int]] = field(default_factory=set)

    def split(self, r: int, room: float, leading: float) -> bool:
        """Split row `r` after the lines that fit in `room`, as Word breaks a row across
        pages: its cells' first lines stay, the rest go to a new row below (one-line cells
        stay whole above), and cells merged over the row span the new row too. Rows that
        start a merged cell, or whose first line does not fit, are not split."""
        starting = [c for (row, c) in self.origins if row == r]
        if any(self.origins[(r, c)].rowspan > 1 for c in starting):
            return False
        fit = int((room - 2 * _PAD) // leading)
        tallest = max(len(self.texts[(r, c)]) for c in starting)
        if fit < 1 or fit >= tallest:
            return False
        origins: dict[tuple[int, int], Cell] = {}
        texts: dict[tuple[int, int], list[str]] = {}
        centred: set[tuple[int, int]] = set()
        for (row, c), cell in self.origins.items():
            lines = self.texts[(row, c)]
            moved = (row + 1, c) if row > r else (row, c)
            if row == r:
                origins[(r + 1, c)] = cell
                texts[(r, c)], texts[(r + 1, c)] = lines[:fit], lines[fit:]
                origins[moved] = cell
            else:
                covers = row < r < row + cell.rowspan
                origins[moved] = replace(cell, rowspan=cell.rowspan + covers)
                texts[moved] = lines
            if (row, c) in self.centred:
                centred |= {moved, (r + 1, c)} if row == r else {moved}
        self.origins, self.texts, self.centred = origins, texts, centred
        rest = max(_MIN_ROW, (tallest - fit) * leading + 2 * _PAD)
        self.heights[r : r + 1] = [room, rest]
        return True


def _columns(width: int) -> list[float]:
    """Column edges (x) of a table: the template's proportions for its three tables."""
    if width == 10:  # section 三: three label columns, seven applicant columns
        widths = [36.0, 64.0, 155.0] + [28.0] * 7
    elif width == 4:  # section 二: 信息内容 and three metric columns
        widths = [151.0, 100.0, 100.0, 100.0]
    else:
        widths = [_TEXT_WIDTH / width] * width
    edges = [_LEFT]
    for w in widths:
        edges.append(edges[-1] + w * _TEXT_WIDTH / sum(widths))
    return edges


def _row_heights(
    rows: int,
    origins: dict[tuple[int, int], Cell],
    texts: dict[tuple[int, int], list[str]],
    leading: float,
) -> list[float]:
    """Each row as tall as its tallest one-row cell; a merged cell taller than its rows
    stretches the last of them, as Word does."""
    heights = [_MIN_ROW] * rows
    for (r, c), cell in origins.items():
        if cell.rowspan == 1:
            heights[r] = max(heights[r], len(texts[(r, c)]) * leading + 2 * _PAD)
    for (r, c), cell in sorted(origins.items()):
        need = len(texts[(r, c)]) * leading + 2 * _PAD
        short = need - sum(heights[r : r + cell.rowspan])
        if cell.rowspan > 1 and short > 0:
            heights[r + cell.rowspan - 1] += short
    return heights
