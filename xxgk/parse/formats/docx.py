"""DOCX reports as text: body paragraphs and table rows in document order, one per line.

Tables are read from the XML (`w:tc`), not python-docx's `row.cells`, because `row.cells`
repeats a merged cell at every grid position it covers; here a merged cell appears once, where
its row and column start, and a vMerge continuation is dropped. Every cell ends with `|` (as
in the HTML front end) so blank cells, the last one included, survive flattening.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.oxml.ns import qn
from lxml.etree import _Element as XmlElement

from xxgk.parse.formats.errors import UnreadableDocumentError

#: Zip-bomb limits, checked on the archive's own directory before anything is inflated
#: (zipfile never inflates a member past its declared size, so the directory is a bound).
_MAX_TOTAL_BYTES = 200 * 1024 * 1024
_MAX_RATIO = 200
_RATIO_FLOOR_BYTES = 10 * 1024 * 1024
_MAX_MEMBERS = 10_000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_T, _TAB, _BR, _CR, _HYPHEN = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen")
_TCPR, _VMERGE, _VAL, _TXBX = qn("w:tcPr"), qn("w:vMerge"), qn("w:val"), qn("w:txbxContent")
#: Containers whose children are blocks, rows or cells as if they stood in the container.
_WRAPPERS = frozenset({qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")})
#: Never text of the paragraph: properties, moved-away runs, text boxes (own lines), and the
#: VML fallback that duplicates a DrawingML text box.
_NOT_TEXT = frozenset(
    {qn("w:pPr"), qn("w:rPr"), qn("w:moveFrom"), _TXBX,
     "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
)  # fmt: skip
_BREAKS = {_TAB: "\t", _BR: "\n", _CR: "\n", _HYPHEN: "-"}


def docx_to_text(data: bytes) -> str:
    """The body's text; any input that is not a readable DOCX raises `UnreadableDocumentError`."""
    _check_archive(data)
    try:
        body = docx.Document(io.BytesIO(data)).element.body
        return "\n".join(_block_lines(body))
    except Exception as error:  # python-docx, zipfile and lxml raise many unrelated types
        raise UnreadableDocumentError(f"not a readable DOCX: {error}") from error


def _check_archive(data: bytes) -> None:
    if data.startswith(_OLE_MAGIC):
        raise UnreadableDocumentError("OLE compound file: an encrypted DOCX or a legacy .doc")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception as error:
        raise UnreadableDocumentError(f"not a zip archive: {error}") from error
    if len(members) > _MAX_MEMBERS:
        raise UnreadableDocumentError(f"zip archive with {len(members)} members")
    if sum(member.file_size for member in members) > _MAX_TOTAL_BYTES:
        raise UnreadableDocumentError("zip archive inflates beyond 200 MB")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _RATIO_FLOOR_BYTES and ratio > _MAX_RATIO:
            raise UnreadableDocumentError(f"zip bomb: {member.filename} compressed {ratio:.0f}:1")


def _children(element: XmlElement, tag: str) -> Iterator[XmlElement]:
    """Children with `tag`, looking through content controls and custom XML."""
    for child in element.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _block_lines(container: XmlElement) -> Iterator[str]:
    for child in container.iterchildren():
        if child.tag == _P:
            for line in _paragraph_text(child).split("\n"):
                if line.strip():
                    yield line.strip()
            for box in _text_boxes(child):
                yield from _block_lines(box)
        elif child.tag == _TBL:
            yield from _table_lines(child)
        elif child.tag in _WRAPPERS:
            yield from _block_lines(child)


def _paragraph_text(element: XmlElement) -> str:
    parts: list[str] = []
    for child in element.iterchildren():
        if child.tag == _T:
            # An unresolved entity reference is a child node: keep the text around it.
            parts.extend([child.text or "", *(node.tail or "" for node in child)])
        elif child.tag in _BREAKS:
            parts.append(_BREAKS[child.tag])
        elif isinstance(child.tag, str) and child.tag not in _NOT_TEXT:
            parts.append(_paragraph_text(child))
    return "".join(parts)


def _text_boxes(element: XmlElement) -> Iterator[XmlElement]:
    for child in element.iterchildren():
        if child.tag == _TXBX:
            yield child
        elif isinstance(child.tag, str) and child.tag not in _NOT_TEXT:
            yield from _text_boxes(child)


def _table_lines(table: XmlElement) -> Iterator[str]:
    """One line per row; tables nested in a row's cells follow that row as lines of their own."""
    for row in _children(table, _TR):
        cells: list[str] = []
        nested: list[XmlElement] = []
        for cell in _children(row, _TC):
            pieces = [
                piece.strip()
                for paragraph in _children(cell, _P)
                for piece in _paragraph_text(paragraph).split("\n")
            ]
            text = "".join(pieces).replace("|", "/")
            nested.extend(_children(cell, _TBL))
            if text or not _continues_merge(cell):
                cells.append(text)
        if cells:
            yield " ".join(f"{cell} |" for cell in cells)
        for inner in nested:
            yield from _table_lines(inner)


def _continues_merge(cell: XmlElement) -> bool:
    """A `w:vMerge` without `w:val="restart"` continues the merged cell above."""
    properties = cell.find(_TCPR)
    merge = properties.find(_VMERGE) if properties is not None else None
    return merge is not None and merge.get(_VAL, "continue") != "restart"
