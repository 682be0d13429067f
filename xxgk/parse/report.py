"""Parse one report's bytes into everything the lake records about it (pure, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from schemas.codes import Script, Stage, Table, Template
from xxgk.parse.cells import Cell
from xxgk.parse.classify import detect_template, is_metadata_listing, not_a_report_reason
from xxgk.parse.document import (
    DecodeError,
    DocumentFormat,
    NotADocumentError,
    UnreadableDocumentError,
    document_text,
)
from xxgk.parse.flatten import flatten_cells
from xxgk.parse.headline import HeadlineFigure, find_headline_figures
from xxgk.parse.metadata import find_agency, find_published_date, find_report_year, find_title
from xxgk.parse.normalise import normalise_text
from xxgk.parse.region import Region, resolve_region
from xxgk.parse.sections import Section, split_sections
from xxgk.parse.tables import (
    ActiveCell,
    ApplicationRecord,
    ParsedTable,
    TableProblem,
    parse_active_disclosure,
    parse_applications,
    parse_review_litigation,
)
from xxgk.parse.time_limit import ParseTimeLimitError, check_time, time_limit

#: Where a report names its place when neither its title nor its signature does
#: (`…做好杭州高新区(滨江)人民政府门户网站的信息更新…`).
_OPENING_CHARS = 300


@dataclass(frozen=True)
class Rejection:
    """Why a whole object is not published: it could not be decoded or is not a report."""

    stage: Stage
    check: str
    message: str
    script: Script = Script.SIMPLIFIED
    title: str | None = None
    report_year: int = 0
    agency: str | None = None
    published_date: date | None = None
    region: Region | None = None


@dataclass(frozen=True)
class ParsedReport:
    title: str | None
    agency: str | None
    report_year: int
    published_date: date | None
    region: Region | None
    template: Template
    script: Script
    sections: list[Section]
    headline_figures: list[HeadlineFigure] = field(default_factory=list)
    active_disclosure: ParsedTable[ActiveCell] = field(default_factory=ParsedTable)
    applications: ParsedTable[ApplicationRecord] = field(default_factory=ParsedTable)
    review_litigation: ParsedTable[dict[str, Cell]] = field(default_factory=ParsedTable)

    def table_problems(self) -> dict[Table, list[TableProblem]]:
        """Parse-stage problems per table, including tables a templated report lacks."""
        tables: dict[Table, ParsedTable[Any]] = {
            Table.ACTIVE_DISCLOSURE: self.active_disclosure,
            Table.APPLICATIONS: self.applications,
            Table.REVIEW_LITIGATION: self.review_litigation,
        }
        problems: dict[Table, list[TableProblem]] = {}
        for name, table in tables.items():
            found = list(table.problems)
            if self.template in (Template.T2019, Template.T2021) and not table.found:
                found.append(TableProblem("table_missing", f"no {name} table found in the report"))
            if found:
                problems[name] = found
        return problems


def parse_report(data: bytes, time_limit_seconds: float | None = None) -> ParsedReport | Rejection:
    """Decode, normalise, classify and parse; a report that is not one, or one that takes
    longer than `time_limit_seconds`, comes back as a `Rejection` rather than an exception, so
    one bad object never stops a batch."""
    with time_limit(time_limit_seconds):
        try:
            return _parse(data)
        except ParseTimeLimitError as error:
            return Rejection(Stage.PARSE, "time_limit", str(error))


def _parse(data: bytes) -> ParsedReport | Rejection:
    try:
        document = document_text(data)
    except (DecodeError, UnicodeDecodeError) as error:
        return Rejection(Stage.DECODE, "undecodable", str(error))
    except UnreadableDocumentError as error:
        return Rejection(Stage.DECODE, "unreadable_document", str(error))
    except NotADocumentError as error:
        return Rejection(
            Stage.CLASSIFY,
            "not_a_report",
            f"not an annual report on government information disclosure: {error}",
        )
    check_time("decoded")
    normalised = normalise_text(document.text)
    text = normalised.text
    check_time("normalised")
    lines = [line for line in text.split("\n") if line]
    sections = split_sections(text)
    title = find_title(lines)
    agency, published = find_agency(title, lines), find_published_date(lines)
    if document.format is DocumentFormat.TEXT and is_metadata_listing(document.text):
        reason: str | None = (
            "a table of crawled pages' metadata (rows of titles, links and dates), not a report"
        )
    else:
        reason = not_a_report_reason(title, sections, text)
    if reason is not None:
        return Rejection(
            Stage.CLASSIFY,
            "not_a_report",
            f"not an annual report on government information disclosure: {reason}",
            normalised.script,
            title,
            report_year=find_report_year(title, text, from_narrative=False) or 0,
            agency=agency,
            published_date=published,
            region=resolve_region(agency, title),
        )
    report_year = find_report_year(title, text)
    if report_year is None:
        return Rejection(
            Stage.CLASSIFY,
            "year_unknown",
            "the year the report covers is stated nowhere (title, statistics period or text)",
            normalised.script,
            title,
            agency=agency,
            published_date=published,
            region=resolve_region(agency, title),
        )
    template = detect_template(text, report_year)
    check_time("classified")
    by_number = {section.number: section for section in sections}
    report = ParsedReport(
        title=title,
        agency=agency,
        report_year=report_year,
        published_date=published,
        region=resolve_region(agency, title, text[:_OPENING_CHARS]),
        template=template,
        script=normalised.script,
        sections=sections,
        headline_figures=find_headline_figures(text),
    )
    if template is Template.PRE2019:
        return replace(report, sections=split_sections(text, by_topic=False))
    if template is not Template.T2021 and template is not Template.T2019:
        return report
    active, applications, review = (by_number.get(number) for number in (2, 3, 4))
    return replace(
        report,
        active_disclosure=(
            parse_active_disclosure(flatten_cells(active.text), template)
            if active
            else ParsedTable()
        ),
        applications=(
            parse_applications(flatten_cells(applications.text), template)
            if applications
            else ParsedTable()
        ),
        review_litigation=(
            parse_review_litigation(flatten_cells(review.text)) if review else ParsedTable()
        ),
    )
