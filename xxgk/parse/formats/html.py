"""HTML pages as text: page chrome dropped, every table row one `cell | cell |` line."""

from __future__ import annotations

import re

from lxml import etree
from lxml.etree import _Element as Element

from xxgk.parse.formats.errors import UnreadableDocumentError
from xxgk.parse.normalise import is_page_number

_SKIP = frozenset(
    {"script", "style", "noscript", "head", "iframe", "form", "select", "button", "input",
     "nav", "header", "footer", "object", "embed", "svg", "textarea", "template"}
)  # fmt: skip
_BLOCKS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
     "article", "dd", "dt", "dl", "blockquote", "pre", "center", "hr", "tr", "caption"}
)  # fmt: skip
_CELLS = ("td", "th")
_LINK_CONTAINERS = frozenset({"ul", "ol", "div", "p", "span", "td"})
_SPACE = re.compile(r"\s+")
#: What lxml.html's `text_content()` evaluates: the text of an element's whole subtree.
_TEXT_CONTENT = etree.XPath("string()", smart_strings=False)
#: A block whose text is mostly link text is navigation (menus, breadcrumbs, link lists).
_LINK_SHARE = 0.6
_LINK_BLOCK_MAX_CHARS = 400


def html_to_text(markup: str) -> str:
    """The page's report text, with its title and date from the page's own metadata first
    (as `标题:` / `发布时间:` lines, the crawler header the text parser already reads)."""
    root = _parse(markup)
    header = _metadata_lines(root)
    _drop_navigation(root)
    lines: list[str] = []
    buffer: list[str] = []
    body = root.find("body")
    _walk(body if body is not None else root, lines, buffer)
    _flush(lines, buffer)
    return "\n".join(header + lines)


def _parse(markup: str) -> Element:
    """The document tree, as `lxml.html.document_fromstring` builds it but of plain lxml
    elements: lxml.html's Python class lookup runs for every element the code touches."""
    try:
        parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
        root = etree.fromstring(markup, parser)
        if root is None:
            raise etree.ParserError("Document is empty")
    except (etree.ParserError, ValueError) as error:
        raise UnreadableDocumentError(f"HTML that cannot be parsed: {error}") from error
    return root


def _metadata_lines(root: Element) -> list[str]:
    meta = {
        (m.get("name") or m.get("property") or "").lower(): (m.get("content") or "").strip()
        for m in root.iter("meta")
    }
    title = meta.get("articletitle") or meta.get("og:title") or ""
    if not title:
        element = root.find(".//title")
        title = (_text_content(element) if element is not None else "").split("_")[0]
    lines = [f"标题:{_SPACE.sub(' ', title).strip()}"] if title.strip() else []
    published = meta.get("pubdate") or meta.get("publishdate") or meta.get("article:published_time")
    if published:
        lines.append(f"发布时间:{published}")
    return lines


def _drop_navigation(root: Element) -> None:
    """Remove page chrome and link blocks. Each verdict depends only on the element's own
    subtree, which earlier removals never touch, so all are taken on the tree as parsed.
    Which order they are removed in changes nothing: a removed element's tail ends up after
    the text of the nearest element before it that stays (or its parent's text), behind the
    tails of the removed elements between them, in document order either way."""
    for element in [*root.iter(*_SKIP), *_link_blocks(root)]:
        _remove(element)


def _link_blocks(root: Element) -> set[Element]:
    """The containers whose text is mostly link text. Only a link's ancestors can be one, and
    once an ancestor is too long or holds a table so is every element above it: climbing
    from each link to there reads a few small subtrees instead of every container's text."""
    blocks: set[Element] = set()
    seen: set[Element] = set()
    link_lengths: dict[Element, int] = {}
    for link in root.iter("a"):
        ancestor = link.getparent()
        while ancestor is not None and ancestor not in seen:
            seen.add(ancestor)
            if ancestor.tag in _LINK_CONTAINERS:
                verdict = _link_verdict(ancestor, link_lengths)
                if verdict is None:
                    break
                if verdict:
                    blocks.add(ancestor)
            ancestor = ancestor.getparent()
    return blocks


