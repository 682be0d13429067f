"""The per-object time limit: a parse over it is rejected (never a batch stalled or a crash),
and under it the result is exactly the unlimited one."""

from __future__ import annotations

from datetime import UTC, datetime

from schemas.codes import Dataset
from tests.conftest import seed_paths, source_for
from tests.test_dev_corpus import DEV
from xxgk.batch import process_batch
from xxgk.objects import RunContext
from xxgk.parse.report import ParsedReport, Rejection, parse_report
from xxgk.parse.time_limit import check_time

_TOO_SHORT = 1e-9


def test_a_parse_over_its_limit_is_rejected_with_the_reason() -> None:
    outcome = parse_report(seed_paths()[0].read_bytes(), time_limit_seconds=_TOO_SHORT)
    assert isinstance(outcome, Rejection)
    assert (outcome.stage, outcome.check) == ("parse", "time_limit")
    assert "longer than the 1e-09 s limit" in outcome.message


def test_a_pdf_is_stopped_between_pages_not_reported_as_corrupt() -> None:
    data = (DEV / "pdf" / "hongze_2024.pdf").read_bytes()
    outcome = parse_report(data, time_limit_seconds=_TOO_SHORT)
    assert isinstance(outcome, Rejection) and outcome.check == "time_limit"


def test_under_the_limit_the_result_is_the_unlimited_one() -> None:
    data = seed_paths()[1].read_bytes()
    limited = parse_report(data, time_limit_seconds=60)
    assert isinstance(limited, ParsedReport)
    assert limited == parse_report(data)


def test_outside_a_limit_checking_the_time_does_nothing() -> None:
    check_time("anywhere")


def test_objects_over_the_limit_each_end_as_a_rejected_row_with_a_quarantine_reason() -> None:
    run = RunContext("limit", datetime(2026, 1, 1, tzinfo=UTC))
    paths = seed_paths()
    result = process_batch(((source_for(p), p.read_bytes()) for p in paths), run, _TOO_SHORT)
    reports = result.frames[Dataset.REPORTS]
    assert reports.height == len(paths)
    assert set(reports["status"]) == {"rejected"}
    quarantine = result.frames[Dataset.QUARANTINE]
    assert sorted(quarantine["report_id"]) == sorted(reports["report_id"])
    assert set(quarantine["check"]) == {"time_limit"}
