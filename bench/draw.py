"""Numbers drawn before any text is written, so every generated report carries its truth.

A `Draw` holds every cell of the three tables of one templated report, balanced the way the
tables' own identities require (`identity_failures` lists any that does not hold: the
generator's self-check). A `Truth` is what the pipeline must make of one generated object:
its decision, template, year, agency and every labelled cell and headline figure.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from schemas.codes import (
    OTHER_SUB_ROWS,
    OUTCOME_ROWS,
    REVIEW_COLUMNS,
    T2019_APPLICATION_ROWS,
    T2021_APPLICATION_ROWS,
    ActiveItem,
    ActiveMetric,
    ApplicantColumn,
    ApplicationRow,
    Template,
)

APPLICANTS = 6  # natural person, four kinds of organisation, other
COLUMNS = tuple(ApplicantColumn)

#: Section 二's cells by template, in table order: (item, metric).
ACTIVE_CELLS: dict[Template, tuple[tuple[ActiveItem, ActiveMetric], ...]] = {
    Template.T2021: (
        *(
            (item, ActiveMetric(m))
            for item in (ActiveItem.REGULATIONS, ActiveItem.NORMATIVE_DOCUMENTS)
            for m in ("issued", "repealed", "in_force")
        ),
        (ActiveItem.ADMINISTRATIVE_LICENSING, ActiveMetric.DECISIONS),
        (ActiveItem.ADMINISTRATIVE_PENALTY, ActiveMetric.DECISIONS),
        (ActiveItem.ADMINISTRATIVE_COERCION, ActiveMetric.DECISIONS),
        (ActiveItem.ADMINISTRATIVE_FEES, ActiveMetric.FEE_AMOUNT_10K_YUAN),
    ),
    Template.T2019: (
        *(
            (item, m)
            for item in (ActiveItem.REGULATIONS, ActiveItem.NORMATIVE_DOCUMENTS)
            for m in map(ActiveMetric, ("newly_made", "newly_published", "total_published"))
        ),
        *(
            (item, m)
            for item in (
                ActiveItem.ADMINISTRATIVE_LICENSING,
                ActiveItem.OTHER_MANAGEMENT_SERVICES,
                ActiveItem.ADMINISTRATIVE_PENALTY,
                ActiveItem.ADMINISTRATIVE_COERCION,
            )
            for m in map(ActiveMetric, ("previous_year_count", "change", "decisions"))
        ),
        (ActiveItem.ADMINISTRATIVE_FEES, ActiveMetric.PREVIOUS_YEAR_COUNT),
        (ActiveItem.ADMINISTRATIVE_FEES, ActiveMetric.CHANGE),
        (ActiveItem.CENTRALIZED_PROCUREMENT, ActiveMetric.PROCUREMENT_PROJECTS),
        (ActiveItem.CENTRALIZED_PROCUREMENT, ActiveMetric.PROCUREMENT_AMOUNT_10K_YUAN),
    ),
}

Counts = tuple[int, ...]  # the six applicant columns and the total


@dataclass(frozen=True)
class Draw:
    """Every cell of one templated report's three tables (0 where the report leaves a blank)."""

    template: Template
    active: dict[tuple[str, str], float]
    applications: dict[str, Counts]
    review: dict[str, int]

    def application_rows(self) -> tuple[ApplicationRow, ...]:
        """The rows the report's table shows (t2021 shows (六)'s sub-rows, not their sum)."""
        if self.template is Template.T2021:
            return tuple(r for r in T2021_APPLICATION_ROWS if r is not ApplicationRow.OTHER)
        return T2019_APPLICATION_ROWS


@dataclass(frozen=True)
class Truth:
    """What the pipeline must make of one generated object.

    `active`, `applications` and `review` hold every labelled cell (0 for a blank or a zero:
    the contract stores either, and both mean none); `quarantined` names the tables that must
    go to quarantine, whose cells count as right only when withheld. `agency` lists the
    acceptable names (any one as a substring); empty when the object names none or it is
    rejected. `published` lists the dates the report states (any one is right); empty: none.
    """

    status: str
    template: str
    year: int
    agency: tuple[str, ...] = ()
    published: tuple[date, ...] = ()
    active: dict[tuple[str, str], float] = field(default_factory=dict)
    applications: dict[str, Counts] = field(default_factory=dict)
    review: dict[str, int] = field(default_factory=dict)
    headline: dict[str, float] = field(default_factory=dict)
    quarantined: frozenset[str] = frozenset()


def draw_tables(rng: random.Random, template: Template) -> Draw:
    """Section 二, 三 and 四 of one report, balanced by construction."""
    return Draw(
        template,
        _active(rng, template),
        _applications(rng, template),
        _review(rng),
    )


