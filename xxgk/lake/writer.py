"""The lake writer: stage a batch's frames, commit them under the lock through a commit plan,
roll forward what a crashed run left, and keep every file in the current layout."""

from __future__ import annotations

import contextlib
import hashlib
import json
import posixpath
import uuid
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Protocol, TypedDict

import pandera.polars as pa
import polars as pl
import pyarrow
import pyarrow.dataset as pads
import pyarrow.parquet as pq
from pyarrow import fs

from schemas import polars_schema
from schemas.arrow import PARTITION_SCHEMA, file_schema
from schemas.codes import Dataset
from schemas.dictionary import render_dictionary
from schemas.registry import MODELS, REPLACE_KEY, SCHEMAS
from schemas.runs import RunsModel
from xxgk.copies import COPY_COLUMNS, changed_copies, with_copies
from xxgk.lake.index import INDEX_COLUMNS, LakeIndex
from xxgk.lake.layout import (
    COMMITS,
    DICTIONARY,
    LAYOUT,
    LAYOUTS,
    LOG,
    PARTITIONS,
    RUNS,
    SNAPSHOT,
    STAGING,
    as_file,
    from_file,
    is_current,
    layout_fingerprint,
    sort_columns,
    staging_dir,
)
from xxgk.settings import Settings
from xxgk.storage.bulk import S3BulkOps
from xxgk.storage.filesystem import lake_filesystem
from xxgk.storage.lock import LakeLock, LocalLockStore, lake_lock
from xxgk.storage.s3_config import S3Config

_LOG_RETENTION = timedelta(days=7)
#: Files an upgrade rewrites under one hold of the lock (the lock has a lease, not a heartbeat).
_UPGRADE_CHUNK = 500
#: Object-store round trips of one commit in flight at once (moves, deletes).
_COMMIT_THREADS = 16


class BatchFrames(Protocol):
    """What the writer stages: a batch's frame of every dataset, and the counts it hands on
    with them to the run's summary (the processing layer's result has this shape)."""

    @property
    def frames(self) -> Mapping[Dataset, pl.DataFrame]: ...

    @property
    def outcomes(self) -> Mapping[str, int]: ...

    @property
    def failing_checks(self) -> Mapping[str, int]: ...


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


class BulkOps(Protocol):
    """Server-side copies and batched deletes of an object store (paths as `fs` has them)."""

    def copy(self, source: str, target: str) -> None: ...

    def delete(self, paths: Iterable[str]) -> None: ...


def is_s3(filesystem: fs.FileSystem) -> bool:
    return isinstance(filesystem, fs.S3FileSystem)


