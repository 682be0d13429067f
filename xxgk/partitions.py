"""How a backfill cuts a raw zone into partitions: years, prefixes, or hash shards.

Raw keys are expected under `{source}/{year}/…` (the crawler's layout), so a year range maps
to one prefix per year. Any other layout can be split by listing sub-prefixes named by hand,
or, for an arbitrary key space, into N shards by a stable hash of each object's URI (every
shard lists the whole source and keeps its own share).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from xxgk import PARSER_VERSION

#: Years outside this range are typos, not report years.
_FIRST_YEAR, _LAST_YEAR = 1990, 2100


@dataclass(frozen=True)
class Partition:
    source: str  # the child run's source URI
    shard_index: int | None = None
    shard_count: int | None = None

    @property
    def id(self) -> str:
        """Stable across re-runs: the completion marker's name."""
        return hashlib.sha256(f"{self.source}|{self.shard_label}".encode()).hexdigest()[:24]

    @property
    def shard_label(self) -> str:
        return "" if self.shard_count is None else f"{self.shard_index}/{self.shard_count}"

    def label(self) -> str:
        return f"{self.source} shard {self.shard_label}" if self.shard_label else self.source


def plan_partitions(
    source: str,
    years: list[int] | None = None,
    prefixes: list[str] | None = None,
    shards: int | None = None,
) -> list[Partition]:
    root = source.rstrip("/")
    if years:
        return [Partition(f"{root}/{year}") for year in sorted(set(years))]
    if prefixes:
        return [Partition(f"{root}/{prefix.strip('/')}") for prefix in dict.fromkeys(prefixes)]
    if shards:
        return [Partition(root, index, shards) for index in range(shards)]
    raise ValueError("a backfill needs years, prefixes or a shard count")


def in_shard(uri: str, shard_index: int | None, shard_count: int | None) -> bool:
    """Whether an object belongs to a shard (always, when there is no sharding)."""
    if shard_count is None or shard_index is None:
        return True
    digest = hashlib.sha256(uri.encode()).digest()
    return int.from_bytes(digest[:8], "big") % shard_count == shard_index


def parse_years(text: str) -> list[int]:
    """`2019-2023`, `2019,2021` or `2020` as a list of years; a `ValueError` saying what is
    wrong with the first part that is not one."""
    years: list[int] = []
    for part in text.split(","):
        first, dash, last = part.strip().partition("-")
        if not first.strip().isdigit() or (dash and not last.strip().isdigit()):
            raise ValueError(
                f"{part.strip()!r} is not a year or a range of years "
                "(write e.g. 2019-2023, 2019,2021 or 2020)"
            )
        start, end = int(first), int(last or first)
        for year in (start, end):
            if not _FIRST_YEAR <= year <= _LAST_YEAR:
                raise ValueError(f"{year} is not a report year ({_FIRST_YEAR}-{_LAST_YEAR})")
        if end < start:
            raise ValueError(f"{part.strip()!r} ends before it starts (write {end}-{start})")
        years.extend(range(start, end + 1))
    return years


def not_done(
    partitions: list[Partition], done: Mapping[str, Mapping[str, object]], force: bool
) -> list[Partition]:
    """The partitions without a completion marker at this parser version (all with `force`);
    `done` is `Lake.done_partitions()`."""
    return [
        p for p in partitions if force or done.get(p.id, {}).get("parser_version") != PARSER_VERSION
    ]


def completion_record(partition: Partition, run_id: str) -> dict[str, object]:
    """The marker a partition gets once its child run completed."""
    return {
        "partition": partition.label(),
        "run_id": run_id,
        "parser_version": PARSER_VERSION,
        "completed_at": datetime.now(UTC).isoformat(),
    }
