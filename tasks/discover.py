"""Discover: recover the lake, load its index, list the source and keep what is new or changed."""

from __future__ import annotations

from dataclasses import dataclass

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from xxgk import PARSER_VERSION
from xxgk.lake import Lake, LakeIndex
from xxgk.objects import SourceObject
from xxgk.settings import Settings
from xxgk.storage.filesystem import lake_filesystem
from xxgk.storage.objects import open_store


@dataclass(frozen=True)
class Discovery:
    to_process: list[SourceObject]
    listed: int
    skipped: int


@task(name="open-lake", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def open_lake(dest: str, settings: Settings) -> LakeIndex:
    """Finish any commit a crashed run left behind, then read which objects the lake holds."""
    lake = Lake(*lake_filesystem(dest, settings))
    recovered = lake.recover()
    index = lake.read_index()
    logger = get_run_logger()
    if recovered:
        logger.warning("rolled forward %d interrupted commit(s) in %s", recovered, dest)
    logger.info("lake %s holds %d source objects", dest, len(index))
    return index


@task(name="discover", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def discover(source: str, index: LakeIndex, settings: Settings, reprocess: bool) -> Discovery:
    """Objects whose (uri, etag) the lake does not hold at this parser version."""
    to_process: list[SourceObject] = []
    listed = 0
    for obj in open_store(source, settings).list():
        listed += 1
        if reprocess or not index.is_current(obj.uri, obj.etag, PARSER_VERSION):
            to_process.append(obj)
    get_run_logger().info(
        "listed %d objects under %s: %d new or changed, %d unchanged",
        listed,
        source,
        len(to_process),
        listed - len(to_process),
    )
    return Discovery(to_process, listed, listed - len(to_process))
