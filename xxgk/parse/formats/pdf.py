"""PDF front end: the text layer in reading order, each ruled table row as `cell | cell | …`.

Tables are found from their ruling lines (pdfplumber's table finder), so cells, blanks and
merged cells come from the drawing rather than from guessing at spaces. Everything else is text
lines, with page numbers and running headers dropped and paragraphs rejoined across line and
page breaks.

Pages are read by pdfium (`pdf_fast`, fast) and, where it is unsure of a page or where a
decision below falls too close to a threshold for its slightly different glyph boxes, by
pdfplumber (careful); both feed the same table finder and line builder.
"""

from __future__ import annotations

import bisect
import io
import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Any, cast

import pdfplumber
from pdfplumber.page import Page
from pdfplumber.pdf import PDF
from pdfplumber.table import CellGroup

from xxgk.parse.formats.errors import UnreadableDocumentError
from xxgk.parse.formats.pdf_cells import find_tables
from xxgk.parse.formats.pdf_fast import (
    UnsureError,
    close_document,
    open_document,
    page_count,
    read_page,
)
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
#: How far (pt) pdfium's glyph boxes may sit from pdfminer's: a fast-path decision this close
#: to its threshold is redone by the careful path. `pdf_fast` builds the boxes as pdfminer
#: does (origins, descents, advances from the same tables), and they agree to 1e-4 pt on
#: the dev PDFs; pdfium keeps coordinates in single precision. `_DOUBT` is the margin for
#: heights and centres, `_LEFT_DOUBT` and `_RIGHT_DOUBT` for the line ends the text's
#: margins are voted from (a mode of rounded positions, often decided by ties), and
#: `_WIDTH_DOUBT` (em) for gaps between characters.
_DOUBT = 0.3
_LEFT_DOUBT = 0.01
_RIGHT_DOUBT = 0.01
_WIDTH_DOUBT = 0.01

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


@dataclass(frozen=True)
class PdfReading:
    """A PDF's text, which of its pages (numbered from 1) pdfplumber had to read, and why
    (one reason per careful page: what the fast path was unsure of)."""

    text: str
    pages: int
    careful_pages: tuple[int, ...]
    careful_reasons: tuple[str, ...]


def pdf_to_text(data: bytes) -> str:
    """The report's text, one line per paragraph and one `a | b | c` line per table row.

    Raises UnreadableDocumentError for anything that is not a readable PDF with a text layer,
    wrapping every library error, so a batch never dies on one bad object.
    """
    return read_pdf(data).text


def read_pdf(data: bytes, *, fast: bool = True) -> PdfReading:
    """`pdf_to_text` with its bookkeeping; `fast=False` reads every page with pdfplumber
    (the reference the fast path is tested against)."""
    if b"%PDF" not in data[:1024]:
        raise UnreadableDocumentError("not a PDF: no %PDF header")
    try:
        return _read(data, fast)
    except (UnreadableDocumentError, ParseTimeLimitError):
        raise
    except Exception as error:  # pdfminer raises anything from PSEOF to KeyError on bad files
        raise UnreadableDocumentError(_failure(error)) from error


@dataclass
class _Page:
    blocks: list[_Block]
    height: float
    has_images: bool
    unsure: str | None  # why the fast path could not read the page; None if it did

    @property
    def fast(self) -> bool:
        return self.unsure is None


class _PageReader:
    """Reads each page by pdfium where it is sure of it, else by pdfplumber (opened lazily)."""

    def __init__(self, data: bytes, fast: bool) -> None:
        self._data = data
        self._fast = open_document(data) if fast else None
        self._careful: PDF | None = None
        self._not_fast = "fast path off" if not fast else "pdfium cannot open the document"
        if self._fast is not None and page_count(self._fast) == 0:
            self._not_fast = "pdfium finds no pages"
            self.close()

    def __len__(self) -> int:
        if self._fast is not None:
            return page_count(self._fast)
        return len(self._plumber().pages)

    def page(self, index: int, *, unsure: str | None = None) -> _Page:
        """The page read fast where the fast path is sure of it; carefully where it is not,
        or where `unsure` says why it cannot be (a doubt about the whole document)."""
        if unsure is None and self._fast is None:
            unsure = self._not_fast
        elif unsure is None and self._fast is not None:
            try:
                objects = read_page(self._fast, index)
                blocks = _blocks(
                    objects.chars, objects.edges, objects.width, objects.height, strict=True
                )
            except UnsureError as error:
                unsure = str(error)
            else:
                return _Page(blocks, objects.height, objects.has_images, unsure=None)
        page = self._plumber().pages[index]
        try:
            return _Page(_page_blocks(page), float(page.height), bool(page.images), unsure)
        finally:
            page.close()

    def _plumber(self) -> PDF:
        if self._careful is None:
            self._careful = pdfplumber.open(io.BytesIO(self._data))
        return self._careful

    def close(self) -> None:
        if self._fast is not None:
            close_document(self._fast)
            self._fast = None
        if self._careful is not None:
            self._careful.close()


