"""Commits keep the copy columns of committed `reports` files between them (`CopyColumnsCache`):
a file is read once per run unless it changes, and the cache stays bounded."""

from __future__ import annotations

import polars as pl
from pyarrow import fs

from xxgk.lake.writer import CopyColumnsCache


def _info(path: str, size: int, mtime_ns: int) -> fs.FileInfo:
    return fs.FileInfo(path, fs.FileType.File, size=size, mtime_ns=mtime_ns)


class _Reads:
    def __init__(self, frame: pl.DataFrame) -> None:
        self.frame, self.count = frame, 0

    def __call__(self) -> pl.DataFrame:
        self.count += 1
        return self.frame


def test_a_file_unchanged_is_read_once() -> None:
    cache = CopyColumnsCache()
    reads = _Reads(pl.DataFrame({"report_id": ["a", "b"]}))
    first = cache.get(_info("reports/report_year=2020/part-1.parquet", 10, 1), reads)
    again = cache.get(_info("reports/report_year=2020/part-1.parquet", 10, 1), reads)
    assert reads.count == 1
    assert again.equals(first)


def test_a_file_written_again_under_its_name_is_read_again() -> None:
    cache = CopyColumnsCache()
    old = _Reads(pl.DataFrame({"report_id": ["a"]}))
    new = _Reads(pl.DataFrame({"report_id": ["b"]}))
    path = "reports/report_year=2020/part-1.parquet"
    cache.get(_info(path, 10, 1), old)
    assert cache.get(_info(path, 10, 2), new)["report_id"].to_list() == ["b"]
    assert cache.get(_info(path, 11, 2), old)["report_id"].to_list() == ["a"]
    assert (old.count, new.count) == (2, 1)


def test_past_its_bound_the_cache_starts_over() -> None:
    cache = CopyColumnsCache(max_rows=3)
    two = _Reads(pl.DataFrame({"report_id": ["a", "b"]}))
    cache.get(_info("p1", 1, 1), two)
    cache.get(_info("p2", 1, 1), two)  # 4 rows > 3: the first file is dropped
    cache.get(_info("p2", 1, 1), two)
    cache.get(_info("p1", 1, 1), two)
    assert two.count == 3
