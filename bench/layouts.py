"""A report's blocks written in the layouts reports are crawled, converted and served in.

Text layouts come from `|` rows (DOCX or crawler text, one cell per line, double-spaced, a
PDF's text layer with spaces); `pdftotext_layout` places cells by position and writes tall
merged labels one character a line; Markdown from PDF-to-Markdown converters (pipe grids with
`|---|` rows, tables split at page breaks with their header repeated, HTML tables embedded);
HTML as a CMS serves it (a plain table, one `<p>` per cell, or Word's own HTML with rowspan and
colspan). A page break inside a table leaves its footer (`—2—`) between the rows.
"""

from __future__ import annotations

import html
import itertools
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

import opencc

from bench.grids import Block, Cell, Grid, Heading, Row, Title
from tests.support.variants import double_spaced, one_cell_per_line, space_separated

LAYOUTS = (
    "pipe",
    "one_cell_per_line",
    "double_spaced",
    "pdf_text",
    "html",
    "markdown",
    "markdown_split",
    "markdown_html",
    "pdftotext_layout",
    "html_p_per_cell",
    "word_html",
    "html_p_styled",  # bench.layouts_more
)
ENCODINGS = ("utf-8", "gb18030", "traditional")
HTML_LAYOUTS = frozenset({"html", "html_p_per_cell", "word_html", "html_p_styled"})


@dataclass(frozen=True)
class Page:
    """How page footers read (`—2—`, `- 2 -`, `第2页`): `{}` takes the page number."""

    footer: str = "—{}—"


def render(blocks: list[Block], layout: str, encoding: str, page: Page = Page()) -> bytes:
    """The blocks in `layout`, as bytes in `encoding` (`traditional`: UTF-8 in traditional
    characters)."""
    if layout == "html_p_styled":
        from bench.layouts_more import render_more  # lazily: it imports this module

        text = render_more(blocks, layout, page, "gbk" if encoding == "gb18030" else "utf-8")
    elif layout in HTML_LAYOUTS:
        text = _html_page(blocks, layout, page, "gbk" if encoding == "gb18030" else "utf-8")
    elif layout.startswith("markdown"):
        text = _markdown(blocks, layout, page)
    elif layout == "pdftotext_layout":
        text = _pdftotext(blocks, page)
    else:
        text = _text(blocks, layout, page)
    if encoding == "traditional":
        text = _s2t().convert(text)
    return text.encode("gb18030" if encoding == "gb18030" else "utf-8")


# Text -------------------------------------------------------------------------------------


def _pipe_lines(blocks: list[Block], page: Page) -> Iterator[str]:
    number = 1
    for block in blocks:
        if isinstance(block, Grid):
            for index, row in enumerate(block.rows):
                if index in block.breaks:
                    number += 1
                    yield page.footer.format(number)
                yield " | ".join(c.text for c in row) + " |"
        else:
            yield _plain(block)


_TEXT: dict[str, Callable[[str], bytes]] = {
    "one_cell_per_line": one_cell_per_line,
    "double_spaced": double_spaced,
    "pdf_text": space_separated,
}


def _text(blocks: list[Block], layout: str, page: Page) -> str:
    text = "\n".join(_pipe_lines(blocks, page)) + "\n"
    if layout == "pipe":
        return text
    return _TEXT[layout](text).decode("utf-8")


def _plain(block: Block) -> str:
    return block.text if isinstance(block, Title | Heading) else str(block)


# Markdown ---------------------------------------------------------------------------------


def expand(grid: Grid, pad: bool = True) -> list[list[str]]:
    """The grid as a matrix: a merged cell's text at its top-left, blanks where it spans; with
    `pad`, rows that hold fewer cells (a row that lost a cell) are padded to the full width."""
    taken: dict[tuple[int, int], str] = {}
    matrix: list[list[str]] = []
    for r, row in enumerate(grid.rows):
        line: list[str] = []
        cells = iter(row)
        c = 0
        while True:
            if (r, c) in taken:
                line.append(taken.pop((r, c)))
                c += 1
                continue
            cell = next(cells, None)
            if cell is None:
                break
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    if dr or dc:
                        taken[(r + dr, c + dc)] = ""
            line.append(cell.text)
            line += [""] * (cell.colspan - 1)
            c += cell.colspan
        matrix.append(line)
    if not pad:
        return matrix
    width = max(len(line) for line in matrix)
    return [line + [""] * (width - len(line)) for line in matrix]


