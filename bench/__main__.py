"""`python -m bench --count 3000`: the benchmark, end to end, against a SeaweedFS it starts.

Generates N reports into a bucket, then measures on the same machine in one run: the I/O floor
(plain boto3 LIST + GET at xxgk's concurrency), each S3 client's GETs/s and CPU per GET on N
objects of 10 KB (`bench/floors.py`), `xxgk ingest` S3 → S3 on every task runner (wall time
of the command, reports/s, peak RSS of its process tree), the no-op re-run against a bare
LIST, a first run over a handful of reports (the fixed cost users wait for), the parse +
validate core on bytes in memory, and PDF pages/s end to end with each mix's cost
(`bench.pdf_speed`). The flows report to a running Prefect server the benchmark starts, as
deployments do, so no command pays for a temporary server.
Prints a table and writes `docs/benchmarks/n{N}.json`; the markdown
`docs/benchmarks.md` is rendered from every JSON there.
"""

from __future__ import annotations

import os
import platform
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Annotated, Any

import psutil
import typer
from rich.console import Console

from bench import floors, measure, pdf_speed
from bench.generate import Report, generate, report
from bench.render import write_results
from schemas.codes import Dataset
from tests.support.prefect_server import prefect_server
from tests.support.seaweedfs import find_weed, seaweedfs_server
from xxgk.lake import Lake, open_lake
from xxgk.settings import Settings
from xxgk.storage.objects import s3_client
from xxgk.storage.s3_config import S3Config

RAW, LAKE = "bench-raw", "bench-lake"
RUNNERS = ("threads", "processes", "dask")
#: Reports in the small run: what a scheduled run that finds a few new reports waits for.
_SMALL_RUN = 5
_CORE_SAMPLE = 2000
_CORE_OFFSET = 10_000_000  # indexes the ingested corpus never reaches
_PACKAGES = ("prefect", "polars", "pyarrow", "pandera", "boto3", "lxml", "pdfplumber", "dask")

console = Console()
app = typer.Typer(add_completion=False)


