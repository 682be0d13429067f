"""SIGKILL trials of the real `xxgk ingest`: start it, kill it at a seeded moment after it
first writes to the lake, read the lake with DuckDB, re-run it and compare with one
uninterrupted run. The runs are Prefect flows reporting to one `prefect server start` per test
module (a temporary server per run would add ~10 s to each run).

Each trial costs ~25 s of a core (two process starts of the pipeline and a full run): the suite
runs `TRIALS` per place, kill moments drawn from seeded randoms; `XXGK_CRASH_TRIALS=50 pytest
tests/crash_safety` soaks a change to the commit path with many more."""

from __future__ import annotations

import os
import random
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb

from schemas.codes import Dataset
from tests.conftest import ROOT
from tests.support.cli import ingest_command
from tests.support.lake import lake_rows, read_with_duckdb
from tests.support.prefect_server import PrefectServer
from xxgk.settings import Settings

#: Trials per place: a few in every suite run, more on demand.
TRIALS = int(os.environ.get("XXGK_CRASH_TRIALS", "6"))

#: Kills land this long after the run first writes to the lake (its index is read, objects
#: listed, batches staged and committed in that time; a full run is ~5 s of it here).
KILL_WINDOW_SECONDS = 5.0
BATCH_SIZE = 3  # many commits per run: many moments between them

Rows = dict[Dataset, list[tuple[object, ...]]]


@dataclass(frozen=True)
class Place:
    """Where the runs read their source and write their lakes, and how to look at a lake."""

    source: str
    lake_root: str
    written: Callable[[str], bool]  # whether a run has written anything to this lake yet
    settings: Settings = field(default_factory=Settings)
    env: dict[str, str] = field(default_factory=dict)
    connect: Callable[[], duckdb.DuckDBPyConnection] = duckdb.connect  # reaches the lakes

    def lake(self, name: str) -> str:
        return f"{self.lake_root}/{name}"


def kill_then_rerun(
    place: Place, server: PrefectServer, reference: Rows, trial: int, seed: int
) -> None:
    """One trial: the lake stays readable after the kill and the re-run completes it."""
    delay = random.Random(seed).uniform(0.0, KILL_WINDOW_SECONDS)
    lake = place.lake(f"trial-{trial}")
    run = _ingest(place, lake, server)
    deadline = time.monotonic() + 120
    while not place.written(lake) and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(delay)
    ended_first = run.poll() is not None
    run.kill()
    run.communicate()
    print(
        f"trial {trial}: seed {seed}, SIGKILL {delay:.2f} s after the run first wrote to "
        f"{lake}{' (the run had ended)' if ended_first else ''}"
    )
    with place.connect() as connection:
        read_with_duckdb(lake, connection)
    rerun = _ingest(place, lake, server)
    _, errors = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, errors.decode()
    assert _differences(lake_rows(lake, place.settings), reference) == []


def _differences(got: Rows, reference: Rows) -> list[str]:
    """Per dataset, the rows only one of the two lakes holds (a few of each, to diagnose)."""
    found = []
    for dataset in reference.keys() | got.keys():
        mine = sorted(map(repr, got.get(dataset, [])))
        theirs = sorted(map(repr, reference.get(dataset, [])))
        if mine != theirs:
            found.append(
                f"{dataset}: {len(mine)} rows against {len(theirs)}; "
                f"only after the kill: {sorted(set(mine) - set(theirs))[:3]}; "
                f"only in the reference: {sorted(set(theirs) - set(mine))[:3]}"
            )
    return found


def reference_rows(place: Place, server: PrefectServer) -> Rows:
    """The lake of one uninterrupted run."""
    lake = place.lake("reference")
    run = _ingest(place, lake, server)
    _, errors = run.communicate(timeout=300)
    assert run.returncode == 0, errors.decode()
    return lake_rows(lake, place.settings)


def _ingest(place: Place, lake: str, server: PrefectServer) -> subprocess.Popen[bytes]:
    command = ingest_command(place.source, lake, BATCH_SIZE)
    env = {
        **os.environ,
        **place.env,
        "PREFECT_API_URL": server.api_url,
        "PREFECT_HOME": str(server.home),
    }
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
