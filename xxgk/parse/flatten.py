"""Turn a section's flattened table text into the stream of its cells, in reading order.

Crawlers and mirrors flatten tables three ways: `|` between cells; one cell per line; one cell
per line with a blank line after every non-empty cell ("double-spaced", where each further
blank line is a blank cell). Space-separated rows (PDF text) are split into cells too.
Markdown separator rows (`|---|:---:|`) are no cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xxgk.parse.cells import is_value
from xxgk.parse.memo import memoise_text

#: Share of non-empty lines followed by an empty line above which a text is double-spaced.
_DOUBLE_SPACED_SHARE = 0.75
_UNITS = frozenset({"万元", "元", "件", "条", "个", "项"})
_SEPARATOR_ROW = re.compile(
    r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.MULTILINE
)


@dataclass(frozen=True)
class CellStream:
    cells: list[str]
    #: True when blank lines were row separators as well as blank cells, so runs of values may
    #: carry one extra blank at either end.
    double_spaced: bool


def flatten_cells(text: str) -> CellStream:
    if text.count("|") >= 3:
        if "---" in text:
            text = _SEPARATOR_ROW.sub("", text)
        return CellStream(_split_pipes(text), double_spaced=False)
    lines = text.split("\n")
    if _is_double_spaced(lines):
        return CellStream(_split_double_spaced(lines), double_spaced=True)
    return CellStream([cell for line in lines for cell in _split_line(line)], double_spaced=False)


def _split_pipes(text: str) -> list[str]:
    cells: list[str] = []
    for piece in text.split("|"):
        cells.extend(_split_piece(piece))
    return cells


@memoise_text
def _split_piece(piece: str) -> tuple[str, ...]:
    """The cells of the text between two `|`: its lines' cells, or one blank cell."""
    parts = [part.strip() for part in piece.split("\n")]
    non_empty = [part for part in parts if part]
    if not non_empty:
        return ("",)
    return tuple(cell for part in non_empty for cell in _split_line(part))


def _is_double_spaced(lines: list[str]) -> bool:
    non_empty = [i for i, line in enumerate(lines[:-1]) if line]
    if len(non_empty) < 4:
        return False
    followed_by_blank = sum(1 for i in non_empty if not lines[i + 1])
    return followed_by_blank / len(non_empty) >= _DOUBLE_SPACED_SHARE


def _split_double_spaced(lines: list[str]) -> list[str]:
    cells: list[str] = []
    skip_blank = False
    for line in lines:
        if line:
            cells.extend(_split_line(line))
            skip_blank = True
        elif skip_blank:
            skip_blank = False
        else:
            cells.append("")
    return cells


@memoise_text
def _split_line(line: str) -> tuple[str, ...]:
    """One line as cells: whole when it is a label, split when it holds several values.

    `行政许可 7 -3 7` and `(三)不予公开 1.属于国家秘密 0 0 0` are label-then-values rows;
    adjacent label words are rejoined (`商业 企业` is one header cell), a unit standing alone
    joins the number before it (`28204 万元`).
    """
    words = line.split()
    if len(words) < 2 or not any(is_value(word) for word in words):
        return (line.strip(),) if words else ("",)
    cells: list[str] = []
    label: list[str] = []
    for word in words:
        if word in _UNITS and cells and not label and is_value(cells[-1]):
            cells[-1] += word
        elif is_value(word):
            if label:
                cells.append("".join(label))
                label = []
            cells.append(word)
        else:
            label.append(word)
    if label:
        cells.append("".join(label))
    return tuple(cells)
