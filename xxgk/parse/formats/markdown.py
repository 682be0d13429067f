"""Markdown from PDF-to-Markdown converters as text: pipe grids and embedded HTML tables
become `cell | cell |` lines (as the HTML front end writes them), headings and emphasis marks go.

Converters write a merged label cell as the label followed by empty grid cells
(`|一、本年新收…|||5|0|`): empty cells left of a table's first value column are that padding
and are dropped, while empty cells among the values are blank cells and stay (a row of values
alone has no label to pad: all its cells stay). Rows without any value (headers, repeated after
a page break) keep only their non-empty cells. Separator rows (`|---|:---:|`) and rows holding
only a page number are no rows at all.
"""

from __future__ import annotations

import re

from xxgk.parse.cells import is_value
from xxgk.parse.formats.html import table_fragment_lines
from xxgk.parse.normalise import is_page_number

#: The `<html><body>` some converters wrap around each embedded table.
_WRAPPER_BEFORE = re.compile(r"<html>\s*<body>\s*$", re.IGNORECASE)
_WRAPPER_AFTER = re.compile(r"\s*</body>\s*</html>", re.IGNORECASE)
#: Markup only a whole HTML page has (a `<br>` inside a Markdown cell is not one).
_HTML_PAGE = re.compile(r"<\s*(?:!doctype|html|head|body|meta|p|div|span|tr|td)\b", re.I)
#: A separator row (`|---|:---:|`); every further cell starts with its own `|`.
_SEPARATOR_ROW = re.compile(
    r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.MULTILINE
)
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.MULTILINE)
_EMPHASIS = re.compile(r"\*\*|__")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
#: `<table` and `</table` in any case: the characters whose lower case is one of `table` are
#: its letters in either case (no other character lower-cases to an ASCII letter of it).
_TABLE_OPEN = re.compile("<[Tt][Aa][Bb][Ll][Ee]")
_TABLE_CLOSE = re.compile("</[Tt][Aa][Bb][Ll][Ee]")
#: A `|` that is not escaped as `\|`.
_PIPE = re.compile(r"(?<!\\)\|")


def is_markdown(text: str) -> bool:
    """Markdown (or plain text) with pipe grids, `#` headings or embedded `<table>`s, and no
    markup of a whole HTML page outside its tables."""
    if "|" not in text and "#" not in text and "<" not in text:
        return False
    pieces = _embedded_tables(text)
    rest = "\n".join(piece for is_table, piece in pieces if not is_table)
    if _HTML_PAGE.search(rest):
        return False
    if len(pieces) > 1:
        return True
    # (a separator row holds `---` and a heading `#`: the multiline scans only where they can)
    return bool(
        ("---" in rest and _SEPARATOR_ROW.search(rest)) or ("#" in rest and _HEADING.search(rest))
    )


def _embedded_tables(text: str) -> list[tuple[bool, str]]:
    """The text cut into (is a `<table>…</table>`, piece), by a linear scan. (Tags are found in
    any case as in `text.lower()`, which is only made when it shifts positions: past an `İ`,
    the one character whose lower case is two.)"""
    haystack = text.lower() if "\u0130" in text else text
    pieces: list[tuple[bool, str]] = []
    position = 0
    while (opening := _TABLE_OPEN.search(haystack, position)) is not None:
        start = opening.start()
        closing = _TABLE_CLOSE.search(haystack, start)
        end = haystack.find(">", closing.start()) + 1 if closing is not None else 0
        if end <= 0:
            break
        pieces.append((False, _WRAPPER_BEFORE.sub("", text[position:start])))
        pieces.append((True, text[start:end]))
        position = end
        after = _WRAPPER_AFTER.match(text, position)
        position = after.end() if after else position
    pieces.append((False, text[position:]))
    return pieces


def markdown_to_text(text: str) -> str:
    """The document's text, every table row one `cell | cell |` line."""
    text = "\n".join(
        "\n".join(["", *_html_table(piece), ""]) if is_table else piece
        for is_table, piece in _embedded_tables(text)
    )
    text = _HEADING.sub("", _IMAGE.sub("", text))
    text = _LINK.sub(r"\1", _EMPHASIS.sub("", text))
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        end = _table_end(lines, index)
        if end == index:
            out.append(lines[index])
            index += 1
            continue
        out.extend(_grid_lines(lines[index:end]))
        index = end
    return "\n".join(out)


def _html_table(markup: str) -> list[str]:
    return [line for line in table_fragment_lines(markup) if line.strip()]


def _table_end(lines: list[str], start: int) -> int:
    """Where the pipe grid starting at `start` ends (its header row, its separator row, its
    body rows); `start` itself when no grid starts there."""
    if start + 1 >= len(lines) or "|" not in lines[start]:
        return start
    if not _SEPARATOR_ROW.match(lines[start + 1]):
        return start
    end = start + 2
    while end < len(lines) and "|" in lines[end]:
        end += 1
    return end


def _grid_lines(rows: list[str]) -> list[str]:
    grid = [_row_cells(row) for row in rows if not _SEPARATOR_ROW.match(row)]
    labelled = [row for row in grid if any(cell and not is_value(cell) for cell in row)]
    value_columns = [i for row in labelled for i, cell in enumerate(row) if is_value(cell) and cell]
    first_value = min(value_columns, default=0)
    lines = []
    for row in grid:
        filled = [cell for cell in row if cell]
        if not filled or all(map(is_page_number, filled)):
            continue
        if not any(cell and not is_value(cell) for cell in row):
            cells = row  # values alone (section 四's row): no label, so no padding either
        elif any(cell and is_value(cell) for cell in row):
            cells = [cell for i, cell in enumerate(row) if cell or i >= first_value]
        else:
            cells = filled
        lines.append(" ".join(f"{cell} |" for cell in cells))
    return lines


def _row_cells(row: str) -> list[str]:
    """A grid row's cell texts: edge pipes dropped, `<br>` and inline tags joined away."""
    row = row.strip()
    row = row.removeprefix("|")
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    cells = []
    for cell in _PIPE.split(row):
        text = _TAG.sub("", _BREAK.sub("", cell)).replace("\\|", "/").replace("&nbsp;", " ")
        cells.append(" ".join(text.split()))
    return cells
