"""The copy key's numbers, kept per value, are the numbers `format` writes."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk import copies


@settings(max_examples=500, deadline=None)
@given(st.lists(st.none() | st.floats(allow_nan=True) | st.integers(-5, 5).map(float)))
def test_numbers_equal_format(values: list[float | None]) -> None:
    for value in values * 2:  # a second time from the cache
        assert copies._number(value) == format(value or 0.0, ".10g")


def test_blank_and_signed_zero_are_zero() -> None:
    assert copies._number(None) == copies._number(-0.0) == copies._number(0.0) == "0"
    assert copies._number(math.inf) == "inf"


def test_a_full_cache_is_emptied_and_still_answers() -> None:
    for value in range(copies._MAX_NUMBERS + 10):
        assert copies._number(value + 0.5) == format(value + 0.5, ".10g")
    assert len(copies._NUMBERS) <= copies._MAX_NUMBERS