def _read(data: bytes, fast: bool) -> PdfReading:
    reader = _PageReader(data, fast)
    try:
        read = _read_pages(reader)
    finally:
        reader.close()
    careful = [(number, page.unsure) for number, page in enumerate(read[1], 1) if page.unsure]
    return PdfReading(
        read[0],
        len(read[1]),
        tuple(number for number, _ in careful),
        tuple(reason for _, reason in careful),
    )


def _read_pages(reader: _PageReader) -> tuple[str, list[_Page]]:
    read = []
    for index in range(len(reader)):
        check_time(f"PDF page {index + 1}")
        read.append(reader.page(index))
    try:
        return _text_of(read, strict=any(page.fast for page in read)), read
    except UnsureError as error:
        for index, page in enumerate(read):
            if page.fast:
                check_time(f"PDF page {index + 1}")
                read[index] = reader.page(index, unsure=f"in the document: {error}")
        return _text_of(read, strict=False), read


def _text_of(read: list[_Page], *, strict: bool) -> str:
    pages = [list(page.blocks) for page in read]
    heights = [page.height for page in read]
    has_images = any(page.has_images for page in read)
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
    text = "\n".join(_render(_join_pages(pages), strict=strict)) + "\n"
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
    """A page's text lines and ruled tables read by pdfplumber (the careful path)."""
    page = page.dedupe_chars().filter(_is_drawn)
    chars = [char for char in page.chars if char["text"].strip()]
    if chars and sum(char["text"].startswith("(cid:") for char in chars) > len(chars) / 2:
        raise UnreadableDocumentError(
            "PDF text layer has no Unicode mapping (fonts without ToUnicode)"
        )
    return _blocks(chars, page.edges, float(page.width), float(page.height))


@dataclass(frozen=True)
class _EdgePage:
    """What pdfplumber's table finder reads of a page under the `lines` strategy."""

    edges: list[_Obj]
    bbox: tuple[float, float, float, float]


