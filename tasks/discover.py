"""Discover: recover the lake, load its index, list the source and keep what is new or changed."""

from __future__ import annotations

from dataclasses import dataclass

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from xxgk import PARSER_VERSION
from xxgk.lake import LakeIndex, open_lake
from xxgk.objects import SourceObject
from xxgk.partitions import in_shard
from xxgk.settings import Settings
from xxgk.storage.objects import open_store


@dataclass(frozen=True)
class Discovery:
    to_process: list[SourceObject]
    listed: int
    skipped: int
    deleted: list[str]  # URIs the lake holds under this source that are gone from it


@task(name="open-lake", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def open_lake_index(dest: str, settings: Settings) -> LakeIndex:
    """Finish any commit a crashed run left behind, then read which objects the lake holds."""
    lake = open_lake(dest, settings)
    recovered = lake.recover(settings)
    index = lake.read_index()
    logger = get_run_logger()
    if recovered:
        logger.warning("rolled forward %d interrupted commit(s) in %s", recovered, dest)
    logger.info("lake %s holds %d source objects", dest, len(index))
    return index


@task(name="discover", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def discover(
    source: str,
    index: LakeIndex,
    settings: Settings,
    reprocess: bool,
    shard: tuple[int, int] | None = None,
) -> Discovery:
    """Objects whose (uri, etag) the lake does not hold at this parser version (within one
    hash shard of the source, when a backfill shards it)."""
    store = open_store(source, settings)
    shard_index, shard_count = shard or (None, None)
    to_process: list[SourceObject] = []
    listed: set[str] = set()
    for obj in store.list():
        if not in_shard(obj.uri, shard_index, shard_count):
            continue
        listed.add(obj.uri)
        if reprocess or not index.is_current(obj.uri, obj.etag, PARSER_VERSION):
            to_process.append(obj)
    held = {
        u for u in index.sources_under(store.uri_prefix) if in_shard(u, shard_index, shard_count)
    }
    deleted = sorted(held - listed)
    logger = get_run_logger()
    logger.info(
        "listed %d objects under %s: %d new or changed, %d unchanged",
        len(listed),
        source,
        len(to_process),
        len(listed) - len(to_process),
    )
    if deleted:
        logger.warning(
            "%d objects the lake holds are gone from %s (their rows are kept): %s",
            len(deleted),
            source,
            ", ".join(deleted[:10]) + (" …" if len(deleted) > 10 else ""),
        )
    return Discovery(to_process, len(listed), len(listed) - len(to_process), deleted)
