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
from xxgk.parse.memo import memoise_text
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
#: The zero spelled in traditional characters (the text is made simplified only later).
_TRADITIONAL_ZERO = str.maketrans({"無": "无"})
#: Up to this many characters, a label before the row's own label is a wrapped fragment.
_FRAGMENT = 3


@dataclass(frozen=True)
class _Token:
    """A word or label standing from `start` to `end` on the page, in the group's measure."""

    start: int
    end: int
    text: str
    value: bool

    @property
    def centre(self) -> float:
        return (self.start + self.end) / 2


@dataclass(frozen=True)
class _Row:
    labels: list[_Token]
    values: list[_Token]
    #: Where the row's lone characters of vertical labels stand.
    vertical: tuple[int, ...] = ()

    @property
    def label(self) -> _Token | None:
        """The row's own label (its last)."""
        return self.labels[-1] if self.labels else None


def layout_to_pipes(text: str) -> str:
    """`text` with its position-laid-out table rows as `cell | cell |` lines; any other text,
    and text with no such table, unchanged."""
    if "  " not in text:
        return text
    lines = _without_page_edges(text).split("\n")
    rows = {index: row for index, line in enumerate(lines) if (row := _table_row(line, True))}
    if len(rows) < _MIN_ROWS:
        return text
    first, last = min(rows), max(rows)
    written: dict[int, str | None] = {}
    for group, headers in _groups(lines, rows):
        written |= _write_group(lines, group, headers, {i: rows[i] for i in group})
    kept = []
    for index, line in enumerate(lines):
        if index in written:
            if (out := written[index]) is not None:
                kept.append(out)
        elif not (first <= index <= last and _is_vertical_label(line)):
            kept.append(line)
    return "\n".join(kept)


def _write_group(
    lines: list[str], group: list[int], headers: list[int], shown: dict[int, _Row]
) -> dict[int, str | None]:
    """The group's rows as pipe lines, and the label lines between them without the group
    labels' fragments (None for a line left empty), measured the way its values line up best:
    by display width (a wide character two positions, as a monospace view shows it: `shown`,
    the rows so measured) or by characters (as pdftotext counts them)."""
    candidates = []
    for wide in (False, True):
        rows = shown if wide else {i: r for i in group if (r := _table_row(lines[i], wide))}
        if len(rows) < len(group):
            continue
        header_tokens = [tokens for h in headers if (tokens := _header(lines[h], wide, True))]
        by_header = _header_columns(header_tokens, list(rows.values()))
        columns = by_header or _columns(list(rows.values()))
        fits = columns is not None and all(_fits(row, columns) for row in rows.values())
        rank = (not fits, by_header is None, _spread(list(rows.values())))
        written: dict[int, str | None] = {
            index: _pipe_line(row, columns) for index, row in rows.items()
        }
        candidates.append((rank, written | _label_lines(lines, rows, wide)))
    return min(candidates, key=lambda candidate: candidate[0])[1] if candidates else {}


def _spread(rows: list[_Row]) -> float:
    """How far the values of the fullest rows stray from lining up: the smallest of the
    spreads of their starts, centres and ends, summed over the columns."""
    width = max(len(row.values) for row in rows)
    full = [row.values for row in rows if len(row.values) == width]
    total = 0.0
    for i in range(width):
        column = [values[i] for values in full]
        total += min(
            max(edge) - min(edge)
            for edge in (
                [t.start for t in column],
                [t.centre for t in column],
                [t.end for t in column],
            )
        )
    return total


def _fits(row: _Row, columns: list[tuple[int, int]]) -> bool:
    return len(row.values) == len(columns) or _placed(row.values, columns) is not None


def _label_lines(lines: list[str], rows: dict[int, _Row], wide: bool) -> dict[int, str | None]:
    """The lines between the group's rows that hold labels only, each keeping the words that
    start, or are centred, where the label of the row above or below is (a label wrapped
    within its cell, left-aligned or centred); the rest are fragments of group labels merged
    down the left columns, as is a lone character where such labels stand on other lines."""
    vertical = {at for row in rows.values() for at in row.vertical}
    out: dict[int, str | None] = {}
    indices = sorted(rows)
    for above, below in pairwise(indices):
        near = [label for index in (above, below) if (label := rows[index].label) is not None]
        for index in range(above + 1, below):
            if not lines[index].strip() or _SECTION_LINE.match(lines[index]):
                continue
            kept = [
                t.text
                for t in _tokens(lines[index], wide)
                if not t.value
                and not (_is_vertical_label(t.text) and t.start in vertical)
                and any(_under(t, label) for label in near)
            ]
            out[index] = " ".join(kept) or None
    return out


