"""Parse the three standard tables (sections 二, 三, 四) from a section's cell stream."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Generic, TypeVar

from schemas.codes import (
    AMOUNT_METRICS,
    APPLICANT_TYPES,
    REVIEW_COLUMNS,
    T2019_APPLICATION_ROWS,
    T2021_APPLICATION_ROWS,
    ActiveItem,
    ActiveMetric,
    ApplicantColumn,
    ApplicationRow,
    Template,
)
from xxgk.parse.cell_facts import CELL_FACTS, ROW_FACTS
from xxgk.parse.cells import Cell, read_cell, to_10k_yuan
from xxgk.parse.flatten import CellStream
from xxgk.parse.labels import (
    active_item,
    active_metrics,
    application_row,
    continues_row,
    header_unit,
)
from xxgk.parse.placement import place_applications, place_review, review_adds_up


@dataclass(frozen=True)
class TableProblem:
    """Why a table cannot be trusted; becomes a quarantine row at stage `parse`."""

    check: str
    message: str
    row_code: str | None = None


RowT = TypeVar("RowT")


@dataclass(frozen=True)
class ActiveCell:
    item: ActiveItem
    metric: ActiveMetric
    value: float | None
    raw_value: str


@dataclass
class ParsedTable(Generic[RowT]):
    rows: list[RowT] = field(default_factory=list)
    problems: list[TableProblem] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.rows) or bool(self.problems)


@dataclass(frozen=True)
class ApplicationRecord:
    row_code: ApplicationRow
    cells: tuple[Cell, ...]  # one per ApplicantColumn, in order


_T2019_COLUMNS = {
    ActiveItem.REGULATIONS: (
        ActiveMetric.NEWLY_MADE,
        ActiveMetric.NEWLY_PUBLISHED,
        ActiveMetric.TOTAL_PUBLISHED,
    ),
    ActiveItem.ADMINISTRATIVE_LICENSING: (
        ActiveMetric.PREVIOUS_YEAR_COUNT,
        ActiveMetric.CHANGE,
        ActiveMetric.DECISIONS,
    ),
    ActiveItem.ADMINISTRATIVE_FEES: (ActiveMetric.PREVIOUS_YEAR_COUNT, ActiveMetric.CHANGE),
    ActiveItem.CENTRALIZED_PROCUREMENT: (
        ActiveMetric.PROCUREMENT_PROJECTS,
        ActiveMetric.PROCUREMENT_AMOUNT_10K_YUAN,
    ),
}
_T2019_COLUMNS |= {
    ActiveItem.NORMATIVE_DOCUMENTS: _T2019_COLUMNS[ActiveItem.REGULATIONS],
    ActiveItem.OTHER_MANAGEMENT_SERVICES: _T2019_COLUMNS[ActiveItem.ADMINISTRATIVE_LICENSING],
    ActiveItem.ADMINISTRATIVE_PENALTY: _T2019_COLUMNS[ActiveItem.ADMINISTRATIVE_LICENSING],
    ActiveItem.ADMINISTRATIVE_COERCION: _T2019_COLUMNS[ActiveItem.ADMINISTRATIVE_LICENSING],
}
_T2021_COLUMNS = {
    ActiveItem.REGULATIONS: (ActiveMetric.ISSUED, ActiveMetric.REPEALED, ActiveMetric.IN_FORCE),
    ActiveItem.NORMATIVE_DOCUMENTS: (
        ActiveMetric.ISSUED,
        ActiveMetric.REPEALED,
        ActiveMetric.IN_FORCE,
    ),
    ActiveItem.ADMINISTRATIVE_LICENSING: (ActiveMetric.DECISIONS,),
    ActiveItem.ADMINISTRATIVE_PENALTY: (ActiveMetric.DECISIONS,),
    ActiveItem.ADMINISTRATIVE_COERCION: (ActiveMetric.DECISIONS,),
    ActiveItem.ADMINISTRATIVE_FEES: (ActiveMetric.FEE_AMOUNT_10K_YUAN,),
}
#: The official columns of each section 二 row, per template.
ACTIVE_COLUMNS: dict[Template, dict[ActiveItem, tuple[ActiveMetric, ...]]] = {
    Template.T2019: _T2019_COLUMNS,
    Template.T2021: _T2021_COLUMNS,
}


#: Rows without which the table's balance cannot be checked, in the template's order (a
#: tuple: a set's order of strings changes with each process's hash seed, and so would the
#: order of a report's problems).
_REQUIRED_ROWS = (
    ApplicationRow.RECEIVED,
    ApplicationRow.CARRIED_OVER,
    ApplicationRow.TOTAL_PROCESSED,
    ApplicationRow.CARRIED_FORWARD,
)


def fit_run(values: list[str], width: int, double_spaced: bool) -> list[str] | None:
    """The `width` cells of one table row from the value cells that followed its label.

    Empty cells beyond the width are row separators, at the end first, then at the start;
    spelled blanks (`—`) beyond it at the end are row padding; in double-spaced text one
    leading blank may be the previous row's separator. Blanks that went missing cannot be
    placed unless exactly `width` non-blank values remain: anything else is ambiguous (None).
    """
    if len(values) == width:  # the usual row: nothing to drop
        return list(values)
    run = list(values)
    while len(run) > width and not run[-1].strip():
        run.pop()
    while len(run) > width and not run[0].strip():
        run.pop(0)  # the separator before a row (`|` layouts), not a cell
    while len(run) > width and not _filled(run[-1]):
        run.pop()
    if len(run) > width and double_spaced and not _filled(run[0]):
        run.pop(0)
    if len(run) == width:
        return run
    filled = [value for value in run if _filled(value)]
    if len(filled) == width:
        return filled
    if not filled:
        return [""] * width
    written = _written(run)
    if len(written) == width:
        return written  # every cell written (a value or a spelled blank): the empties are not
    return None


def _written(values: list[str]) -> list[str]:
    """The cells that hold something, a value or a spelled blank (`/`, `—`, `无`): a layout
    that loses empty cells keeps these, so they still hold their places among the values."""
    return [value for value in values if value.strip()]


def _value_runs(stream: CellStream) -> list[tuple[str, list[str]]]:
    """(label, value cells after it) for every label cell of the stream."""
    values: list[str] = []
    runs: list[tuple[str, list[str]]] = [("", values)]
    for cell in stream.cells:
        label = CELL_FACTS[cell].label
        if label is None:
            values.append(cell)
        else:
            values = []
            runs.append((label, values))
    return runs


def parse_applications(stream: CellStream, template: Template) -> ParsedTable[ApplicationRecord]:
    table: ParsedTable[ApplicationRecord] = ParsedTable()
    runs = _value_runs(stream)
    layout = _applicant_layout(runs)
    width = len(layout)
    rows, orphans = _application_runs(runs)
    table.problems.extend(orphans)
    if template is Template.T2021:  # the (六) group label; its sub-rows follow
        rows = [(row, v) for row, v in rows if row is not ApplicationRow.OTHER or any(v)]
    merged, repeats = _merge_repeats(rows, width, stream.double_spaced)
    table.problems.extend(repeats)
    placed: dict[ApplicationRow, list[str]] = {}
    loose: dict[ApplicationRow, list[str]] = {}
    merged = _split_absorbed(merged, width, template)
    for row, values in merged:
        cells = fit_run(values, width, stream.double_spaced)
        if cells is not None:
            placed[row] = cells
            continue
        written = _written(values)
        if len(written) < width:
            loose[row] = written  # blanks were lost: the table's sums may place the values
            continue
        table.problems.append(
            TableProblem(
                "ambiguous_cells",
                f"row {row}: {len(values)} cells ({', '.join(map(repr, values))}) "
                f"cannot be placed in {width} columns",
                row,
            )
        )
    if loose:
        placement = place_applications(placed, loose, layout)
        if placement.rows is None:
            table.problems.extend(
                TableProblem(
                    "ambiguous_cells",
                    f"row {row}: {len(values)} values {values} for {width} columns, blanks "
                    f"lost; placing by the table's sums: {placement.reason}",
                    row,
                )
                for row, values in loose.items()
            )
        else:
            placed |= placement.rows
    for row in (row for row, _ in merged if row in placed):
        row_cells = placed[row]
        if layout is _COLUMNS and len(row_cells) == width:  # the standard columns, no 小计
            facts = ROW_FACTS[tuple(row_cells)]
            parsed = facts.cells
            problem = _non_integer(facts.fractions, row)
        else:
            by_column = {
                column: CELL_FACTS[cell] for column, cell in zip(layout, row_cells, strict=True)
            }
            standard = [by_column[column] for column in _COLUMNS]
            parsed = tuple([cell.cell for cell in standard])
            odd = tuple([cell.cell.raw for cell in standard if cell.fraction])
            problem = _non_integer(odd, row) or _subtotal_mismatch(
                {column: cell.cell for column, cell in by_column.items()}, row
            )
        if problem:
            table.problems.append(problem)
            continue
        table.rows.append(ApplicationRecord(row, parsed))
    if table.rows and template is Template.T2021:
        _add_other_sum(table)
    if table.rows:
        seen = {row for row, _ in merged}
        for required in (row for row in _REQUIRED_ROWS if row not in seen):
            table.problems.append(
                TableProblem("row_missing", f"section 三 has no {required} row", required)
            )
    return table


def _merge_repeats(
    rows: list[tuple[ApplicationRow, list[str]]], width: int, double_spaced: bool
) -> tuple[list[tuple[ApplicationRow, list[str]]], list[TableProblem]]:
    """One entry per row code, in first-seen order, whatever a page break repeated.

    A table split across pages may repeat its header and the label of the row it split: an
    identical repeat, or one with no cells but empty ones, adds nothing; a row whose cells
    were split between the two pages is the cells of both. Two different sets of values for one row
    are a `duplicate_row`.
    """
    if len({row for row, _ in rows}) == len(rows):  # the usual table: nothing repeated
        return list(rows), []
    by_row: dict[ApplicationRow, list[list[str]]] = {}
    for row, values in rows:
        by_row.setdefault(row, []).append(values)
    merged: list[tuple[ApplicationRow, list[str]]] = []
    problems: list[TableProblem] = []
    for row, occurrences in by_row.items():
        if len(occurrences) == 1:  # the usual case: nothing repeated
            merged.append((row, occurrences[0]))
            continue
        distinct: list[list[str]] = []
        for values in occurrences:
            if _trimmed(values) not in map(_trimmed, distinct):
                distinct.append(values)
        joined = [value for values in distinct for value in values]
        with_values = [values for values in distinct if _trimmed(values)]
        if len(distinct) == 1:
            merged.append((row, distinct[0]))
        elif len(with_values) == 1:
            merged.append((row, with_values[0]))
        elif fit_run(joined, width, double_spaced) is not None and len(_trimmed(joined)) <= width:
            merged.append((row, joined))
        else:
            problems.append(
                TableProblem(
                    "duplicate_row",
                    f"row {row} appears {len(distinct)} times in section 三 with different "
                    f"values: {' / '.join(map(repr, map(_trimmed, distinct)))}",
                    row,
                )
            )
    return merged, problems


def _trimmed(values: list[str]) -> list[str]:
    """A row's values without the blanks around them (padding and row separators)."""
    start, end = 0, len(values)
    while start < end and not values[start].strip():
        start += 1
    while end > start and not values[end - 1].strip():
        end -= 1
    return values[start:end]


