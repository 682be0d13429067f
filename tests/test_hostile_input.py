"""Hostile and broken input: whatever the bytes, parsing ends in a report or a rejection."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import seed_paths
from xxgk.parse.report import ParsedReport, Rejection, parse_report

_SEED = seed_paths()[2].read_bytes()


def _outcome(data: bytes) -> ParsedReport | Rejection:
    outcome = parse_report(data)
    assert isinstance(outcome, ParsedReport | Rejection)
    return outcome


@given(st.binary(max_size=4096))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_random_bytes(data: bytes) -> None:
    _outcome(data)


@given(st.text(max_size=3000))
@settings(max_examples=200, deadline=None)
def test_random_text_in_any_encoding(text: str) -> None:
    for encoding in ("utf-8", "utf-16", "gb18030"):
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            continue
        _outcome(data)


@given(st.integers(min_value=0, max_value=len(_SEED)), st.binary(min_size=1, max_size=64))
@settings(max_examples=200, deadline=None)
def test_a_report_cut_or_corrupted_anywhere(cut: int, junk: bytes) -> None:
    _outcome(_SEED[:cut])
    _outcome(_SEED[:cut] + junk + _SEED[cut:])


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00" * 1000,
        b"%PDF-1.7\n" + b"\x00" * 100,
        b"PK\x03\x04" + b"\x00" * 100,
        b"<html>" + b"<div>" * 20_000 + "二、主动公开政府信息情况".encode() + b"</div>" * 20_000,
        b"<table>" + b"<tr><td>1</td></tr>" * 50_000 + b"</table>",
        b"<?xml version='1.0'?><!DOCTYPE r [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><p>&x;</p>",
    ],
    ids=["empty", "nuls", "bad-pdf", "bad-zip", "deep-html", "huge-table", "xxe-html"],
)
def test_known_nasty_inputs(data: bytes) -> None:
    outcome = _outcome(data)
    if isinstance(outcome, ParsedReport):
        assert "root:" not in "".join(s.text for s in outcome.sections)  # no entity resolved


def test_a_zip_that_is_not_a_docx_is_rejected() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.txt", "x" * 1000)
    outcome = _outcome(buffer.getvalue())
    assert isinstance(outcome, Rejection) and outcome.check == "unreadable_document"
