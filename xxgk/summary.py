"""A run's reconciliation: every listed object is valid, quarantined, rejected or skipped."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from schemas.codes import Status


@dataclass
class RunSummary:
    run_id: str
    source: str
    dest: str
    listed: int = 0
    skipped: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    failing_checks: Counter[str] = field(default_factory=Counter)
    batches: int = 0

    @property
    def processed(self) -> int:
        return sum(self.outcomes.values())

    @property
    def balanced(self) -> bool:
        return self.listed == self.processed + self.skipped

    def reconciliation(self) -> str:
        counts = " + ".join(f"{self.outcomes.get(s.value, 0)} {s.value}" for s in Status)
        verdict = "balanced" if self.balanced else "UNBALANCED"
        return (
            f"reconciliation: {self.listed} listed = {counts} + {self.skipped} skipped ({verdict})"
        )

    def markdown(self, top: int = 10) -> str:
        lines = [
            f"# xxgk ingest `{self.run_id}`",
            "",
            f"- source: `{self.source}`",
            f"- lake: `{self.dest}`",
            f"- {self.reconciliation()}",
            f"- batches committed: {self.batches}",
            "",
            "| outcome | objects |",
            "|---|---|",
            *(f"| {s.value} | {self.outcomes.get(s.value, 0)} |" for s in Status),
            f"| skipped (unchanged) | {self.skipped} |",
            "",
            "## Top failing checks",
            "",
        ]
        if self.failing_checks:
            lines += ["| table.check | failures |", "|---|---|"]
            lines += [f"| `{check}` | {n} |" for check, n in self.failing_checks.most_common(top)]
        else:
            lines.append("None.")
        return "\n".join(lines) + "\n"
