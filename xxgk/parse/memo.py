"""Memoise pure functions of one short text (table cells, row labels, table lines).

Reports repeat the same few cell texts (`0`, blanks, the standard row labels) many times each,
and every report repeats the previous one's. A plain dict is the cheapest cache to hit; only
short texts are kept, so a hostile object with huge lines cannot pin them in memory, and the
cache is emptied when full rather than evicting one entry at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Generic, TypeVar

R = TypeVar("R")

#: Texts longer than this are computed every time, never kept.
MAX_CACHED_LENGTH = 64
MAX_CACHED_ENTRIES = 1 << 14


class TextMemo(Generic[R]):
    """`function` with its results for texts of up to `max_length` characters kept, at most
    `max_entries` of them (emptied when full)."""

    def __init__(self, function: Callable[[str], R], max_length: int, max_entries: int) -> None:
        self.function, self.max_length, self.max_entries = function, max_length, max_entries
        self._cache: dict[str, R] = {}
        update_wrapper(self, function)

    def __call__(self, text: str) -> R:
        try:
            return self._cache[text]
        except KeyError:
            pass
        result = self.function(text)
        if len(text) <= self.max_length:
            if len(self._cache) >= self.max_entries:
                self._cache.clear()
            self._cache[text] = result
        return result

    def __len__(self) -> int:
        return len(self._cache)

    def __contains__(self, text: object) -> bool:
        return text in self._cache

    def clear(self) -> None:
        self._cache.clear()


def memoise_texts_up_to(
    max_length: int, max_entries: int
) -> Callable[[Callable[[str], R]], TextMemo[R]]:
    """A decorator: `TextMemo` of the function with these bounds."""
    return lambda function: TextMemo(function, max_length, max_entries)


def memoise_text(function: Callable[[str], R]) -> TextMemo[R]:
    """`function` with its results for texts of up to `MAX_CACHED_LENGTH` characters kept."""
    return TextMemo(function, MAX_CACHED_LENGTH, MAX_CACHED_ENTRIES)
