"""Read one table cell: numbers with signs, separators, decimals and units; blanks; non-values."""

from __future__ import annotations

import re
from dataclasses import dataclass

from xxgk.parse.memo import memoise_text

#: Cell texts that mean "nothing here" in published tables.
#: (`／` and `－` are `/` and `-` once the text is normalised, `無` is `无`; both forms are
#: listed so a cell read on its own, before normalisation, means the same.)
_BLANK_MARKS = frozenset(
    {
        "",
        "-",
        "--",
        "—",
        "——",
        "–",
        "―",
        "――",
        "/",
        "//",
        "／",
        "－",
        "\\",
        "无",
        "無",
        "空",
        "null",
        "—-",
    }
)
_NUMBER = re.compile(
    r"""^(?P<sign>[+\-]?)\s*
        (?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
        \s*(?P<unit>万元|元|件|条|个|项|次|人次|家)?$""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Cell:
    """A value cell as read: `value` is None for a blank cell; `unit` is what the cell said."""

    raw: str
    value: float | None
    unit: str | None = None

    @property
    def blank(self) -> bool:
        return self.value is None


@memoise_text  # `Cell` is immutable: one parse per distinct cell text is shared
def read_cell(text: str) -> Cell | None:
    """Parse a cell's text as a value, or return None when the text is a label, not a value."""
    raw = text.strip()
    squeezed = "".join(raw.split())
    if squeezed in _BLANK_MARKS:
        return Cell(raw=raw, value=None)
    match = _NUMBER.match(squeezed)
    if match is None:
        return None
    number = float(match.group("number").replace(",", ""))
    if match.group("sign") == "-":
        number = -number
    return Cell(raw=raw, value=number, unit=match.group("unit"))


def is_value(text: str) -> bool:
    return read_cell(text) is not None


def to_10k_yuan(cell: Cell, header_unit: str | None) -> float | None:
    """An amount in 万元, whatever unit the cell or its column header stated (default 万元)."""
    if cell.value is None:
        return None
    unit = cell.unit or header_unit or "万元"
    return cell.value / 10_000 if unit == "元" else cell.value
