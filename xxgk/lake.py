"""The one lake writer: Hive partitions, deterministic file names, staging and atomic commit.

Layout under the lake root::

    {dataset}/report_year=YYYY/part-{id}.parquet   what readers see (`report_year` in the
                                                    path only; each column described)
    DATA_DICTIONARY.md                              the data dictionary, for people
    _staging/{run_id}/{commit_id}/…                 files written but not yet committed
    _commits/{commit_id}.json                       a commit's plan while it is being applied
    _log/{commit_id}.json                           which objects each commit brought in
    _runs/run-….parquet                             one row per run
    _state/partitions/{id}.json                     backfill partitions that completed
    _state/index.parquet, _state/index.json         the index as of a run's end, and the
                                                    commits it includes
    _state/layout.json                              the file layout every file is known to have
    _lock.json                                      the commit lock (see storage/lock.py)

A batch is staged in full, then, under the lake's lock, its plan (files to move in, files to
delete) is written as one object and applied; a run that dies mid-commit is rolled forward by
the next run's `recover`, so readers never see half of a batch's files for long and never see
a torn file. Rows are replaced by key (`source_uri` for `reports`, `report_id` elsewhere): a
file holding a replaced key is rewritten without it in the same commit. Concurrent runs commit
one at a time; before each commit a run catches up on the others' commits from `_log/`, so its
replacements see their rows too.

Files of an older layout (contract v1 stored `report_year` inside the files too, which pyarrow
and pandas cannot read as a Hive dataset) are rewritten in place by `upgrade`, at the start of
the next run, through the same commit plans; their rows keep the `contract_version` they were
written under.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import posixpath
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple, TypedDict

import pandera.polars as pa
import polars as pl
import pyarrow
import pyarrow.dataset as pads
import pyarrow.parquet as pq
from pyarrow import fs

from schemas import polars_schema
from schemas.arrow import DESCRIPTION, PARTITION_SCHEMA, file_schema
from schemas.codes import Dataset
from schemas.dictionary import render_dictionary
from schemas.registry import MODELS, REPLACE_KEY, SCHEMAS
from schemas.runs import RunsModel
from xxgk.batch import BatchResult
from xxgk.copies import COPY_COLUMNS, changed_copies, with_copies
from xxgk.settings import Settings
from xxgk.sorted_lookup import positions
from xxgk.storage.filesystem import lake_filesystem
from xxgk.storage.lock import LakeLock, LocalLockStore, lake_lock

INDEX_COLUMNS = ["source_uri", "source_etag", "report_id", "report_year", "parser_version"]
INDEX_SCHEMA = {c: SCHEMAS[Dataset.REPORTS][c] for c in INDEX_COLUMNS}
_STAGING = "_staging"
_RUNS = "_runs"
_LOG = "_log"
_PARTITIONS = "_state/partitions"
_SNAPSHOT = "_state/index"
_LOG_RETENTION = timedelta(days=7)
_COMMITS = "_commits"
_LAYOUT = "_state/layout.json"
DICTIONARY = "DATA_DICTIONARY.md"
#: Where each model's files live: the datasets, and the runs log.
_LAYOUTS: dict[str, type[pa.DataFrameModel]] = {
    **{dataset.value: model for dataset, model in MODELS.items()},
    _RUNS: RunsModel,
}
#: Files an upgrade rewrites under one hold of the lock (the lock has a lease, not a heartbeat).
_UPGRADE_CHUNK = 500
#: Object-store round trips of one commit in flight at once (moves, deletes).
_COMMIT_THREADS = 16


class CommitPlan(TypedDict):
    commit_id: str
    adds: list[tuple[str, str]]  # (staged, final), relative to the lake root
    deletes: list[str]
    index_rows: list[dict[str, object]]  # for `_log/`, written once the files are in
    staging_dir: str


@dataclass(frozen=True)
class StagedFile:
    dataset: str
    staged: str  # path relative to the lake root
    final: str


@dataclass(frozen=True)
class StagedBatch:
    """What a processing task hands to the committer: small, picklable, no frames."""

    commit_id: str
    staging_dir: str
    files: list[StagedFile]
    keys: dict[str, list[str]]  # dataset -> replacement keys written by this batch
    index_rows: list[dict[str, object]]  # the batch's reports rows, for the lake index
    outcomes: dict[str, int] = field(default_factory=dict)
    failing_checks: dict[str, int] = field(default_factory=dict)


class IndexEntry(NamedTuple):
    """What the lake holds for one source object."""

    source_etag: str
    report_id: str
    report_year: int
    parser_version: str


class LakeIndex:
    """Which source objects the lake holds, at which etag, and where their rows live.

    A lake holds millions of objects, so the index is one frame sorted by source URI (~150 B
    of Arrow data an object, ~380 B of RSS; as Python objects it took ~800) searched a page of
    keys at a time, plus the entries committed since it was last compacted, kept as Python
    objects with reverse maps (sources per report id, years each report was written under).
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


