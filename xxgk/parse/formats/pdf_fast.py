"""A page's characters and ruling edges read by pdfium, shaped as pdfplumber's objects.

pdfplumber (pdfminer) interprets every content stream in Python; pdfium does it in C, about
ten times faster. This module reads from pdfium exactly the objects `pdf.py` uses (visible
characters with their boxes, the edges of drawn lines and rectangles, whether there are
images) in pdfplumber's own dict shape, so the same table finder and line builder run on
either. Where pdfium's view could differ from pdfminer's (rotated or vertical text, curves,
form XObjects, overprinted duplicate characters, text without a Unicode mapping, odd page
boxes, colours near white), `read_page` answers None and the caller reads that page with
pdfplumber instead.
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]
from pdfminer.fontmetrics import FONT_METRICS
from pdfplumber.utils.geometry import line_to_edge, rect_to_edges

_Obj = dict[str, Any]

#: Fill colour components (0..255) between these are too close to white to be sure how the
#: careful path (which sees the colour in its own colour space) would judge them.
_WHITE_DOUBT = (250, 254)
#: Characters closer than this (pt) with the same text may be an overprinted duplicate
#: (fake bold) that pdfplumber's `dedupe_chars` would remove.
_DUPLICATE_DISTANCE = 1.5


def _by_address(name: str, restype: Any, *argtypes: Any) -> Any:
    """A pdfium function taking and giving plain addresses: the per-character loop then
    needs no pointer casts (the slowest part of calling through ctypes)."""
    return ctypes.cast(getattr(pdfium_c, name), ctypes.CFUNCTYPE(restype, *argtypes))


_VOID = ctypes.c_void_p
_text_object = _by_address("FPDFText_GetTextObject", _VOID, _VOID, ctypes.c_int)
_object_matrix = _by_address(
    "FPDFPageObj_GetMatrix", ctypes.c_int, _VOID, ctypes.POINTER(pdfium_c.FS_MATRIX)
)
_font_size = _by_address(
    "FPDFTextObj_GetFontSize", ctypes.c_int, _VOID, ctypes.POINTER(ctypes.c_float)
)
_text_font = _by_address("FPDFTextObj_GetFont", _VOID, _VOID)
_INT_REF = ctypes.POINTER(ctypes.c_int)
_FLOAT_REF = ctypes.POINTER(ctypes.c_float)
_UINT_REF = ctypes.POINTER(ctypes.c_uint)
_page_object = _by_address("FPDFPage_GetObject", _VOID, _VOID, ctypes.c_int)
_object_type = _by_address("FPDFPageObj_GetType", ctypes.c_int, _VOID)
_draw_mode = _by_address("FPDFPath_GetDrawMode", ctypes.c_int, _VOID, _INT_REF, _INT_REF)
_segment_count = _by_address("FPDFPath_CountSegments", ctypes.c_int, _VOID)
_segment = _by_address("FPDFPath_GetPathSegment", _VOID, _VOID, ctypes.c_int)
_segment_type = _by_address("FPDFPathSegment_GetType", ctypes.c_int, _VOID)
_segment_point = _by_address(
    "FPDFPathSegment_GetPoint", ctypes.c_int, _VOID, _FLOAT_REF, _FLOAT_REF
)
_segment_closes = _by_address("FPDFPathSegment_GetClose", ctypes.c_int, _VOID)
_fill_colour = _by_address(
    "FPDFPageObj_GetFillColor", ctypes.c_int, _VOID, _UINT_REF, _UINT_REF, _UINT_REF, _UINT_REF
)
_DOUBLE_REF = ctypes.POINTER(ctypes.c_double)
_glyph_box = _by_address(
    "FPDFText_GetCharBox",
    ctypes.c_int,
    _VOID,
    ctypes.c_int,
    _DOUBLE_REF,
    _DOUBLE_REF,
    _DOUBLE_REF,
    _DOUBLE_REF,
)
_glyph_width = _by_address(
    "FPDFFont_GetGlyphWidth", ctypes.c_int, _VOID, ctypes.c_uint, ctypes.c_float, _FLOAT_REF
)
_font_name = _by_address(
    "FPDFFont_GetBaseFontName", ctypes.c_size_t, _VOID, ctypes.c_char_p, ctypes.c_size_t
)
_font_descent = _by_address(
    "FPDFFont_GetDescent", ctypes.c_int, _VOID, ctypes.c_float, ctypes.POINTER(ctypes.c_float)
)


#: pdfium is not thread-safe, not even across documents (pypdfium2's "Incompatibility with
#: Threading"), and parsing runs in worker threads: one thread at a time works in pdfium.
_PDFIUM = threading.RLock()


class UnsureError(Exception):
    """The fast path cannot promise the careful path's result for this page."""


