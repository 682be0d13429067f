"""Compaction reads a merge's input files in parallel, a bounded chunk at a time, in order."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from xxgk import compaction
from xxgk.compaction import _File, _read_in_chunks

_MIB = 1024 * 1024


def test_files_come_back_in_order_with_what_was_read() -> None:
    files = [_File(f"p/part-{n:03d}.parquet", 1000 + n) for n in range(40)]
    got = list(_read_in_chunks(lambda f: f.size, files))
    assert [f for f, _ in got] == files
    assert [size for _, size in got] == [f.size for f in files]


def test_a_chunk_holds_at_most_16_files_and_32_mib(monkeypatch: pytest.MonkeyPatch) -> None:
    chunks: list[list[int]] = []
    original = compaction._in_parallel

    def recording(call: Callable[[_File], object], files: Sequence[_File]) -> list[object]:
        chunks.append([f.size for f in files])
        return original(call, files)

    monkeypatch.setattr(compaction, "_in_parallel", recording)
    small = [_File(f"p/a-{n:03d}.parquet", 100) for n in range(40)]
    big = [_File(f"p/b-{n:03d}.parquet", 12 * _MIB) for n in range(5)]
    out = [path for _, path in _read_in_chunks(lambda f: f.path, [*small, *big])]
    assert out == [f.path for f in [*small, *big]]
    assert [len(c) for c in chunks] == [16, 16, 10, 2, 1]  # the third: 8 small, 2 of 12 MiB
    assert all(len(c) <= 16 and (sum(c) <= 32 * _MIB or len(c) == 1) for c in chunks)
