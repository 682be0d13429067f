"""HTML pages as text: page chrome dropped, every table row one `cell | cell |` line."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from xxgk.parse.formats.errors import UnreadableDocumentError

_SKIP = frozenset(
    {"script", "style", "noscript", "head", "iframe", "form", "select", "button", "input",
     "nav", "header", "footer", "object", "embed", "svg", "textarea", "template"}
)  # fmt: skip
_BLOCKS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
     "article", "dd", "dt", "dl", "blockquote", "pre", "center", "hr", "tr", "caption"}
)  # fmt: skip
_CELLS = frozenset({"td", "th"})
_LINK_CONTAINERS = frozenset({"ul", "ol", "div", "p", "span", "td"})
_SPACE = re.compile(r"\s+")
#: A block whose text is mostly link text is navigation (menus, breadcrumbs, link lists).
_LINK_SHARE = 0.6
_LINK_BLOCK_MAX_CHARS = 400


def html_to_text(markup: str) -> str:
    """The page's report text, with its title and date from the page's own metadata first
    (as `标题:` / `发布时间:` lines, the crawler header the text parser already reads)."""
    try:
        parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
        root = lxml.html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise UnreadableDocumentError(f"HTML that cannot be parsed: {error}") from error
    header = _metadata_lines(root)
    _drop_navigation(root)
    lines: list[str] = []
    buffer: list[str] = []
    body = root.find("body")
    _walk(body if body is not None else root, lines, buffer)
    _flush(lines, buffer)
    return "\n".join(header + lines)


def _metadata_lines(root: lxml.html.HtmlElement) -> list[str]:
    meta = {
        (m.get("name") or m.get("property") or "").lower(): (m.get("content") or "").strip()
        for m in root.iter("meta")
    }
    title = meta.get("articletitle") or meta.get("og:title") or ""
    if not title:
        element = root.find(".//title")
        title = (element.text_content() if element is not None else "").split("_")[0]
    lines = [f"标题:{_SPACE.sub(' ', title).strip()}"] if title.strip() else []
    published = meta.get("pubdate") or meta.get("publishdate") or meta.get("article:published_time")
    if published:
        lines.append(f"发布时间:{published}")
    return lines


def _drop_navigation(root: lxml.html.HtmlElement) -> None:
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        link_block = element.tag in _LINK_CONTAINERS and _is_link_block(element)
        if element.tag in _SKIP or link_block:
            _remove(element)


def _is_link_block(element: lxml.html.HtmlElement) -> bool:
    if element.find(".//table") is not None:
        return False
    text = "".join(element.text_content().split())
    if not text or len(text) > _LINK_BLOCK_MAX_CHARS:
        return False
    linked = sum(len("".join(a.text_content().split())) for a in element.iter("a"))
    return linked / len(text) >= _LINK_SHARE


def _remove(element: lxml.html.HtmlElement) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _walk(element: lxml.html.HtmlElement, lines: list[str], buffer: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "table":
        _flush(lines, buffer)
        lines.extend(_table_lines(element))
    else:
        block = tag in _BLOCKS
        if block:
            _flush(lines, buffer)
        if element.text:
            buffer.append(element.text)
        for child in element:
            _walk(child, lines, buffer)
        if block:
            _flush(lines, buffer)
    if element.tail:
        buffer.append(element.tail)


def _table_lines(table: lxml.html.HtmlElement) -> list[str]:
    """One line per row; a merged cell appears once, where its row and column start; every
    cell ends with `|` so a blank last cell survives."""
    lines = []
    for row in table.iter("tr"):
        if _closest_table(row) is not table:
            continue  # a nested table's rows are part of its cell's text
        cells = [_cell_text(c) for c in row if isinstance(c.tag, str) and c.tag in _CELLS]
        if cells:
            lines.append(" ".join(f"{cell} |" for cell in cells))
    return lines


def _closest_table(element: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    parent = element.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _cell_text(cell: lxml.html.HtmlElement) -> str:
    """Text pieces joined without spaces: labels split over <p>/<br> and digits split over
    <span>s are one word in Chinese tables."""
    return "".join(piece.strip() for piece in cell.itertext()).replace("|", "/")


def _flush(lines: list[str], buffer: list[str]) -> None:
    text = _SPACE.sub(" ", "".join(buffer)).strip()
    buffer.clear()
    if text:
        lines.append(text)
