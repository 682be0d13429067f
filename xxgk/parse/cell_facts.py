"""What the table parsers ask of a cell text, read once per distinct text and kept.

The table code asks of every cell whether it is a label or a value, its parsed `Cell`, whether
it holds a number, and whether that number is a fraction. A table has a hundred or so cells
drawn from a few dozen texts, repeated across reports, so each text's answers are kept (short
texts only, emptied when full, as `memo` keeps them) and each cell is looked up with a plain
subscript: a function call per cell would cost more than the lookup.
"""

from __future__ import annotations

from dataclasses import dataclass

from xxgk.parse.cells import Cell, read_cell
from xxgk.parse.memo import MAX_CACHED_ENTRIES, MAX_CACHED_LENGTH, Memo, memoise_text
from xxgk.parse.normalise import compact


@dataclass(frozen=True, slots=True)
class CellFacts:
    """One cell text's answers."""

    #: The cell as read; a label cell is a `Cell` of its text with no value.
    cell: Cell
    #: A label cell's text without whitespace; None for a value cell (a number or a blank).
    label: str | None
    #: A value cell holding a number (not a blank mark).
    filled: bool
    #: A number that is not whole.
    fraction: bool


def _read(text: str) -> CellFacts:
    cell = read_cell(text)
    if cell is None:
        return CellFacts(Cell(text, None), compact(text), filled=False, fraction=False)
    value = cell.value
    return CellFacts(
        cell, None, filled=value is not None, fraction=value is not None and not value.is_integer()
    )


#: `CELL_FACTS[text]`: the facts of a cell text (a plain subscript: the cheapest lookup), kept
#: for short texts as every memo keeps them.
CELL_FACTS = memoise_text(_read)


@dataclass(frozen=True, slots=True)
class RowFacts:
    """One row's answers: its cells and the fractions among them."""

    #: The row's cells as read, as `CellFacts.cell` reads each.
    cells: tuple[Cell, ...]
    #: The texts of the cells whose number is not whole, in order.
    fractions: tuple[str, ...]


def _row_facts(texts: tuple[str, ...]) -> RowFacts:
    cells = [CELL_FACTS[text] for text in texts]
    return RowFacts(
        tuple([cell.cell for cell in cells]),
        tuple([cell.cell.raw for cell in cells if cell.fraction]),
    )


def _total_length(texts: tuple[str, ...]) -> int:
    return sum(map(len, texts))


#: `ROW_FACTS[texts]`: the facts of a row of cell texts, kept (table rows repeat, a row of
#: zeros most of all) for rows as short in all as a kept text.
ROW_FACTS = Memo(_row_facts, MAX_CACHED_LENGTH, MAX_CACHED_ENTRIES, _total_length)
