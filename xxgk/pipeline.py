"""What an ingest run does, start to end, without Prefect.

1. **List**: recover the lake (roll forward a crashed run's commits), read its index and list
   the source, handing out batches of objects the lake does not hold at this parser version
   (`xxgk.listing.discover`, a plain generator).
2. **Process**: each batch is fetched, parsed, validated and staged as Parquet files under the
   lake's `_staging/` (`stage_batch`), through the `submit` callable the caller gives: the
   `ingest` flow submits to its Prefect task runner, tests and crash trials to a thread pool.
   At most a window of batches is in flight, so a run of millions of objects holds a few.
3. **Commit**: staged batches are committed one at a time, in listing order, here (the lake
   index the commits keep current lives in this process).
4. **Compact** the partitions the run's commits added files to, then **snapshot** the index,
   so the next run starts from one file.
5. **Reconcile**: every listed object is valid, quarantined, rejected or skipped; a run that
   does not balance fails.

The run's `_runs` row, its artifacts and its task runner are the caller's (`flows/ingest.py`).
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, closing, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from itertools import chain, islice
from typing import Protocol, TypeVar

from xxgk import PARSER_VERSION
from xxgk.batch import process_batch
from xxgk.compaction import compact_partitions, partitions_of
from xxgk.fetch import fetch_all
from xxgk.key_filter import KeyFilter
from xxgk.lake import Lake, StagedBatch, commit_id_for, open_lake
from xxgk.listing import Discovered, LakeOpened, ListingDone, Logger, NewObjects, discover
from xxgk.objects import RunContext, SourceObject
from xxgk.settings import Settings
from xxgk.storage.objects import open_store
from xxgk.storage.transient import is_transient
from xxgk.summary import RunSummary

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

_LOGGER = logging.getLogger(__name__)


class Outcome(Protocol[T_co]):
    """A submitted batch's result to come: a `concurrent.futures.Future` or a `PrefectFuture`."""

    def result(self) -> T_co: ...


#: Processes one batch somewhere (a thread, a process, a Prefect task runner) and returns its
#: staged result to come.
Submit = Callable[[list[SourceObject]], Outcome[StagedBatch]]


@dataclass(frozen=True)
class Workload:
    """What a run has ahead of it, known before its first batch is submitted: the batches
    listed so far (at most the look-ahead), and whether the listing ended within them."""

    batches: int
    complete: bool


#: Where a run's batches go, decided from its workload (a small run on threads, a large one on
#: a process pool: `flows.runners`): the workers, held while the batches run and released
#: before compaction, so a pool's processes never sit idle beside the compaction's memory.
SubmitFor = Callable[[Workload], AbstractContextManager[Submit]]


class Progress(Protocol):
    """Where a run reports its progress (a terminal progress bar, or nothing)."""

    def found(self, count: int) -> None: ...

    def advance(self, count: int) -> None: ...


class _NoProgress:
    def found(self, count: int) -> None:
        pass

    def advance(self, count: int) -> None:
        pass


def stage_batch(
    source: str, dest: str, objects: list[SourceObject], run: RunContext, settings: Settings
) -> StagedBatch:
    """Fetch, parse and validate a batch and stage its files in the lake: everything heavy,
    run in parallel across batches; only a small manifest comes back."""
    store = open_store(source, settings)
    result = process_batch(
        fetch_all(store, objects, settings.fetch_concurrency),
        run,
        settings.parse_time_limit_seconds,
    )
    commit_id = commit_id_for(((o.uri, o.etag) for o in objects), PARSER_VERSION)
    return open_lake(dest, settings).stage_batch(run.run_id, commit_id, result)


