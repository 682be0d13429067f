"""The benchmark's generated reports are what they claim to be: each parses to the status it
was generated for, and every valid templated one to exactly the numbers it was written from,
whatever its layout and encoding (so the benchmark measures real parsing, not rejections)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import polars as pl

from bench.generate import Report, generate
from schemas.codes import Dataset
from xxgk.batch import process_batch
from xxgk.objects import RunContext, SourceObject

_APPLICANT_COLUMNS = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
    "total",
)


def _source(report: Report) -> SourceObject:
    return SourceObject(
        key=report.key,
        uri=f"s3://bench/{report.key}",
        etag="generated",
        size=len(report.data),
        last_modified=datetime(2026, 1, 1, tzinfo=UTC),
    )


def _expected_applications(report: Report) -> dict[str, tuple[int, ...]]:
    expected = dict(report.applications)
    if report.shape.startswith("t2021"):  # the t2021 `other` row is the sum of its sub-rows
        subrows = ("other.overdue_correction", "other.unpaid_fee", "other.other")
        expected["other"] = tuple(map(sum, zip(*(expected[c] for c in subrows), strict=True)))
    return expected


def test_generated_reports_parse_to_what_they_were_generated_from() -> None:
    reports = list(generate(300, seed=7))
    run = RunContext("generator", datetime(2026, 1, 1, tzinfo=UTC))
    frames = process_batch(((_source(r), r.data) for r in reports), run).frames
    rows = {row["source_uri"]: row for row in frames[Dataset.REPORTS].to_dicts()}
    applications = frames[Dataset.APPLICATIONS]
    for report in reports:
        row = rows[_source(report).uri]
        assert row["status"] == report.expected_status, (report.shape, report.key)
        if report.applications and report.expected_status == "valid":
            parsed = applications.filter(pl.col("report_id") == row["report_id"])
            got = {
                r[0]: tuple(r[1:]) for r in parsed.select("row_code", *_APPLICANT_COLUMNS).rows()
            }
            assert got == _expected_applications(report), (report.shape, report.key)
    shapes = Counter(r.shape.split("-")[0] for r in reports)
    assert {"t2019", "t2021", "pre2019", "letter", "junk"} <= set(shapes)
    assert {r.shape.split("-")[1] for r in reports if r.shape[0] == "t"} == {
        "pipe", "one_cell_per_line", "double_spaced", "pdf_text", "html",
    }  # fmt: skip
    assert Counter(r.expected_status for r in reports)["quarantined"] > 0


def test_generation_is_deterministic_and_keyed_by_year() -> None:
    first, again = list(generate(50, seed=3)), list(generate(50, seed=3))
    assert first == again
    assert all(r.key.startswith(f"raw/{r.year}/") for r in first if r.shape != "junk")
    assert len({r.key for r in first}) == 50
