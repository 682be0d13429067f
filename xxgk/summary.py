"""A run's reconciliation: every listed object is valid, quarantined, rejected or skipped."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

import polars as pl

from schemas import polars_schema
from schemas.codes import Status
from schemas.runs import RunsModel

_TOP_CHECKS = 20


@dataclass
class RunSummary:
    run_id: str
    source: str
    dest: str
    started_at: datetime
    listed: int = 0
    skipped: int = 0
    deleted: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    failing_checks: Counter[str] = field(default_factory=Counter)
    batches: int = 0
    ended_at: datetime | None = None

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

    @property
    def duration_seconds(self) -> float | None:
        if self.ended_at is None:
            return None
        return round((self.ended_at - self.started_at).total_seconds(), 3)

    def as_json(self) -> dict[str, object]:
        """The run for machines (`xxgk ingest --json`): the same figures as `_runs`, keyed by
        name, plus the reconciliation's verdict."""
        return {
            "run_id": self.run_id,
            "source": self.source,
            "dest": self.dest,
            "started_at": self.started_at.isoformat(),
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
            "duration_seconds": self.duration_seconds,
            "listed": self.listed,
            **{status.value: self.outcomes.get(status.value, 0) for status in Status},
            "skipped": self.skipped,
            "deleted": self.deleted,
            "batches": self.batches,
            "balanced": self.balanced,
            "reconciliation": self.reconciliation(),
            "failing_checks": [
                {"check": check, "failures": count}
                for check, count in self.failing_checks.most_common()
            ],
        }

    def markdown(self, deleted: list[str] | None = None, top: int = 10) -> str:
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
            f"| deleted at the source since the last run | {self.deleted} |",
            "",
            "## Top failing checks",
            "",
        ]
        if self.failing_checks:
            lines += ["| table.check | failures |", "|---|---|"]
            lines += [f"| `{check}` | {n} |" for check, n in self.failing_checks.most_common(top)]
        else:
            lines.append("None.")
        if deleted:
            lines += ["", "## Gone from the source (rows kept in the lake)", ""]
            lines += [f"- `{uri}`" for uri in deleted[:50]]
            if len(deleted) > 50:
                lines.append(f"- … and {len(deleted) - 50} more")
        return "\n".join(lines) + "\n"

    def runs_row(
        self, flow: str, parameters: dict[str, object], ended_at: datetime, error: str | None
    ) -> pl.DataFrame:
        """This run as one `_runs` row."""
        row = {
            "run_id": self.run_id,
            "flow": flow,
            "parameters": json.dumps(parameters, sort_keys=True, default=str),
            "status": "failed" if error else "completed",
            "error": error,
            "started_at": self.started_at,
            "ended_at": ended_at,
            "listed": self.listed,
            "skipped": self.skipped,
            **{status.value: self.outcomes.get(status.value, 0) for status in Status},
            "deleted": self.deleted,
            "batches": self.batches,
            "failing_checks": [
                {"check": check, "failures": count}
                for check, count in self.failing_checks.most_common(_TOP_CHECKS)
            ],
        }
        frame = pl.DataFrame([row], schema=polars_schema(RunsModel))
        RunsModel.validate(frame)
        return frame