@dataclass(frozen=True)
class PageObjects:
    """What the PDF front end reads from one page, in pdfplumber's coordinates (top-down)."""

    chars: list[_Obj]
    edges: list[_Obj]
    width: float
    height: float
    has_images: bool


def open_document(data: bytes) -> pdfium.PdfDocument | None:
    """The document opened by pdfium, or None where pdfium cannot open it (the careful path
    then reads it, and names the failure)."""
    with _PDFIUM:
        try:
            return pdfium.PdfDocument(data)
        except Exception:  # pdfium raises PdfiumError on anything it cannot open
            return None


def page_count(document: pdfium.PdfDocument) -> int:
    with _PDFIUM:
        return len(document)


def close_document(document: pdfium.PdfDocument) -> None:
    with _PDFIUM:
        document.close()


def read_page(document: pdfium.PdfDocument, index: int) -> PageObjects | None:
    """The page's objects, or None where the fast path is unsure of them."""
    with _PDFIUM:
        page = document[index]
        try:
            return _read_page(page)
        except UnsureError:
            return None
        finally:
            page.close()


def _read_page(page: pdfium.PdfPage) -> PageObjects:
    width, height = page.get_size()
    box = (0.0, 0.0, width, height)
    if page.get_rotation() or page.get_mediabox() != box or page.get_cropbox() != box:
        raise UnsureError("rotated page, or a page box not at the origin")
    edges: list[_Obj] = []
    texts: set[int] = set()
    has_images = False
    address = ctypes.cast(page.raw, _VOID).value
    for index in range(pdfium_c.FPDFPage_CountObjects(page)):
        obj = _page_object(address, index)
        kind = _object_type(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM or kind == pdfium_c.FPDF_PAGEOBJ_SHADING:
            raise UnsureError("form XObject or shading")
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            texts.add(obj)
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            has_images = True
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            edges.extend(_path_edges(obj, height))
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage, height, texts)
    finally:
        textpage.close()
    return PageObjects(chars, edges, width, height, has_images)