class Lake:
    def __init__(self, filesystem: fs.FileSystem, base: str, lock: LakeLock | None = None) -> None:
        self.fs = filesystem
        self.base = base.rstrip("/")
        self.lock = lock or LakeLock(LocalLockStore(Path(self.base)), self.base, Settings())
        # Object stores need no directories; creating them only leaves marker objects behind.
        self._make_dirs = not isinstance(filesystem, fs.S3FileSystem)

    def _ensure_dir(self, path: str) -> None:
        if self._make_dirs:
            self.fs.create_dir(path, recursive=True)

    def _path(self, relative: str) -> str:
        return posixpath.join(self.base, relative)

    # -- reading -------------------------------------------------------------------------
    def read_index(self) -> LakeIndex:
        """The lake's index: the last snapshot plus the commits logged since (one file and a
        few small ones, however large the lake), else built from `reports` itself."""
        snapshot = self._read_snapshot()
        if snapshot is not None:
            self._catch_up(snapshot)
            return snapshot
        return self._index_from_reports()

    def _read_snapshot(self) -> LakeIndex | None:
        included = self._snapshot_log_entries()
        if included is None:
            return None
        frame = pl.from_arrow(pq.read_table(self._path(f"{_SNAPSHOT}.parquet"), filesystem=self.fs))
        assert isinstance(frame, pl.DataFrame)
        return LakeIndex(frame, included)

    def _snapshot_log_entries(self) -> set[str] | None:
        """The commit-log entries the index snapshot includes (None: no snapshot yet)."""
        manifest = self._path(f"{_SNAPSHOT}.json")
        try:
            with self.fs.open_input_stream(manifest) as stream:
                return set(json.loads(stream.read())["log_entries"])
        except FileNotFoundError:
            return None

    def snapshot_index(self, index: LakeIndex) -> None:
        """Save the index so the next run reads one file instead of every `reports` file.
        The table is written before the list of commits it includes: a crash in between
        leaves an older list, and catching up on a commit twice changes nothing."""
        with self.lock.held(owner="snapshot"):
            self._catch_up(index)
            frame = index.frame()
            staged = f"{_STAGING}/snapshot/{posixpath.basename(_SNAPSHOT)}.parquet"
            self._write(staged, frame)
            self._ensure_dir(self._path(posixpath.dirname(_SNAPSHOT)))
            self.fs.move(self._path(staged), self._path(f"{_SNAPSHOT}.parquet"))
            self._write_json(f"{_SNAPSHOT}.json", {"log_entries": sorted(index.seen_log)})

    def _index_from_reports(self) -> LakeIndex:
        seen = set(self._log_entries())  # listed first: their rows are in `reports` by now
        return LakeIndex(self._scan(Dataset.REPORTS, INDEX_COLUMNS), seen)

    def _log_entries(self) -> dict[str, fs.FileInfo]:
        selector = fs.FileSelector(self._path(_LOG), allow_not_found=True)
        return {
            posixpath.basename(info.path): info
            for info in self.fs.get_file_info(selector)
            if info.path.endswith(".json")
        }

    def _catch_up(self, index: LakeIndex) -> set[str]:
        """Learn the objects other runs committed since this run read the index; the names of
        every log entry there is."""
        logged = set(self._log_entries())
        for name in sorted(logged - index.seen_log):
            with self.fs.open_input_stream(self._path(f"{_LOG}/{name}")) as stream:
                index.update(json.loads(stream.read()))
            index.seen_log.add(name)
        return logged

    def read_dataset(self, dataset: Dataset) -> pl.DataFrame:
        """A whole dataset (for tests, `xxgk status` and small lakes), in the contract's column
        order and types, `report_year` from the path."""
        return self._scan(dataset)

    def _scan(self, dataset: Dataset, columns: list[str] | None = None) -> pl.DataFrame:
        """Read a dataset as Hive-partitioned: files of either layout (a v1 file holds
        `report_year` too, and lacks the columns added since) read alike."""
        columns = columns or list(SCHEMAS[dataset])
        schema = pl.Schema({c: SCHEMAS[dataset][c] for c in columns})
        files = self._parquet_files(dataset.value)
        if not files:
            return pl.DataFrame(schema=schema)
        data = pads.dataset(
            files,
            schema=pyarrow.unify_schemas([file_schema(MODELS[dataset]), PARTITION_SCHEMA]),
            filesystem=self.fs,
            format="parquet",
            partitioning=pads.partitioning(PARTITION_SCHEMA, flavor="hive"),
            partition_base_dir=self._path(dataset.value),
        )
        frame = pl.from_arrow(data.to_table(columns=columns))
        assert isinstance(frame, pl.DataFrame)
        return frame.cast(schema)

    def append_run(self, run: pl.DataFrame) -> None:
        """Add one run's `_runs` row (a file of its own: runs never rewrite each other)."""
        row = run.row(0, named=True)
        name = f"run-{row['started_at']:%Y%m%dT%H%M%S}-{row['run_id']}.parquet"
        staged = f"{_STAGING}/runs/{name}"
        self._write(staged, run, RunsModel)
        self._ensure_dir(self._path(_RUNS))
        self.fs.move(self._path(staged), self._path(f"{_RUNS}/{name}"))

    def mark_partition_done(self, partition_id: str, record: dict[str, object]) -> None:
        """A backfill partition finished: re-running the backfill will skip it."""
        self._write_json(f"{_PARTITIONS}/{partition_id}.json", record)

    def done_partitions(self) -> dict[str, dict[str, object]]:
        selector = fs.FileSelector(self._path(_PARTITIONS), allow_not_found=True)
        done: dict[str, dict[str, object]] = {}
        for info in self.fs.get_file_info(selector):
            if info.path.endswith(".json"):
                with self.fs.open_input_stream(info.path) as stream:
                    done[posixpath.basename(info.path)[: -len(".json")]] = json.loads(stream.read())
        return done

    def read_runs(self) -> pl.DataFrame:
        files = self._parquet_files(_RUNS)
        if not files:
            return pl.DataFrame(schema=polars_schema(RunsModel))
        frame = pl.from_arrow(pads.dataset(files, filesystem=self.fs, format="parquet").to_table())
        assert isinstance(frame, pl.DataFrame)
        return frame.sort("started_at")

    def _parquet_files(self, relative_dir: str) -> list[str]:
        selector = fs.FileSelector(self._path(relative_dir), recursive=True, allow_not_found=True)
        return sorted(
            info.path
            for info in self.fs.get_file_info(selector)
            if info.type == fs.FileType.File and info.path.endswith(".parquet")
        )

    # -- staging -------------------------------------------------------------------------
    def stage(
        self, run_id: str, commit_id: str, frames: dict[Dataset, pl.DataFrame]
    ) -> list[StagedFile]:
        """Write a batch's frames under `staging_dir(…)`, one file per partition."""
        staged = []
        for dataset, frame in frames.items():
            if frame.is_empty():
                continue
            ordered = frame.sort(by=_sort_columns(frame), nulls_last=True)
            for (year,), part in ordered.partition_by("report_year", as_dict=True).items():
                final = f"{dataset.value}/report_year={year}/part-{commit_id}.parquet"
                relative = f"{staging_dir(run_id, commit_id)}/{final}"
                self._write(relative, part, MODELS[dataset])
                staged.append(StagedFile(dataset.value, relative, final))
        return staged

    def stage_batch(self, run_id: str, commit_id: str, result: BatchResult) -> StagedBatch:
        """Stage a processed batch and describe it for the commit: small, picklable."""
        reports = result.frames[Dataset.REPORTS]
        report_ids = reports["report_id"].unique().sort().to_list()
        keys = {d.value: report_ids for d in Dataset if d is not Dataset.REPORTS}
        keys[Dataset.REPORTS.value] = reports["source_uri"].to_list()
        return StagedBatch(
            commit_id=commit_id,
            staging_dir=staging_dir(run_id, commit_id),
            files=self.stage(run_id, commit_id, result.frames),
            keys=keys,
            index_rows=reports.select(INDEX_COLUMNS).to_dicts(),
            outcomes=dict(result.outcomes),
            failing_checks=dict(result.failing_checks),
        )

    def _write_json(self, relative: str, document: object) -> None:
        self._write_bytes(relative, json.dumps(document, default=str).encode())

    def _write_bytes(self, relative: str, body: bytes) -> None:
        """Whole or not at all: an S3 PUT is atomic; on a disk, write aside and rename, so a
        process killed mid-write never leaves a torn commit plan or log entry behind."""
        path = self._path(relative)
        if not self._make_dirs:
            with self.fs.open_output_stream(path) as out:
                out.write(body)
            return
        self._ensure_dir(posixpath.dirname(path))
        partial = f"{path}.partial"
        with self.fs.open_output_stream(partial) as out:
            out.write(body)
        self.fs.move(partial, path)

    def _write(
        self, relative: str, frame: pl.DataFrame, model: type[pa.DataFrameModel] | None = None
    ) -> None:
        """Write one Parquet file; a model's file in the lake's layout: its columns in order
        without the partition key, each with its description in the field metadata."""
        table = frame.to_arrow()
        if model is not None:
            schema = file_schema(model)
            table = frame.select(schema.names).to_arrow().cast(schema)
        path = self._path(relative)
        self._ensure_dir(posixpath.dirname(path))
        pq.write_table(table, path, filesystem=self.fs, compression="zstd")

    def _read_file(self, path: str, model: type[pa.DataFrameModel]) -> pl.DataFrame:
        """One file's rows in the lake's layout, whichever layout it was written in: the
        partition key dropped (it is in the path), columns added since filled with nulls."""
        frame = pl.from_arrow(pq.read_table(path, filesystem=self.fs))
        assert isinstance(frame, pl.DataFrame)
        types = polars_schema(model)
        return frame.select(
            pl.col(name) if name in frame.columns else pl.lit(None, types[name]).alias(name)
            for name in file_schema(model).names
        ).cast({name: types[name] for name in file_schema(model).names})

    # -- committing ----------------------------------------------------------------------
    def commit(self, batch: StagedBatch, index: LakeIndex) -> None:
        """Make a staged batch visible, replacing older rows with the same keys."""
        with self.lock.held(owner=batch.commit_id):
            logged = self._catch_up(index)
            if f"{batch.commit_id}.json" in logged and not self._any_staged(batch):
                return  # a retry of a commit that went through: its log entry is in the index
            plan = self._pending_plan(batch.commit_id)
            if plan is None:
                plan = self._plan(batch, index)
                self._write_json(f"{_COMMITS}/{plan['commit_id']}.json", plan)
            self._apply(plan)
        index.update(batch.index_rows)
        index.seen_log.add(f"{batch.commit_id}.json")

    def _any_staged(self, batch: StagedBatch) -> bool:
        """Whether any of the batch's staged files is still waiting: a batch staged again
        (re-processed) commits again even though an earlier commit of it is logged."""
        paths = [self._path(f.staged) for f in batch.files]
        return any(info.type == fs.FileType.File for info in self.fs.get_file_info(paths))

    def _pending_plan(self, commit_id: str) -> CommitPlan | None:
        """The plan of this commit left by an attempt that failed half-way (a task retry):
        rolled forward as written, never planned again over its own half-moved files."""
        path = self._path(f"{_COMMITS}/{commit_id}.json")
        if self.fs.get_file_info(path).type != fs.FileType.File:
            return None
        with self.fs.open_input_stream(path) as stream:
            plan: CommitPlan = json.loads(stream.read())
        return plan

    def _plan(self, batch: StagedBatch, index: LakeIndex) -> CommitPlan:
        """Files to move in (the batch, and rewrites of files holding replaced keys) and files
        to delete. `reports` files go in last: an object counts as ingested once its derived
        rows are in."""
        adds = [(f.staged, f.final) for f in batch.files]
        targets = {final for _, final in adds}
        replaced_uris = set(batch.keys.get(Dataset.REPORTS.value, []))
        orphans = index.orphaned_report_ids(replaced_uris)
        keys_of = {
            d: set(batch.keys.get(d.value, [])) | (set() if d is Dataset.REPORTS else orphans)
            for d in Dataset
        }
        # The years of every report this commit touches, in one pass over the index.
        years_of = index.years_of_reports(
            set().union(*(k for d, k in keys_of.items() if d is not Dataset.REPORTS))
        )
        deletes: list[str] = []
        for dataset, keys in keys_of.items():
            years = (
                index.years_of_sources(keys)
                if dataset is Dataset.REPORTS
                else set().union(*(years_of.get(k, ()) for k in keys))
            )
            for year in sorted(years):
                partition = f"{dataset.value}/report_year={year}"
                for path in self._parquet_files(partition):
                    relative = posixpath.relpath(path, self.base)
                    if relative in targets:
                        continue  # overwritten by this very commit
                    rewrite = self._without_keys(path, dataset, keys)
                    if rewrite is None:
                        continue
                    deletes.append(relative)
                    if not rewrite.is_empty():
                        digest = hashlib.sha256(f"{relative}:{batch.commit_id}".encode())
                        final = f"{partition}/part-{digest.hexdigest()[:16]}.parquet"
                        staged = f"{batch.staging_dir}/rewrites/{final}"
                        self._write(staged, rewrite, MODELS[dataset])
                        adds.append((staged, final))
        batch_years = {int(str(row["report_year"])) for row in batch.index_rows}
        left_years = index.years_of_sources(replaced_uris)  # a replaced copy leaves its year
        self._settle_copies(batch, batch_years | left_years, adds, deletes)
        adds.sort(key=lambda pair: pair[1].startswith(f"{Dataset.REPORTS.value}/"))
        return CommitPlan(
            commit_id=batch.commit_id,
            adds=adds,
            deletes=deletes,
            index_rows=batch.index_rows,
            staging_dir=batch.staging_dir,
        )

    def _settle_copies(
        self, batch: StagedBatch, years: set[int], adds: list[tuple[str, str]], deletes: list[str]
    ) -> None:
        """Decide `duplicate_of` again over each touched year's `reports` as this commit
        leaves them (copies share a year), and add to the plan a rewrite of every file whose
        rows change: a staged file is written again aside, a committed one replaced."""
        for year in sorted(years):
            partition = f"{Dataset.REPORTS.value}/report_year={year}"
            planned = {f: staged for staged, f in adds if f.startswith(f"{partition}/")}
            held = (posixpath.relpath(path, self.base) for path in self._parquet_files(partition))
            now_at = planned | {
                rel: rel for rel in held if rel not in deletes and rel not in planned
            }
            if not now_at:
                continue
            files = {final: self._read_copy_columns(at) for final, at in now_at.items()}
            rows = pl.concat(
                [f.with_columns(pl.lit(final).alias("_file")) for final, f in files.items()],
                how="diagonal_relaxed",
            )
            changes = changed_copies(rows)
            changed_uris = changes["source_uri"].implode()
            for final in sorted(
                set(rows.filter(pl.col("source_uri").is_in(changed_uris))["_file"])
            ):
                whole = self._read_file(self._path(now_at[final]), MODELS[Dataset.REPORTS])
                if final in planned:
                    adds.remove((planned[final], final))
                    target = final
                else:
                    deletes.append(final)
                    digest = hashlib.sha256(f"{final}:{batch.commit_id}:copies".encode())
                    target = f"{partition}/part-{digest.hexdigest()[:16]}.parquet"
                staged = f"{batch.staging_dir}/copies/{target}"
                self._write(staged, with_copies(whole, changes), MODELS[Dataset.REPORTS])
                adds.append((staged, target))

    def _read_copy_columns(self, relative: str) -> pl.DataFrame:
        """The columns copies are decided on, of those the file has (older files lack some)."""
        with self.fs.open_input_file(self._path(relative)) as source:
            parquet = pq.ParquetFile(source)
            names = set(parquet.schema_arrow.names)
            frame = pl.from_arrow(parquet.read(columns=[c for c in COPY_COLUMNS if c in names]))
        assert isinstance(frame, pl.DataFrame)
        return frame

    def _without_keys(self, path: str, dataset: Dataset, keys: set[str]) -> pl.DataFrame | None:
        """The file's rows minus the replaced keys (in the lake's layout), or None when it
        holds none of them."""
        key = REPLACE_KEY[dataset]
        column = pq.read_table(path, columns=[key], filesystem=self.fs).column(key).to_pylist()
        if keys.isdisjoint(column):
            return None
        frame = self._read_file(path, MODELS[dataset])
        return frame.filter(~pl.col(key).is_in(sorted(keys)))

    def _apply(self, plan: CommitPlan) -> None:
        """Idempotent: a plan can be applied again after a crash half-way through it.

        Moves and deletes are independent object-store round trips, so they run
        `_COMMIT_THREADS` at a time; `reports` files still go in only after every derived
        file is in, and deletes only after every add."""
        reports = f"{Dataset.REPORTS.value}/"
        derived = [pair for pair in plan["adds"] if not pair[1].startswith(reports)]
        last = [pair for pair in plan["adds"] if pair[1].startswith(reports)]
        with ThreadPoolExecutor(_COMMIT_THREADS, thread_name_prefix="xxgk-commit") as pool:
            for adds in (derived, last):
                for _ in pool.map(lambda pair: self._move_in(plan["commit_id"], *pair), adds):
                    pass
            for _ in pool.map(self._delete_if_present, plan["deletes"]):
                pass
        self._write_json(f"{_LOG}/{plan['commit_id']}.json", plan["index_rows"])
        self.fs.delete_file(self._path(f"{_COMMITS}/{plan['commit_id']}.json"))
        self._delete_dir(plan["staging_dir"])

    def _move_in(self, commit_id: str, staged: str, final: str) -> None:
        source, target = self._path(staged), self._path(final)
        if self.fs.get_file_info(source).type == fs.FileType.File:
            self._ensure_dir(posixpath.dirname(target))
            self.fs.move(source, target)
        elif self.fs.get_file_info(target).type != fs.FileType.File:
            raise RuntimeError(
                f"commit {commit_id}: staged file {staged} is gone and {final} "
                "was never written; the batch must be processed again"
            )

    def _delete_if_present(self, relative: str) -> None:
        path = self._path(relative)
        if self.fs.get_file_info(path).type == fs.FileType.File:
            self.fs.delete_file(path)

    def recover(self, settings: Settings) -> int:
        """Under the lock: roll forward commits a crashed run left half-applied, clear staging
        that no live run can still need, and forget commit-log entries old enough."""
        with self.lock.held(owner="recover"):
            selector = fs.FileSelector(self._path(_COMMITS), allow_not_found=True)
            plans = sorted(
                info.path for info in self.fs.get_file_info(selector) if info.path.endswith(".json")
            )
            for path in plans:
                with self.fs.open_input_stream(path) as stream:
                    self._apply(json.loads(stream.read()))
            now = datetime.now(UTC)
            self._clear_stale_staging(now - timedelta(hours=settings.stale_staging_hours))
            in_snapshot = self._snapshot_log_entries() or set()
            for name, info in self._log_entries().items():
                old = info.mtime is not None and info.mtime < now - _LOG_RETENTION
                if old and name in in_snapshot:  # the snapshot holds its rows
                    self.fs.delete_file(self._path(f"{_LOG}/{name}"))
        self.upgrade()
        self.write_dictionary()
        return len(plans)

    # -- layout --------------------------------------------------------------------------
    def upgrade(self) -> int:
        """Rewrite in place every file of an older layout (`report_year` inside, columns
        missing, no descriptions), so every reader reads the lake as Hive-partitioned; the
        number of files rewritten. Once every file is known current, `_state/layout.json`
        says so and later runs read nothing but it.

        Crash-safe as commits are: each chunk of files is one commit plan applied under the
        lock (a crash mid-chunk is rolled forward by the next `recover`), and a chunk not
        reached yet is found stale again. Idempotent: a current file is never rewritten."""
        fingerprint = _layout_fingerprint()
        if self._layout() == fingerprint:
            return 0
        scanned = rewritten = 0
        for relative_dir, model in _LAYOUTS.items():
            files = self._parquet_files(relative_dir)
            scanned += len(files)
            stale = self._stale(files, model)
            for start in range(0, len(stale), _UPGRADE_CHUNK):
                with self.lock.held(owner="upgrade"):
                    plan = self._upgrade_plan(stale[start : start + _UPGRADE_CHUNK], model)
                    self._write_json(f"{_COMMITS}/{plan['commit_id']}.json", plan)
                    self._apply(plan)
                rewritten += len(plan["adds"])
        if scanned:
            self._write_json(_LAYOUT, {"layout": fingerprint})
        return rewritten

    def _layout(self) -> str | None:
        try:
            with self.fs.open_input_stream(self._path(_LAYOUT)) as stream:
                return str(json.loads(stream.read())["layout"])
        except FileNotFoundError:
            return None

    def _stale(self, files: list[str], model: type[pa.DataFrameModel]) -> list[str]:
        """The files whose footer shows another layout than the model's (one read each)."""
        names = file_schema(model).names

        def stale(path: str) -> bool:
            try:
                schema = pq.read_schema(path, filesystem=self.fs)
            except FileNotFoundError:  # rewritten by a commit since it was listed
                return False
            described = all(DESCRIPTION in (field.metadata or {}) for field in schema)
            return schema.names != names or not described

        with ThreadPoolExecutor(_COMMIT_THREADS, thread_name_prefix="xxgk-layout") as pool:
            return [path for path, old in zip(files, pool.map(stale, files), strict=True) if old]

    def _upgrade_plan(self, paths: list[str], model: type[pa.DataFrameModel]) -> CommitPlan:
        """Stage each file rewritten in the lake's layout, to replace it under its own name."""
        relatives = [posixpath.relpath(path, self.base) for path in paths]
        commit_id = "upgrade-" + hashlib.sha256("\0".join(relatives).encode()).hexdigest()[:16]
        staging = staging_dir("upgrade", commit_id)
        adds = []
        for path, relative in zip(paths, relatives, strict=True):
            try:
                frame = self._read_file(path, model)
            except FileNotFoundError:  # replaced by a commit since it was listed
                continue
            self._write(f"{staging}/{relative}", frame, model)
            adds.append((f"{staging}/{relative}", relative))
        return CommitPlan(
            commit_id=commit_id, adds=adds, deletes=[], index_rows=[], staging_dir=staging
        )

    def write_dictionary(self) -> None:
        """The data dictionary at the lake's root, for people; rewritten only when it changed."""
        body = render_dictionary().encode()
        try:
            with self.fs.open_input_stream(self._path(DICTIONARY)) as stream:
                if stream.read() == body:
                    return
        except FileNotFoundError:
            pass
        self._write_bytes(DICTIONARY, body)

    def _clear_stale_staging(self, before: datetime) -> None:
        runs = fs.FileSelector(self._path(_STAGING), allow_not_found=True)
        for run in self.fs.get_file_info(runs):
            if run.type != fs.FileType.Directory:
                continue
            # Directories count too: a live run that has just created its folders, and not yet
            # its first file, must not lose the file it is about to write. With no time at
            # all (folder markers on S3) there is nothing to date, and nothing worth deleting.
            entries = [run, *self.fs.get_file_info(fs.FileSelector(run.path, recursive=True))]
            newest = max((e.mtime for e in entries if e.mtime is not None), default=None)
            if newest is not None and newest < before:
                self.fs.delete_dir(run.path)

    def _delete_dir(self, relative: str) -> None:
        """Gone already is fine: S3 servers may still report a prefix as a folder (a marker,
        a listing cache) just after its last object went, then refuse to delete it."""
        path = self._path(relative)
        if self.fs.get_file_info(path).type == fs.FileType.Directory:
            with contextlib.suppress(FileNotFoundError):
                self.fs.delete_dir(path)