def _filled_count(values: list[str]) -> int:
    return sum(1 for value in values if _filled(value))


def _split_absorbed(
    rows: list[tuple[ApplicationRow, list[str]]], width: int, template: Template
) -> list[tuple[ApplicationRow, list[str]]]:
    """Rows whose label was lost are read as more values of the row above: a run of two
    rows' values (apart from the lost label's empty or spelled-blank cells between them) is
    that row and the next one of the template when the template's row after that one is the
    table's next row, so the bare row can be no other (the table's sums then check the split).
    A table that ends there lacks required rows and is quarantined whatever the split.
    """
    order = T2021_APPLICATION_ROWS if template is Template.T2021 else T2019_APPLICATION_ROWS
    present = {row for row, _ in rows}
    result: list[tuple[ApplicationRow, list[str]]] = []
    for index, (row, values) in enumerate(rows):
        if len(values) < 2 * width:  # fewer than two rows' values whatever their blanks
            result.append((row, values))
            continue
        trimmed = _trimmed(values)
        if not 2 * width <= len(trimmed) <= 2 * width + _LABEL_CELLS:
            result.append((row, values))  # not two rows' values: the usual case
            continue
        first, second, between = trimmed[:width], trimmed[-width:], trimmed[width:-width]
        following = _following(row, order)
        after = _following(following, order) if following else None
        next_row = rows[index + 1][0] if index + 1 < len(rows) else None
        if (
            all(value.strip() for value in first + second)
            and not any(map(_filled, between))
            and following is not None
            and following not in present
            and next_row in (None, after)  # the end of a table: rows missing, never valid
            and not (template is Template.T2021 and following is ApplicationRow.OTHER)
        ):
            result += [(row, first), (following, second)]
            present.add(following)
        else:
            result.append((row, values))
    return result