@app.command()
def main(
    count: Annotated[int, typer.Option(help="reports to generate and ingest")] = 3000,
    seed: Annotated[int, typer.Option(help="generator seed")] = 1,
    out: Annotated[Path, typer.Option(help="where the JSON results go")] = measure.ROOT
    / "docs"
    / "benchmarks",
    workdir: Annotated[Path | None, typer.Option(help="SeaweedFS data and logs")] = None,
    runners: Annotated[
        list[str],
        typer.Option(
            "--runner",
            help="ingest with this XXGK_TASK_RUNNER besides the default (threads, processes, "
            "dask); repeat for more",
        ),
    ] = list(RUNNERS),  # noqa: B006 (typer reads the default, never mutates it)
    pdf_scale: Annotated[
        float, typer.Option(help="PDF pages/s and cost by mix at this share of full size (0: skip)")
    ] = 1.0,
) -> None:
    """Run every measurement once, at N = `count`."""
    base = workdir or Path(tempfile.mkdtemp(prefix="xxgk-bench-"))
    console.print(f"[bold]xxgk benchmark[/], N = {count:,}, seed {seed}, work dir {base}")
    with (
        seaweedfs_server(base / "seaweedfs", startup_timeout=120) as endpoint,
        prefect_server(base / "prefect-server") as server,
    ):
        env = {
            **endpoint.xxgk_env(),
            "PREFECT_HOME": str(base / "prefect"),
            "PREFECT_API_URL": server.api_url,
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        }
        os.environ.update(env)
        settings = Settings()
        client = s3_client(settings)
        for bucket in (RAW, LAKE):
            client.create_bucket(Bucket=bucket)
        threads = settings.process_concurrency * settings.fetch_concurrency
        expected: Counter[str] = Counter()
        loaded = measure.upload(client, RAW, _counting(generate(count, seed), expected), 32)
        measure.upload(client, RAW, _small(seed), 32)
        console.print(f"loaded {loaded.count:,} reports in {loaded.seconds:.1f} s")

        floor = measure.io_floor(s3_client(settings), RAW, "raw/", threads)
        console.print(f"I/O floor: {floor.rate:,.0f} objects/s ({threads} threads)")
        client_floors = floors.measure_floors(S3Config.from_settings(settings), RAW, count)
        for each in client_floors:
            console.print(
                f"{each.client} floor: {each.gets_per_s:,.0f} GETs/s, "
                f"{each.cpu_ms_per_get:.2f} ms CPU per GET ({each.in_flight} in flight)"
            )
        args = _ingest_args(f"s3://{LAKE}/lake")
        first = measure.run_cli(args, env, base / "ingest.log")
        measure.require_success(first, "ingest")
        lake = open_lake(f"s3://{LAKE}/lake", settings)
        got = Counter(lake.read_dataset(Dataset.REPORTS)["status"].to_list())
        if got != expected:
            raise SystemExit(f"the lake's statuses {dict(got)} are not the generated {expected}")
        ingest_flow = _last_run_seconds(lake)
        console.print(f"ingest: {count / first.seconds:,.0f} reports/s wall")

        listing = measure.bare_list(s3_client(settings), RAW, "raw/")
        noop = measure.run_cli(args, env, base / "noop.log")
        measure.require_success(noop, "no-op ingest")
        noop_flow = _last_run_seconds(lake)
        small = measure.run_cli(
            ["ingest", "--source", f"s3://{RAW}/small", "--dest", f"s3://{LAKE}/lake-small"],
            env,
            base / "small.log",
        )
        measure.require_success(small, "small ingest")
        console.print(f"a first run over {_SMALL_RUN} reports: {small.seconds:.1f} s wall")
        on_runners: dict[str, dict[str, Any]] = {}
        for runner in dict.fromkeys(runners):
            if runner == settings.task_runner:
                continue
            runner_env = {**env, "XXGK_TASK_RUNNER": runner}
            runner_lake = f"s3://{LAKE}/lake-{runner}"
            runner_run = measure.run_cli(
                _ingest_args(runner_lake), runner_env, base / f"ingest-{runner}.log"
            )
            measure.require_success(runner_run, f"ingest on {runner}")
            runner_flow = _last_run_seconds(open_lake(runner_lake, settings))
            on_runners[runner] = _ingest_figures(count, runner_run, runner_flow)
            on_runners[runner]["workers"] = (
                settings.dask_workers if runner == "dask" else settings.process_concurrency
            )
            console.print(f"ingest on {runner}: {count / runner_run.seconds:,.0f} reports/s wall")
        core = measure.core_rates(_sample(count, seed), settings.batch_size)
        pdfs = sorted((measure.ROOT.parent / "shared" / "corpus").rglob("pdf/*.pdf"))
        pdf = measure.pdf_pages_rate(pdfs)
        speed = (
            pdf_speed.measure_mixes(
                base / "pdf-speed",
                pdf_speed.Sizes().scaled(pdf_scale),
                seed,
                api_url=server.api_url,
            )
            if pdf_scale
            else None
        )

    results: dict[str, Any] = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "n": count,
        "seed": seed,
        "machine": _machine(),
        "settings": {
            "batch_size": settings.batch_size,
            "process_concurrency": settings.process_concurrency,
            "fetch_concurrency": settings.fetch_concurrency,
            "task_runner": settings.task_runner,
        },
        "load": {"seconds": loaded.seconds, "objects_per_s": loaded.rate},
        "statuses": dict(sorted(expected.items())),
        "io_floor": {"seconds": floor.seconds, "objects_per_s": floor.rate, "threads": threads},
        "client_floors": {each.client: each.as_json() for each in client_floors},
        "ingest": _ingest_figures(count, first, ingest_flow),
        "ingest_on": on_runners,
        "noop": {
            "wall_seconds": noop.seconds,
            "flow_seconds": noop_flow,
            "peak_rss_bytes": noop.peak_rss_bytes,
        },
        "small_run": {
            "reports": _SMALL_RUN,
            "wall_seconds": small.seconds,
            "peak_rss_bytes": small.peak_rss_bytes,
        },
        "prefect_server": "running",
        "bare_list": {"seconds": listing.seconds, "objects": listing.count},
        "core": {
            family: {"reports": t.count, "seconds": t.seconds, "reports_per_s": t.rate}
            for family, t in core.items()
        },
        "core_pdf": None
        if pdf is None
        else {"pages": pdf.count, "seconds": pdf.seconds, "pages_per_s": pdf.rate},
        "pdf_speed": speed,
    }
    wall_rate = results["ingest"]["reports_per_s_wall"]
    by_client = results["client_floors"]
    results["ratios"] = {
        "ingest_wall_vs_floor": wall_rate / floor.rate,
        "ingest_wall_vs_boto3": wall_rate / by_client["boto3"]["gets_per_s"],
        "ingest_wall_vs_obstore": wall_rate / by_client["obstore"]["gets_per_s"],
        "default_vs_fastest_runner": wall_rate
        / max([wall_rate, *(f["reports_per_s_wall"] for f in on_runners.values())]),
        "ingest_flow_vs_floor": (count / ingest_flow / floor.rate) if ingest_flow else None,
        **{
            f"ingest_{runner}_flow_vs_floor": figures["reports_per_s_flow"] / floor.rate
            if figures["reports_per_s_flow"]
            else None
            for runner, figures in on_runners.items()
        },
        "noop_flow_vs_bare_list": noop_flow / listing.seconds if noop_flow else None,
        "noop_wall_vs_bare_list": noop.seconds / listing.seconds,
    }
    table = write_results(results, out)
    console.print(table)


def _ingest_args(dest: str) -> list[str]:
    return ["ingest", "--source", f"s3://{RAW}/raw", "--dest", dest]


def _ingest_figures(count: int, run: measure.ProcessRun, flow: float | None) -> dict[str, Any]:
    return {
        "wall_seconds": run.seconds,
        "flow_seconds": flow,
        "reports_per_s_wall": count / run.seconds,
        "reports_per_s_flow": count / flow if flow else None,
        "peak_rss_bytes": run.peak_rss_bytes,
    }


def _counting(reports: Iterator[Report], expected: Counter[str]) -> Iterator[Report]:
    for generated in reports:
        expected[generated.expected_status] += 1
        yield generated


def _small(seed: int) -> Iterator[Report]:
    """The small run's reports: the generator's next stretch, under `small/`."""
    for index in range(_SMALL_RUN):
        yield report(_CORE_OFFSET + _CORE_SAMPLE + index, seed, prefix="small")


def _sample(count: int, seed: int) -> Iterator[Report]:
    """The core's input: the same generator, another stretch of the same corpus."""
    for index in range(min(count, _CORE_SAMPLE)):
        yield report(_CORE_OFFSET + index, seed)


def _last_run_seconds(lake: Lake) -> float | None:
    runs = lake.read_runs()
    if runs.is_empty():
        return None
    last = runs.row(-1, named=True)
    return float((last["ended_at"] - last["started_at"]).total_seconds())


def _machine() -> dict[str, object]:
    versions: dict[str, str | None] = {}
    for name in _PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "memory_bytes": psutil.virtual_memory().total,
        "weed": str(find_weed()),
        "versions": versions,
        "time": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }


if __name__ == "__main__":
    app()