def _under(token: _Token, label: _Token) -> bool:
    """Whether a word continues a label wrapped within its cell: it starts where the label
    starts, or is centred where the label is."""
    return abs(token.start - label.start) <= _SLACK or abs(token.centre - label.centre) <= _SLACK


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


def _tokens(line: str, wide: bool) -> list[_Token]:
    """Words, with label words a single space apart joined into one label; positions count a
    wide character as two when `wide`, as one otherwise."""
    tokens: list[_Token] = []
    position = 0
    last = 0
    for match in _WORD.finditer(line):
        word = match.group()
        position += match.start() - last
        last = match.end()
        start = position
        position += _measure(word) if wide else len(word)
        value = _is_word_value(word)
        previous = tokens[-1] if tokens else None
        if previous and not value and not previous.value and start - previous.end == 1:
            tokens[-1] = _Token(previous.start, position, f"{previous.text} {word}", False)
        else:
            tokens.append(_Token(start, position, word, value))
    return tokens


@memoise_text
def _measure(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


@memoise_text
def _is_word_value(word: str) -> bool:
    return is_value(word.translate(_TRADITIONAL_ZERO))


def _table_row(line: str, wide: bool) -> _Row | None:
    """A line of labels then values with a run of spaces among them, or None. Of its labels,
    the fragments of group labels merged down the left columns (a character or a few, before
    the row's own label) are left out."""
    if "|" in line or "  " not in line.strip():
        return None
    tokens = _tokens(line, wide)
    values = [i for i, token in enumerate(tokens) if token.value]
    if not values or len(tokens) < 2 or any(not t.value for t in tokens[values[0] :]):
        return None
    gaps = [b.start - a.end for a, b in pairwise(tokens)]
    if max(gaps) < 2:
        return None
    labels = [_without_lead(t, wide) for t in tokens[: values[0]]]
    lone = tuple(t.start for t in tokens[: values[0]] if _is_vertical_label(t.text.split(" ")[0]))
    if labels and not _is_fragment(labels[-1].text):
        labels = [*(t for t in labels[:-1] if not _is_fragment(t.text)), labels[-1]]
    return _Row([t for t in labels if not _is_vertical_label(t.text)], tokens[values[0] :], lone)


def _is_fragment(text: str) -> bool:
    """A few characters of a label merged over rows and wrapped in a narrow column (`（四）`,
    `无法提`, `）不`)."""
    return len(text) <= _FRAGMENT and not text.isascii()


def _without_lead(token: _Token, wide: bool) -> _Token:
    """The label without a lone character of a vertical group label one space before it
    (`三 （一）予以公开`); a label spaced out character by character is kept whole."""
    head, _, rest = token.text.partition(" ")
    if _is_vertical_label(head) and len(rest.split(" ")[0]) >= 2:
        start = token.start + (_measure(head) if wide else len(head)) + 1
        return _Token(start, token.end, rest, token.value)
    return token


def _is_vertical_label(text: str) -> bool:
    """One character of a label written down the page (`申`, `、`), not a value."""
    stripped = text.strip()
    return len(stripped) == 1 and not stripped.isascii() and not is_value(stripped)


def _groups(lines: list[str], rows: dict[int, _Row]) -> list[tuple[list[int], list[int]]]:
    """Table rows in runs that share columns, each with the header lines right above it (as
    line indices). A section heading, or a header line (several labels spaced apart, no value)
    reaching over the run's values, starts a new run; one left of the values, or whose last
    label starts under the label of the row above, is a wrapped row label."""
    groups: list[tuple[list[int], list[int]]] = [([], [])]
    left = 0  # where the current run's values start
    label_end = 0  # where the label of the run's last row ends
    for index, line in enumerate(lines):
        if index in rows:
            if not groups[-1][0]:
                left = rows[index].values[0].start
            groups[-1][0].append(index)
            left = min(left, rows[index].values[0].start)
            label_end = max((t.end for t in rows[index].labels), default=0)
            continue
        header = _header(line)
        if header is None and not _SECTION_LINE.match(line):
            continue
        if groups[-1][0]:
            if header is not None and (header[-1].end <= left or header[-1].start < label_end):
                continue
            groups.append(([], []))
        if header is not None:
            groups[-1][1].append(index)
    return [group for group in groups if group[0]]


def _header(line: str, wide: bool = True, headings: bool = False) -> list[_Token] | None:
    """A header line's labels (several, spaced apart, no value), else None. Lone characters
    are left out unless `headings`: then they are the last line of headings wrapped in
    narrow columns (`总` / `计`)."""
    if "|" in line:
        return None
    tokens = [t for t in _tokens(line, wide) if headings or not _is_vertical_label(t.text)]
    named = [t for t in tokens if not _is_vertical_label(t.text)]
    return tokens if len(named) >= 2 and not any(t.value for t in tokens) else None


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