#: Cells a lost row label leaves between two rows' counts: the row separator of `|`
#: layouts and the empty (or spelled-blank) cells of its up to three label columns.
_LABEL_CELLS = 4


_SUBTOTAL = "legal_person_subtotal"
#: The seven count columns' names in table order (the standard layout).
_COLUMNS = tuple(column.value for column in ApplicantColumn)
#: Leaf headers of the 法人或其他组织 block, as fragments that survive header cells split
#: over lines (`商 业 企` / `业`).
_LEAF_HEADERS = (
    ("商业", ApplicantColumn.COMMERCIAL_ENTERPRISE.value),
    ("科研", ApplicantColumn.RESEARCH_INSTITUTION.value),
    ("公益", ApplicantColumn.SOCIAL_WELFARE_ORG.value),
    ("法律", ApplicantColumn.LEGAL_SERVICE_ORG.value),
    ("小计", _SUBTOTAL),
)


def _applicant_layout(runs: list[tuple[str, list[str]]]) -> tuple[str, ...]:
    """The count columns in table order: the standard seven, or eight when the table adds a
    小计 (subtotal) under 法人或其他组织, placed where its header says."""
    header: list[str] = []
    for label, _ in runs:
        if label and application_row(label, None) is not None:
            break
        header.append(label)
    text = "".join(header)
    if "小计" not in text:
        return _COLUMNS
    positions = {column: text.find(fragment) for fragment, column in _LEAF_HEADERS}
    other = text.rfind("其他", 0, positions[_SUBTOTAL] if positions[_SUBTOTAL] > 0 else None)
    positions[ApplicantColumn.OTHER_ORG.value] = other
    leaves = sorted((p, column) for column, p in positions.items())
    return (
        ApplicantColumn.NATURAL_PERSON.value,
        *(column for _, column in leaves),
        ApplicantColumn.TOTAL.value,
    )


