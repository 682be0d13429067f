"""The line builder's indexes against plain scans: `pdf._CharIndex.inside` against every
character in page order, `pdf._rows_of` against pdfplumber's `cluster_objects`."""

from __future__ import annotations

import random
import statistics
from typing import Any

import pytest
from pdfplumber.utils.clustering import cluster_objects

from xxgk.parse.formats.pdf import _DOUBT, _WIDTH_DOUBT, _CharIndex, _rows_of
from xxgk.parse.formats.pdf_fast import UnsureError

_Box = tuple[float, float, float, float]


def _scan(chars: list[dict[str, Any]], box: _Box, strict: bool) -> list[dict[str, Any]] | str:
    """Every character whose centre is in the box, in page order; "unsure" where one is
    centred within the doubt of an edge (the rule `inside` applies, written plainly)."""
    left, top, right, bottom = box
    found = []
    for char in chars:
        x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        doubt_x = max(_DOUBT, _WIDTH_DOUBT * char["size"] / 2)
        near_side = min(abs(x - left), abs(x - right)) < doubt_x
        near_end = min(abs(y - top), abs(y - bottom)) < _DOUBT
        if strict and (
            (near_side and top - _DOUBT <= y <= bottom + _DOUBT)
            or (near_end and left - _DOUBT <= x <= right + _DOUBT)
        ):
            return "unsure"
        if left <= x <= right and top <= y <= bottom:
            found.append(char)
    return found


def _inside(index: _CharIndex, box: _Box, strict: bool) -> list[dict[str, Any]] | str:
    try:
        return index.inside(box, strict)
    except UnsureError:
        return "unsure"


@pytest.mark.parametrize("seed", range(30))
def test_inside_finds_what_a_scan_of_every_character_finds(seed: int) -> None:
    rng = random.Random(seed)
    chars = []
    for _ in range(rng.randint(0, 120)):
        size = rng.choice([9.0, 10.5, 12.0, 200.0])
        x0, top = rng.uniform(0, 500) // 1.5 * 1.5, rng.uniform(0, 700) // 3 * 3
        chars.append(
            {"text": "字", "x0": x0, "x1": x0 + size, "top": top, "bottom": top + size}
            | {"size": size}
        )
    index = _CharIndex(chars)
    rows = [rng.uniform(0, 700) // 3 * 3 for _ in range(6)]
    for _ in range(60):
        top = rng.choice(rows)
        left = rng.uniform(0, 500) // 1.5 * 1.5
        box = (left, top, left + rng.uniform(5, 200), top + rng.choice([12.0, 24.0, 30.0]))
        for strict in (False, True):
            assert _inside(index, box, strict) == _scan(chars, box, strict)


@pytest.mark.parametrize("seed", range(30))
def test_rows_are_pdfplumbers_clusters_left_to_right(seed: int) -> None:
    """Ties in height and across (same `top`, same `x0`) keep page order, as pdfplumber's
    stable sorts do."""
    rng = random.Random(seed)
    chars: list[dict[str, Any]] = [
        {"text": str(i), "x0": rng.choice([10.0, 20.0, 30.0, rng.uniform(0, 99)])}
        | {"top": rng.choice([100.0, 104.0, 105.0, 111.0, rng.uniform(90, 130)])}
        | {"size": rng.choice([9.0, 10.0, 12.0])}
        for i in range(rng.randint(0, 40))
    ]
    expected: list[list[dict[str, Any]]] = []
    if chars:
        tolerance = statistics.median(char["size"] for char in chars) / 2
        groups = cluster_objects(chars, "top", tolerance)
        expected = [sorted(group, key=lambda char: char["x0"]) for group in groups]
    assert _rows_of(chars) == expected
