"""Turn parsed reports into candidate rows of every dataset (before validation)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from schemas.codes import (
    REVIEW_COLUMNS,
    ActiveItem,
    ActiveMetric,
    ApplicantColumn,
    ApplicationRow,
    Dataset,
    HeadlineMetric,
    Stage,
    Table,
)
from xxgk.parse.report import ParsedReport
from xxgk.parse.tables import TableProblem

Row = dict[str, object]


@dataclass(frozen=True)
class Problem:
    """One reason to quarantine: becomes a `quarantine` row."""

    report_id: str
    table: Table
    stage: Stage
    check: str
    message: str
    row_code: str | None = None
    column: str | None = None
    value: str | None = None


@dataclass
class CandidateRows:
    """Rows per dataset for a batch of reports, plus the problems the parser raised."""

    rows: dict[Dataset, list[Row]] = field(default_factory=lambda: {d: [] for d in Dataset})
    problems: list[Problem] = field(default_factory=list)


#: Which dataset holds each report table.
TABLE_DATASETS = {
    Table.ACTIVE_DISCLOSURE: Dataset.ACTIVE_DISCLOSURE,
    Table.APPLICATIONS: Dataset.APPLICATIONS,
    Table.REVIEW_LITIGATION: Dataset.REVIEW_LITIGATION,
}


#: The codes' values, looked up once: `Enum.value` is a descriptor call, and a batch reads
#: tens of thousands of them.
_APPLICANT_COLUMNS = tuple(column.value for column in ApplicantColumn)
_VALUES: dict[StrEnum, str] = {
    code: code.value
    for codes in (ActiveItem, ActiveMetric, ApplicationRow, HeadlineMetric)
    for code in codes
}


def add_report_rows(candidates: CandidateRows, report_id: str, report: ParsedReport) -> None:
    """Append one parsed report's table, section and narrative rows."""
    year = report.report_year
    rows = candidates.rows
    for cell in report.active_disclosure.rows:
        rows[Dataset.ACTIVE_DISCLOSURE].append(
            {
                "report_id": report_id,
                "report_year": year,
                "item": _VALUES[cell.item],
                "metric": _VALUES[cell.metric],
                "value": cell.value,
                "raw_value": cell.raw_value,
            }
        )
    for record in report.applications.rows:
        row: Row = {
            "report_id": report_id,
            "report_year": year,
            "row_code": _VALUES[record.row_code],
        }
        for applicant, count in zip(_APPLICANT_COLUMNS, record.cells, strict=True):
            row[applicant] = None if count.value is None else int(count.value)
        rows[Dataset.APPLICATIONS].append(row)
    for review in report.review_litigation.rows:
        review_row: Row = {"report_id": report_id, "report_year": year}
        for column in REVIEW_COLUMNS:
            value = review[column].value
            review_row[column] = None if value is None else int(value)
        rows[Dataset.REVIEW_LITIGATION].append(review_row)
    for figure in report.headline_figures:
        rows[Dataset.HEADLINE_FIGURES].append(
            {
                "report_id": report_id,
                "report_year": year,
                "metric": _VALUES[figure.metric],
                "value": figure.value,
                "unit": figure.unit,
                "evidence": figure.evidence,
            }
        )
    for section in report.sections:
        rows[Dataset.SECTIONS].append(
            {
                "report_id": report_id,
                "report_year": year,
                "section_no": section.number,
                "heading": section.heading,
                "text": section.text,
            }
        )
    for table, problems in report.table_problems().items():
        candidates.problems.extend(_parse_problem(report_id, table, p) for p in problems)


def _parse_problem(report_id: str, table: Table, problem: TableProblem) -> Problem:
    return Problem(
        report_id=report_id,
        table=table,
        stage=Stage.PARSE,
        check=problem.check,
        message=problem.message,
        row_code=problem.row_code,
    )
