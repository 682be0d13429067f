"""The benchmark's measurements, each a plain function returning its figures.

Every figure is taken on the same machine in the same run, so the ratios between them (ingest
against the I/O floor, the no-op run against a bare LIST) say something about xxgk rather
than about the machine.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import psutil

from bench.generate import Report
from xxgk.batch import process_batch
from xxgk.objects import RunContext, SourceObject
from xxgk.parse.report import parse_report

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")


@dataclass(frozen=True)
class Timed:
    seconds: float
    count: int

    @property
    def rate(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class ProcessRun:
    """One CLI run: wall time, peak RSS of its whole process tree, its output, and the tree's
    CPU time as it went: (Unix time, CPU seconds of the live tree) samples."""

    seconds: float
    peak_rss_bytes: int
    returncode: int
    log: Path
    cpu_samples: list[tuple[float, float]] = field(default_factory=list)

    def cpu_at(self, moment: float) -> float:
        """The tree's CPU time at the last sample taken by `moment` (the first, if none was)."""
        before = [cpu for at, cpu in self.cpu_samples if at <= moment]
        return before[-1] if before else (self.cpu_samples[0][1] if self.cpu_samples else 0.0)


def upload(client: S3Client, bucket: str, reports: Iterable[Report], threads: int) -> Timed:
    """PUT every generated report; generation streams, so memory stays flat however many."""
    start = time.perf_counter()

    def put(report: Report) -> int:
        client.put_object(Bucket=bucket, Key=report.key, Body=report.data)
        return 1

    count = sum(_bounded_map(put, reports, threads))
    return Timed(time.perf_counter() - start, count)


def list_keys(client: S3Client, bucket: str, prefix: str) -> list[str]:
    paginator = client.get_paginator("list_objects_v2")
    return [
        entry["Key"]
        for page in paginator.paginate(Bucket=bucket, Prefix=prefix)
        for entry in page.get("Contents", [])
    ]


def bare_list(client: S3Client, bucket: str, prefix: str) -> Timed:
    start = time.perf_counter()
    keys = list_keys(client, bucket, prefix)
    return Timed(time.perf_counter() - start, len(keys))


def io_floor(client: S3Client, bucket: str, prefix: str, threads: int) -> Timed:
    """Plain boto3: LIST, then GET every object's body with `threads` at once, nothing else."""
    start = time.perf_counter()
    keys = list_keys(client, bucket, prefix)

    def get(key: str) -> int:
        return len(client.get_object(Bucket=bucket, Key=key)["Body"].read())

    sum(_bounded_map(get, keys, threads))
    return Timed(time.perf_counter() - start, len(keys))


def run_cli(args: list[str], env: Mapping[str, str], log: Path) -> ProcessRun:
    """Run `xxgk …` in its own process, sampling the RSS and CPU time of it and all its
    children (a temporary Prefect server, pool or Dask workers) until it exits."""
    samples: list[tuple[float, float]] = []
    with log.open("wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "cli", *args],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        root, peak = psutil.Process(child.pid), 0
        while child.poll() is None:
            rss, cpu = _tree_usage(root)
            peak = max(peak, rss)
            samples.append((time.time(), cpu))
            time.sleep(0.05)
        seconds = time.perf_counter() - start
    return ProcessRun(seconds, peak, child.returncode, log, samples)


def require_success(run: ProcessRun, what: str) -> None:
    """Stop the benchmark with the log's last lines when the command failed."""
    if run.returncode:
        tail = run.log.read_text("utf-8", "replace").splitlines()[-30:]
        raise SystemExit(f"{what} failed ({run.returncode}); log {run.log}:\n" + "\n".join(tail))


def _tree_usage(root: psutil.Process) -> tuple[int, float]:
    """RSS and CPU seconds (user + system) of a process and its live descendants; processes
    that end meanwhile count as 0."""
    rss, cpu = 0, 0.0
    try:
        tree = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0, 0.0
    for process in tree:
        try:
            with process.oneshot():
                times = process.cpu_times()
                rss += process.memory_info().rss
                cpu += times.user + times.system + times.children_user + times.children_system
        except psutil.Error:
            continue
    return rss, cpu


def core_rates(reports: Iterable[Report], batch_size: int = 200) -> dict[str, Timed]:
    """Parse + validate on bytes in memory, one thread, by shape family (`t2021-html`, …)."""
    by_family: dict[str, list[Report]] = {}
    for report in reports:
        by_family.setdefault(_family(report.shape), []).append(report)
    run = RunContext("bench-core", datetime.now(UTC))
    rates: dict[str, Timed] = {}
    for family, members in sorted(by_family.items()):
        process_batch(_items(members[:5]), run)  # warm: imports, gazetteer, OpenCC
        start = time.perf_counter()
        for offset in range(0, len(members), batch_size):
            process_batch(_items(members[offset : offset + batch_size]), run)
        rates[family] = Timed(time.perf_counter() - start, len(members))
    return rates


def pdf_pages_rate(paths: Iterable[Path]) -> Timed | None:
    """Pages per second through the PDF front end and the rest of the parser (real PDFs)."""
    import pdfplumber

    files = [p.read_bytes() for p in paths]
    if not files:
        return None
    pages = 0
    for data in files:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages += len(pdf.pages)
    parse_report(files[0])  # warm
    start = time.perf_counter()
    for data in files:
        parse_report(data)
    return Timed(time.perf_counter() - start, pages)


def _bounded_map(function: Callable[[T], int], items: Iterable[T], threads: int) -> Iterator[int]:
    """`pool.map` that takes items only as threads free up, so a generator is never drained
    into memory ahead of the work."""
    with ThreadPoolExecutor(max_workers=threads) as pool:
        pending: deque[Future[int]] = deque()
        for item in items:
            pending.append(pool.submit(function, item))
            if len(pending) >= threads * 2:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _family(shape: str) -> str:
    """`t2021-pipe-gb18030` → `t2021 text`, `t2019-html` → `t2019 html`."""
    template, _, layout = shape.partition("-")
    if template in {"letter", "junk"}:
        return "not a report"
    return f"{template} {'html' if layout == 'html' else 'text'}"


def _items(reports: list[Report]) -> list[tuple[SourceObject, bytes | Exception]]:
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    return [
        (SourceObject(r.key, f"s3://bench/{r.key}", "bench", len(r.data), moment), r.data)
        for r in reports
    ]
