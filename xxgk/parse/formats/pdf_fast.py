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
import re
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
# Out-parameters are passed as integer addresses too: cheaper to convert than byref().
_object_matrix = _by_address("FPDFPageObj_GetMatrix", ctypes.c_int, _VOID, _VOID)
_font_size = _by_address("FPDFTextObj_GetFontSize", ctypes.c_int, _VOID, _VOID)
_text_font = _by_address("FPDFTextObj_GetFont", _VOID, _VOID)
_FLOAT_REF = ctypes.POINTER(ctypes.c_float)
_DOUBLE_REF = ctypes.POINTER(ctypes.c_double)
_UINT_REF = ctypes.POINTER(ctypes.c_uint)
_is_generated = _by_address("FPDFText_IsGenerated", ctypes.c_int, _VOID, ctypes.c_int)
_unicode_map_error = _by_address("FPDFText_HasUnicodeMapError", ctypes.c_int, _VOID, ctypes.c_int)
_loose_box = _by_address("FPDFText_GetLooseCharBox", ctypes.c_int, _VOID, ctypes.c_int, _VOID)
_char_origin = _by_address(
    "FPDFText_GetCharOrigin", ctypes.c_int, _VOID, ctypes.c_int, _DOUBLE_REF, _DOUBLE_REF
)
_page_object = _by_address("FPDFPage_GetObject", _VOID, _VOID, ctypes.c_int)
_object_type = _by_address("FPDFPageObj_GetType", ctypes.c_int, _VOID)
_draw_mode = _by_address("FPDFPath_GetDrawMode", ctypes.c_int, _VOID, _VOID, _VOID)
_segment_count = _by_address("FPDFPath_CountSegments", ctypes.c_int, _VOID)
_segment = _by_address("FPDFPath_GetPathSegment", _VOID, _VOID, ctypes.c_int)
_segment_type = _by_address("FPDFPathSegment_GetType", ctypes.c_int, _VOID)
_segment_point = _by_address("FPDFPathSegment_GetPoint", ctypes.c_int, _VOID, _VOID, _VOID)
_segment_closes = _by_address("FPDFPathSegment_GetClose", ctypes.c_int, _VOID)
_fill_colour = _by_address(
    "FPDFPageObj_GetFillColor", ctypes.c_int, _VOID, _UINT_REF, _UINT_REF, _UINT_REF, _UINT_REF
)
_glyph_box = _by_address(
    "FPDFText_GetCharBox", ctypes.c_int, _VOID, ctypes.c_int, _VOID, _VOID, _VOID, _VOID
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
_object_bounds = _by_address(
    "FPDFPageObj_GetBounds", ctypes.c_int, _VOID, _VOID, _VOID, _VOID, _VOID
)
_render_mode = _by_address("FPDFTextObj_GetTextRenderMode", ctypes.c_int, _VOID)
_set_render_mode = _by_address("FPDFTextObj_SetTextRenderMode", ctypes.c_int, _VOID, ctypes.c_int)
_DOUBLE = ctypes.c_double
_transform = _by_address(
    "FPDFPageObj_Transform", None, _VOID, _DOUBLE, _DOUBLE, _DOUBLE, _DOUBLE, _DOUBLE, _DOUBLE
)
#: Scratch space for one call at a time (callers hold `_PDFIUM`).
_MATRIX = pdfium_c.FS_MATRIX()
_MATRIX_AT = ctypes.addressof(_MATRIX)
_FONT_SIZE = ctypes.c_float()
_FONT_SIZE_AT = ctypes.addressof(_FONT_SIZE)
_FILL_MODE = ctypes.c_int()
_FILL_MODE_AT = ctypes.addressof(_FILL_MODE)
_STROKE = ctypes.c_int()
_STROKE_AT = ctypes.addressof(_STROKE)
_POINT_X = ctypes.c_float()
_POINT_X_AT = ctypes.addressof(_POINT_X)
_POINT_Y = ctypes.c_float()
_POINT_Y_AT = ctypes.addressof(_POINT_Y)
_TEXT = pdfium_c.FPDF_PAGEOBJ_TEXT
_PATH = pdfium_c.FPDF_PAGEOBJ_PATH
_IMAGE = pdfium_c.FPDF_PAGEOBJ_IMAGE
_FORM = pdfium_c.FPDF_PAGEOBJ_FORM
_SHADING = pdfium_c.FPDF_PAGEOBJ_SHADING
_FILL_NONE = pdfium_c.FPDF_FILLMODE_NONE
_SEGMENT_MOVE = pdfium_c.FPDF_SEGMENT_MOVETO
_SEGMENT_BEZIER = pdfium_c.FPDF_SEGMENT_BEZIERTO
_SEGMENT_UNKNOWN = pdfium_c.FPDF_SEGMENT_UNKNOWN
_FILL = pdfium_c.FPDF_TEXTRENDERMODE_FILL
_FILL_STROKE = pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE
#: pdfium's text page skips text objects narrower than this (pt; its `kSizeEpsilon`).
_EMPTY = 0.01

_SURROGATE = re.compile("[\ud800-\udfff]")

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


def read_page(document: pdfium.PdfDocument, index: int) -> PageObjects:
    """The page's objects; UnsureError (saying why) where the fast path is unsure of them."""
    with _PDFIUM:
        page = document[index]
        try:
            return _read_page(page)
        finally:
            page.close()


def _read_page(page: pdfium.PdfPage) -> PageObjects:
    width, height = page.get_size()
    box = (0.0, 0.0, width, height)
    if page.get_rotation() or page.get_mediabox() != box or page.get_cropbox() != box:
        raise UnsureError("rotated page, or a page box not at the origin")
    edges: list[_Obj] = []
    texts: dict[int, int] = {}  # each text object's place in the content stream
    has_images = False
    address = ctypes.cast(page.raw, _VOID).value
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    at = [ctypes.addressof(value) for value in (left, bottom, right, top)]
    left_at, bottom_at, right_at, top_at = at
    page_object, object_type, object_bounds = _page_object, _object_type, _object_bounds
    for index in range(pdfium_c.FPDFPage_CountObjects(page)):
        obj = page_object(address, index)
        kind = object_type(obj)
        if kind == _TEXT:
            texts[obj] = index
            if (
                object_bounds(obj, left_at, bottom_at, right_at, top_at)
                and right.value - left.value < _EMPTY
            ):
                _widen(obj)
        elif kind == _PATH:
            edges.extend(_path_edges(obj, height))
        elif kind == _IMAGE:
            has_images = True
        elif kind in (_FORM, _SHADING):
            raise UnsureError("form XObject or shading")
    chars, missing = _text_page_chars(page, height, texts)
    if missing:
        # pdfium's text page leaves some text objects out (repeats of an earlier object,
        # empty ones); pdfminer reads them all
        raise UnsureError("text objects pdfium's text page leaves out")
    return PageObjects(chars, edges, width, height, has_images)


def _text_page_chars(
    page: pdfium.PdfPage, height: float, texts: dict[int, int]
) -> tuple[list[_Obj], set[int]]:
    """The page's characters in content-stream order (pdfminer's, which pdfium's text page
    changes where it puts text objects on one line left to right), and the text objects
    pdfium's text page left out."""
    textpage = page.get_textpage()
    try:
        placed, shown = _chars(textpage, height, texts)
    finally:
        textpage.close()
    placed.sort()  # (place in the content stream, index on the text page): all distinct
    return [char for _, _, char in placed], texts.keys() - shown


def _chars(
    textpage: pdfium.PdfTextPage, height: float, texts: dict[int, int]
) -> tuple[list[tuple[int, int, _Obj]], set[int]]:
    """Visible characters with pdfminer's boxes (each after its text object's place in the
    content stream and its index on the text page), and the text objects the text page
    shows.

    x comes from pdfium's loose box, y from the origin and the font's descent, size is the
    font size times the text matrix scale. Text comes in one call; each text object's
    matrix, font and size once; the font's descent, and the origin's height above the loose
    box (the same for every character of one font at one size), once per font and size.
    """
    handle = textpage.raw
    count = pdfium_c.FPDFText_CountChars(handle)
    page_text = _page_text(handle, count)
    if "\ufffd" in page_text or "\ufffe" in page_text:
        raise UnsureError("character without a Unicode mapping")
    address = ctypes.cast(handle, _VOID).value
    rect = pdfium_c.FS_RECTF()
    rect_at = ctypes.addressof(rect)
    x, y = ctypes.c_double(), ctypes.c_double()
    glyph = [ctypes.c_double() for _ in range(4)]  # left, right, bottom, top
    glyph_at = [ctypes.addressof(value) for value in glyph]
    glyph_right = glyph[1]
    glyph_left_at, glyph_right_at, glyph_bottom_at, glyph_top_at = glyph_at
    # pdfium's functions as locals: the loop below runs once per character
    text_object, loose_box, glyph_box = _text_object, _loose_box, _glyph_box
    unicode_map_error = _unicode_map_error
    fonts: dict[tuple[int, float, float], _FontAtSize] = {}
    objects: dict[int | None, tuple[int, _FontAtSize, float, float, float, bool, int]] = {}
    overhanging: set[int] = set()
    exact: dict[int, set[tuple[str, float, float, float]]] = {}
    advances: dict[tuple[int, str, float, float], float | None] = {}
    last: dict[int, tuple[float, float]] = {}
    placed: list[tuple[int, int, _Obj]] = []
    shown: set[int] = set()
    for index, text in enumerate(page_text):
        if text.isspace():
            if not _is_generated(address, index):
                shown.add(_text_object(address, index))
            continue
        if unicode_map_error(address, index):
            raise UnsureError("character without a Unicode mapping")
        obj = text_object(address, index)
        known = objects.get(obj)
        if known is None:
            known = objects[obj] = _text_object_facts(obj, fonts, texts)
        handle, font, unscaled, size, scale, may_be_vertical, place = known
        loose_box(address, index, rect_at)
        left, right, bottom = rect.left, rect.right, rect.bottom
        previous = last.get(obj)
        if previous is not None and (
            abs(previous[0] - left) < 0.01 and abs(previous[1] - bottom) > 0.01
        ):
            raise UnsureError("text running down the page")
        last[obj] = (left, bottom)
        if may_be_vertical and _is_vertical(rect, unscaled):
            # pdfium's origin is then the corner of pdfminer's em box (default metrics only)
            _char_origin(address, index, x, y)
            x0, x1, y0 = x.value, x.value + size, y.value
        elif rect.top <= bottom or not 0 <= right - left <= 1.5 * size + 1:
            raise UnsureError("a glyph box that pdfminer draws differently")
        elif not glyph_box(
            address, index, glyph_left_at, glyph_right_at, glyph_bottom_at, glyph_top_at
        ):
            raise UnsureError("a character without a glyph box")
        else:
            if font.origin_above_box is None:
                _char_origin(address, index, x, y)
                font.origin_above_box = y.value - bottom
            x0, y0 = left, bottom + font.origin_above_box + font.descent * size
            if glyph_right.value < right - 1e-3:
                x1 = right  # the loose box ends at the advance: exact
                exact.setdefault(handle, set()).add((text, right - x0, scale, unscaled))
            else:
                # pdfium's loose box reaches the glyph's ink where it passes the advance
                # (a substituted font, an overhang); pdfminer's box ends at the advance,
                # which the font's width table gives once it matches the exact loose boxes
                key = (handle, text, unscaled, scale)
                if key in advances:
                    advance = advances[key]
                else:
                    advance = advances[key] = _advance(*key)
                if advance is None or not 0 < advance <= right - x0 + 1e-3:
                    raise UnsureError("a glyph wider than its advance, of unknown width")
                x1 = x0 + advance
                overhanging.add(handle)
        top = height - y0 - size
        placed.append(
            (
                place,
                index,
                {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": top + size, "size": size},
            )
        )
    shown.update(obj for obj in objects if obj is not None)
    if not all(_table_matches(font, exact.get(font, set())) for font in overhanging):
        raise UnsureError("a glyph wider than its advance, in a font whose widths are unproven")
    _refuse_duplicates([char for _, _, char in placed])
    return placed, shown


def _text_object_facts(
    obj: int | None, fonts: dict[tuple[int, float, float], _FontAtSize], texts: dict[int, int]
) -> tuple[int, _FontAtSize, float, float, float, bool, int]:
    """What every character of one text object shares: the font's handle, the font at its
    size, the font size before and after the text matrix's scale, that scale, whether the
    text may be vertical, and the object's place in the content stream."""
    if obj is None or obj not in texts or not _object_matrix(obj, _MATRIX_AT):
        raise UnsureError("a character without its text object")
    a, d = _MATRIX.a, _MATRIX.d
    if _MATRIX.b or _MATRIX.c or a <= 0 or d <= 0 or a != d:
        raise UnsureError("rotated, skewed or stretched text")
    _font_size(obj, _FONT_SIZE_AT)
    handle = _text_font(obj)
    unscaled = _FONT_SIZE.value
    key = (handle, unscaled, d)
    font = fonts.get(key)
    if font is None:
        font = fonts[key] = _FontAtSize.of(handle, unscaled)
    size = unscaled * d
    # unscaled text: the square box is no sign; the running-down check remains
    return handle, font, unscaled, size, a, abs(size - unscaled) > 0.01 * unscaled, texts[obj]


def _widen(obj: int) -> None:
    """Let pdfium's text page read a text object it would skip for having no width.

    pdfium leaves out of its text page every text object whose box is narrower than 0.01 pt.
    A box is the union of the glyphs' outline boxes, so with a font pdfium has no outlines
    for (reportlab's `STSong-Light`, not embedded, on a machine without a CJK font) a
    one-character object (the last line of a wrapped cell label) has no width at all, while
    pdfminer reads its character like any other. Stroked text's box is widened by half the
    line width: drawn as fill and stroke, and its box recomputed (an identity transform,
    exact in floats), the object keeps its characters, origin, font and size and is read.
    Only filled text is widened; anything else stays out and the page falls back.
    """
    if _render_mode(obj) == _FILL and _set_render_mode(obj, _FILL_STROKE):
        _transform(obj, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _page_text(handle: Any, count: int) -> str:
    """All characters' text in one call: one UTF-16 unit per character index, so a page with
    characters beyond the BMP (surrogate pairs) is left to the careful path."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    pdfium_c.FPDFText_GetText(
        handle, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
    )
    text = buffer.raw[: count * 2].decode("utf-16-le", errors="surrogatepass")
    if len(text) != count or _SURROGATE.search(text):
        raise UnsureError("characters beyond the Basic Multilingual Plane")
    return text


def _advance(font: int | None, text: str, unscaled: float, scale: float) -> float | None:
    """The advance width the font's width table gives the character (pdfium looks the
    character code up from the Unicode text), in page units; None if unknown."""
    width = ctypes.c_float()
    if font is None or not _glyph_width(font, ord(text), unscaled, ctypes.byref(width)):
        return None
    return float(width.value) * scale


def _table_matches(font: int | None, exact: set[tuple[str, float, float, float]]) -> bool:
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


def _is_vertical(rect: Any, unscaled: float) -> bool:
    """A vertical-writing CID font with default metrics (`DW2 [880 -1000]`): pdfium then
    draws the loose box one unscaled font size square, from the vertical origin."""
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
    if not _draw_mode(obj, _FILL_MODE_AT, _STROKE_AT) or not _object_matrix(obj, _MATRIX_AT):
        raise UnsureError("a path pdfium cannot describe")
    stroke = _STROKE.value
    if _FILL_MODE.value == _FILL_NONE and not stroke:
        return []  # neither filled nor stroked: pdfminer draws nothing
    matrix = _MATRIX
    a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
    px, py = _POINT_X, _POINT_Y
    subpaths: list[list[tuple[float, float]]] = []
    closed: list[bool] = []
    for index in range(_segment_count(obj)):
        segment = _segment(obj, index)
        kind = _segment_type(segment) if segment is not None else _SEGMENT_UNKNOWN
        if kind in (_SEGMENT_BEZIER, _SEGMENT_UNKNOWN):
            raise UnsureError("curved path")
        _segment_point(segment, _POINT_X_AT, _POINT_Y_AT)
        x, y = px.value, py.value
        point = (a * x + c * y + e, height - (b * x + d * y + f))
        if kind == _SEGMENT_MOVE or not subpaths:
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
        edges.extend(_shape_edges(points, bool(stroke), obj, height))
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
