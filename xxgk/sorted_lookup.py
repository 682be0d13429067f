"""Find strings in a sorted Arrow string column without copying it into Python objects."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl


def positions(column: pl.Series, values: Sequence[str]) -> list[int | None]:
    """Where each value is in `column` (sorted, unique), or None: a binary search per value
    in Rust, so looking up a page of keys costs microseconds however long the column."""
    if not values or column.is_empty():
        return [None] * len(values)
    wanted = pl.Series(values, dtype=pl.String)
    found = column.search_sorted(wanted, side="left").clip(upper_bound=column.len() - 1)
    hits = column.gather(found) == wanted
    return [p if hit else None for p, hit in zip(found.to_list(), hits.to_list(), strict=True)]
