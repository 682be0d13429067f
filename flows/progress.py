"""A terminal progress bar over the objects a run commits (rich), or nothing."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


@contextlib.contextmanager
def batch_progress(
    total: int, enabled: bool, label: str = "ingest"
) -> Iterator[Callable[[int], None]]:
    """Yields `advance(n)`; draws only when enabled (a TTY), so logs stay clean elsewhere."""
    if not enabled or total == 0:
        yield lambda _: None
        return
    columns = (
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, transient=True) as bar:
        job = bar.add_task("objects", total=total)
        yield lambda n: bar.advance(job, n)
