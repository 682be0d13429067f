"""Compaction: a partition's small files merged into few, under the lake's lock, as a commit.

Every commit adds one file per dataset and year it touches, so a lake fed by small incremental
runs gathers many small files. Compaction merges them with the lake's own commit mechanism: the
merged files are written to staging, then, under the lock, a plan that moves them in and
deletes the files they replace is written and applied, so a crash half-way is rolled forward
by the next run's `Lake.recover` (or the next compaction), like any commit. Rows are copied as
they are, file by file, with the files' own Arrow schema (field metadata included): the same
rows, the same columns, the same types. No key moves, so the lake index is untouched.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import pyarrow as pa
import pyarrow.parquet as pq
from pyarrow import fs

from schemas.codes import Dataset
from xxgk.lake import _COMMITS, CommitPlan, Lake, StagedBatch, staging_dir

_MIB = 1024 * 1024
#: Plans of compactions are told from batch commits by this prefix of their id.
PLAN_PREFIX = "compact-"
#: Rows held in memory before they are written out as a row group (inputs are small files).
_ROW_GROUP_BYTES = 64 * _MIB
T = TypeVar("T")


@dataclass(frozen=True)
class CompactionPolicy:
    """When a partition is compacted, and into what (the one place the policy is stated).

    A file below three quarters of `target_file_bytes` is small. Once a partition holds
    `min_files` small files of one schema, they are packed (largest first, first fit) into
    files of at most `target_file_bytes`; a file at or above the small size is left alone.
    A partition therefore holds fewer than `min_files` small files of each schema at rest,
    whatever the number of runs, and a growing file is rewritten once every `min_files - 1`
    runs at most, not on every run."""

    target_file_bytes: int = 128 * _MIB
    min_files: int = 4

    def __post_init__(self) -> None:
        if self.min_files < 2 or self.target_file_bytes < 1:
            raise ValueError("compaction needs min_files >= 2 and a positive target size")

    @property
    def small_file_bytes(self) -> int:
        return self.target_file_bytes * 3 // 4


DEFAULT_POLICY = CompactionPolicy()


@dataclass(frozen=True)
class Compacted:
    """What compaction did to one partition (`skipped`: a commit is half-applied there)."""

    partition: str
    files_before: int
    files_after: int
    skipped: bool = False

    @property
    def changed(self) -> bool:
        return self.files_after != self.files_before


@dataclass(frozen=True)
class _File:
    path: str  # relative to the lake root
    size: int


def partitions_of(batch: StagedBatch) -> set[str]:
    """The partitions (`dataset/report_year=YYYY`) a committed batch added files to."""
    return {posixpath.dirname(f.final) for f in batch.files}


def lake_partitions(lake: Lake, datasets: Iterable[Dataset] = Dataset) -> list[str]:
    """Every partition of these datasets in the lake, sorted."""
    found = []
    for dataset in datasets:
        selector = fs.FileSelector(lake._path(dataset.value), allow_not_found=True)
        for info in lake.fs.get_file_info(selector):
            name = posixpath.basename(info.path.rstrip("/"))
            if info.type == fs.FileType.Directory and name.startswith("report_year="):
                found.append(f"{dataset.value}/{name}")
    return sorted(found)


def compact_partitions(
    lake: Lake, partitions: Iterable[str], policy: CompactionPolicy = DEFAULT_POLICY
) -> list[Compacted]:
    """Compact each partition (sorted, each once) by the policy; what happened to each."""
    return [compact_partition(lake, p, policy) for p in sorted(set(partitions))]


def compact_partition(
    lake: Lake, partition: str, policy: CompactionPolicy = DEFAULT_POLICY
) -> Compacted:
    """Merge the partition's small files, one output file per hold of the lake's lock: a
    critical section reads and writes at most about `target_file_bytes`, well within the
    lock's lease, and a commit waiting for the lock waits for one merge, not for all."""
    before: int | None = None
    schemas: dict[tuple[str, int], bytes] = {}
    while True:
        with lake.lock.held(owner=f"compaction of {partition}"):
            files, merged = _merge_once(lake, partition, policy, schemas)
        before = len(files) if before is None else before
        if merged is None:
            return Compacted(partition, before, len(files), skipped=True)
        if not merged:
            return Compacted(partition, before, len(files))


def _merge_once(
    lake: Lake, partition: str, policy: CompactionPolicy, schemas: dict[tuple[str, int], bytes]
) -> tuple[list[_File], bool | None]:
    """Under the lock: the partition's files, and whether one group of them was merged;
    None when a half-applied commit touches the partition: its owner's retry or the next
    run's recovery rolls it forward as planned, over the very files it planned on."""
    busy = partition in _busy_partitions(lake)
    files = _files(lake, partition)
    if busy:
        return files, None
    groups = _groups(lake, files, policy, schemas)
    if not groups:
        return files, False
    plan = _stage_merge(lake, partition, groups[0])
    lake._write_json(f"{_COMMITS}/{plan['commit_id']}.json", plan)
    lake._apply(plan)
    return files, True


def _busy_partitions(lake: Lake) -> set[str]:
    """Partitions a half-applied batch commit touches. A half-applied compaction is rolled
    forward here and now instead (nobody else will retry it, and its plan is all it needs)."""
    busy: set[str] = set()
    for plan in _pending_plans(lake):
        if plan["commit_id"].startswith(PLAN_PREFIX):
            lake._apply(plan)
            continue
        busy.update(posixpath.dirname(final) for _, final in plan["adds"])
        busy.update(posixpath.dirname(path) for path in plan["deletes"])
    return busy


