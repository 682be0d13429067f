"""Discover: recover the lake, load its index, list the source and keep what is new or changed."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
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
    index: LakeIndex  # the lake's index after recovery; the flow's commits keep it current
    to_process: list[SourceObject]
    listed: int
    skipped: int
    deleted: list[str]  # URIs the lake holds under this source that are gone from it


@task(name="discover", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def discover(
    source: str,
    dest: str,
    settings: Settings,
    reprocess: bool,
    shard: tuple[int, int] | None = None,
) -> Discovery:
    """Objects whose (uri, etag) the lake does not hold at this parser version (within one
    hash shard of the source, when a backfill shards it).

    The lake is recovered and its index read while the source is being listed: the two are
    independent round trips, and on a run with nothing new they are all the run does."""
    logger = get_run_logger()
    store = open_store(source, settings)
    shard_index, shard_count = shard or (None, None)
    with ThreadPoolExecutor(1, thread_name_prefix="xxgk-open-lake") as pool:
        opening = pool.submit(_recover_and_index, dest, settings)
        listed: set[str] = set()
        waiting: list[SourceObject] = []  # listed before the index was ready
        to_process: list[SourceObject] = []
        for obj in store.list():
            if not in_shard(obj.uri, shard_index, shard_count):
                continue
            listed.add(obj.uri)
            waiting.append(obj)
            if opening.done():
                to_process += _new_or_changed(waiting, opening.result()[0], reprocess)
                waiting = []
        index, recovered = opening.result()
        to_process += _new_or_changed(waiting, index, reprocess)
    if recovered:
        logger.warning("rolled forward %d interrupted commit(s) in %s", recovered, dest)
    logger.info("lake %s holds %d source objects", dest, len(index))
    held = {
        u for u in index.sources_under(store.uri_prefix) if in_shard(u, shard_index, shard_count)
    }
    deleted = sorted(held - listed)
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
    return Discovery(index, to_process, len(listed), len(listed) - len(to_process), deleted)


def _recover_and_index(dest: str, settings: Settings) -> tuple[LakeIndex, int]:
    """Finish any commit a crashed run left behind, then read which objects the lake holds."""
    lake = open_lake(dest, settings)
    recovered = lake.recover(settings)
    return lake.read_index(), recovered


def _new_or_changed(
    objects: list[SourceObject], index: LakeIndex, reprocess: bool
) -> list[SourceObject]:
    return [o for o in objects if reprocess or not index.is_current(o.uri, o.etag, PARSER_VERSION)]
