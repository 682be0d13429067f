"""The pipeline keeps a bounded window of batches in flight and commits them in order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from xxgk.objects import SourceObject
from xxgk.pipeline import in_order


@dataclass
class _Done:
    """A finished future (what `submit` returns once a batch is processed)."""

    value: Any

    def result(self) -> Any:
        return self.value


def test_batches_come_back_in_order_with_at_most_the_window_submitted_ahead() -> None:
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    batches = [[SourceObject(f"k{i}", f"s3://b/k{i}", "e", 1, moment)] for i in range(10)]
    submitted: list[str] = []
    consumed: list[str] = []

    def submit(batch: list[SourceObject]) -> Any:
        submitted.append(batch[0].key)
        # the window (3) in flight, besides the batch being committed
        assert len(submitted) - len(consumed) <= 4
        return _Done(f"staged {batch[0].key}")

    for batch, staged in in_order(cast(Any, submit), batches, window=3):
        assert cast(Any, staged) == f"staged {batch[0].key}"
        assert len(submitted) == min(len(consumed) + 4, 10)  # refilled before the commit
        consumed.append(batch[0].key)
    assert consumed == submitted == [f"k{i}" for i in range(10)]


def test_fewer_batches_than_the_window_and_none_at_all() -> None:
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    one = [[SourceObject("k", "s3://b/k", "e", 1, moment)]]
    staged = [cast(Any, s) for _, s in in_order(lambda b: cast(Any, _Done(b[0].key)), one, 8)]
    assert staged == ["k"]
    assert list(in_order(lambda b: cast(Any, _Done(b)), [], 8)) == []