def _subtotal_mismatch(by_column: dict[str, Cell], row: ApplicationRow) -> TableProblem | None:
    """A 小计 column must add up its organisations; if not, a column was misread."""
    subtotal = by_column.get(_SUBTOTAL)
    if subtotal is None or subtotal.value is None:
        return None
    organisations = [c for c in APPLICANT_TYPES if c is not ApplicantColumn.NATURAL_PERSON]
    parts = sum(by_column[c.value].value or 0 for c in organisations)
    if parts == subtotal.value:
        return None
    return TableProblem(
        "legal_person_subtotal",
        f"row {row}: 小计 {subtotal.raw} ≠ sum of the five organisation columns {parts:g}",
        row,
    )


def _application_runs(
    runs: list[tuple[str, list[str]]],
) -> tuple[list[tuple[ApplicationRow, list[str]]], list[TableProblem]]:
    """Section 三's rows as (row code, value cells), following labels that wrap.

    A label that matches no row is the wrapped rest of the row label before it while that
    row has no values yet (`(二)部分公开(区分处理的,只计这一` / `情形,不计其他情形) 9 0 …`),
    or when the two halves together name that row (`labels.continues_row`): its counts are
    the row's when the first half held only blanks (`5.要求行政机关确认或重新 — — …` /
    `出具已获取信息 0 0 …`), its blanks are none when the first half held the counts.
    Otherwise it is kept and tried again joined with the next label
    (`5.要求行政机关确认或重新出` / `具已获取信息 0 0 …`). A bare group number with counts
    (`(五) 1 5 …`, a sub-row whose words were lost) continues the row above, for
    `_split_absorbed` to place. Values under a label that matches nothing are reported,
    never dropped or guessed.
    """
    rows: list[tuple[ApplicationRow, list[str]]] = []
    problems: list[TableProblem] = []
    pending = ""  # unmatched label text since the last matched label
    stray: list[str] = []  # values under `pending`, which may be a label's first half
    named = ""  # the label text of the current row

    def unlabelled(values: list[str], label: str) -> TableProblem:
        return TableProblem(
            "unlabelled_row", f"values {values} under {label!r}, which is no row of section 三"
        )

    for label, values in runs:
        current = rows[-1] if rows else None
        previous = current[0] if current else None
        own = application_row(label, previous) if label else None
        row = own or (application_row(pending + label, previous) if label and pending else None)
        if row is not None and not (current and row is current[0] and _no_values(current[1])):
            if stray and own is None:
                values = stray + values  # the label's first half carried the values
            elif stray:
                problems.append(unlabelled(stray, pending))
            rows.append((row, list(values)))
            named = pending + label if own is None else label
            pending, stray = "", []
        elif current and _no_values(current[1]):
            current[1].extend(values)  # the wrapped rest of the current row's label
            pending += label
            named += label
        elif (
            current
            and not stray
            and not (any(map(_filled, current[1])) and any(map(_filled, values)))
            and continues_row(named, label, current[0])
        ):
            named += label
            if any(map(_filled, values)):
                current[1][:] = values  # the first half held blanks, this half the counts
        elif current and label and _bare_group(label, current[0]) and any(map(_filled, values)):
            current[1].extend(["", *values])  # a bare sub-row: `_split_absorbed` places it
        elif any(values) and current:
            if stray:
                problems.append(unlabelled(stray, pending))
            pending, stray = label, list(values)
        else:
            pending = pending + label if stray else label
    if stray:
        problems.append(unlabelled(stray, pending))
    return rows, problems


