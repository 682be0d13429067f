"""PDF front end: the text layer in reading order, each ruled table row as `cell | cell | …`.

Tables are found from their ruling lines (pdfplumber), so cells, blanks and merged cells come
from the drawing rather than from guessing at spaces. Everything else is text lines, with page
numbers and running headers dropped and paragraphs rejoined across line and page breaks.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pdfplumber
from pdfplumber.page import Page
from pdfplumber.table import CellGroup
from pdfplumber.utils.clustering import cluster_objects

from xxgk.parse.formats.errors import UnreadableDocumentError
from xxgk.parse.time_limit import ParseTimeLimitError, check_time

_Obj = dict[str, Any]

#: How far apart (pt) two rulings may be and still count as the same line.
_EDGE_TOLERANCE = 2.0
#: Share of the page height at the top and bottom where running headers and footers live.
_MARGIN_SHARE = 0.08
#: Gap (in font sizes) above which two characters are separate words / separate columns.
_WORD_GAP = 0.15
_COLUMN_GAP = 0.8
#: Fewer visible characters than this per page, on pages with images, is a scan with a stamp.
_MIN_CHARS_PER_PAGE = 20

_PAGE_NUMBER = re.compile(
    r"^[-—–－‐―~～\s]*(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|"
    r"page\s*\d+(?:\s*of\s*\d+)?|\d+)[-—–－‐―~～\s]*$",
    re.IGNORECASE,
)
_DECORATED_NUMBER = re.compile(r"[-—–－‐―~～/页]|page", re.IGNORECASE)
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
#: A cell text that starts a row of its own (`3.补正后…`, `(五)不予处理`), never a wrapped tail.
_ROW_START = re.compile(
    r"^(?:\d+[.、．]|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)"
)
_NUMBER = re.compile(r"^[+\-]?\d[\d,.]*$")


@dataclass
class _Cell:
    """One table cell; `text` is None where a merged cell covers this grid position."""

    text: str | None
    x0: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0


@dataclass
class _Grid:
    rows: list[list[_Cell]]
    top: float
    bottom: float


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


_Block = _Grid | _Line


def pdf_to_text(data: bytes) -> str:
    """The report's text, one line per paragraph and one `a | b | c` line per table row.

    Raises UnreadableDocumentError for anything that is not a readable PDF with a text layer,
    wrapping every library error, so a batch never dies on one bad object.
    """
    if b"%PDF" not in data[:1024]:
        raise UnreadableDocumentError("not a PDF: no %PDF header")
    try:
        return _read(data)
    except (UnreadableDocumentError, ParseTimeLimitError):
        raise
    except Exception as error:  # pdfminer raises anything from PSEOF to KeyError on bad files
        raise UnreadableDocumentError(_failure(error)) from error


def _read(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = []
        for number, page in enumerate(pdf.pages, 1):
            check_time(f"PDF page {number}")
            pages.append(_page_blocks(page))
        heights = [float(page.height) for page in pdf.pages]
        has_images = any(page.images for page in pdf.pages)
    if not pages:
        raise UnreadableDocumentError("corrupt or truncated PDF: no readable pages")
    if not any(pages):
        if has_images:
            raise UnreadableDocumentError(
                f"scanned PDF: no text layer on any of its {len(pages)} pages "
                "(OCR is not supported)"
            )
        raise UnreadableDocumentError(f"PDF has no text on any of its {len(pages)} pages")
    _drop_running_furniture(pages, heights)
    text = "\n".join(_render(_join_pages(pages))) + "\n"
    visible = len("".join(text.split()))
    if has_images and visible < _MIN_CHARS_PER_PAGE * len(pages):
        raise UnreadableDocumentError(
            f"scanned PDF: almost no text layer ({visible} characters on {len(pages)} pages, "
            "e.g. a scanner's stamp; OCR is not supported)"
        )
    return text


def _failure(error: Exception) -> str:
    """A reason for a library error, naming the real cause that pdfplumber wraps."""
    cause = error.args[0] if error.args and isinstance(error.args[0], Exception) else error
    name = type(cause).__name__
    if "Password" in name or "Encrypt" in name:
        return f"encrypted PDF: it cannot be opened without a password ({name})"
    return f"corrupt or truncated PDF: {name}: {cause}".rstrip(": ")


def _page_blocks(page: Page) -> list[_Block]:
    """A page's text lines and ruled tables, top to bottom, page numbers removed."""
    page = page.dedupe_chars().filter(_is_drawn)
    chars = [char for char in page.chars if char["text"].strip()]
    if not chars:
        return []
    if sum(char["text"].startswith("(cid:") for char in chars) > len(chars) / 2:
        raise UnreadableDocumentError(
            "PDF text layer has no Unicode mapping (fonts without ToUnicode)"
        )
    settings = {"explicit_horizontal_lines": _closing_rulings(page.edges)}
    grids: list[_Grid] = []
    boxes: list[tuple[float, float, float, float]] = []
    for table in page.find_tables(settings):
        grid = _grid(table.rows, chars)
        if grid.rows:
            grids.append(grid)
            boxes.append(table.bbox)
    loose = [char for char in chars if not any(_inside(char, box) for box in boxes)]
    lines = [line for line in _lines(loose) if not _is_page_number(line, page.height)]
    blocks: list[_Block] = [*grids, *lines]
    return sorted(blocks, key=lambda block: block.top)


