"""Compare what xxgk produced for one report with a hand-read expected-values file.

The files use the format of `../shared/corpus/dev/expected.json`: tables list non-zero cells
(section 二 lists every cell), blanks and zeros are interchangeable in sections 三 and 四.
"""

from __future__ import annotations

import math
import unicodedata
from typing import Any

import polars as pl

from schemas.codes import REVIEW_COLUMNS, ApplicantColumn, Dataset

Frames = dict[Dataset, pl.DataFrame]


def report_mismatches(expected: dict[str, Any], frames: Frames, report_id: str) -> list[str]:
    """Differences in the `reports` row's contract fields."""
    row = frames[Dataset.REPORTS].filter(pl.col("report_id") == report_id).row(0, named=True)
    problems = []
    for field in ("report_year", "template", "script", "status"):
        if row[field] != expected["report"][field]:
            problems.append(f"{field}: got {row[field]!r}, expected {expected['report'][field]!r}")
    if sorted(row["quarantined_tables"]) != sorted(expected["report"]["quarantined_tables"]):
        problems.append(
            f"quarantined_tables: got {row['quarantined_tables']}, "
            f"expected {expected['report']['quarantined_tables']}"
        )
    return problems


def metadata_mismatches(expected: dict[str, Any], frames: Frames, report_id: str) -> list[str]:
    row = frames[Dataset.REPORTS].filter(pl.col("report_id") == report_id).row(0, named=True)
    problems = []
    if "title" in expected and row["title"] != expected["title"]:
        problems.append(f"title: got {row['title']!r}, expected {expected['title']!r}")
    names = [name for name in expected.get("agency_any") or [] if name]
    agency = row["agency"]
    if names and not (agency and any(name in agency for name in names)):
        problems.append(f"agency: got {agency!r}, expected one of {names}")
    if not names and agency is not None:
        problems.append(f"agency: got {agency!r}, the report names none")
    for field in ("region_code", "province"):
        if field in expected and row[field] != expected[field]:
            problems.append(f"{field}: got {row[field]!r}, expected {expected[field]!r}")
    dates = expected.get("published_date") or []
    published = row["published_date"].isoformat() if row["published_date"] else None
    if (published not in dates) if dates else published is not None:
        problems.append(f"published_date: got {published}, expected one of {dates}")
    return problems


def table_mismatches(expected: dict[str, Any], frames: Frames, report_id: str) -> list[str]:
    """Cell-by-cell differences of the published tables and of quarantined tables' values."""
    quarantined = expected.get("quarantine_expect", {})
    problems = _active_mismatches(expected, frames, report_id, "active_disclosure" in quarantined)
    applications = frames[Dataset.APPLICATIONS].filter(pl.col("report_id") == report_id)
    review = frames[Dataset.REVIEW_LITIGATION].filter(pl.col("report_id") == report_id)
    got_applications = {
        (row["row_code"], column.value): row[column.value]
        for row in applications.iter_rows(named=True)
        for column in ApplicantColumn
    }
    got_review = {
        ("", column): row[column]
        for row in review.iter_rows(named=True)
        for column in REVIEW_COLUMNS
    }
    problems += _count_mismatches(
        "applications",
        {
            (r, c): v
            for r, cells in expected.get("applications", {}).items()
            for c, v in cells.items()
        },
        got_applications,
    )
    problems += _count_mismatches(
        "review_litigation",
        {("", c): v for c, v in expected.get("review_litigation", {}).items()},
        got_review,
    )
    held = frames[Dataset.QUARANTINE_ROWS].filter(pl.col("report_id") == report_id)
    for table, cells in quarantined.items():
        rows = held.filter(pl.col("table") == table)
        got = {(r["row_code"] or "", r["column"]): r["value"] for r in rows.iter_rows(named=True)}
        if table == "review_litigation":
            want = {("", c): v for c, v in cells.items()}
        elif table == "applications":
            want = {(r, c): v for r, row in cells.items() for c, v in row.items()}
        else:
            want = {(item, metric): v for item, metric, v in cells}
        problems += _count_mismatches(f"quarantine_rows[{table}]", want, got)
        published = {
            "applications": applications,
            "review_litigation": review,
            "active_disclosure": frames[Dataset.ACTIVE_DISCLOSURE].filter(
                pl.col("report_id") == report_id
            ),
        }[table]
        if not published.is_empty():
            problems.append(f"{table}: quarantined table was published ({published.height} rows)")
    return problems


def _active_mismatches(
    expected: dict[str, Any], frames: Frames, report_id: str, quarantined: bool
) -> list[str]:
    rows = frames[Dataset.ACTIVE_DISCLOSURE].filter(pl.col("report_id") == report_id)
    got = {(r["item"], r["metric"]): r["value"] for r in rows.iter_rows(named=True)}
    got = {key: value for key, value in got.items() if value is not None}
    want = {
        (item, metric): float(value)
        for item, metric, value in expected.get("active_disclosure", [])
    }
    if quarantined:
        want = {}
    problems = []
    for key in sorted(want.keys() | got.keys()):
        a, b = got.get(key), want.get(key)
        if a is None or b is None or not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9):
            problems.append(f"active_disclosure {key}: got {a}, expected {b}")
    return problems


def _count_mismatches(
    table: str, want: dict[tuple[str, str], Any], got: dict[tuple[str, str], Any]
) -> list[str]:
    """Expected lists non-zero cells; anything else must be 0 or blank."""
    problems = []
    for key in sorted(want.keys() | got.keys()):
        expected = want.get(key, 0) or 0
        actual = got.get(key) or 0
        if key in want and key not in got:
            problems.append(f"{table} {key}: missing, expected {expected}")
        elif actual != expected:
            problems.append(f"{table} {key}: got {actual}, expected {expected}")
    return problems


def headline_mismatches(expected: dict[str, Any], frames: Frames, report_id: str) -> list[str]:
    """Narrative figures: the metrics stated, their values and the sentence they came from."""
    rows = frames[Dataset.HEADLINE_FIGURES].filter(pl.col("report_id") == report_id)
    got = {r["metric"]: r for r in rows.iter_rows(named=True)}
    want = expected.get("headline_figures", {})
    problems = []
    for metric in sorted(want.keys() | got.keys()):
        value = got[metric]["value"] if metric in got else None
        if value is None or metric not in want or not math.isclose(value, want[metric]):
            problems.append(f"headline {metric}: got {value}, expected {want.get(metric)}")
            continue
        stated = expected.get("headline_evidence", {}).get(metric, "")
        evidence = unicodedata.normalize("NFKC", stated)
        if evidence and "".join(evidence.split()) not in "".join(got[metric]["evidence"].split()):
            problems.append(f"headline {metric}: evidence {got[metric]['evidence']!r}")
    return problems