#: A group's label, or a piece of it, alone: `(五)`, `不予处` (a group label written
#: vertically, a few characters a line), the sub-row's own label lost.
_GROUP_PIECE = re.compile(r"^(?:\(([三四五])\))?([\u4e00-\u9fff]*)$")
_GROUPS = {
    "denied.": ("三", "不予公开"),
    "unable.": ("四", "无法提供"),
    "not_processed.": ("五", "不予处理"),
}


def _bare_group(label: str, row: ApplicationRow) -> bool:
    """The label is only (a piece of) the label of the group whose next sub-row follows `row`
    in the template: the label of a sub-row of that group lost, its counts kept."""
    match = _GROUP_PIECE.match(label)
    following = _following(row, T2021_APPLICATION_ROWS)
    if match is None or following is None or not (match.group(1) or match.group(2)):
        return False
    group = next((g for prefix, g in _GROUPS.items() if following.startswith(prefix)), None)
    if group is None:
        return False
    number, words = group
    return match.group(1) in (None, number) and words.find(match.group(2)) >= 0


def _following(row: ApplicationRow, order: tuple[ApplicationRow, ...]) -> ApplicationRow | None:
    if order is T2021_APPLICATION_ROWS:
        return _NEXT_T2021.get(row)
    if order is T2019_APPLICATION_ROWS:
        return _NEXT_T2019.get(row)
    return dict(pairwise(order)).get(row)


#: Each template's rows with the row after each.
_NEXT_T2021 = dict(pairwise(T2021_APPLICATION_ROWS))
_NEXT_T2019 = dict(pairwise(T2019_APPLICATION_ROWS))


#: Empty cells a double-spaced layout leaves between a label's two lines (its separator and
#: the row end): fewer than any row of section 三 has cells, so never a row of blanks.
_SEPARATING_BLANKS = 2


def _no_values(values: list[str]) -> bool:
    """No cell yet under a label, only the empty lines that may separate its wrapped halves."""
    return len(values) <= _SEPARATING_BLANKS and not any(value.strip() for value in values)