def _blocks(
    chars: list[_Obj], edges: list[_Obj], width: float, height: float, *, strict: bool = False
) -> list[_Block]:
    """A page's text lines and ruled tables, top to bottom, page numbers removed.

    `strict` (the fast path) raises UnsureError where a decision is too close to call.
    """
    if not chars:
        return []
    settings = {"explicit_horizontal_lines": _closing_rulings(edges)}
    tables = find_tables(cast(Page, _EdgePage(edges, (0.0, 0.0, width, height))), settings)
    grids: list[_Grid] = []
    boxes: list[tuple[float, float, float, float]] = []
    index = _CharIndex(chars)
    for table in tables:
        grid = _grid(table.rows, index, strict)
        if grid.rows:
            grids.append(grid)
            boxes.append(table.bbox)
    tabled = {id(char) for box in boxes for char in index.inside(box, strict)}
    loose = [char for char in chars if id(char) not in tabled]
    lines = [line for line in _lines(loose, strict) if not _is_page_number(line, height)]
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
    for key in ("top", "bottom") if verticals else ():
        order = sorted(range(len(verticals)), key=lambda i: verticals[i][key])
        for members in _chained(order, [verticals[i][key] for i in order], _EDGE_TOLERANCE):
            if len(members) < 2:
                continue
            group = [verticals[i] for i in members]
            y = statistics.fmean(edge[key] for edge in group)
            x0, x1 = min(edge["x0"] for edge in group), max(edge["x1"] for edge in group)
            closing.append(
                {"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0}
                | {"orientation": "h", "object_type": "line"}
            )
    return closing


class _CharIndex:
    """The page's characters ordered by the height of their centres, so a cell looks only at
    the characters level with it (in page order, as a scan of all of them would give); the
    characters of one band of heights are also kept ordered across, so a cell of a table
    row looks only at those near it.

    A character belongs to every box its centre is in (edges included). Strict (the fast
    path), a centre within the glyph-box doubt of a box's edge raises UnsureError.
    """

    def __init__(self, chars: list[_Obj]) -> None:
        self._chars = chars
        xs = [(float(char["x0"]) + float(char["x1"])) / 2 for char in chars]
        ys = [(float(char["top"]) + float(char["bottom"])) / 2 for char in chars]
        self._order = sorted(range(len(chars)), key=ys.__getitem__)
        self._ys = [ys[i] for i in self._order]
        self._xs, self._centre_ys = xs, ys
        self._doubt_x = [max(_DOUBT, _WIDTH_DOUBT * float(char["size"]) / 2) for char in chars]
        #: No character further across from a box than this can be in it or in doubt.
        self._reach = max([_DOUBT, *self._doubt_x])
        self._bands: dict[tuple[float, float], tuple[list[float], list[int]]] = {}

    def inside(self, box: tuple[float, float, float, float], strict: bool) -> list[_Obj]:
        left, top, right, bottom = box
        across, band = self._band(top, bottom)
        low = bisect.bisect_left(across, left - self._reach)
        high = bisect.bisect_right(across, right + self._reach)
        found: list[_Obj] = []
        for i in sorted(band[low:high]):
            x, y = self._xs[i], self._centre_ys[i]
            if strict and (
                (
                    min(abs(x - left), abs(x - right)) < self._doubt_x[i]
                    and top - _DOUBT <= y <= bottom + _DOUBT
                )
                or (
                    min(abs(y - top), abs(y - bottom)) < _DOUBT
                    and left - _DOUBT <= x <= right + _DOUBT
                )
            ):
                raise UnsureError("a character centred on a cell's ruling")
            if left <= x <= right and top <= y <= bottom:
                found.append(self._chars[i])
        return found

    def _band(self, top: float, bottom: float) -> tuple[list[float], list[int]]:
        """The characters centred from `top` to `bottom` (give or take `_DOUBT`), ordered
        across by centre, and those centres."""
        band = self._bands.get((top, bottom))
        if band is None:
            low = bisect.bisect_left(self._ys, top - _DOUBT)
            high = bisect.bisect_right(self._ys, bottom + _DOUBT)
            members = sorted(self._order[low:high], key=self._xs.__getitem__)
            band = self._bands[(top, bottom)] = ([self._xs[i] for i in members], members)
        return band


def _grid(rows: list[CellGroup], chars: _CharIndex, strict: bool) -> _Grid:
    """The table's cells with their text; rows with no text at all are dropped."""
    grid: list[list[_Cell]] = []
    for row in rows:
        cells = [
            _Cell(None)
            if bbox is None
            else _Cell(
                _cell_text(chars.inside(bbox, strict), strict),
                bbox[0],
                bbox[2],
                bbox[3],
            )
            for bbox in row.cells
        ]
        if any(cell.text for cell in cells):
            grid.append(cells)
    tops = [row.bbox[1] for row in rows]
    bottoms = [row.bbox[3] for row in rows]
    return _Grid(grid, min(tops, default=0.0), max(bottoms, default=0.0))


def _rows_of(chars: list[_Obj], strict: bool = False) -> list[list[_Obj]]:
    """Characters grouped into visual lines, each left to right."""
    if len(chars) < 2:
        return [[chars[0]]] if chars else []
    tolerance = statistics.median(char["size"] for char in chars) / 2
    order = sorted(range(len(chars)), key=lambda i: chars[i]["top"])
    if strict:
        tops = [chars[i]["top"] for i in order]
        if any(abs(b - a - tolerance) < 0.05 for a, b in itertools.pairwise(tops)):
            raise UnsureError("two lines about as far apart as the line tolerance")
    return [
        [chars[i] for i in sorted(group, key=lambda i: (chars[i]["x0"], i))]
        for group in _chained(order, [chars[i]["top"] for i in order], tolerance)
    ]


def _chained(order: list[int], values: list[float], tolerance: float) -> list[list[int]]:
    """pdfplumber's `cluster_objects` on sorted values: a value within `tolerance` of the one
    before it joins its group (`order` is the members, `values` their sorted values)."""
    groups: list[list[int]] = [[order[0]]]
    last = values[0]
    for member, value in zip(order[1:], values[1:], strict=True):
        if value <= last + tolerance:
            groups[-1].append(member)
        else:
            groups.append([member])
        last = value
    return groups


def _lines(chars: list[_Obj], strict: bool = False) -> list[_Line]:
    lines: list[_Line] = []
    for row in _rows_of(chars, strict):
        text = _line_text(row, strict)
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


def _line_text(row: list[_Obj], strict: bool = False) -> str:
    """One visual line as text. The PDFs carry no space characters: spaces are inferred from
    gaps, but only between Latin letters/digits or at column-wide gaps, because CJK text is
    letter-spaced when justified (`邮 编 ： 223100`) and those gaps are not word breaks."""
    text = ""
    previous: _Obj | None = None
    for char in row:
        if previous is not None:
            gap = char["x0"] - previous["x1"]
            size = max(char["size"], previous["size"], 1.0)
            before, after = previous["text"][-1], char["text"][0]
            latin = before.isascii() and before.isalnum() and after.isascii() and after.isalnum()
            if strict and (
                abs(gap - _COLUMN_GAP * size) < max(_DOUBT, _WIDTH_DOUBT * size)
                or (latin and abs(gap - _WORD_GAP * size) < max(_DOUBT, _WIDTH_DOUBT * size))
            ):
                raise UnsureError("a gap about as wide as a word or column break")
            if gap > _COLUMN_GAP * size or (latin and gap > _WORD_GAP * size):
                text += " "
        text += char["text"]
        previous = char
    return " ".join(text.split())


def _cell_text(chars: list[_Obj], strict: bool = False) -> str:
    """A cell's lines joined into one: wrapped labels and vertical (one char per line) labels
    become one string; no space where either side is CJK or where a number wrapped."""
    text = ""
    for line in (_line_text(row, strict) for row in _rows_of(chars, strict)):
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


def _render(blocks: list[_Block], *, strict: bool = False) -> list[str]:
    """Table rows as pipe lines (merged positions omitted, blank cells kept); text lines joined
    into paragraphs where a full-width line runs on into an unindented one.

    `strict` (pages read by pdfium) raises UnsureError where a join would go the other way
    for glyph boxes off by up to `_DOUBT`: the text's margins are modes of rounded positions,
    so every margin such boxes could give is tried.
    """
    lines = [block for block in blocks if isinstance(block, _Line)]
    lefts = _modes([(line.x0, _LEFT_DOUBT if strict else 0.0) for line in lines])
    rights = _modes([(line.x1, _RIGHT_DOUBT if strict else 0.0) for line in lines])
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
        if previous is not None and _joins(previous, block, lefts, rights, strict):
            out[-1] = _join(out[-1], block.text)
        else:
            out.append(block.text)
        previous = block
    return out


def _joins(
    line: _Line, following: _Line, lefts: set[float], rights: set[float], strict: bool
) -> bool:
    shifts = [(-_RIGHT_DOUBT, -_LEFT_DOUBT), (0.0, 0.0), (_RIGHT_DOUBT, _LEFT_DOUBT)]
    answers = {
        _runs_on(line, following, left, right, shift)
        for left in lefts
        for right in rights
        for shift in (shifts if strict else [(0.0, 0.0)])
    }
    if len(answers) > 1:
        raise UnsureError("whether a line runs on depends on glyph widths")
    return answers.pop()


def _runs_on(
    line: _Line, following: _Line, left: float, right: float, shift: tuple[float, float]
) -> bool:
    full = line.x1 + shift[0] >= right - 0.6 * line.size
    unindented = following.x0 - shift[1] <= left + 0.5 * following.size
    return full and unindented and not _HEADING.match(following.text)


def _modes(values: list[tuple[float, float]]) -> set[float]:
    """The most common rounded value (first seen wins a tie) of (value, doubt) pairs; where
    values are in doubt, every value that could be the most common were each off by up to
    its doubt."""
    if not values:
        return {0.0}
    if not any(doubt for _, doubt in values):
        return {float(Counter(round(value) for value, _ in values).most_common(1)[0][0])}
    surely: Counter[int] = Counter()
    maybe: Counter[int] = Counter()
    for value, doubt in values:
        low, high = round(value - doubt), round(value + doubt)
        if low == high:
            surely[low] += 1
        for candidate in range(low, high + 1):
            maybe[candidate] += 1
    best = max(surely.values(), default=0)
    return {float(value) for value, count in maybe.items() if count >= best}