def _markdown(blocks: list[Block], layout: str, page: Page) -> str:
    out: list[str] = []
    number = 1
    for block in blocks:
        if isinstance(block, Title):
            out.append(f"# {block.text}")
        elif isinstance(block, Heading):
            out.append(f"## {block.text}")
        elif isinstance(block, str):
            out.append(block)
        elif layout == "markdown_html":
            for part, rows in _pieces(block, repeat_header=False):
                if part:
                    number += 1
                    out.append(page.footer.format(number))
                out.append(_html_table(block, rows, "plain"))
        else:
            # A converter writes the cells a row has: a row that lost a cell stays short.
            matrix = expand(block, pad=False)
            split = layout == "markdown_split"
            grid = block
            if split and not block.breaks and block.boundary is not None and len(block.rows) > 8:
                grid = Grid(block.name, block.rows, block.header, frozenset({block.boundary}))
            starts = [0, *sorted(grid.breaks), len(matrix)]
            for part, (start, end) in enumerate(itertools.pairwise(starts)):
                if part:
                    number += 1
                    out.append(page.footer.format(number))
                piece = matrix[start:end]
                if part and split:
                    piece = matrix[: grid.header] + piece
                out.append(_markdown_table(piece))
    return "\n\n".join(out) + "\n"


def _markdown_table(rows: list[list[str]]) -> str:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(" ".join(c.split()) for c in cells) + " |"

    return "\n".join([line(rows[0]), "|" + "---|" * len(rows[0]), *map(line, rows[1:])])


# HTML -------------------------------------------------------------------------------------


def _pieces(grid: Grid, repeat_header: bool) -> Iterator[tuple[int, tuple[Row, ...]]]:
    """The grid's rows cut at its page breaks (merged cells are already cut there)."""
    starts = [0, *sorted(grid.breaks), len(grid.rows)]
    for part, (start, end) in enumerate(itertools.pairwise(starts)):
        rows = grid.rows[start:end]
        yield part, (grid.rows[: grid.header] + rows) if part and repeat_header else rows


def _html_table(grid: Grid, rows: tuple[Row, ...], style: str) -> str:
    def cell(c: Cell) -> str:
        spans = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (
            f' colspan="{c.colspan}"' if c.colspan > 1 else ""
        )
        text = "<br>".join(html.escape(part) for part in c.text.split("\n"))
        if style == "word":
            inner = "".join(
                f"<p class=MsoNormal align=center style='text-align:center'><span "
                f"style='font-size:10.5pt;font-family:仿宋_GB2312'>{html.escape(part)}</span></p>"
                for part in c.text.split("\n")
            )
            return (
                f"<td width=64 valign=center{spans}>{inner or '<p class=MsoNormal>&nbsp;</p>'}</td>"
            )
        if style == "flat":
            return f"<td>{text}</td>"
        return f"<td{spans}>{text}</td>"

    if style == "flat":
        body = "".join("<tr>" + "".join(cell(c) for c in row) + "</tr>" for row in rows)
        return f"<table border='1'>{body}</table>"
    body = "".join("<tr>" + "".join(cell(c) for c in row) + "</tr>" for row in rows)
    if style == "word":
        return (
            "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 "
            f"style='border-collapse:collapse;border:none'>{body}</table>"
        )
    return f"<table>{body}</table>"


def _html_page(blocks: list[Block], layout: str, page: Page, charset: str) -> str:
    body: list[str] = []
    number = 1
    title = ""
    for block in blocks:
        if isinstance(block, Title):
            title = title or block.text
            body.append(f"<h1>{html.escape(block.text)}</h1>")
        elif isinstance(block, Heading):
            body.append(f"<p><strong>{html.escape(block.text)}</strong></p>")
        elif isinstance(block, str):
            if layout == "word_html":
                body.append(
                    "<p class=MsoNormal style='text-indent:32.0pt'><span style='font-size:16.0pt;"
                    f"font-family:仿宋_GB2312'>{html.escape(block)}</span></p>"
                )
            else:
                body.append(f"<p>{html.escape(block)}</p>")
        else:
            for part, rows in _pieces(block, repeat_header=False):
                if part:
                    number += 1
                    body.append(f"<p align=center>{html.escape(page.footer.format(number))}</p>")
                if layout == "html_p_per_cell":
                    body += [
                        f"<p>{html.escape(c.text) if c.text else '&nbsp;'}</p>"
                        for row in rows
                        for c in row
                    ]
                else:
                    body.append(
                        _html_table(block, rows, "word" if layout == "word_html" else "flat")
                    )
    nav = "".join(f"<li><a href='/n{i}'>栏目{i}</a></li>" for i in range(8))
    return (
        f"<!DOCTYPE html><html><head><meta http-equiv='Content-Type' content='text/html; "
        f"charset={charset}'><title>{html.escape(title)}</title></head><body>"
        f"<div class='nav'><ul>{nav}</ul></div><div class='article'>{''.join(body)}</div>"
        "<div class='footer'>版权所有 主办单位：政府办公室</div></body></html>"
    )


# pdftotext -layout ------------------------------------------------------------------------

_LINE = 38  # characters per line of body text on an A4 page in 仿宋 16 pt
_LABEL_WIDTH = 26  # display columns of a wrapped row label


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for ch in text:
        if _width(current + ch) > width:
            lines.append(current)
            current = ""
        current += ch
    return [*lines, current] if current or not lines else lines


