"""Text laid out by position (`pdftotext -layout`): table rows become `cell | cell |` lines.

In such text a table's columns are character positions and a blank cell is only spaces, which
normalising would collapse away. Rows are found as lines of labels followed by values with runs
of spaces between them; within each run of rows between two header lines the columns are where
the values of the fullest rows stand, and a row with fewer values gets a blank cell for every
column it leaves empty — only when each of its values stands under exactly one column, in
order; otherwise its values are left as they are, for the table parser to place or refuse.
Row-group labels written down the left edge one character a line (`三` / `、` / `本` …) are
dropped, and page numbers at the top or bottom of a page (around a form feed) go with them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

from xxgk.parse.cells import is_value
from xxgk.parse.normalise import is_page_number

#: At least this many table rows make a text laid out by position.
_MIN_ROWS = 3
_WORD = re.compile(r"\S+")
#: A line that starts a numbered section (`三、收到…`): a new table follows.
_SECTION_LINE = re.compile(r"^\s*[一二三四五六七八九]、")
_BARE_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
#: How many characters a value may stand beside its column and still be under it.
_SLACK = 1
#: No report table has more columns than this; wider runs are not placed (and cost nothing).
_MAX_COLUMNS = 40


@dataclass(frozen=True)
class _Token:
    """A word or label: `start` and `stop` index the line; `end` is where it ends on the page,
    a wide (CJK) character taking two positions."""

    start: int
    stop: int
    text: str
    value: bool

    @property
    def end(self) -> int:
        return self.start + sum(
            2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in self.text
        )

    @property
    def centre(self) -> float:
        return (self.start + self.end) / 2


@dataclass(frozen=True)
class _Row:
    labels: list[_Token]
    values: list[_Token]


def layout_to_pipes(text: str) -> str:
    """`text` with its position-laid-out table rows as `cell | cell |` lines; any other text,
    and text with no such table, unchanged."""
    if "  " not in text:
        return text
    lines = _without_page_edges(text).split("\n")
    rows = {index: row for index, line in enumerate(lines) if (row := _table_row(line))}
    if len(rows) < _MIN_ROWS:
        return text
    first, last = min(rows), max(rows)
    for group, headers in _groups(lines, rows):
        group_rows = [rows[index] for index in group]
        columns = _header_columns(headers, group_rows) or _columns(group_rows)
        for index in group:
            lines[index] = _pipe_line(rows[index], columns)
    return "\n".join(
        line
        for index, line in enumerate(lines)
        if not (first <= index <= last and _is_vertical_label(line))
    )


def _without_page_edges(text: str) -> str:
    """Each page (between form feeds) without a page number on its first or last line."""
    if "\f" not in text:
        return text
    pages = []
    for page in text.split("\f"):
        lines = page.split("\n")
        filled = [i for i, line in enumerate(lines) if line.strip()]
        for edge in {filled[0], filled[-1]} if filled else set():
            if _BARE_PAGE_NUMBER.match(lines[edge]) or is_page_number(lines[edge]):
                lines[edge] = ""
        pages.append("\n".join(lines))
    return "\n".join(pages)


def _tokens(line: str) -> list[_Token]:
    """Words, with label words a single space apart joined into one label."""
    tokens: list[_Token] = []
    for match in _WORD.finditer(line):
        word = match.group()
        value = is_value(word)
        previous = tokens[-1] if tokens else None
        if previous and not value and not previous.value and match.start() - previous.stop == 1:
            tokens[-1] = _Token(previous.start, match.end(), f"{previous.text} {word}", False)
        else:
            tokens.append(_Token(match.start(), match.end(), word, value))
    return tokens


def _table_row(line: str) -> _Row | None:
    """A line of labels then values with a run of spaces among them, or None."""
    if "|" in line or "  " not in line.strip():
        return None
    tokens = _tokens(line)
    values = [i for i, token in enumerate(tokens) if token.value]
    if not values or len(tokens) < 2 or any(not t.value for t in tokens[values[0] :]):
        return None
    gaps = [b.start - a.stop for a, b in pairwise(tokens)]
    if max(gaps) < 2:
        return None
    labels = [t for t in tokens[: values[0]] if not _is_vertical_label(t.text)]
    return _Row(labels, tokens[values[0] :])


def _is_vertical_label(text: str) -> bool:
    """One character of a label written down the page (`申`, `、`), not a value."""
    stripped = text.strip()
    return len(stripped) == 1 and not stripped.isascii() and not is_value(stripped)


def _groups(lines: list[str], rows: dict[int, _Row]) -> list[tuple[list[int], list[list[_Token]]]]:
    """Table rows in runs that share columns, each with the header lines right above it. A
    section heading, or a header line (several labels spaced apart, no value) reaching over
    the run's values, starts a new run; one left of the values is a wrapped row label."""
    groups: list[tuple[list[int], list[list[_Token]]]] = [([], [])]
    left = 0  # where the current run's values start
    for index, line in enumerate(lines):
        if index in rows:
            if not groups[-1][0]:
                left = rows[index].values[0].start
            groups[-1][0].append(index)
            left = min(left, rows[index].values[0].start)
            continue
        header = _header(line)
        if header is None and not _SECTION_LINE.match(line):
            continue
        if groups[-1][0]:
            if header is not None and header[-1].end <= left:
                continue
            groups.append(([], []))
        if header is not None:
            groups[-1][1].append(header)
    return [group for group in groups if group[0]]


