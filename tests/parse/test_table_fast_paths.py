"""The table path's fast paths give exactly what the straightforward code they replace gives.

Each shortcut (a cell's or a row's facts kept per text, a whole text's cells taken at once
when every piece is one word or none, a row label's answer kept per row before it, the
`other` row summed in one pass, a row that fits or a table without repeats taken as it is)
is compared with the
plain version of the same step, kept here as the reference, on generated input built from the
fragments that make the step's decisions.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas.codes import T2021_APPLICATION_ROWS, ApplicantColumn, ApplicationRow
from xxgk.parse import cell_facts, flatten, labels, tables
from xxgk.parse.cells import Cell, is_value, read_cell
from xxgk.parse.flatten import CellStream, flatten_cells
from xxgk.parse.memo import MAX_CACHED_LENGTH
from xxgk.parse.normalise import compact
from xxgk.parse.tables import ApplicationRecord, ParsedTable, _add_other_sum

FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Pieces of table text: numbers, blanks, units, labels, every kind of separator and space.
_FRAGMENTS = (
    "0",
    "12",
    "1.5",
    "-3",
    "+2",
    "1,234",
    "28204",
    "万元",
    "件",
    "—",
    "/",
    "无",
    "null",
    "规章",
    "行政许可",
    "商业",
    "企业",
    "(三)不予公开",
    "1.属于国家秘密",
    "总计",
    " ",
    "  ",
    "\t",
    "\u3000",
    "\xa0",
    "\n",
    "\n\n",
    "|",
    "| |",
    "|---|",
    "\r",
)


def _texts(max_size: int = 40) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(_FRAGMENTS), max_size=max_size).map("".join)


# --- cell facts ------------------------------------------------------------------------------


@FAST
@given(_texts(max_size=6))
def test_cell_facts_equal_reading_the_cell(text: str) -> None:
    cell = read_cell(text)
    facts = cell_facts.CELL_FACTS[text]
    assert facts.cell == (cell or Cell(text, None))
    assert facts.label == (compact(text) if cell is None else None)
    assert facts.filled == (cell is not None and cell.value is not None)
    assert facts.fraction == (
        cell is not None and cell.value is not None and not cell.value.is_integer()
    )
    assert cell_facts.CELL_FACTS[text] == facts  # asked again: the same answers


def test_cell_facts_keep_only_short_texts() -> None:
    long_text = "1" * (MAX_CACHED_LENGTH + 1)
    assert cell_facts.CELL_FACTS[long_text].filled
    assert long_text not in cell_facts.CELL_FACTS
    assert cell_facts.CELL_FACTS["17"].filled
    assert "17" in cell_facts.CELL_FACTS


@FAST
@given(st.lists(_texts(max_size=3), max_size=16))
def test_row_facts_equal_reading_each_cell(texts: list[str]) -> None:
    cells = [read_cell(text) or Cell(text, None) for text in texts]
    facts = cell_facts.ROW_FACTS[tuple(texts)]
    assert facts.cells == tuple(cells)
    assert facts.fractions == tuple(
        cell.raw for cell in cells if cell.value is not None and not cell.value.is_integer()
    )
    assert cell_facts.ROW_FACTS[tuple(texts)] == facts


# --- fitting and merging rows ------------------------------------------------------------


def _fit_run_reference(values: list[str], width: int, double_spaced: bool) -> list[str] | None:
    run = list(values)
    while len(run) > width and not run[-1].strip():
        run.pop()
    while len(run) > width and not run[0].strip():
        run.pop(0)
    while len(run) > width and not tables._filled(run[-1]):
        run.pop()
    if len(run) > width and double_spaced and not tables._filled(run[0]):
        run.pop(0)
    if len(run) == width:
        return run
    filled = [value for value in run if tables._filled(value)]
    if len(filled) == width:
        return filled
    if not filled:
        return [""] * width
    written = [value for value in run if value.strip()]
    if len(written) == width:
        return written
    return None


_CELLS = st.lists(st.sampled_from(["", " ", "0", "7", "—", "/", "1.5", "规章"]), max_size=10)


@FAST
@given(_CELLS, st.integers(min_value=1, max_value=8), st.booleans())
def test_fit_run_equals_reference(values: list[str], width: int, double_spaced: bool) -> None:
    assert tables.fit_run(values, width, double_spaced) == _fit_run_reference(
        values, width, double_spaced
    )


def _merge_repeats_reference(
    rows: list[tuple[ApplicationRow, list[str]]], width: int, double_spaced: bool
) -> tuple[list[tuple[ApplicationRow, list[str]]], list[tables.TableProblem]]:
    """Every row grouped by code, as if any might repeat."""
    by_row: dict[ApplicationRow, list[list[str]]] = {}
    for row, values in rows:
        by_row.setdefault(row, []).append(values)
    merged: list[tuple[ApplicationRow, list[str]]] = []
    problems: list[tables.TableProblem] = []
    for row, occurrences in by_row.items():
        if len(occurrences) == 1:
            merged.append((row, occurrences[0]))
            continue
        single, single_problems = tables._merge_repeats(
            [(row, values) for values in occurrences], width, double_spaced
        )
        merged += single
        problems += single_problems
    return merged, problems


@FAST
@given(
    st.lists(st.tuples(st.sampled_from(T2021_APPLICATION_ROWS[:5]), _CELLS), max_size=8),
    st.integers(min_value=1, max_value=8),
    st.booleans(),
)
def test_merge_repeats_equals_grouping_every_row(
    rows: list[tuple[ApplicationRow, list[str]]], width: int, double_spaced: bool
) -> None:
    assert tables._merge_repeats(rows, width, double_spaced) == _merge_repeats_reference(
        rows, width, double_spaced
    )


# --- the t2021 `other` row -------------------------------------------------------------------


def _add_other_sum_reference(table: ParsedTable[ApplicationRecord]) -> None:
    codes = {record.row_code for record in table.rows}
    subs = [r for r in table.rows if r.row_code.startswith("other.")]
    if ApplicationRow.OTHER in codes or not subs:
        return
    cells = []
    for column in range(len(ApplicantColumn)):
        column_cells = [sub.cells[column] for sub in subs]
        if all(cell.blank for cell in column_cells):
            cells.append(Cell("", None))
        else:
            total = sum(cell.value or 0.0 for cell in column_cells)
            cells.append(Cell(f"{total:g}", total))
    position = table.rows.index(subs[0])
    table.rows.insert(position, ApplicationRecord(ApplicationRow.OTHER, tuple(cells)))


_VALUES = st.sampled_from([Cell("", None), Cell("0", 0.0), Cell("3", 3.0), Cell("-2", -2.0)])


@FAST
@given(
    st.lists(st.sampled_from(T2021_APPLICATION_ROWS), unique=True, max_size=12),
    st.data(),
)
def test_other_row_equals_reference(rows: list[ApplicationRow], data: st.DataObject) -> None:
    records = [
        ApplicationRecord(row, tuple(data.draw(st.lists(_VALUES, min_size=7, max_size=7))))
        for row in rows
    ]
    table: ParsedTable[ApplicationRecord] = ParsedTable(rows=list(records))
    reference: ParsedTable[ApplicationRecord] = ParsedTable(rows=list(records))
    _add_other_sum(table)
    _add_other_sum_reference(reference)
    assert table.rows == reference.rows


# --- flatten ---------------------------------------------------------------------------------


def _split_line_reference(line: str) -> tuple[str, ...]:
    words = line.split()
    if len(words) < 2 or not any(is_value(word) for word in words):
        return (line.strip(),) if words else ("",)
    cells: list[str] = []
    label: list[str] = []
    for word in words:
        if word in flatten._UNITS and cells and not label and is_value(cells[-1]):
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


def _split_piece_reference(piece: str) -> tuple[str, ...]:
    parts = [part.strip() for part in piece.split("\n")]
    non_empty = [part for part in parts if part]
    if not non_empty:
        return ("",)
    return tuple(cell for part in non_empty for cell in _split_line_reference(part))


def _flatten_reference(text: str) -> CellStream:
    """Every piece and line split on its own, as the layouts are defined."""
    if text.count("|") >= 3:
        if "---" in text:
            text = flatten._SEPARATOR_ROW.sub("", text)
        pieces = text.split("|")
        return CellStream([c for p in pieces for c in _split_piece_reference(p)], False)
    lines = text.split("\n")
    if flatten._is_double_spaced(lines):
        cells: list[str] = []
        skip_blank = False
        for line in lines:
            if line:
                cells.extend(_split_line_reference(line))
                skip_blank = True
            elif skip_blank:
                skip_blank = False
            else:
                cells.append("")
        return CellStream(cells, True)
    return CellStream([c for line in lines for c in _split_line_reference(line)], False)


@FAST
@given(_texts())
def test_flatten_equals_splitting_each_piece(text: str) -> None:
    assert flatten_cells(text) == _flatten_reference(text)


@FAST
@given(st.lists(st.sampled_from(("0", "3", "规章", "—", "1.5万元")), min_size=4, max_size=30))
def test_flatten_equals_reference_on_one_word_layouts(words: list[str]) -> None:
    """The whole-text shortcut's own case: every piece one word or none."""
    for text in (
        "|".join(words),
        "\n".join(words),
        "\n\n".join(words) + "\n",
        "\n\n".join(words).replace("0", ""),
    ):
        assert flatten_cells(text) == _flatten_reference(text)


@FAST
@given(_texts(max_size=12))
def test_split_line_equals_reference(line: str) -> None:
    for part in line.split("\n"):
        assert flatten._split_line(part) == _split_line_reference(part)


# --- application row labels ------------------------------------------------------------------

_LABEL_FRAGMENTS = (
    "3.",
    "2.",
    "1、",
    "其他",
    "总计",
    "合计",
    "(七)",
    "(六)",
    "国家秘密",
    "重复申请",
    "逾期不补正",
    "处理",
    "本年新收",
    "x",
)


@FAST
@given(
    st.lists(st.sampled_from(_LABEL_FRAGMENTS), max_size=4).map("".join),
    st.sampled_from([None, *ApplicationRow]),
)
def test_application_row_equals_uncached(label: str, previous: ApplicationRow | None) -> None:
    expected = labels._application_row(label, previous)
    assert labels.application_row(label, previous) is expected
    assert labels.application_row(label, previous) is expected  # the kept answer
