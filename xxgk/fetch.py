"""Fetch a batch of objects concurrently, turning per-object read errors into values."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

from xxgk.objects import SourceObject
from xxgk.storage.objects import ObjectStore


def fetch_all(
    store: ObjectStore, objects: list[SourceObject], concurrency: int
) -> Iterator[tuple[SourceObject, bytes | Exception]]:
    """Objects with their bytes, in input order; an object that cannot be read carries the
    exception instead (after the client's own retries), so it becomes a `rejected` report."""

    def read(source: SourceObject) -> bytes | Exception:
        try:
            return store.read(source)
        except Exception as error:
            return error

    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="xxgk-fetch") as pool:
        yield from zip(objects, pool.map(read, objects), strict=True)
