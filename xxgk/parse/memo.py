"""Memoise pure functions of one short text (table cells, row labels, table lines).

Reports repeat the same few cell texts (`0`, blanks, the standard row labels) many times each,
and every report repeats the previous one's. A plain dict is the cheapest cache to hit; only
short texts are kept, so a hostile object with huge lines cannot pin them in memory, and the
cache is emptied when full rather than evicting one entry at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

R = TypeVar("R")

#: Texts longer than this are computed every time, never kept.
MAX_CACHED_LENGTH = 64
MAX_CACHED_ENTRIES = 1 << 14


def memoise_text(function: Callable[[str], R]) -> Callable[[str], R]:
    """`function` with its results for texts of up to `MAX_CACHED_LENGTH` characters kept."""
    cache: dict[str, R] = {}

    @wraps(function)
    def memoised(text: str) -> R:
        try:
            return cache[text]
        except KeyError:
            pass
        result = function(text)
        if len(text) <= MAX_CACHED_LENGTH:
            if len(cache) >= MAX_CACHED_ENTRIES:
                cache.clear()
            cache[text] = result
        return result

    return memoised
