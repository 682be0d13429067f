"""Listing: recover the lake, load its index, list the source and stream what is new or changed.

A listing is never held whole: new objects leave in batches as pages arrive, so a run over
millions of new objects holds a few batches of listing metadata, not the listing."""

from __future__ import annotations

import logging
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any, TypeAlias

import polars as pl

from xxgk import PARSER_VERSION
from xxgk.key_filter import KeyFilter
from xxgk.lake import LakeIndex, open_lake
from xxgk.objects import SourceObject
from xxgk.partitions import in_shard
from xxgk.settings import Settings
from xxgk.sorted_lookup import positions
from xxgk.storage.objects import open_store

#: Objects listed while the index is still loading are kept until it is ready; past this many
#: batches' worth the listing waits for it instead.
_WAITING_BATCHES = 8


@dataclass(frozen=True)
class LakeOpened:
    """First event: the lake's index after recovery (the flow's commits keep it current)."""

    index: LakeIndex


@dataclass(frozen=True)
class NewObjects:
    """A batch of objects whose (uri, etag) the lake does not hold at this parser version."""

    objects: list[SourceObject]


@dataclass(frozen=True)
class ListingDone:
    """Last event, once the whole source is listed."""

    listed: int
    skipped: int
    deleted: list[str]  # URIs the lake holds under this source that are gone from it


Discovered = LakeOpened | NewObjects | ListingDone


#: A logger, or a logging adapter such as the one a Prefect run hands out.
Logger: TypeAlias = "logging.Logger | logging.LoggerAdapter[Any]"

_LOGGER = logging.getLogger(__name__)


def discover(
    source: str,
    dest: str,
    settings: Settings,
    reprocess: bool,
    batch_size: int,
    shard: tuple[int, int] | None = None,
    key_filter: KeyFilter | None = None,
    logger: Logger = _LOGGER,
) -> Generator[Discovered, None, None]:
    """`LakeOpened`, then `NewObjects` batches as the listing goes (within one hash shard of
    the source, when a backfill shards it; only keys `key_filter` selects), then `ListingDone`.
    A batch closes at `batch_size` objects or when its objects' `weight` reaches
    `settings.batch_bytes`, whichever comes first.

    The lake is recovered and its index read while the first pages are listed: the two are
    independent round trips, and on a run with nothing new they are all the run does. Never
    retried as a whole: that would list again and hand out batches twice; each LIST request
    is retried by the S3 client instead."""
    store = open_store(source, settings)
    shard_index, shard_count = shard or (None, None)
    keys = key_filter or KeyFilter()
    with ThreadPoolExecutor(1, thread_name_prefix="xxgk-open-lake") as pool:
        opening = pool.submit(_recover_and_index, dest, settings)
        listing = (
            o
            for o in store.list()
            if keys.selects(o.key) and in_shard(o.uri, shard_index, shard_count)
        )
        waiting = _until_ready(listing, opening, batch_size * _WAITING_BATCHES)
        index, recovered = opening.result()
    if recovered:
        logger.warning("rolled forward %d interrupted commit(s) in %s", recovered, dest)
    logger.info("lake %s holds %d source objects", dest, len(index))
    yield LakeOpened(index)
    unlisted = _Unlisted(index.sources_under(store.uri_prefix), shard, keys, store.uri_prefix)
    listed = new = batch_bytes = 0
    batch: list[SourceObject] = []
    for page in _pages(chain(waiting, listing), batch_size):
        listed += len(page)
        unlisted.listed([obj.uri for obj in page])
        current = index.current([(o.uri, o.etag) for o in page], PARSER_VERSION)
        for obj, is_current in zip(page, current, strict=True):
            if reprocess or not is_current:
                batch.append(obj)
                batch_bytes += weight(obj, settings.max_object_bytes)
                if len(batch) == batch_size or batch_bytes >= settings.batch_bytes:
                    new += len(batch)
                    yield NewObjects(batch)
                    batch, batch_bytes = [], 0
    if batch:
        new += len(batch)
        yield NewObjects(batch)
    logger.info(
        "listed %d objects under %s: %d new or changed, %d unchanged",
        listed,
        source,
        new,
        listed - new,
    )
    deleted = unlisted.remaining()
    if deleted:
        logger.warning(
            "%d objects the lake holds are gone from %s (their rows are kept): %s",
            len(deleted),
            source,
            ", ".join(deleted[:10]) + (" …" if len(deleted) > 10 else ""),
        )
    yield ListingDone(listed, listed - new, deleted)


#: What a PDF counts toward a batch's bytes at least: its pages, not its bytes, are the work,
#: and a PDF of text in a font it does not embed is a few KB a page (~55 per 16 MiB batch).
PDF_WEIGHT = 300 * 1024


def weight(obj: SourceObject, max_object_bytes: int) -> int:
    """What an object counts toward `XXGK_BATCH_BYTES`: its size, and for a PDF at least
    `PDF_WEIGHT`, so batches of PDFs hold about the same number of pages whatever their size;
    nothing for an object over `max_object_bytes`, which is rejected unread."""
    if obj.size > max_object_bytes:
        return 0
    if obj.key.lower().endswith(".pdf"):
        return max(obj.size, PDF_WEIGHT)
    return obj.size


class _Unlisted:
    """The sources the lake held when the run began that the listing has not shown yet: what
    is left at the end is gone from the source. A flag per source over the index's sorted URI
    column, not a second set of Python strings."""

    def __init__(
        self, held: pl.Series, shard: tuple[int, int] | None, keys: KeyFilter, uri_prefix: str
    ) -> None:
        if shard is not None:
            held = held.filter(pl.Series([in_shard(u, *shard) for u in held], dtype=pl.Boolean))
        if not keys.everything:  # what the run does not list is not gone from the source
            selected = [keys.selects_uri(u, uri_prefix) for u in held]
            held = held.filter(pl.Series(selected, dtype=pl.Boolean))
        self._held = held
        self._seen = bytearray(held.len())

    def listed(self, uris: list[str]) -> None:
        for position in positions(self._held, uris):
            if position is not None:
                self._seen[position] = 1

    def remaining(self) -> list[str]:
        return self._held.filter(pl.Series(self._seen, dtype=pl.UInt8) == 0).to_list()


def _pages(objects: Iterable[SourceObject], size: int) -> Iterator[list[SourceObject]]:
    """The listing in pages of a batch's size, each looked up in the index at once (what
    `itertools.batched` does from Python 3.12)."""
    iterator = iter(objects)
    while page := list(islice(iterator, size)):
        yield page


def _until_ready(
    listing: Iterator[SourceObject], opening: Future[tuple[LakeIndex, int]], limit: int
) -> list[SourceObject]:
    """What the listing gives while the index loads, at most `limit` objects."""
    waiting: list[SourceObject] = []
    while not opening.done() and len(waiting) < limit:
        obj = next(listing, None)
        if obj is None:
            break
        waiting.append(obj)
    return waiting


def _recover_and_index(dest: str, settings: Settings) -> tuple[LakeIndex, int]:
    """Finish any commit a crashed run left behind, then read which objects the lake holds."""
    lake = open_lake(dest, settings)
    recovered = lake.recover(settings)
    return lake.read_index(), recovered
