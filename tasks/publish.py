"""Publish: commit a staged batch into the lake (one commit at a time, in the flow's order)."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from xxgk.lake import Lake, LakeIndex, StagedBatch
from xxgk.settings import Settings
from xxgk.storage.filesystem import lake_filesystem


@task(name="publish-batch", cache_policy=NO_CACHE, retries=3, retry_delay_seconds=5)
def publish(dest: str, staged: StagedBatch, index: LakeIndex, settings: Settings) -> None:
    Lake(*lake_filesystem(dest, settings)).commit(staged, index)