class Lake:
    def __init__(
        self,
        filesystem: fs.FileSystem,
        base: str,
        lock: LakeLock | None = None,
        bulk: BulkOps | None = None,
    ) -> None:
        self.fs = filesystem
        self.base = base.rstrip("/")
        #: Copies and batched deletes for commits on an object store (`S3BulkOps`); moves and
        #: deletes one file at a time through `fs` when None (a local lake).
        self.bulk = bulk
        self.lock = lock or LakeLock(
            LocalLockStore(Path(self.base)), self.base, Settings.defaults()
        )
        # Object stores need no directories; creating them only leaves marker objects behind.
        self._make_dirs = not is_s3(filesystem)
        self._copy_columns = CopyColumnsCache()

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
        frame = pl.from_arrow(pq.read_table(self._path(f"{SNAPSHOT}.parquet"), filesystem=self.fs))
        assert isinstance(frame, pl.DataFrame)
        return LakeIndex(frame, included)

    def _snapshot_log_entries(self) -> set[str] | None:
        """The commit-log entries the index snapshot includes (None: no snapshot yet)."""
        manifest = self._path(f"{SNAPSHOT}.json")
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
            staged = f"{STAGING}/snapshot/{posixpath.basename(SNAPSHOT)}.parquet"
            self._write(staged, frame)
            self._ensure_dir(self._path(posixpath.dirname(SNAPSHOT)))
            self.fs.move(self._path(staged), self._path(f"{SNAPSHOT}.parquet"))
            self._write_json(f"{SNAPSHOT}.json", {"log_entries": sorted(index.seen_log)})

    def _index_from_reports(self) -> LakeIndex:
        seen = set(self._log_entries())  # listed first: their rows are in `reports` by now
        return LakeIndex(self._scan(Dataset.REPORTS, INDEX_COLUMNS), seen)

    def _log_entries(self) -> dict[str, fs.FileInfo]:
        selector = fs.FileSelector(self._path(LOG), allow_not_found=True)
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
            with self.fs.open_input_stream(self._path(f"{LOG}/{name}")) as stream:
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
        staged = f"{STAGING}/runs/{name}"
        self._write(staged, run, RunsModel)
        self._ensure_dir(self._path(RUNS))
        self.fs.move(self._path(staged), self._path(f"{RUNS}/{name}"))

    def mark_partition_done(self, partition_id: str, record: dict[str, object]) -> None:
        """A backfill partition finished: re-running the backfill will skip it."""
        self._write_json(f"{PARTITIONS}/{partition_id}.json", record)

    def done_partitions(self) -> dict[str, dict[str, object]]:
        selector = fs.FileSelector(self._path(PARTITIONS), allow_not_found=True)
        done: dict[str, dict[str, object]] = {}
        for info in self.fs.get_file_info(selector):
            if info.path.endswith(".json"):
                with self.fs.open_input_stream(info.path) as stream:
                    done[posixpath.basename(info.path)[: -len(".json")]] = json.loads(stream.read())
        return done

    def read_runs(self) -> pl.DataFrame:
        files = self._parquet_files(RUNS)
        if not files:
            return pl.DataFrame(schema=polars_schema(RunsModel))
        frame = pl.from_arrow(pads.dataset(files, filesystem=self.fs, format="parquet").to_table())
        assert isinstance(frame, pl.DataFrame)
        return frame.sort("started_at")

    def _parquet_files(self, relative_dir: str) -> list[str]:
        return [info.path for info in self._parquet_infos(relative_dir)]

    def _parquet_infos(self, relative_dir: str) -> list[fs.FileInfo]:
        selector = fs.FileSelector(self._path(relative_dir), recursive=True, allow_not_found=True)
        return sorted(
            (
                info
                for info in self.fs.get_file_info(selector)
                if info.type == fs.FileType.File and info.path.endswith(".parquet")
            ),
            key=lambda info: info.path,
        )

    # -- staging -------------------------------------------------------------------------
    def stage(
        self, run_id: str, commit_id: str, frames: Mapping[Dataset, pl.DataFrame]
    ) -> list[StagedFile]:
        """Write a batch's frames under `staging_dir(…)`, one file per partition."""
        staged = []
        for dataset, frame in frames.items():
            if frame.is_empty():
                continue
            ordered = frame.sort(by=sort_columns(frame), nulls_last=True)
            for (year,), part in ordered.partition_by("report_year", as_dict=True).items():
                final = f"{dataset.value}/report_year={year}/part-{commit_id}.parquet"
                relative = f"{staging_dir(run_id, commit_id)}/{final}"
                self._write(relative, part, MODELS[dataset])
                staged.append(StagedFile(dataset.value, relative, final))
        return staged

    def stage_batch(self, run_id: str, commit_id: str, batch: BatchFrames) -> StagedBatch:
        """Stage a batch's frames and describe them for the commit: small, picklable."""
        reports = batch.frames[Dataset.REPORTS]
        report_ids = reports["report_id"].unique().sort().to_list()
        keys = {d.value: report_ids for d in Dataset if d is not Dataset.REPORTS}
        keys[Dataset.REPORTS.value] = reports["source_uri"].to_list()
        return StagedBatch(
            commit_id=commit_id,
            staging_dir=staging_dir(run_id, commit_id),
            files=self.stage(run_id, commit_id, batch.frames),
            keys=keys,
            index_rows=reports.select(INDEX_COLUMNS).to_dicts(),
            outcomes=dict(batch.outcomes),
            failing_checks=dict(batch.failing_checks),
        )

    def _write_json(self, relative: str, document: object) -> None:
        self._write_bytes(relative, json.dumps(document, default=str).encode())

    def _write_bytes(self, relative: str, body: bytes) -> None:
        """Whole or not at all: an S3 PUT is atomic; on a disk, write aside and rename, so a
        process killed mid-write never leaves a torn commit plan or log entry behind. The aside
        name is the writer's own: runs of a backfill write the same data dictionary at once."""
        path = self._path(relative)
        if not self._make_dirs:
            with self.fs.open_output_stream(path) as out:
                out.write(body)
            return
        self._ensure_dir(posixpath.dirname(path))
        partial = f"{path}.{uuid.uuid4().hex}.partial"
        with self.fs.open_output_stream(partial) as out:
            out.write(body)
        self.fs.move(partial, path)

    def _write(
        self, relative: str, frame: pl.DataFrame, model: type[pa.DataFrameModel] | None = None
    ) -> None:
        """Write one Parquet file; a model's file in the lake's layout (`layout.as_file`)."""
        table = frame.to_arrow() if model is None else as_file(frame, model)
        path = self._path(relative)
        self._ensure_dir(posixpath.dirname(path))
        pq.write_table(table, path, filesystem=self.fs, compression="zstd")

    def _read_file(self, path: str, model: type[pa.DataFrameModel]) -> pl.DataFrame:
        """One file's rows in the lake's layout, whichever layout it was written in."""
        frame = pl.from_arrow(pq.read_table(path, filesystem=self.fs))
        assert isinstance(frame, pl.DataFrame)
        return from_file(frame, model)

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
                self._write_json(f"{COMMITS}/{plan['commit_id']}.json", plan)
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
        path = self._path(f"{COMMITS}/{commit_id}.json")
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
            held = {
                posixpath.relpath(info.path, self.base): info
                for info in self._parquet_infos(partition)
            }
            now_at = planned | {
                rel: rel for rel in held if rel not in deletes and rel not in planned
            }
            if not now_at:
                continue
            files = {
                final: self._copy_columns.get(held[at], partial(self._read_copy_columns, at))
                if at in held
                else self._read_copy_columns(at)
                for final, at in now_at.items()
            }
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
                copied = pool.map(lambda pair: self._move_in(plan["commit_id"], *pair), adds)
                self._delete_all([source for source in copied if source], pool)
            self._delete_all([self._path(path) for path in plan["deletes"]], pool)
            self._write_json(f"{LOG}/{plan['commit_id']}.json", plan["index_rows"])
            self._delete_all([self._path(f"{COMMITS}/{plan['commit_id']}.json")], pool)
        self._delete_dir(plan["staging_dir"])

    def _move_in(self, commit_id: str, staged: str, final: str) -> str | None:
        """The staged file moved to its final place; with `bulk`, copied there, and its path
        returned for the caller to delete with the others (a crash in between leaves it
        staged, and applying the plan again copies it again)."""
        source, target = self._path(staged), self._path(final)
        if self.fs.get_file_info(source).type == fs.FileType.File:
            if self.bulk is not None:
                self.bulk.copy(source, target)
                return source
            self._ensure_dir(posixpath.dirname(target))
            self.fs.move(source, target)
        elif self.fs.get_file_info(target).type != fs.FileType.File:
            raise RuntimeError(
                f"commit {commit_id}: staged file {staged} is gone and {final} "
                "was never written; the batch must be processed again"
            )
        return None

    def _delete_all(self, paths: list[str], pool: ThreadPoolExecutor) -> None:
        """Delete each path that is there: in batched requests with `bulk`, else one by one."""
        if not paths:
            return
        if self.bulk is not None:
            self.bulk.delete(paths)
            return
        for _ in pool.map(self._delete_if_present, paths):
            pass

    def _delete_if_present(self, path: str) -> None:
        if self.fs.get_file_info(path).type == fs.FileType.File:
            self.fs.delete_file(path)

    def recover(self, settings: Settings) -> int:
        """Under the lock: roll forward commits a crashed run left half-applied, clear staging
        that no live run can still need, and forget commit-log entries old enough."""
        with self.lock.held(owner="recover"):
            selector = fs.FileSelector(self._path(COMMITS), allow_not_found=True)
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
                    self.fs.delete_file(self._path(f"{LOG}/{name}"))
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
        fingerprint = layout_fingerprint()
        if self._layout() == fingerprint:
            return 0
        scanned = rewritten = 0
        for relative_dir, model in LAYOUTS.items():
            files = self._parquet_files(relative_dir)
            scanned += len(files)
            stale = self._stale(files, model)
            for start in range(0, len(stale), _UPGRADE_CHUNK):
                with self.lock.held(owner="upgrade"):
                    plan = self._upgrade_plan(stale[start : start + _UPGRADE_CHUNK], model)
                    self._write_json(f"{COMMITS}/{plan['commit_id']}.json", plan)
                    self._apply(plan)
                rewritten += len(plan["adds"])
        if scanned:
            self._write_json(LAYOUT, {"layout": fingerprint})
        return rewritten

    def _layout(self) -> str | None:
        try:
            with self.fs.open_input_stream(self._path(LAYOUT)) as stream:
                return str(json.loads(stream.read())["layout"])
        except FileNotFoundError:
            return None

    def _stale(self, files: list[str], model: type[pa.DataFrameModel]) -> list[str]:
        """The files whose footer shows another layout than the model's (one read each)."""

        def stale(path: str) -> bool:
            try:
                schema = pq.read_schema(path, filesystem=self.fs)
            except FileNotFoundError:  # rewritten by a commit since it was listed
                return False
            return not is_current(schema, model)

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
        runs = fs.FileSelector(self._path(STAGING), allow_not_found=True)
        for run in self.fs.get_file_info(runs):
            if run.type != fs.FileType.Directory:
                continue
            # Directories count too: a live run that has just created its folders, and not yet
            # its first file, must not lose the file it is about to write. With no time at
            # all (folder markers on S3) there is nothing to date, and nothing worth deleting.
            # A folder listed a moment after its last object went (an S3 listing cache) may be
            # gone when read: nothing to date, nothing to delete.
            inside = fs.FileSelector(run.path, recursive=True, allow_not_found=True)
            entries = [run, *self.fs.get_file_info(inside)]
            newest = max((e.mtime for e in entries if e.mtime is not None), default=None)
            if newest is not None and newest < before:
                with contextlib.suppress(FileNotFoundError):
                    self.fs.delete_dir(run.path)

    def _delete_dir(self, relative: str) -> None:
        """Gone already is fine: S3 servers may still report a prefix as a folder (a marker,
        a listing cache) just after its last object went, then refuse to delete it."""
        path = self._path(relative)
        if self.fs.get_file_info(path).type == fs.FileType.Directory:
            with contextlib.suppress(FileNotFoundError):
                self.fs.delete_dir(path)


