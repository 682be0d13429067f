"""The fuzz script itself: a short run crashes nothing and exercises every mutator."""

from __future__ import annotations

from pathlib import Path

from bench.fuzz import MUTATORS, fuzz_batch


def test_a_few_fuzz_batches_crash_nothing_and_use_every_mutator(tmp_path: Path) -> None:
    outcomes = [fuzz_batch(seed=5, batch=b, crash_dir=str(tmp_path)) for b in range(3)]
    assert [o.crash for o in outcomes] == [None, None, None]
    assert sum(o.inputs for o in outcomes) == sum(sum(o.statuses.values()) for o in outcomes)
    used = set().union(*(o.mutators for o in outcomes))
    assert used >= set(MUTATORS) - {"html_bomb", "huge_table", "long_line", "pdf_mutant"}
    assert not any(tmp_path.iterdir())