def _add_other_sum(table: ParsedTable[ApplicationRecord]) -> None:
    """t2021's `other` row is the sum of its three sub-rows (contract)."""
    subs: list[ApplicationRecord] = []
    position = 0  # the first sub-row's
    for index, record in enumerate(table.rows):
        if record.row_code == ApplicationRow.OTHER:
            return
        if record.row_code.startswith("other."):
            position = position if subs else index
            subs.append(record)
    if not subs:
        return
    cells = []
    by_sub = [[cell.value for cell in sub.cells] for sub in subs]
    for values in zip(*by_sub, strict=True):
        if values.count(None) == len(values):  # every sub-row's cell blank
            cells.append(Cell("", None))
        else:
            total = sum([value or 0.0 for value in values])
            cells.append(Cell(f"{total:g}", total))
    table.rows.insert(position, ApplicationRecord(ApplicationRow.OTHER, tuple(cells)))


def parse_active_disclosure(stream: CellStream, template: Template) -> ParsedTable[ActiveCell]:
    """Section 二's cells, each row's placed by the columns its sub-table's header names.

    Where the header's row ends in blank cells (the row separators of `|` layouts, padding of
    merged cells) its data rows end in as many, which are no cells: a row with fewer cells
    than its header names columns is never filled left to right.
    """
    table: ParsedTable[ActiveCell] = ParsedTable()
    defaults = ACTIVE_COLUMNS.get(template, {})
    headers: list[tuple[ActiveMetric, str | None]] = []
    named: tuple[ActiveMetric, ...] = ()  # the columns `headers` name, each once, in order
    units: dict[ActiveMetric, str | None] = {}  # the unit `headers` state for each column
    separators = 0  # blank cells that end the header row, so every row
    collecting_headers = False
    seen: dict[ActiveItem, list[str]] = {}
    for label, values in _value_runs(stream):
        metrics = active_metrics(label) if label else ()
        if metrics:
            if not collecting_headers:
                headers = []
            headers.extend((metric, header_unit(label)) for metric in metrics)
            named, units = tuple(dict.fromkeys(metric for metric, _ in headers)), dict(headers)
            collecting_headers = not any(map(_filled, values))
            separators = len(values) if collecting_headers else 0
            continue
        collecting_headers = False
        item = active_item(label) if label else None
        if item is None:
            continue
        expected = defaults.get(item)
        if expected is None:
            table.problems.append(
                TableProblem("unexpected_row", f"row {item} is not part of template {template}")
            )
            continue
        if item in seen:
            if _trimmed(values) != _trimmed(seen[item]) and any(map(_filled, values)):
                table.problems.append(
                    TableProblem(
                        "duplicate_row",
                        f"row {item} appears twice with different values: "
                        f"{_trimmed(seen[item])} / {_trimmed(values)}",
                    )
                )
            continue  # a repeat after a page break adds nothing
        seen[item] = values
        run = _without_separators(values, separators)
        columns = _header_columns(named, expected, len(run))
        cells = fit_run(run, len(columns), stream.double_spaced)
        if cells is None:
            table.problems.append(
                TableProblem(
                    "ambiguous_cells",
                    f"row {item}: {len(run)} cells ({', '.join(map(repr, run))}) cannot be "
                    f"placed in the {len(columns)} columns {[str(c) for c in columns]}",
                )
            )
            continue
        for metric, text in zip(columns, cells, strict=True):
            cell = CELL_FACTS[text].cell
            value = to_10k_yuan(cell, units.get(metric)) if metric in AMOUNT_METRICS else cell.value
            table.rows.append(ActiveCell(item, metric, value, cell.raw))
    return table


def _header_columns(
    named: tuple[ActiveMetric, ...], expected: tuple[ActiveMetric, ...], cells: int
) -> tuple[ActiveMetric, ...]:
    """The row's columns in the order its header names them (`named`) when it names every
    column of the template's row, or names fewer and the row holds as many cells (a report
    that dropped a column); otherwise the template's (a header cell split over lines names
    nothing)."""
    if named and set(named) <= set(expected) and cells == len(named):
        return named
    if set(named) == set(expected):
        return named
    return expected


def _without_separators(values: list[str], separators: int) -> list[str]:
    """A row's values without the trailing blanks that its header row ends with too."""
    run = list(values)
    for _ in range(separators):
        if run and not run[-1].strip():
            run.pop()
    return run


