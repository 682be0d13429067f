"""In-process flows against a real `prefect server start` (not the test harness's server)."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from contextlib import contextmanager

from prefect.events.worker import EventsWorker
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect.utilities.asyncutils import run_coro_as_sync


@contextmanager
def flows_against(api_url: str) -> Iterator[None]:
    """Run flows in this process against the server at `api_url`, then send their queued
    events while it is still up: Prefect keeps one events worker per API, and the harness's
    teardown drains them all, which waits for ever on a server that has stopped."""
    try:
        with temporary_settings(updates={PREFECT_API_URL: api_url}):
            yield
    finally:

        async def drain() -> None:
            result = EventsWorker.drain_all()
            if inspect.isawaitable(result):
                await result

        run_coro_as_sync(drain())