class IngestRun:
    """One ingest run of `source` into the lake at `dest`.

    `summary` is filled in as the run goes, so a run that fails still has the counts of what
    it committed for its `_runs` row; `deleted` lists the URIs the lake holds under the source
    that the listing no longer shows (their rows are kept)."""

    def __init__(
        self,
        source: str,
        dest: str,
        settings: Settings,
        run: RunContext,
        *,
        batch_size: int,
        reprocess: bool = False,
        shard: tuple[int, int] | None = None,
        keys: KeyFilter | None = None,
        started_at: datetime | None = None,
        logger: Logger = _LOGGER,
    ) -> None:
        self.source, self.dest, self.settings, self.run = source, dest, settings, run
        self.batch_size, self.reprocess, self.shard = batch_size, reprocess, shard
        self.keys = keys or KeyFilter()
        self.logger = logger
        self.summary = RunSummary(run.run_id, source, dest, started_at or run.started_at)
        self.deleted: list[str] = []

    def process_here(self, objects: list[SourceObject]) -> StagedBatch:
        """`stage_batch` for this run's source, lake and settings: what `submit` runs."""
        return stage_batch(self.source, self.dest, objects, self.run, self.settings)

    def __call__(self, submit: Submit, progress: Progress | None = None) -> RunSummary:
        """List, process (through `submit`), commit in order, compact, snapshot, reconcile."""
        return self.choosing(lambda _: nullcontext(submit), 0, progress)

    def choosing(
        self, submit_for: SubmitFor, look_ahead: int, progress: Progress | None = None
    ) -> RunSummary:
        """The run, with where its batches go chosen once the listing has shown up to
        `look_ahead` batches of new objects (`Workload`), before any is submitted."""
        shown = progress or _NoProgress()
        events = discover(
            self.source, self.dest, self.settings, self.reprocess, self.batch_size,
            self.shard, self.keys, self.logger,
        )  # fmt: skip
        with closing(events):
            return self._through(events, submit_for, look_ahead, shown)

    def _through(
        self, events: Iterator[Discovered], submit_for: SubmitFor, look_ahead: int, shown: Progress
    ) -> RunSummary:
        opened = next(events)
        assert isinstance(opened, LakeOpened), opened
        lake, index = open_lake(self.dest, self.settings), opened.index
        listing = _ListingEnd()
        touched: set[str] = set()  # partitions the run's commits added files to
        window = 2 * self.settings.process_concurrency  # the processing never waits on commits
        listed = listing.batches(events, shown.found)
        ahead = list(islice(listed, look_ahead))
        with submit_for(Workload(len(ahead), complete=len(ahead) < look_ahead)) as submit:
            for number, (batch, staged) in enumerate(
                in_order(submit, chain(ahead, listed), window), 1
            ):
                _retried("commit", partial(lake.commit, staged, index), 3, self.logger)
                touched |= partitions_of(staged)
                self.summary.batches += 1
                self.summary.outcomes.update(staged.outcomes)
                self.summary.failing_checks.update(staged.failing_checks)
                shown.advance(len(batch))
                self.logger.info(
                    "batch %d committed (%d objects so far): %s",
                    number,
                    self.summary.processed,
                    dict(sorted(staged.outcomes.items())),
                )
        done = listing.done
        self.summary.listed, self.summary.skipped = done.listed, done.skipped
        self.deleted = done.deleted
        self.summary.deleted = len(done.deleted)
        if self.summary.batches:
            _retried("compaction", partial(self._compact, lake, touched), 2, self.logger)
            _retried("index snapshot", partial(lake.snapshot_index, index), 2, self.logger)
        self.logger.info(self.summary.reconciliation())
        if not self.summary.balanced:
            raise RuntimeError(self.summary.reconciliation())
        return self.summary

    def _compact(self, lake: Lake, partitions: set[str]) -> None:
        """Each partition under the lake's lock, one merge at a time, so concurrent runs'
        commits interleave with it; a retry after a failure rolls the merge forward."""
        for done in compact_partitions(lake, partitions):
            if done.skipped:
                self.logger.info("%s: a commit is half-applied; not compacted", done.partition)
            elif done.changed:
                self.logger.info(
                    "%s: compacted %d files into %d",
                    done.partition,
                    done.files_before,
                    done.files_after,
                )


def ingest_in_threads(source: str, dest: str, batch_size: int, settings: Settings) -> RunSummary:
    """A whole run with the batches processed on a thread pool: the pipeline with no Prefect
    (tests, crash trials, debugging). Its `_runs` row is not written: that is the flow's."""
    started = datetime.now(UTC)
    run = RunContext(f"plain-{started:%Y%m%dT%H%M%S%f}", started.replace(microsecond=0))
    pipeline = IngestRun(source, dest, settings, run, batch_size=batch_size, started_at=started)
    with ThreadPoolExecutor(settings.process_concurrency, "xxgk-process") as pool:
        return pipeline(lambda batch: pool.submit(pipeline.process_here, batch))


class _ListingEnd:
    """Passes the listed batches on and keeps the listing's final tally."""

    def __init__(self) -> None:
        self._done: ListingDone | None = None

    def batches(
        self, events: Iterator[Discovered], found: Callable[[int], None]
    ) -> Iterator[list[SourceObject]]:
        for event in events:
            if isinstance(event, NewObjects):
                found(len(event.objects))
                yield event.objects
            elif isinstance(event, ListingDone):
                self._done = event

    @property
    def done(self) -> ListingDone:
        if self._done is None:
            raise RuntimeError("the listing ended without its tally")
        return self._done


def in_order(
    submit: Callable[[list[SourceObject]], Outcome[T]],
    batches: Iterable[list[SourceObject]],
    window: int,
) -> Iterator[tuple[list[SourceObject], T]]:
    """Each batch with its result, in order, with at most `window` batches in flight besides
    the one being committed (it is refilled before a result is handed over): a run of a
    million objects would otherwise hold a submitted batch per batch from the start."""
    queued = iter(batches)
    pending = deque((batch, submit(batch)) for batch in islice(queued, window))
    while pending:
        batch, outcome = pending.popleft()
        if (following := next(queued, None)) is not None:
            pending.append((following, submit(following)))
        yield batch, outcome.result()


#: Seconds between two tries of a step that touches the lake.
RETRY_DELAY_SECONDS = 5.0


def _retried(step: str, call: Callable[[], T], retries: int, logger: Logger) -> T:
    """`call`, tried again up to `retries` times after a transient store error (the store
    may answer next time); any other error fails at once. A lake step is safe to repeat: a
    commit left half-applied is rolled forward from its plan, never planned again."""
    for attempt in range(retries + 1):
        try:
            return call()
        except Exception as failure:
            if attempt == retries or not is_transient(failure):
                raise
            logger.warning("%s failed (%s); trying again", step, failure)
            time.sleep(RETRY_DELAY_SECONDS)
    raise AssertionError("unreachable")