def parse_review_litigation(stream: CellStream) -> ParsedTable[dict[str, Cell]]:
    """Section 四 has one data row of 15 cells after its two header rows.

    A table split at a page break is its runs of values read in order. A table with no cases
    at all (every cell blank, a zero spelling, or no value cells under its header) is a row
    of blanks. The narrative that follows a table whose next heading is missing ends it.
    """
    table: ParsedTable[dict[str, Cell]] = ParsedTable()
    runs = _value_runs(_before_narrative(stream))
    labels = "".join(label for label, _ in runs)
    with_values = [values for _, values in runs if any(_filled(v) for v in values)]
    if not with_values:
        if _REVIEW_HEADER.search(labels):
            table.rows.append({column: Cell("", None) for column in REVIEW_COLUMNS})
        return table
    values = [value for run in with_values for value in run]
    cells = fit_run(values, len(REVIEW_COLUMNS), stream.double_spaced) or _padded_review(values)
    if cells is None:
        written = _written(values)
        if len(written) < len(REVIEW_COLUMNS):
            cells, reason = place_review(written)
        else:
            reason = f"{len(values)} cells cannot be placed in {len(REVIEW_COLUMNS)} columns"
        if cells is None:
            table.problems.append(TableProblem("ambiguous_cells", f"section 四: {reason}"))
            return table
    facts = ROW_FACTS[tuple(cells)]
    row = dict(zip(REVIEW_COLUMNS, facts.cells, strict=True))
    problem = _non_integer(facts.fractions, None)
    if problem:
        table.problems.append(problem)
    else:
        table.rows.append(row)
    return table


def _padded_review(values: list[str]) -> list[str] | None:
    """Section 四's cells when its blanks are written as empty cells (one cell per line) and
    only those at its edges went missing (the end of a section is trimmed): the one padding
    under which every 总计 is the sum of its outcomes, else None."""
    width = len(REVIEW_COLUMNS)
    trimmed = _trimmed(values)
    if len(values) >= width or "" not in trimmed:
        return None  # no empty cell among the values: blanks are not written as cells here
    solutions: dict[tuple[float, ...], list[str]] = {}
    for before in range(width - len(values) + 1):
        cells = [""] * before + values + [""] * (width - len(values) - before)
        if review_adds_up(cells):
            key = tuple((read_cell(c) or Cell(c, None)).value or 0.0 for c in cells)
            known = solutions.setdefault(key, cells)
            solutions[key] = [a if a == b else "" for a, b in zip(known, cells, strict=True)]
    return next(iter(solutions.values())) if len(solutions) == 1 else None


#: Section 四's header: both kinds of case and at least one outcome column.
_REVIEW_HEADER = re.compile(r"行政复议.*行政诉讼.*(维持|纠正|审结|总计)")
#: A cell of running text: a sentence, or the heading of the section after the table.
_NARRATIVE = re.compile(r"[。;；,]|^[五六七][、.]")


#: The words that go on from a number inside a sentence (`2020 年,我单位…`, `3 件。`): the
#: number is the sentence's, no cell of the table.
_SENTENCE_GOES_ON = re.compile(r"^[年月日件条个次项余]")


def _before_narrative(stream: CellStream) -> CellStream:
    """The stream up to the first cell of running text after the table's header, without
    the numbers of sentences before or after the table."""
    cells: list[str] = []
    header = ""  # the labels read until the header is complete
    header_seen = False
    labels = [CELL_FACTS[cell].label for cell in stream.cells]
    following = [*labels[1:], None]  # no label after the last cell
    for index, (cell, label, after) in enumerate(zip(stream.cells, labels, following, strict=True)):
        if label is not None and header_seen and _NARRATIVE.search(label):
            break
        if label is None and after and _SENTENCE_GOES_ON.match(stream.cells[index + 1].strip()):
            continue
        cells.append(cell)
        if label and not header_seen:
            header += label
            header_seen = bool(_REVIEW_HEADER.search(header))
    return CellStream(cells, stream.double_spaced)


def _filled(text: str) -> bool:
    return CELL_FACTS[text].filled


def _non_integer(fractions: tuple[str, ...], row_code: str | None) -> TableProblem | None:
    """Counts of applications and cases are whole numbers; a fraction means a misread cell
    (`fractions`: the texts of the row's cells whose number is not whole)."""
    if not fractions:
        return None
    return TableProblem(
        "non_integer_count", f"count cells that are not whole numbers: {list(fractions)}", row_code
    )