def staging_dir(run_id: str, commit_id: str) -> str:
    """Each run stages apart, so clearing one run's leftovers never touches another's."""
    return f"{_STAGING}/{run_id}/{commit_id}"


def _layout_fingerprint() -> str:
    """What the lake's files hold, per folder: names and types of their columns."""
    layout = {
        folder: [f"{field.name}:{field.type}" for field in file_schema(model)]
        for folder, model in _LAYOUTS.items()
    }
    return hashlib.sha256(json.dumps(layout, sort_keys=True).encode()).hexdigest()[:16]


def _sort_columns(frame: pl.DataFrame) -> list[str]:
    return [name for name, dtype in frame.schema.items() if not isinstance(dtype, pl.List)]


def commit_id_for(pairs: Iterable[tuple[str, str]], parser_version: str) -> str:
    """Deterministic id of a batch: the same objects at the same version give the same files."""
    digest = hashlib.sha256(parser_version.encode())
    for uri, etag in sorted(pairs):
        digest.update(f"\0{uri}\0{etag}".encode())
    return digest.hexdigest()[:20]


def open_lake(uri: str, settings: Settings) -> Lake:
    """The lake at a URI, with its filesystem and its lock."""
    return Lake(*lake_filesystem(uri, settings), lake_lock(uri, settings))
