"""Turn a section's flattened table text into the stream of its cells, in reading order.

Crawlers and mirrors flatten tables three ways: `|` between cells; one cell per line; one cell
per line with a blank line after every non-empty cell ("double-spaced", where each further
blank line is a blank cell). Space-separated rows (PDF text) are split into cells too.
Markdown separator rows (`|---|:---:|`) are no cells.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from xxgk.parse.cell_facts import CELL_FACTS
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
        pieces = text.split("|")
        words = len(text.replace("|", " ").split())
        return CellStream(_split_pieces(pieces, words, _split_piece), double_spaced=False)
    lines = text.split("\n")
    if _is_double_spaced(lines):
        cells = _split_pieces(_double_spaced_lines(lines), len(text.split()), _split_line)
        return CellStream(cells, double_spaced=True)
    return CellStream(_split_pieces(lines, len(text.split()), _split_line), double_spaced=False)


def _split_pieces(
    pieces: list[str], words: int, split: Callable[[str], tuple[str, ...]]
) -> list[str]:
    """The cells of each piece of a text (`split(piece)`), given the text's number of
    words: a piece of one word is that word, a piece of none an empty cell, so when the
    pieces hold as many words as there are non-empty pieces they are the cells as they are."""
    stripped = [piece.strip() for piece in pieces]
    if words == len(stripped) - stripped.count(""):
        return stripped
    cells: list[str] = []
    for piece, cell in zip(pieces, stripped, strict=True):
        if not cell:
            cells.append("")
        elif len(cell.split(maxsplit=1)) == 1:
            cells.append(cell)
        else:
            cells.extend(split(piece))
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


def _double_spaced_lines(lines: list[str]) -> list[str]:
    """The lines that hold cells: every non-empty line, and each blank line but the one
    that follows a non-empty line (a blank cell)."""
    kept: list[str] = []
    skip_blank = False
    for line in lines:
        if line:
            kept.append(line)
            skip_blank = True
        elif skip_blank:
            skip_blank = False
        else:
            kept.append("")
    return kept


@memoise_text
def _split_line(line: str) -> tuple[str, ...]:
    """One line as cells: whole when it is a label, split when it holds several values.

    `行政许可 7 -3 7` and `(三)不予公开 1.属于国家秘密 0 0 0` are label-then-values rows;
    adjacent label words are rejoined (`商业 企业` is one header cell), a unit standing alone
    joins the number before it (`28204 万元`).
    """
    words = line.split()
    if len(words) < 2:
        return (line.strip(),) if words else ("",)
    values = [CELL_FACTS[word].label is None for word in words]
    if not any(values):
        return (line.strip(),)
    cells: list[str] = []
    label: list[str] = []
    for word, value in zip(words, values, strict=True):
        if word in _UNITS and cells and not label and is_value(cells[-1]):
            cells[-1] += word
        elif value:
            if label:
                cells.append("".join(label))
                label = []
            cells.append(word)
        else:
            label.append(word)
    if label:
        cells.append("".join(label))
    return tuple(cells)
