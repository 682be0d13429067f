"""Fetch a batch of objects concurrently, turning per-object read errors into values."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

from botocore.exceptions import ClientError

from xxgk.objects import SourceObject
from xxgk.storage.objects import ObjectStore, ObjectStoreError, ObjectTooLargeError

#: HTTP statuses that say this object cannot be read, however often it is asked for.
_PERMANENT_STATUSES = frozenset({400, 403, 404, 405, 410, 416})


def fetch_all(
    store: ObjectStore, objects: list[SourceObject], concurrency: int
) -> Iterator[tuple[SourceObject, bytes | Exception]]:
    """Objects with their bytes, in input order. An object that cannot be read for good (too
    large, gone, forbidden) carries the exception instead, so it becomes a `rejected` report;
    a store that fails (5xx, throttling, timeouts, resets, after the client's retries) raises,
    so the batch fails whole, nothing of it is committed, and a re-run reads it again."""

    def read(source: SourceObject) -> bytes | Exception:
        try:
            return store.read(source)
        except Exception as error:
            if is_permanent(error):
                return error
            raise

    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="xxgk-fetch") as pool:
        yield from zip(objects, pool.map(read, objects), strict=True)


def is_permanent(error: Exception) -> bool:
    """Whether reading the object again could not help (the store answered, and said no)."""
    if isinstance(error, ObjectTooLargeError | PermissionError | FileNotFoundError):
        return True
    cause = error.__cause__ if isinstance(error, ObjectStoreError) else error
    if isinstance(cause, ClientError):
        status = cause.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        return status in _PERMANENT_STATUSES
    return not isinstance(error, OSError)
