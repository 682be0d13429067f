"""What a backfill did, partition by partition: its names, its child runs' counts from `_runs`,
its own `_runs` row and the markdown of its summary artifact."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import polars as pl

from schemas.codes import Status
from xxgk.partitions import Partition
from xxgk.summary import RunSummary

#: A partition's state in the summary: its child run completed or failed in this backfill,
#: or it had completed before and was skipped.
COMPLETED, FAILED, SKIPPED = "completed", "failed", "skipped"


def partition_name(partition: Partition, source: str) -> str:
    """`year=2019`, `prefix=a/b` or `shard=3/64`: short, stable, and usable as a run tag."""
    if partition.shard_count is not None:
        return f"shard={partition.shard_label}"
    rest = partition.source[len(source.rstrip("/")) :].strip("/")
    return f"year={rest}" if len(rest) == 4 and rest.isdigit() else f"prefix={rest}"


@dataclass(frozen=True)
class PartitionOutcome:
    name: str
    state: str  # COMPLETED, FAILED or SKIPPED
    run_id: str | None = None  # the child run (for a skipped one, the run that completed it)
    error: str | None = None


@dataclass
class BackfillSummary:
    """A backfill's partitions and, from `_runs`, what each child run counted."""

    run_id: str
    source: str
    dest: str
    started_at: datetime
    outcomes: list[PartitionOutcome] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        states = Counter(outcome.state for outcome in self.outcomes)
        return {
            "partitions": len(self.outcomes),
            "skipped": states[SKIPPED],
            "completed": states[COMPLETED],
            "failed": states[FAILED],
        }

    def with_child_runs(self, runs: pl.DataFrame) -> BackfillSummary:
        """Fill in the run id of partitions whose child failed, from the `_runs` rows of ingest
        runs of this backfill's partitions (the last one wins: a partition is retried)."""
        children = _child_rows(runs, self.started_at)
        outcomes = [
            o
            if o.run_id or o.state == SKIPPED or o.name not in children
            else PartitionOutcome(o.name, o.state, children[o.name]["run_id"], o.error)
            for o in self.outcomes
        ]
        return BackfillSummary(self.run_id, self.source, self.dest, self.started_at, outcomes)

    def runs_row(
        self,
        runs: pl.DataFrame,
        parameters: dict[str, object],
        ended_at: datetime,
        error: str | None,
    ) -> pl.DataFrame:
        """The backfill's `_runs` row (flow `backfill`): the totals of the child runs it started
        (skipped partitions count nothing; each child has a row of its own as well)."""
        total = RunSummary(
            run_id=self.run_id, source=self.source, dest=self.dest, started_at=self.started_at
        )
        for row in self._ran(runs):
            total.listed += row["listed"]
            total.skipped += row["skipped"]
            total.deleted += row["deleted"]
            total.batches += row["batches"]
            total.outcomes.update({s.value: row[s.value] for s in Status})
            total.failing_checks.update({c["check"]: c["failures"] for c in row["failing_checks"]})
        return total.runs_row("backfill", parameters, ended_at, error)

    def markdown(self, runs: pl.DataFrame) -> str:
        counts = self.counts()
        by_id = {row["run_id"]: row for row in runs.iter_rows(named=True)}
        lines = [
            f"# xxgk backfill `{self.run_id}`",
            "",
            f"- source: `{self.source}`",
            f"- lake: `{self.dest}`",
            f"- {counts['partitions']} partitions: {counts['completed']} completed, "
            f"{counts['failed']} failed, {counts['skipped']} skipped (done before)",
            "",
            "| partition | state | listed | "
            + " | ".join(s.value for s in Status)
            + " | skipped | child run |",
            "|---|---|---|" + "---|" * len(Status) + "---|---|",
        ]
        for outcome in self.outcomes:
            row = by_id.get(outcome.run_id or "")
            figures = (
                [row["listed"], *(row[s.value] for s in Status), row["skipped"]]
                if row and outcome.state != SKIPPED
                else ["", *("" for _ in Status), ""]
            )
            cells = [outcome.name, outcome.state, *map(str, figures), f"`{outcome.run_id or '—'}`"]
            lines.append("| " + " | ".join(cells) + " |")
        failed = [o for o in self.outcomes if o.error]
        if failed:
            lines += ["", "## Failures (re-run the backfill to retry them)", ""]
            lines += [f"- {o.name}: {o.error}" for o in failed]
        return "\n".join(lines) + "\n"

    def _ran(self, runs: pl.DataFrame) -> list[dict[str, Any]]:
        ran = {o.run_id for o in self.outcomes if o.state != SKIPPED and o.run_id}
        return [row for row in runs.iter_rows(named=True) if row["run_id"] in ran]


def _child_rows(runs: pl.DataFrame, since: datetime) -> dict[str, dict[str, Any]]:
    """The last `_runs` row of each partition's ingest runs started since `since`."""
    last: dict[str, dict[str, Any]] = {}
    for row in runs.sort("started_at").iter_rows(named=True):
        if row["flow"] != "ingest" or row["started_at"] < since:
            continue
        partition = json.loads(row["parameters"]).get("partition")
        if partition:
            last[partition] = row
    return last