def _is_drawn(obj: _Obj) -> bool:
    """Drop filled rectangles that are backgrounds (WPS paints one behind every paragraph):
    they are not rulings, and as table edges they invent tables out of plain text."""
    if obj["object_type"] != "rect" or obj.get("stroke"):
        return True
    thin = min(obj["width"], obj["height"]) < _EDGE_TOLERANCE
    return thin and not _is_white(obj.get("non_stroking_color"))


def _is_white(color: Any) -> bool:
    if isinstance(color, int | float):
        return float(color) >= 0.99
    if isinstance(color, list | tuple) and color and all(isinstance(c, int | float) for c in color):
        if len(color) == 4:  # CMYK
            return all(float(c) <= 0.01 for c in color)
        return all(float(c) >= 0.99 for c in color)
    return False


def _closing_rulings(edges: list[_Obj]) -> list[_Obj]:
    """Horizontal rulings where several vertical rulings start or end together.

    A table broken by a page may lack its bottom line on the first page or part of its top
    line on the next (hongze_2023), and without these its last and first rows are not cells.
    """
    verticals = [edge for edge in edges if edge["orientation"] == "v"]
    closing: list[_Obj] = []
    for key in ("top", "bottom"):
        for group in cluster_objects(verticals, key, _EDGE_TOLERANCE):
            if len(group) < 2:
                continue
            y = statistics.fmean(edge[key] for edge in group)
            x0, x1 = min(edge["x0"] for edge in group), max(edge["x1"] for edge in group)
            closing.append(
                {"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0}
                | {"orientation": "h", "object_type": "line"}
            )
    return closing


def _grid(rows: list[CellGroup], chars: list[_Obj]) -> _Grid:
    """The table's cells with their text; rows with no text at all are dropped."""
    grid: list[list[_Cell]] = []
    for row in rows:
        cells = [
            _Cell(None)
            if bbox is None
            else _Cell(
                _cell_text([c for c in chars if _inside(c, bbox)]), bbox[0], bbox[2], bbox[3]
            )
            for bbox in row.cells
        ]
        if any(cell.text for cell in cells):
            grid.append(cells)
    tops = [row.bbox[1] for row in rows]
    bottoms = [row.bbox[3] for row in rows]
    return _Grid(grid, min(tops, default=0.0), max(bottoms, default=0.0))


def _inside(char: _Obj, box: tuple[float, float, float, float]) -> bool:
    x = (float(char["x0"]) + float(char["x1"])) / 2
    y = (float(char["top"]) + float(char["bottom"])) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _rows_of(chars: list[_Obj]) -> list[list[_Obj]]:
    """Characters grouped into visual lines, each left to right."""
    if not chars:
        return []
    tolerance = statistics.median(char["size"] for char in chars) / 2
    groups = cluster_objects(chars, "top", tolerance)
    return [sorted(group, key=lambda char: char["x0"]) for group in groups]


def _lines(chars: list[_Obj]) -> list[_Line]:
    lines: list[_Line] = []
    for row in _rows_of(chars):
        text = _line_text(row)
        if text:
            lines.append(
                _Line(
                    text,
                    row[0]["x0"],
                    max(char["x1"] for char in row),
                    min(char["top"] for char in row),
                    max(char["bottom"] for char in row),
                    statistics.median(char["size"] for char in row),
                )
            )
    return lines


def _line_text(row: list[_Obj]) -> str:
    """One visual line as text. The PDFs carry no space characters: spaces are inferred from
    gaps, but only between Latin letters/digits or at column-wide gaps, because CJK text is
    letter-spaced when justified (`邮 编 ： 223100`) and those gaps are not word breaks."""
    text = ""
    previous: _Obj | None = None
    for char in row:
        if previous is not None:
            gap = char["x0"] - previous["x1"]
            size = max(char["size"], previous["size"], 1.0)
            latin = _is_latin(previous["text"][-1]) and _is_latin(char["text"][0])
            if gap > _COLUMN_GAP * size or (latin and gap > _WORD_GAP * size):
                text += " "
        text += char["text"]
        previous = char
    return " ".join(text.split())


def _cell_text(chars: list[_Obj]) -> str:
    """A cell's lines joined into one: wrapped labels and vertical (one char per line) labels
    become one string; no space where either side is CJK or where a number wrapped."""
    text = ""
    for line in (_line_text(row) for row in _rows_of(chars)):
        text = _join(text, line)
    return text


def _join(head: str, tail: str) -> str:
    if not head or not tail:
        return head + tail
    if _is_latin(head[-1]) and _is_latin(tail[0]) and not (head[-1] + tail[0]).isdigit():
        return f"{head} {tail}"
    return head + tail


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_page_number(line: _Line, page_height: float) -> bool:
    """Page numbers: decorated forms (`- 4 -`, `第4页`, `4/12`) anywhere, bare digits only in
    the top or bottom margin, where they cannot be a table value."""
    if not _PAGE_NUMBER.match(line.text):
        return False
    return bool(_DECORATED_NUMBER.search(line.text)) or _in_margin(line, page_height)


def _in_margin(line: _Line, page_height: float) -> bool:
    return line.bottom < _MARGIN_SHARE * page_height or line.top > (1 - _MARGIN_SHARE) * page_height


def _drop_running_furniture(pages: list[list[_Block]], heights: list[float]) -> None:
    """Remove running headers/footers: a margin line repeated (digits aside) on most pages."""

    def running_keys(page: list[_Block], height: float) -> set[str]:
        return {
            re.sub(r"\d+", "#", block.text)
            for block in page
            if isinstance(block, _Line) and _in_margin(block, height)
        }

    counts = Counter(
        key for page, h in zip(pages, heights, strict=True) for key in running_keys(page, h)
    )
    running = {key for key, count in counts.items() if count >= 3 and count * 2 >= len(pages)}
    if not running:
        return
    for page, height in zip(pages, heights, strict=True):
        page[:] = [
            block
            for block in page
            if not (
                isinstance(block, _Line)
                and _in_margin(block, height)
                and re.sub(r"\d+", "#", block.text) in running
            )
        ]


def _join_pages(pages: list[list[_Block]]) -> list[_Block]:
    """All pages' blocks in order, a table cut by a page break stitched to its continuation."""
    blocks: list[_Block] = []
    for page in pages:
        if page and blocks and isinstance(blocks[-1], _Grid) and isinstance(page[0], _Grid):
            _stitch(blocks[-1], page[0])
        blocks.extend(page)
    return blocks


def _stitch(above: _Grid, below: _Grid) -> None:
    """Mend the first row of a table continued from the previous page.

    Both halves are closed (by rulings or `_closing_rulings`), so a merged cell cut by the
    break becomes two cells:
    the empty continuation of `三、本年度办理结果` (dropped: a merged cell appears once) and
    the tail of a wrapped group label (`（四）无` / `法提供`, joined). A tail is only taken when
    both pieces are group labels, i.e. have a row label to their right, and the lower one does
    not start a row of its own (`（五）…`, `3.…`); a header such as `信息内容` under a full-width
    band `第二十条第（六）项` therefore stays where it is.
    """
    if not below.rows:
        return
    first = below.rows[0]
    owners = [
        (cell, row)
        for row in above.rows
        for cell in row
        if cell.text and abs(cell.bottom - above.bottom) <= _EDGE_TOLERANCE
    ]
    leading = True
    for cell in first:
        if cell.text is None:
            continue
        owner = next((o for o in owners if _overlap(o[0], cell) > 0.5), None)
        if owner is None or owner[0].text is None or not _is_label(owner[0].text):
            leading = leading and not cell.text
            continue
        if not cell.text:
            if leading:
                cell.text = None  # the merged cell's continuation: it appears once, above
            continue
        leading = False
        if (
            _is_label(cell.text)
            and not _ROW_START.match(cell.text)
            and _label_right_of(owner[0], owner[1])
            and _label_right_of(cell, first)
        ):
            owner[0].text = _join(owner[0].text, cell.text)
            cell.text = None
    if not any(cell.text for cell in first):
        below.rows.pop(0)


def _label_right_of(cell: _Cell, row: list[_Cell]) -> bool:
    return any(
        other.text and _is_label(other.text) and other.x0 >= cell.x1 - _EDGE_TOLERANCE
        for other in row
    )


def _overlap(a: _Cell, b: _Cell) -> float:
    width = min(a.x1 - a.x0, b.x1 - b.x0)
    shared = min(a.x1, b.x1) - max(a.x0, b.x0)
    return shared / width if width > 0 else 0.0


def _is_label(text: str) -> bool:
    return bool(text) and not _NUMBER.match(text)


def _render(blocks: list[_Block]) -> list[str]:
    """Table rows as pipe lines (merged positions omitted, blank cells kept); text lines joined
    into paragraphs where a full-width line runs on into an unindented one."""
    lines = [block for block in blocks if isinstance(block, _Line)]
    left = _mode(line.x0 for line in lines)
    right = _mode(line.x1 for line in lines)
    out: list[str] = []
    previous: _Line | None = None
    for block in blocks:
        if isinstance(block, _Grid):
            out.extend(
                " | ".join(cell.text for cell in row if cell.text is not None)
                for row in block.rows
                if any(cell.text for cell in row)
            )
            previous = None
            continue
        if previous is not None and _runs_on(previous, block, left, right):
            out[-1] = _join(out[-1], block.text)
        else:
            out.append(block.text)
        previous = block
    return out


def _runs_on(line: _Line, following: _Line, left: float, right: float) -> bool:
    full = line.x1 >= right - 0.6 * line.size
    unindented = following.x0 <= left + 0.5 * following.size
    return full and unindented and not _HEADING.match(following.text)


def _mode(values: Iterable[float]) -> float:
    counts = Counter(round(value) for value in values)
    return float(counts.most_common(1)[0][0]) if counts else 0.0
