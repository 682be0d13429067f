"""A terminal progress bar over the objects a run commits (rich), or nothing."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

_NO_JOB = TaskID(0)


@dataclass
class ProgressBar:
    """`found(n)` grows the total (a streamed listing finds its work as it goes);
    `advance(n)` counts work done. Both do nothing when the bar is not drawn."""

    bar: Progress | None = None
    job: TaskID = _NO_JOB
    total: int = 0

    def found(self, count: int) -> None:
        self.total += count
        if self.bar is not None:
            self.bar.update(self.job, total=self.total)

    def advance(self, count: int) -> None:
        if self.bar is not None:
            self.bar.advance(self.job, count)


@contextlib.contextmanager
def batch_progress(enabled: bool, total: int = 0, label: str = "ingest") -> Iterator[ProgressBar]:
    """Draws only when enabled (a TTY), so logs stay clean elsewhere."""
    if not enabled:
        yield ProgressBar()
        return
    columns = (
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, transient=True) as bar:
        yield ProgressBar(bar, bar.add_task("objects", total=total), total)