def commit_id_for(pairs: Iterable[tuple[str, str]], parser_version: str) -> str:
    """Deterministic id of a batch: the same objects at the same version give the same files."""
    digest = hashlib.sha256(parser_version.encode())
    for uri, etag in sorted(pairs):
        digest.update(f"\0{uri}\0{etag}".encode())
    return digest.hexdigest()[:20]


def open_lake(uri: str, settings: Settings) -> Lake:
    """The lake at a URI, with its filesystem and its lock."""
    filesystem, base = lake_filesystem(uri, settings)
    bulk = S3BulkOps(S3Config.from_settings(settings)) if is_s3(filesystem) else None
    return Lake(filesystem, base, lake_lock(uri, settings), bulk)


class CopyColumnsCache:
    """The copy columns of committed `reports` files, kept between the commits of one run:
    every commit decides copies over each touched year's whole `reports`, and reading every
    file of the year again made a commit's cost grow with the lake. A file is known by its
    path, size and modification time, so a file written again under the same name is read
    again; past `max_rows` rows the cache starts over (a run of millions stays bounded)."""

    def __init__(self, max_rows: int = 2_000_000) -> None:
        self.max_rows = max_rows
        self._frames: dict[tuple[str, int | None, int | None], pl.DataFrame] = {}
        self._rows = 0

    def get(self, info: fs.FileInfo, read: Callable[[], pl.DataFrame]) -> pl.DataFrame:
        key = (info.path, info.size, info.mtime_ns)
        frame = self._frames.get(key)
        if frame is None:
            frame = read()
            if self._rows + frame.height > self.max_rows:
                self._frames.clear()
                self._rows = 0
            self._frames[key] = frame
            self._rows += frame.height
        return frame