def _pending_plans(lake: Lake) -> list[CommitPlan]:
    selector = fs.FileSelector(lake._path(_COMMITS), allow_not_found=True)
    plans = []
    for info in sorted(lake.fs.get_file_info(selector), key=lambda i: i.path):
        if info.path.endswith(".json"):
            with lake.fs.open_input_stream(info.path) as stream:
                plans.append(json.loads(stream.read()))
    return plans


def _files(lake: Lake, partition: str) -> list[_File]:
    selector = fs.FileSelector(lake._path(partition), allow_not_found=True)
    return sorted(
        (
            _File(posixpath.relpath(info.path, lake.base), info.size or 0)
            for info in lake.fs.get_file_info(selector)
            if info.type == fs.FileType.File and info.path.endswith(".parquet")
        ),
        key=lambda f: f.path,
    )


def _groups(
    lake: Lake,
    files: Sequence[_File],
    policy: CompactionPolicy,
    schemas: dict[tuple[str, int], bytes],
) -> list[list[_File]]:
    """The groups of small files to merge, each into one file, in a deterministic order."""
    small = [f for f in files if f.size < policy.small_file_bytes]
    if len(small) < policy.min_files:
        return []
    unknown = [f for f in small if (f.path, f.size) not in schemas]

    def schema_of(file: _File) -> bytes:
        schema = pq.read_schema(lake._path(file.path), filesystem=lake.fs)
        return bytes(schema.serialize().to_pybytes())

    # a path is rewritten only under another name or size
    keys = [(f.path, f.size) for f in unknown]
    schemas.update(zip(keys, _in_parallel(schema_of, unknown), strict=True))
    by_schema: dict[bytes, list[_File]] = {}
    for file in small:
        by_schema.setdefault(schemas[(file.path, file.size)], []).append(file)
    groups: list[list[_File]] = []
    for same in by_schema.values():
        if len(same) < policy.min_files:
            continue  # files written before and after a schema change stay apart
        bins: list[tuple[int, list[_File]]] = []
        for file in sorted(same, key=lambda f: (-f.size, f.path)):
            for i, (size, members) in enumerate(bins):
                if size + file.size <= policy.target_file_bytes:
                    bins[i] = (size + file.size, [*members, file])
                    break
            else:
                bins.append((file.size, [file]))
        groups.extend(sorted(members, key=lambda f: f.path) for _, members in bins)
    return sorted((g for g in groups if len(g) > 1), key=lambda g: g[0].path)


#: Files read at once: a partition's small files are one round trip each on an object store,
#: and a run's compaction visits every partition it touched (~150 in a run of 30,000 reports,
#: ~0.8 s each when read one by one). A chunk of a merge's inputs held at once is at most this
#: many files and `_READ_CHUNK_BYTES` of Parquet.
_READS_IN_FLIGHT = 16
_READ_CHUNK_BYTES = 32 * _MIB


def _in_parallel(call: Callable[[_File], T], files: Sequence[_File]) -> list[T]:
    """`call` on each file, `_READS_IN_FLIGHT` at once, results in the files' order."""
    if len(files) <= 1:
        return [call(file) for file in files]
    with ThreadPoolExecutor(min(_READS_IN_FLIGHT, len(files))) as pool:
        return list(pool.map(call, files))


def _read_in_chunks(
    read: Callable[[_File], T], files: Sequence[_File]
) -> Iterator[tuple[_File, T]]:
    """Each file with what `read` gives, in order, read in parallel a chunk at a time."""
    chunk: list[_File] = []
    for file in files:
        if chunk and (
            len(chunk) == _READS_IN_FLIGHT
            or sum(f.size for f in chunk) + file.size > _READ_CHUNK_BYTES
        ):
            yield from zip(chunk, _in_parallel(read, chunk), strict=True)
            chunk = []
        chunk.append(file)
    yield from zip(chunk, _in_parallel(read, chunk), strict=True)


def _stage_merge(lake: Lake, partition: str, group: Sequence[_File]) -> CommitPlan:
    """Write the group's rows to one staged file (named for its inputs, so the same inputs
    always give the same file) and the plan that moves it in and deletes the inputs."""
    digest = hashlib.sha256("\0".join(f.path for f in group).encode()).hexdigest()
    commit_id = f"{PLAN_PREFIX}{digest[:20]}"
    final = f"{partition}/part-compacted-{digest[:16]}.parquet"
    staging = staging_dir("compaction", commit_id)
    staged = f"{staging}/{final}"
    target = lake._path(staged)
    lake._ensure_dir(posixpath.dirname(target))
    schema = pq.read_schema(lake._path(group[0].path), filesystem=lake.fs)

    def read(file: _File) -> pa.Table:
        return pq.read_table(lake._path(file.path), filesystem=lake.fs, partitioning=None)

    with pq.ParquetWriter(target, schema, filesystem=lake.fs, compression="zstd") as writer:
        pending: list[pa.Table] = []
        for file, table in _read_in_chunks(read, group):
            if not table.schema.equals(schema, check_metadata=True):
                raise RuntimeError(f"{file.path} changed schema while being compacted")
            pending.append(table)
            if sum(t.nbytes for t in pending) >= _ROW_GROUP_BYTES:
                writer.write_table(pa.concat_tables(pending))
                pending = []
        if pending:
            writer.write_table(pa.concat_tables(pending))
    return CommitPlan(
        commit_id=commit_id,
        adds=[(staged, final)],
        deletes=[f.path for f in group],
        index_rows=[],
        staging_dir=staging,
    )
