"""Sniff a document's format from its bytes (never its name) and turn it into text."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from enum import StrEnum

from xxgk.parse.decode import DecodeError, decode_bytes
from xxgk.parse.formats.errors import UnreadableDocumentError

_HTML = re.compile(rb"<\s*(!doctype\s+html|html|head|body|table|div|p|meta)\b", re.IGNORECASE)
_HTML16 = re.compile(r"<\s*(!doctype\s+html|html|head|body|table|div|p|meta)\b", re.IGNORECASE)


#: OLE2 (legacy Office) files: a workbook names its `Workbook` (or `Book`) stream in UTF-16.
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE2_WORKBOOK = ("Workbook".encode("utf-16-le"), "Book\x00".encode("utf-16-le"))
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


class NotADocumentError(ValueError):
    """The bytes are a kind of file that never holds a report (a spreadsheet)."""


class DocumentFormat(StrEnum):
    TEXT = "text"
    HTML = "html"
    PDF = "pdf"
    DOCX = "docx"
    MARKDOWN = "markdown"
    SPREADSHEET = "spreadsheet"


@dataclass(frozen=True)
class DocumentText:
    text: str
    format: DocumentFormat


def sniff_format(data: bytes) -> DocumentFormat:
    """What the bytes are: magic numbers for PDF and DOCX, markup for HTML, else text."""
    head = data[:4096].lstrip()
    if head.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return DocumentFormat.PDF
    if head.startswith(b"PK\x03\x04"):
        members = _zip_members(data)
        if "word/document.xml" in members:
            return DocumentFormat.DOCX
        if "xl/workbook.xml" in members or _ODS_MIMETYPE in data[:200]:
            return DocumentFormat.SPREADSHEET
    if data.startswith(_OLE2) and any(name in data for name in _OLE2_WORKBOOK):
        return DocumentFormat.SPREADSHEET
    if _HTML.search(head):
        return DocumentFormat.HTML
    return DocumentFormat.TEXT


def _zip_members(data: bytes) -> frozenset[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return frozenset(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return frozenset()


def document_text(data: bytes) -> DocumentText:
    """Text of any supported document; raises DecodeError or UnreadableDocumentError, or
    NotADocumentError for a spreadsheet (never a report, whatever it lists)."""
    kind = sniff_format(data)
    if kind is DocumentFormat.SPREADSHEET:
        raise NotADocumentError("a spreadsheet (XLSX, XLS or ODS), not a report")
    if kind is DocumentFormat.PDF:
        from xxgk.parse.formats.pdf import pdf_to_text

        return DocumentText(pdf_to_text(data), kind)
    if kind is DocumentFormat.DOCX:
        from xxgk.parse.formats.docx import docx_to_text

        return DocumentText(docx_to_text(data), kind)
    if data.startswith(b"PK\x03\x04"):
        raise UnreadableDocumentError("a zip archive that is not a DOCX document")
    text = decode_bytes(data).text
    from xxgk.parse.formats.markdown import is_markdown, markdown_to_text

    if is_markdown(text):
        return DocumentText(markdown_to_text(text), DocumentFormat.MARKDOWN)
    if kind is DocumentFormat.HTML or _HTML16.search(text[:4096]):
        from xxgk.parse.formats.html import html_to_text

        return DocumentText(html_to_text(text), DocumentFormat.HTML)
    from xxgk.parse.layout_text import layout_to_pipes

    return DocumentText(layout_to_pipes(text), DocumentFormat.TEXT)


__all__ = [
    "DecodeError",
    "DocumentFormat",
    "DocumentText",
    "NotADocumentError",
    "UnreadableDocumentError",
    "document_text",
]