def _active(rng: random.Random, template: Template) -> dict[tuple[str, str], float]:
    def count() -> int:
        return rng.choice((0, 0, 1, 3, 12, 86, 1520))

    cells: dict[tuple[str, str], float] = {}
    for item, metric in ACTIVE_CELLS[template]:
        if metric == ActiveMetric.CHANGE:
            value: float = rng.choice((0, 0, 2, -3, 5, -1))
        elif metric in (ActiveMetric.FEE_AMOUNT_10K_YUAN, ActiveMetric.PROCUREMENT_AMOUNT_10K_YUAN):
            value = rng.choice((0.0, 12.5, 316.0, 4166.24, float(rng.randint(1, 9000))))
        else:
            value = count()
        cells[(str(item), str(metric))] = value
    return cells


def _applications(rng: random.Random, template: Template) -> dict[str, Counts]:
    """Section 三 by applicant column: outcomes drawn, totals derived, so every identity holds."""
    outcomes = [
        r
        for r in (T2021_APPLICATION_ROWS if template is Template.T2021 else T2019_APPLICATION_ROWS)
        if r in OUTCOME_ROWS or r in OTHER_SUB_ROWS
    ]
    if template is Template.T2021:
        outcomes.remove(ApplicationRow.OTHER)
    columns: list[dict[str, int]] = []
    for column in range(APPLICANTS):
        busy = column == 0 or rng.random() < 0.3
        counts = {str(code): rng.choice((0, 0, 0, 1, 2, 5, 17)) if busy else 0 for code in outcomes}
        if template is Template.T2021:
            counts[ApplicationRow.OTHER] = sum(counts[str(code)] for code in OTHER_SUB_ROWS)
        processed = sum(counts[str(code)] for code in OUTCOME_ROWS)
        forward = rng.randint(0, 3) if busy else 0
        carried = rng.randint(0, min(processed + forward, 3))
        counts |= {
            ApplicationRow.RECEIVED: processed + forward - carried,
            ApplicationRow.CARRIED_OVER: carried,
            ApplicationRow.TOTAL_PROCESSED: processed,
            ApplicationRow.CARRIED_FORWARD: forward,
        }
        columns.append(counts)
    return {
        str(code): (*(c[code] for c in columns), sum(c[code] for c in columns))
        for code in columns[0]
    }


def _review(rng: random.Random) -> dict[str, int]:
    cells: dict[str, int] = {}
    for group in ("review", "suit_direct", "suit_after_review"):
        outcomes = [rng.choice((0, 0, 0, 1, 2)) for _ in range(4)]
        for name, value in zip(("upheld", "corrected", "other", "pending"), outcomes, strict=True):
            cells[f"{group}_{name}"] = value
        cells[f"{group}_total"] = sum(outcomes)
    return cells


def identity_failures(draw: Draw) -> list[str]:
    """The table identities of the contract's checks that `draw` breaks (none for a sound draw)."""
    failures: list[str] = []
    rows = draw.applications
    for code, cells in rows.items():
        if len(cells) != len(COLUMNS) or sum(cells[:APPLICANTS]) != cells[-1]:
            failures.append(f"applications {code}: total ≠ sum of applicants {cells}")
    for column in range(len(COLUMNS)):

        def cell(code: ApplicationRow, column: int = column) -> int:
            return rows[str(code)][column]

        if cell(ApplicationRow.RECEIVED) + cell(ApplicationRow.CARRIED_OVER) != cell(
            ApplicationRow.TOTAL_PROCESSED
        ) + cell(ApplicationRow.CARRIED_FORWARD):
            failures.append(f"applications column {column}: 一 + 二 ≠ 七 + 四")
        if sum(cell(code) for code in OUTCOME_ROWS) != cell(ApplicationRow.TOTAL_PROCESSED):
            failures.append(f"applications column {column}: 七 ≠ sum of outcomes")
        if draw.template is Template.T2021 and cell(ApplicationRow.OTHER) != sum(
            cell(code) for code in OTHER_SUB_ROWS
        ):
            failures.append(f"applications column {column}: (六) ≠ sum of its sub-rows")
    for group in ("review", "suit_direct", "suit_after_review"):
        parts = sum(
            draw.review[f"{group}_{n}"] for n in ("upheld", "corrected", "other", "pending")
        )
        if parts != draw.review[f"{group}_total"]:
            failures.append(f"review_litigation {group}: total ≠ sum of outcomes")
    if set(draw.review) != set(REVIEW_COLUMNS):
        failures.append("review_litigation: columns are not the contract's fifteen")
    if set(draw.active) != {(str(i), str(m)) for i, m in ACTIVE_CELLS[draw.template]}:
        failures.append("active_disclosure: cells are not the template's")
    return failures
