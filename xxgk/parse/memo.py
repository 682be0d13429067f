"""Memoise pure functions of short texts (table cells, rows, row labels, sentences).

Reports repeat the same few cell texts (`0`, blanks, the standard row labels) many times each,
and every report repeats the previous one's. A plain dict is the cheapest cache to hit; only
short texts are kept, so a hostile object with huge lines cannot pin them in memory, and the
cache is emptied when full rather than evicting one entry at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import update_wrapper
from typing import TYPE_CHECKING, TypeVar

K = TypeVar("K", bound=Hashable)
R = TypeVar("R")

#: Texts longer than this are computed every time, never kept.
MAX_CACHED_LENGTH = 64
MAX_CACHED_ENTRIES = 1 << 14


class Memo(dict[K, R]):
    """`function` with its results for keys of up to `max_length` characters (as `length`
    measures a key) kept, at most `max_entries` of them (emptied when full).

    The memo is its own cache and calling it is `dict.__getitem__`: a kept key is found
    without running any Python code, and only a key not kept reaches `__missing__`."""

    def __init__(
        self,
        function: Callable[[K], R],
        max_length: int,
        max_entries: int,
        length: Callable[[K], int],
    ) -> None:
        super().__init__()
        self.function, self.max_length, self.max_entries = function, max_length, max_entries
        self.length = length
        update_wrapper(self, function)

    if TYPE_CHECKING:

        def __call__(self, key: K) -> R: ...

    else:
        __call__ = dict.__getitem__

    def __missing__(self, key: K) -> R:
        result = self.function(key)
        if self.length(key) <= self.max_length:
            if len(self) >= self.max_entries:
                self.clear()
            self[key] = result
        return result

    # A memo is one object however many keys it keeps (a dict would compare and hash by them).
    __eq__ = object.__eq__
    __hash__ = object.__hash__  # type: ignore[assignment]


#: A memo of a function of one text, its length the text's.
TextMemo = Memo[str, R]


def memoise_texts_up_to(
    max_length: int, max_entries: int
) -> Callable[[Callable[[str], R]], TextMemo[R]]:
    """A decorator: `TextMemo` of the function with these bounds."""
    return lambda function: Memo(function, max_length, max_entries, len)


def memoise_text(function: Callable[[str], R]) -> TextMemo[R]:
    """`function` with its results for texts of up to `MAX_CACHED_LENGTH` characters kept."""
    return Memo(function, MAX_CACHED_LENGTH, MAX_CACHED_ENTRIES, len)