def _chars(textpage: pdfium.PdfTextPage, height: float, texts: set[int]) -> list[_Obj]:
    """Visible characters with pdfminer's boxes: x from pdfium's loose box, y from the
    origin and the font's descent, size the font size times the text matrix scale.

    Text comes in one call; the font's descent, and the origin's height above the loose box
    (the same for every character of one font at one size), once per font and size.
    """
    handle = textpage.raw
    count = pdfium_c.FPDFText_CountChars(handle)
    page_text = _page_text(handle, count)
    rect = pdfium_c.FS_RECTF()
    address = ctypes.cast(handle, _VOID).value
    matrix = pdfium_c.FS_MATRIX()
    matrix_ref = ctypes.pointer(matrix)
    font_size = ctypes.c_float()
    font_size_ref = ctypes.pointer(font_size)
    x, y = ctypes.c_double(), ctypes.c_double()
    glyph = [ctypes.c_double() for _ in range(4)]  # left, right, bottom, top
    glyph_refs = [ctypes.byref(value) for value in glyph]
    fonts: dict[tuple[int | None, float, float], _FontAtSize] = {}
    overhanging: set[int | None] = set()
    exact: dict[int | None, list[tuple[str, float, float, float]]] = {}
    last: dict[int | None, tuple[float, float]] = {}
    chars: list[_Obj] = []
    shown: set[int | None] = set()
    for index, text in enumerate(page_text):
        if not text.strip():
            if not pdfium_c.FPDFText_IsGenerated(handle, index):
                shown.add(_text_object(address, index))
            continue
        if text in "\ufffd\ufffe" or pdfium_c.FPDFText_HasUnicodeMapError(handle, index):
            raise UnsureError("character without a Unicode mapping")
        obj = _text_object(address, index)
        if obj is None or not _object_matrix(obj, matrix_ref):
            raise UnsureError("a character without its text object")
        if matrix.b or matrix.c or matrix.a <= 0 or matrix.d <= 0 or matrix.a != matrix.d:
            raise UnsureError("rotated, skewed or stretched text")
        _font_size(obj, font_size_ref)
        font = _text_font(obj)
        unscaled = font_size.value
        size = unscaled * matrix.d
        key = (font, unscaled, matrix.d)
        known = fonts.get(key)
        if known is None:
            known = fonts[key] = _FontAtSize.of(font, unscaled)
        pdfium_c.FPDFText_GetLooseCharBox(handle, index, rect)
        object_key = obj
        shown.add(obj)
        previous = last.get(object_key)
        if previous is not None and (
            abs(previous[0] - rect.left) < 0.01 and abs(previous[1] - rect.bottom) > 0.01
        ):
            raise UnsureError("text running down the page")
        last[object_key] = (rect.left, rect.bottom)
        if _is_vertical(rect, unscaled, size):
            # pdfium's origin is then the corner of pdfminer's em box (default metrics only)
            pdfium_c.FPDFText_GetCharOrigin(handle, index, x, y)
            x0, x1, y0 = x.value, x.value + size, y.value
        elif rect.top <= rect.bottom or not 0 <= rect.right - rect.left <= 1.5 * size + 1:
            raise UnsureError("a glyph box that pdfminer draws differently")
        elif not _glyph_box(address, index, *glyph_refs):
            raise UnsureError("a character without a glyph box")
        else:
            if known.origin_above_box is None:
                pdfium_c.FPDFText_GetCharOrigin(handle, index, x, y)
                known.origin_above_box = y.value - rect.bottom
            x0, y0 = rect.left, rect.bottom + known.origin_above_box + known.descent * size
            if glyph[1].value < rect.right - 1e-3:
                x1 = rect.right  # the loose box ends at the advance: exact
                exact.setdefault(font, []).append((text, rect.right - x0, matrix.a, unscaled))
            else:
                # pdfium's loose box reaches the glyph's ink where it passes the advance
                # (a substituted font, an overhang); pdfminer's box ends at the advance,
                # which the font's width table gives once it matches the exact loose boxes
                advance = _advance(font, text, unscaled, matrix.a)
                if advance is None or not 0 < advance <= rect.right - x0 + 1e-3:
                    raise UnsureError("a glyph wider than its advance, of unknown width")
                x1 = x0 + advance
                overhanging.add(font)
        top = height - y0 - size
        chars.append(
            {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": top + size, "size": size}
        )
    if texts - shown:
        # pdfium's text page leaves some text objects out (repeats of an earlier object, and
        # some of reportlab's wrapped cell labels); pdfminer reads them all
        raise UnsureError("text objects pdfium's text page leaves out")
    if not all(_table_matches(font, exact.get(font, [])) for font in overhanging):
        raise UnsureError("a glyph wider than its advance, in a font whose widths are unproven")
    _refuse_duplicates(chars)
    return chars


def _page_text(handle: Any, count: int) -> str:
    """All characters' text in one call: one UTF-16 unit per character index, so a page with
    characters beyond the BMP (surrogate pairs) is left to the careful path."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    pdfium_c.FPDFText_GetText(
        handle, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
    )
    text = buffer.raw[: count * 2].decode("utf-16-le", errors="surrogatepass")
    if len(text) != count or any("\ud800" <= ch <= "\udfff" for ch in text):
        raise UnsureError("characters beyond the Basic Multilingual Plane")
    return text


def _advance(font: int | None, text: str, unscaled: float, scale: float) -> float | None:
    """The advance width the font's width table gives the character (pdfium looks the
    character code up from the Unicode text), in page units; None if unknown."""
    width = ctypes.c_float()
    if font is None or not _glyph_width(font, ord(text), unscaled, ctypes.byref(width)):
        return None
    return float(width.value) * scale


def _table_matches(font: int | None, exact: list[tuple[str, float, float, float]]) -> bool:
    """Whether the font's width table gives every advance on the page that pdfium's loose box
    gives exactly (and there is at least one): only then is it trusted for glyphs wider
    than their advance."""
    if not exact:
        return False
    for text, width, scale, unscaled in exact:
        advance = _advance(font, text, unscaled, scale)
        if advance is None or abs(advance - width) >= 1e-3:
            return False
    return True


@dataclass
class _FontAtSize:
    """A font's descent (pdfminer's sign) and, once seen, how far a character's origin sits
    above pdfium's loose box at this size."""

    descent: float
    origin_above_box: float | None = None

    @classmethod
    def of(cls, font: Any, unscaled: float) -> _FontAtSize:
        if unscaled <= 0:
            raise UnsureError("zero font size")
        name = ctypes.create_string_buffer(256)
        _font_name(font, name, len(name))
        standard = FONT_METRICS.get(name.value.decode("latin-1"))
        if standard is not None:
            # pdfminer measures the standard 14 fonts by its own metrics, whatever the PDF says
            descent_units = standard[0].get("Descent", 0)
            if not isinstance(descent_units, int | float):
                raise UnsureError("standard font metrics without a number for its descent")
            value = float(descent_units) / 1000
        else:
            descent = ctypes.c_float()
            if not _font_descent(font, 1.0, ctypes.pointer(descent)):
                raise UnsureError("font without a descent")
            value = descent.value
        return cls(min(value, -value))  # pdfminer makes /Descent negative