def _pdftotext(blocks: list[Block], page: Page) -> str:
    out: list[str] = []
    number = 1
    for block in blocks:
        if isinstance(block, Title):
            out += [" " * 12 + line for line in _wrap(block.text, 2 * 22)]
        elif isinstance(block, Heading):
            out.append("    " + block.text)
        elif isinstance(block, str):
            wrapped = _wrap(block, 2 * _LINE)
            out += ["    " + wrapped[0], *wrapped[1:]]
        else:
            for part, lines in enumerate(_positioned(block)):
                if part:  # the page's footer, then a form feed opening the next page
                    number += 1
                    out += ["", " " * 36 + page.footer.format(number)]
                    lines = ["\f" + lines[0], *lines[1:]]
                out += lines
    return "\n".join(out) + "\n"


def _positioned(grid: Grid) -> list[list[str]]:
    """The table as a PDF's text layer under `pdftotext -layout`: each cell at its column's
    position, its text wrapped within the column (a label merged over many rows in a narrow
    column comes out one character a line), merged cells centred over their rows, numbers
    right-aligned. One list of lines per page."""
    origins = _origins(grid)
    width = len(expand(grid)[0])
    columns = [0] * width
    for (_, c), cell in origins.items():
        if cell.colspan == 1:
            columns[c] = max(columns[c], _column_width(cell))
    columns = [w + 3 for w in columns]
    x = [sum(columns[:i]) for i in range(width + 1)]
    parts = {
        at: _wrap(cell.text, max(x[at[1] + cell.colspan] - x[at[1]] - 3, 2))
        for at, cell in origins.items()
    }
    # How many lines each row takes: its tallest cell; a merged cell taller than its rows
    # stretches the last of them, as Word does.
    heights = [1] * len(grid.rows)
    for (r, _), cell in origins.items():
        if cell.rowspan == 1:
            heights[r] = max(heights[r], len(parts[(r, _)]))
    for (r, c), cell in sorted(origins.items()):
        short = len(parts[(r, c)]) - sum(heights[r : r + cell.rowspan])
        if cell.rowspan > 1 and short > 0:
            heights[r + cell.rowspan - 1] += short
    line_of = [sum(heights[:r]) for r in range(len(heights) + 1)]
    canvas: list[dict[int, str]] = [{} for _ in range(line_of[-1])]
    for (r, c), cell in origins.items():
        if not cell.text:
            continue
        span = x[c + cell.colspan] - x[c] - 3
        first, last = line_of[r], line_of[r + cell.rowspan]
        lines = parts[(r, c)]
        top = first + (last - first - len(lines)) // 2 if cell.rowspan > 1 else first
        for i, part in enumerate(lines):
            numeric = part.lstrip("+-").replace(".", "").isdigit()
            room = span - _width(part) if numeric else 0
            offset = x[c] + (room if cell.colspan == 1 else room // 2)
            canvas[top + i][offset] = part
    lines = [_join(positions) for positions in canvas]
    starts = [0, *sorted(line_of[b] for b in grid.breaks), len(lines)]
    return [lines[a:b] for a, b in itertools.pairwise(starts)]


def _column_width(cell: Cell) -> int:
    """How wide a cell makes its column: a one-row cell its text (long labels wrap); a merged
    cell only as wide as its text spread over its rows needs."""
    if cell.rowspan == 1:
        return min(_width(cell.text), _LABEL_WIDTH)
    per_line = -(-len(cell.text) // cell.rowspan)
    return min(max(_width(ch) for ch in cell.text) * per_line if cell.text else 0, _LABEL_WIDTH)


def _origins(grid: Grid) -> dict[tuple[int, int], Cell]:
    """Each cell by the row and column it starts at. A row holding fewer cells than the table
    is wide (a row that lost a cell) has its last cell reach the right edge, as a Word row
    with fewer, wider cells does: its value then stands between the header's columns."""
    width = len(expand(grid)[0])
    taken: set[tuple[int, int]] = set()
    found: dict[tuple[int, int], Cell] = {}
    for r, row in enumerate(grid.rows):
        c = 0
        last: tuple[int, int] | None = None
        for cell in row:
            while (r, c) in taken:
                c += 1
            found[(r, c)] = cell
            last = (r, c)
            taken |= {(r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan)}
            c += cell.colspan
        if last is not None and c < width and not any((r, k) in taken for k in range(c, width)):
            cell = found[last]
            found[last] = Cell(cell.text, cell.rowspan, cell.colspan + width - c)
    return found


def _join(positions: dict[int, str]) -> str:
    line = ""
    for at in sorted(positions):
        pad = at - _width(line)
        line += " " * max(pad, 1 if line else 0) + positions[at]
    return line.rstrip()


@cache
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")
