"""The lake index: which source objects the lake holds, at which etag, and where their rows are."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

import polars as pl

from schemas.codes import Dataset
from schemas.registry import SCHEMAS
from xxgk.sorted_lookup import positions

INDEX_COLUMNS = ["source_uri", "source_etag", "report_id", "report_year", "parser_version"]
INDEX_SCHEMA = {c: SCHEMAS[Dataset.REPORTS][c] for c in INDEX_COLUMNS}


class IndexEntry(NamedTuple):
    """What the lake holds for one source object."""

    source_etag: str
    report_id: str
    report_year: int
    parser_version: str


class LakeIndex:
    """Which source objects the lake holds, at which etag, and where their rows live.

    A lake holds millions of objects, so the index is one frame sorted by source URI (a few
    times smaller than the same entries as Python objects) searched a page of keys at a time,
    plus the entries committed since it was last compacted, kept as Python objects with
    reverse maps (sources per report id, years each report was written under).
    A commit's questions cost one scan of the frame each, not one per key. Used from one
    thread at a time (the flow's)."""

    #: Recent entries folded into the frame once there are this many (~10 MiB of them).
    compact_at = 20_000

    def __init__(self, frame: pl.DataFrame, seen_log: set[str] | None = None) -> None:
        self.seen_log: set[str] = seen_log or set()
        frame = frame.select(INDEX_COLUMNS).cast(INDEX_SCHEMA)  # type: ignore[arg-type]
        if not _sorted_and_unique(frame["source_uri"]):  # a snapshot is both already
            frame = frame.unique("source_uri", keep="last", maintain_order=True).sort("source_uri")
        self._frame = frame.rechunk()
        self._recent: dict[str, IndexEntry] = {}
        self._recent_added = 0  # recent entries of sources the frame does not hold
        self._recent_holders: Counter[str] = Counter()  # report id → recent sources holding it
        #: report id → years its rows were written under since the frame was built: rows stay
        #: under a year after the source that put them there moved on to other bytes.
        self._years_written: dict[str, set[int]] = {}

    def current(self, listed: Sequence[tuple[str, str]], parser_version: str) -> list[bool]:
        """For each (uri, etag) listed, whether the lake holds it at this parser version."""
        entries = self._entries([uri for uri, _ in listed])
        return [
            entry is not None
            and entry.source_etag == etag
            and entry.parser_version == parser_version
            for (_, etag), entry in zip(listed, entries, strict=True)
        ]

    def is_current(self, uri: str, etag: str, parser_version: str) -> bool:
        return self.current([(uri, etag)], parser_version)[0]

    def sources_under(self, uri_prefix: str) -> pl.Series:
        """The held source URIs that start with `uri_prefix`, sorted."""
        self.compact()
        uris = self._frame["source_uri"]
        return uris.filter(uris.str.starts_with(uri_prefix))

    def years_of_sources(self, uris: Iterable[str]) -> set[int]:
        return {e.report_year for e in self._entries(list(uris)) if e is not None}

    def report_years(self, report_ids: set[str]) -> set[int]:
        """Every year rows of these reports may be under (a superset once a report moved)."""
        return set().union(*self.years_of_reports(report_ids).values())

    def years_of_reports(self, report_ids: set[str]) -> dict[str, set[int]]:
        """`report_years` per report id, for every id at once: one scan of the frame."""
        held, years = self._frame_holders(report_ids)
        for report_id in report_ids:
            if report_id in held or self._recent_holders[report_id]:
                years.setdefault(report_id, set()).update(self._years_written.get(report_id, ()))
        return years

    def orphaned_report_ids(self, replaced_uris: set[str]) -> set[str]:
        """Report ids only the replaced sources pointed to: their derived rows must go."""
        dropping = Counter(e.report_id for e in self._entries(list(replaced_uris)) if e)
        held, _ = self._frame_holders(set(dropping))
        return {rid for rid, n in dropping.items() if held[rid] + self._recent_holders[rid] == n}

    def update(self, rows: Iterable[Mapping[str, object]]) -> None:
        """Add or replace sources (the last row of a source wins)."""
        rows = list(rows)
        uris = [str(row["source_uri"]) for row in rows]
        shared: dict[object, object] = {}  # one object per parser version and year, not per row
        for uri, held, row in zip(uris, self._entries(uris), rows, strict=True):
            old = self._recent.get(uri, held)  # a source given twice: its first row is older
            entry = IndexEntry(
                str(row["source_etag"]),
                str(row["report_id"]),
                int(shared.setdefault(row["report_year"], row["report_year"])),  # type: ignore[call-overload]
                str(shared.setdefault(row["parser_version"], row["parser_version"])),
            )
            if old is None:
                self._recent_added += 1
            else:
                if uri in self._recent:
                    self._recent_holders[old.report_id] -= 1
                self._years_written.setdefault(old.report_id, set()).add(old.report_year)
            self._recent[uri] = entry
            self._recent_holders[entry.report_id] += 1
            self._years_written.setdefault(entry.report_id, set()).add(entry.report_year)
        if len(self._recent) >= self.compact_at:
            self.compact()

    def compact(self) -> None:
        """Fold the recent entries into the frame. Of the years reports were written under,
        only those of reports still held that no holder's entry shows are kept (reports that
        moved year: a handful)."""
        if not self._recent:
            return
        recent = pl.DataFrame(
            [(uri, *entry) for uri, entry in self._recent.items()],
            schema=INDEX_SCHEMA,
            orient="row",
        )
        kept = self._frame.filter(~pl.col("source_uri").is_in(recent["source_uri"].implode()))
        self._frame = pl.concat([kept, recent]).sort("source_uri").rechunk()
        shown = set(
            self._frame.filter(pl.col("report_id").is_in(list(self._years_written)))
            .select("report_id", "report_year")
            .iter_rows()
        )
        held = {rid for rid, _ in shown}
        moved = {
            rid: unshown
            for rid, years in self._years_written.items()
            if rid in held and (unshown := {y for y in years if (rid, y) not in shown})
        }
        self._years_written = moved
        self._recent, self._recent_added = {}, 0
        self._recent_holders = Counter()

    def frame(self) -> pl.DataFrame:
        """The index as one frame of `INDEX_COLUMNS`, sorted by source URI (its snapshot)."""
        self.compact()
        return self._frame

    def __len__(self) -> int:
        return self._frame.height + self._recent_added

    def _entries(self, uris: Sequence[str]) -> list[IndexEntry | None]:
        entries = [self._recent.get(uri) for uri in uris]
        missing = [i for i, entry in enumerate(entries) if entry is None]
        found = positions(self._frame["source_uri"], [uris[i] for i in missing])
        hits = [(i, p) for i, p in zip(missing, found, strict=True) if p is not None]
        if hits:
            rows = self._frame.drop("source_uri")[[p for _, p in hits]].iter_rows()
            for (i, _), row in zip(hits, rows, strict=True):
                entries[i] = IndexEntry(*row)
        return entries

    def _frame_holders(self, report_ids: set[str]) -> tuple[Counter[str], dict[str, set[int]]]:
        """How many of the frame's sources hold each report id (not counting sources a recent
        entry replaced), and the years they hold it under."""
        holders: Counter[str] = Counter()
        years: dict[str, set[int]] = {}
        if not report_ids or self._frame.is_empty():
            return holders, years
        rows = self._frame.filter(pl.col("report_id").is_in(list(report_ids)))
        for uri, report_id, year in rows.select(
            "source_uri", "report_id", "report_year"
        ).iter_rows():
            if uri not in self._recent:
                holders[report_id] += 1
                years.setdefault(report_id, set()).add(year)
        return holders, years


def _sorted_and_unique(column: pl.Series) -> bool:
    return column.len() < 2 or (
        column.is_sorted() and not (column.head(-1) == column.tail(-1)).any()
    )
