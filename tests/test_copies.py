"""Copies of one report: the content key over the dev corpus, and the choice of the kept copy."""

from __future__ import annotations

import dataclasses
import itertools
import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from schemas.codes import ApplicantColumn, ApplicationRow, Status
from xxgk.copies import agency_within_division, changed_copies, choose_copies, copy_key
from xxgk.parse.cells import Cell
from xxgk.parse.report import ParsedReport, parse_report
from xxgk.parse.tables import ApplicationRecord, ParsedTable

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"
EXPECTED: dict[str, dict[str, Any]] = json.loads((DEV / "expected.json").read_text())
REPORTS = sorted(k for k, v in EXPECTED.items() if v["report"]["status"] != Status.REJECTED)


def _same_report(a: str, b: str) -> bool:
    """Whether the corpus's hand-read values say two files are one report: the same year and
    figures, and an agency name acceptable for both."""
    first, second = EXPECTED[a], EXPECTED[b]
    figures = ("active_disclosure", "applications", "review_litigation", "headline_figures")
    return (
        first["report"]["report_year"] == second["report"]["report_year"]
        and all(first.get(f) == second.get(f) for f in figures)
        and bool(set(first["agency_any"]) & set(second["agency_any"]))
    )


@cache
def _parsed(name: str) -> ParsedReport:
    report = parse_report((DEV / name).read_bytes())
    assert isinstance(report, ParsedReport), name
    return report


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(REPORTS, 2)))
def test_copy_key_equal_exactly_for_copies_of_one_report(a: str, b: str) -> None:
    same = _copy_key(a) == _copy_key(b)
    assert same == _same_report(a, b)


def _copy_key(name: str) -> str:
    key = copy_key(_parsed(name))
    assert key is not None, name
    return key


def test_the_corpus_holds_the_copies_the_issue_names() -> None:
    """The 2024 Jiangsu files are 2 reports; 2011's county and 实验区 reports share their
    figures but not their agency, and stay 2."""
    jiangsu = [k for k in REPORTS if EXPECTED[k].get("province") == "江苏省"]
    jiangsu_2024 = [k for k in jiangsu if EXPECTED[k]["report"]["report_year"] == 2024]
    assert len(jiangsu_2024) == 5
    assert len({_copy_key(k) for k in jiangsu_2024}) == 2
    county, syq = "text/pingtan_2011_county.txt", "text/pingtan_2011_syq.txt"
    assert EXPECTED[county]["headline_figures"] == EXPECTED[syq]["headline_figures"]
    assert _copy_key(county) != _copy_key(syq)


def test_agency_named_with_or_without_its_city_is_one_agency() -> None:
    hongze = "320813"  # 淮安市洪泽区 (GB/T 2260)
    assert agency_within_division("淮安市洪泽区人民政府", hongze) == "人民政府"
    assert agency_within_division("江苏省淮安市洪泽区人民政府", hongze) == "人民政府"
    assert agency_within_division("洪泽区人民政府", hongze) == "人民政府"
    assert agency_within_division("洪泽区商务局", hongze) == "商务局"
    assert agency_within_division("洪泽区人民政府", None) == "洪泽区人民政府"
    pingtan = "350128"  # 平潭县: the 实验区 is named by a short form, so kept whole
    assert agency_within_division("平潭综合实验区", pingtan) == "平潭综合实验区"
    assert agency_within_division("平潭县人民政府", pingtan) == "人民政府"


def _all_zero(report: ParsedReport, agency: str, year: int) -> ParsedReport:
    zeros = tuple(Cell("0", 0.0) for _ in ApplicantColumn)
    return dataclasses.replace(
        report,
        agency=agency,
        report_year=year,
        applications=ParsedTable([ApplicationRecord(row, zeros) for row in ApplicationRow]),
        active_disclosure=ParsedTable(),
        review_litigation=ParsedTable(),
    )


def test_all_zero_tables_of_other_agencies_or_years_are_not_copies() -> None:
    base = _parsed("pdf/hongze_2024.pdf")
    commerce = copy_key(_all_zero(base, "淮安市洪泽区商务局", 2024))
    assert commerce == copy_key(_all_zero(base, "洪泽区商务局", 2024))
    assert commerce != copy_key(_all_zero(base, "淮安市洪泽区教育局", 2024))
    assert commerce != copy_key(_all_zero(base, "淮安市洪泽区商务局", 2023))


def test_blank_cells_and_zeros_are_the_same_figures() -> None:
    base = _all_zero(_parsed("pdf/hongze_2024.pdf"), "洪泽区商务局", 2024)
    blanks = tuple(Cell("", None) for _ in ApplicantColumn)
    blank = dataclasses.replace(
        base,
        applications=ParsedTable([ApplicationRecord(row, blanks) for row in ApplicationRow]),
    )
    assert copy_key(blank) == copy_key(base)


