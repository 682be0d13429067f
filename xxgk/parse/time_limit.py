"""A per-object parse time limit, checked between stages and between PDF pages.

Parsing runs inside the task runner's workers (threads, the process pool's worker processes,
Dask workers), where CPU-bound Python cannot be interrupted from outside without losing the
whole batch; so the parser checks a deadline at every point where the work is cut into
pieces, and one slow object is rejected instead of stalling its batch.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_deadline: ContextVar[tuple[float, float] | None] = ContextVar("xxgk_parse_deadline", default=None)


class ParseTimeLimitError(Exception):
    """Parsing one object took longer than its time limit."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Within this block, `check_time` raises once `seconds` have passed (None: no limit)."""
    token = _deadline.set(None if seconds is None else (time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


def check_time(stage: str) -> None:
    """Raise ParseTimeLimitError if the current object is over its time limit."""
    limit = _deadline.get()
    if limit is not None and time.monotonic() > limit[0]:
        raise ParseTimeLimitError(f"parsing took longer than the {limit[1]:g} s limit ({stage})")