def _link_verdict(element: Element, link_lengths: dict[Element, int]) -> bool | None:
    """Whether a container is a link block; None when it holds a table or too much text to be
    one, which then holds for everything containing it as well. (`link_lengths` keeps each
    link's length, which every container around it counts again.)"""
    if next(element.iter("table"), None) is not None:
        return None
    text = "".join(_text_content(element).split())
    if len(text) > _LINK_BLOCK_MAX_CHARS:
        return None
    if not text:
        return False
    linked = 0
    for link in element.iter("a"):
        length = link_lengths.get(link)
        if length is None:
            length = link_lengths[link] = len("".join(_text_content(link).split()))
        linked += length
    return linked / len(text) >= _LINK_SHARE


def _text_content(element: Element) -> str:
    return str(_TEXT_CONTENT(element))


def _remove(element: Element) -> None:
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


def _walk(element: Element, lines: list[str], buffer: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "table":
        _flush(lines, buffer)
        lines.extend(_table_lines(element))
    else:
        block = tag in _BLOCKS
        if block:
            _flush(lines, buffer)
        before = len(lines)
        if element.text:
            buffer.append(element.text)
        for child in element:
            _walk(child, lines, buffer)
        if block:
            _flush(lines, buffer)
            if tag == "p" and len(lines) == before:
                lines.append("")  # an empty paragraph: a blank cell where tables lost their <td>
    if element.tail:
        buffer.append(element.tail)


def table_fragment_lines(markup: str) -> list[str]:
    """The `cell | cell |` lines of the tables in an HTML fragment (a `<table>` embedded in
    Markdown or plain text), outermost tables only."""
    root = _parse(markup)
    return [
        line
        for table in root.iter("table")
        if _closest_table(table) is None
        for line in _table_lines(table)
    ]


def _table_lines(table: Element) -> list[str]:
    """One line per row; a merged cell appears once, where its row and column start; every
    cell ends with `|` so a blank last cell survives. A row holding only a page number (a
    footer the page break left inside the table) is no row. (Rows and cells are each read
    in one pass over the table, a cell put in its row by its parent, rather than one pass
    over each row's children.)"""
    tables = table.iter("table")
    next(tables)  # the table itself
    nested = next(tables, None) is not None  # a nested table's rows are its cell's text
    rows: dict[Element | None, list[str]] = {
        row: [] for row in table.iter("tr") if not nested or _closest_table(row) is table
    }
    cells_of = rows.get
    for cell in table.iter(*_CELLS):
        cells = cells_of(cell.getparent())
        if cells is not None:
            cells.append(_cell_text(cell))
    lines = []
    for cells in rows.values():
        if not cells:
            continue
        filled = [cell for cell in cells if cell]
        if filled and all(map(is_page_number, filled)):
            continue
        lines.append(" | ".join(cells) + " |")
    return lines


def _closest_table(element: Element) -> Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _cell_text(cell: Element) -> str:
    """Text pieces joined without spaces: labels split over <p>/<br> and digits split over
    <span>s are one word in Chinese tables."""
    if len(cell) == 0:  # most cells: the only piece is the text
        return (cell.text or "").strip().replace("|", "/")
    pieces: list[str] = []
    _text_pieces(cell, pieces)
    return "".join(map(str.strip, pieces)).replace("|", "/")


def _text_pieces(element: Element, pieces: list[str]) -> None:
    """The pieces `element.itertext()` gives (its text, then each child's pieces and tail),
    without the iterator lxml sets up per call, which costs more than a small cell's text."""
    if element.text:
        pieces.append(element.text)
    for child in element:
        if isinstance(child.tag, str):
            _text_pieces(child, pieces)
        if child.tail:
            pieces.append(child.tail)


def _flush(lines: list[str], buffer: list[str]) -> None:
    if not buffer:
        return
    text = " ".join("".join(buffer).split())  # `_SPACE.sub(" ", …).strip()`, without the regex
    buffer.clear()
    if text:
        lines.append(text)