def test_no_agency_no_key() -> None:
    assert copy_key(dataclasses.replace(_parsed("pdf/hongze_2024.pdf"), agency=None)) is None


# -- choosing the copy kept -----------------------------------------------------------------

EARLY = datetime(2026, 1, 1, tzinfo=UTC)
LATE = datetime(2026, 2, 1, tzinfo=UTC)


def _row(
    uri: str,
    report_id: str,
    key: str | None = "k",
    status: Status = Status.VALID,
    quarantined: list[str] | None = None,
    at: datetime = EARLY,
    duplicate_of: str | None = None,
) -> dict[str, object]:
    quarantined = quarantined or []
    if status is Status.VALID and quarantined:
        status = Status.QUARANTINED
    return {
        "source_uri": uri,
        "report_id": report_id,
        "copy_key": key,
        "status": status.value,
        "quarantined_tables": quarantined,
        "ingested_at": at,
        "duplicate_of": duplicate_of,
    }


def _decide(rows: list[dict[str, object]]) -> dict[str, str | None]:
    frame = pl.DataFrame(
        rows,
        schema={
            "source_uri": pl.String,
            "report_id": pl.String,
            "copy_key": pl.String,
            "status": pl.String,
            "quarantined_tables": pl.List(pl.String),
            "ingested_at": pl.Datetime("us", "UTC"),
            "duplicate_of": pl.String,
        },
    )
    return dict(zip(frame["source_uri"], choose_copies(frame), strict=True))


def test_a_valid_copy_is_kept_over_a_quarantined_one() -> None:
    decided = _decide(
        [_row("pdf", "a1", quarantined=["applications"]), _row("docx", "b2", at=LATE)]
    )
    assert decided == {"pdf": "b2", "docx": None}


def test_the_copy_with_most_tables_published_is_kept() -> None:
    decided = _decide(
        [
            _row("pdf", "a1", quarantined=["applications", "review_litigation"]),
            _row("html", "b2", quarantined=["review_litigation"], at=LATE),
            _row("txt", "c3", status=Status.QUARANTINED, quarantined=["applications"] * 3),
        ]
    )
    assert decided == {"pdf": "b2", "html": None, "txt": "b2"}


def test_ties_keep_the_smallest_id_whatever_the_order_of_arrival() -> None:
    assert _decide([_row("pdf", "b2"), _row("docx", "a1", at=LATE)]) == {
        "pdf": "a1",
        "docx": None,
    }
    rows = [_row("pdf", "b2"), _row("docx", "a1", at=LATE), _row("gbk", "c3")]
    assert _decide(rows) == _decide(rows[::-1]) == {"pdf": "a1", "docx": None, "gbk": "a1"}


def test_the_choice_ignores_what_was_decided_before() -> None:
    """The same rows give the same lake whichever commit saw them first."""
    fresh = [_row("pdf", "b2"), _row("docx", "a1")]
    decided_before = [_row("pdf", "b2"), _row("docx", "a1", duplicate_of="b2")]
    assert _decide(fresh) == _decide(decided_before) == {"pdf": "a1", "docx": None}


def test_a_better_later_copy_takes_over() -> None:
    held = _row("pdf", "a1", quarantined=["applications"])  # kept until now
    better = _row("html", "b2", at=LATE)
    assert _decide([held, better]) == {"pdf": "b2", "html": None}


def test_a_replaced_kept_copy_hands_over_to_the_rest() -> None:
    """`pdf` now holds other bytes (another report): its old copy, b2, is gone."""
    rows = [
        _row("gbk", "c3", duplicate_of="b2"),
        _row("docx", "a1", duplicate_of="b2", at=LATE),
        _row("pdf", "d4", key="other"),
    ]
    assert _decide(rows) == {"gbk": "a1", "docx": None, "pdf": None}


def test_different_keys_and_rows_without_a_key_are_never_merged() -> None:
    rows = [
        _row("a", "a1", key="k"),
        _row("b", "b2", key="other"),
        _row("c", "c3", key=None, status=Status.REJECTED),
        _row("d", "d4", key=None, status=Status.REJECTED),
    ]
    assert set(_decide(rows).values()) == {None}


def test_identical_bytes_at_two_locations_are_one_report() -> None:
    rows = [
        _row("b", "a1", key=None, status=Status.REJECTED),
        _row("a", "a1", key=None, status=Status.REJECTED),
    ]
    assert _decide(rows) == {"a": None, "b": "a1"}


def test_rows_written_before_copies_had_keys_are_grouped_by_their_bytes_only() -> None:
    older = pl.DataFrame(
        {
            "source_uri": ["a", "b", "c"],
            "report_id": ["a1", "a1", "b2"],
            "status": [Status.VALID.value] * 3,
            "quarantined_tables": [[], [], []],
        },
        schema_overrides={"quarantined_tables": pl.List(pl.String)},
    )
    assert changed_copies(older).rows() == [("b", "a1")]