def _is_vertical(rect: Any, unscaled: float, size: float) -> bool:
    """A vertical-writing CID font with default metrics (`DW2 [880 -1000]`): pdfium then
    draws the loose box one unscaled font size square, from the vertical origin."""
    if abs(size - unscaled) <= 0.01 * unscaled:
        return False  # unscaled text: the square is no sign; the running-down check remains
    width, tall = rect.right - rect.left, rect.top - rect.bottom
    return bool(abs(width - unscaled) < 0.01 and abs(abs(tall) - unscaled) < 0.01)


def _refuse_duplicates(chars: list[_Obj]) -> None:
    """pdfplumber drops overprinted copies (same text and font at nearly the same place);
    telling which copy it keeps needs font names, so such pages go the careful way."""
    by_text: dict[str, list[tuple[float, float]]] = {}
    for char in chars:
        by_text.setdefault(char["text"], []).append((char["top"], char["x0"]))
    for places in by_text.values():
        if len(places) < 2:
            continue
        places.sort()
        for i, (top, x0) in enumerate(places):
            for other_top, other_x0 in places[i + 1 :]:
                if other_top - top > _DUPLICATE_DISTANCE:
                    break
                if abs(other_x0 - x0) <= _DUPLICATE_DISTANCE:
                    raise UnsureError("overprinted duplicate characters")


def _path_edges(obj: Any, height: float) -> list[_Obj]:
    """Edges of a path's straight lines and axis-aligned rectangles, as pdfplumber makes them
    (each subpath its own shape, a rectangle's fill-only background dropped as in pdf.py's
    `_is_drawn` by the caller's filter); anything curved is unsure."""
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    matrix = pdfium_c.FS_MATRIX()
    if not _draw_mode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke)) or not _object_matrix(
        obj, ctypes.byref(matrix)
    ):
        raise UnsureError("a path pdfium cannot describe")
    if fill_mode.value == pdfium_c.FPDF_FILLMODE_NONE and not stroke.value:
        return []  # neither filled nor stroked: pdfminer draws nothing
    a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
    px, py = ctypes.c_float(), ctypes.c_float()
    px_ref, py_ref = ctypes.byref(px), ctypes.byref(py)
    subpaths: list[list[tuple[float, float]]] = []
    closed: list[bool] = []
    for index in range(_segment_count(obj)):
        segment = _segment(obj, index)
        kind = _segment_type(segment) if segment is not None else pdfium_c.FPDF_SEGMENT_UNKNOWN
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO or kind == pdfium_c.FPDF_SEGMENT_UNKNOWN:
            raise UnsureError("curved path")
        _segment_point(segment, px_ref, py_ref)
        point = (a * px.value + c * py.value + e, height - (b * px.value + d * py.value + f))
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([point])
            closed.append(False)
        else:
            subpaths[-1].append(point)
        if _segment_closes(segment):
            closed[-1] = True
    edges: list[_Obj] = []
    for points, is_closed in zip(subpaths, closed, strict=True):
        if is_closed and len(points) > 2 and points[-1] != points[0]:
            points = [*points, points[0]]
        edges.extend(_shape_edges(points, bool(stroke.value), obj, height))
    return edges


def _shape_edges(
    points: list[tuple[float, float]], stroke: bool, obj: Any, height: float
) -> list[_Obj]:
    if len(points) == 1:
        return []
    if len(points) == 2:
        (x0, y0), (x1, y1) = points
        if x0 != x1 and y0 != y1:
            raise UnsureError("diagonal line")
        return [line_to_edge(_box(points, "line", height))]
    if len(points) == 5 and points[4] == points[0]:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = points
        if (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        ):
            rect = _box(points, "rect", height)
            if not stroke and not _is_kept_fill(rect, obj):
                return []
            return rect_to_edges(rect)
    raise UnsureError("a path that pdfminer keeps as a curve")


def _box(points: list[tuple[float, float]], kind: str, height: float) -> _Obj:
    xs = [point[0] for point in points]
    tops = [point[1] for point in points]
    x0, x1, top, bottom = min(xs), max(xs), min(tops), max(tops)
    return {
        "object_type": kind,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "y0": height - bottom,
        "y1": height - top,
        "width": x1 - x0,
        "height": bottom - top,
    }


def _is_kept_fill(rect: _Obj, obj: Any) -> bool:
    """pdf.py's `_is_drawn` for a fill-only rectangle: kept only if thin and not white."""
    if min(rect["width"], rect["height"]) >= 2.0:
        return False
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    if not _fill_colour(
        obj, ctypes.byref(red), ctypes.byref(green), ctypes.byref(blue), ctypes.byref(alpha)
    ):
        raise UnsureError("a fill colour pdfium cannot give")
    components = (red.value, green.value, blue.value)
    if any(_WHITE_DOUBT[0] <= value <= _WHITE_DOUBT[1] for value in components):
        raise UnsureError("a fill colour too near white to judge")
    return not all(value == 255 for value in components)