def _header(line: str) -> list[_Token] | None:
    """A header line's labels (several, spaced apart, no value), else None."""
    if "|" in line:
        return None
    tokens = [t for t in _tokens(line) if not _is_vertical_label(t.text)]
    return tokens if len(tokens) >= 2 and not any(t.value for t in tokens) else None


def _header_columns(headers: list[list[_Token]], rows: list[_Row]) -> list[tuple[int, int]] | None:
    """Columns from the header line above the rows with the most column headings over the
    values (a column blank in every row shows only in its header), as spans around each
    heading's centre reaching two fifths of the way to its neighbours; None unless every
    value of every row stands under one of them, in order."""
    left = min(row.values[0].start for row in rows) - 2
    width = max(len(row.values) for row in rows)
    best = max(([t for t in h if t.end > left] for h in headers), key=len, default=[])
    if not width < len(best) <= _MAX_COLUMNS:
        return None
    centres = [token.centre for token in best]
    reach = [
        0.4 * min(abs(c - o) for o in (centres[i - 1 : i] + centres[i + 1 : i + 2]))
        for i, c in enumerate(centres)
    ]
    spans = [(round(c - r), round(c + r)) for c, r in zip(centres, reach, strict=True)]
    if all(_placed(row.values, spans, slack=0) is not None for row in rows):
        return spans
    return None


def _columns(rows: list[_Row]) -> list[tuple[int, int]] | None:
    """The value columns of a run of rows, as (start, end) spans: where the values of its
    fullest rows stand. None when those rows do not line up into separate columns."""
    width = max(len(row.values) for row in rows)
    if width > _MAX_COLUMNS:
        return None
    full = [row for row in rows if len(row.values) == width]
    spans = [
        (min(row.values[i].start for row in full), max(row.values[i].end for row in full))
        for i in range(width)
    ]
    if any(left[1] + _SLACK >= right[0] - _SLACK for left, right in pairwise(spans)):
        return None
    return spans


def _pipe_line(row: _Row, columns: list[tuple[int, int]] | None) -> str:
    fits = columns and len(row.values) < len(columns)
    values = _placed(row.values, columns) if columns and fits else None
    cells = [label.text for label in row.labels] + (values or [v.text for v in row.values])
    return " ".join(f"{cell} |" for cell in cells)


def _placed(
    values: list[_Token], columns: list[tuple[int, int]], slack: int = _SLACK
) -> list[str] | None:
    """The row's value cells, one per column, when every value stands under exactly one
    column, in order; None otherwise."""
    if len(values) > len(columns):
        return None
    cells = [""] * len(columns)
    last = -1
    for value in values:
        under = [
            i
            for i, (start, end) in enumerate(columns)
            if value.start <= end + slack and value.end >= start - slack
        ]
        if len(under) != 1 or under[0] <= last:
            return None
        last = under[0]
        cells[last] = value.text
    return cells
