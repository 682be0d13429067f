"""Benchmark results as JSON (one file per N) and as `docs/benchmarks.md` (all of them)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.table import Table

from bench.pdf_speed import rows as pdf_speed_rows

_GIB = 1024**3
_MIB = 1024**2

#: The targets, as (label, how to read the figure, the bound, higher is better). A figure a
#: run did not measure (older runs) shows as "–".
_TARGETS = (
    ("ingest (wall) ≥ 1.0 × boto3 floor", ("ratios", "ingest_wall_vs_boto3"), 1.0, True),
    ("ingest (wall) ≥ 0.3 × obstore floor", ("ratios", "ingest_wall_vs_obstore"), 0.3, True),
    ("default runner the fastest", ("ratios", "default_vs_fastest_runner"), 1.0, True),
    ("peak RSS < 1 GiB", ("ingest", "peak_rss_bytes"), _GIB, False),
    # start-up excluded, as the issue measures it: the margin between two runs' flow runs
    ("PDF ≥ 150 pages/s end to end", ("pdf_speed", "pdf", "pages_per_s"), 150.0, True),
    ("a first run over 5 reports ≤ 5 s", ("small_run", "wall_seconds"), 5.0, False),
)
_RUNNERS = {"threads": "threads", "processes": "a process pool", "dask": "Dask"}
#: Where the hand-written notes of `docs/benchmarks.md` start: kept when the tables are rendered.
NOTES_HEADING = "## What the figures mean"


def write_results(results: dict[str, Any], out: Path) -> Table:
    """Save this run's JSON, re-render the markdown from every run saved, return the table."""
    out.mkdir(parents=True, exist_ok=True)
    (out / f"n{results['n']}.json").write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    runs = [json.loads(p.read_text("utf-8")) for p in sorted(out.glob("n*.json"))]
    runs.sort(key=lambda r: r["n"])
    page = out.parent / "benchmarks.md"
    page.write_text(markdown(runs) + _notes(page), "utf-8")
    return _table(results)


def _notes(page: Path) -> str:
    """The page's hand-written notes (from `NOTES_HEADING` to the end), if it has any."""
    text = page.read_text("utf-8") if page.exists() else ""
    at = text.find(NOTES_HEADING)
    return "" if at < 0 else "\n" + text[at:]


def figures(results: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) rows: every figure of one run."""
    ingest, noop, ratios = results["ingest"], results["noop"], results["ratios"]
    rows = [
        ("reports", f"{results['n']:,}"),
        ("outcomes", ", ".join(f"{k} {v:,}" for k, v in results["statuses"].items())),
        ("load (PUT, 32 threads)", f"{results['load']['objects_per_s']:,.0f} objects/s"),
        (
            f"I/O floor (LIST + GET, {results['io_floor']['threads']} threads)",
            f"{results['io_floor']['objects_per_s']:,.0f} objects/s "
            f"({results['io_floor']['seconds']:.1f} s)",
        ),
        *(
            (
                f"{client} floor (GET, {floor['in_flight']} in flight)",
                f"{floor['gets_per_s']:,.0f} GETs/s, {floor['cpu_ms_per_get']:.2f} ms CPU per GET",
            )
            for client, floor in results.get("client_floors", {}).items()
        ),
        (
            f"ingest S3 → S3 on {_default_runner(results)} (default), wall of the command",
            f"{ingest['reports_per_s_wall']:,.0f} reports/s ({ingest['wall_seconds']:.1f} s)",
        ),
        (
            "ingest S3 → S3, flow run",
            _maybe(ingest["reports_per_s_flow"], "{:,.0f} reports/s")
            + _maybe(ingest["flow_seconds"], " ({:.0f} s)"),
        ),
        ("ingest peak RSS (process tree)", _mib(ingest["peak_rss_bytes"])),
    ]
    for runner, other in results.get("ingest_on", {}).items():
        name = _RUNNERS.get(runner, runner)
        rows += [
            (
                f"ingest on {name} ({other['workers']} workers), wall of the command",
                f"{other['reports_per_s_wall']:,.0f} reports/s ({other['wall_seconds']:.1f} s)",
            ),
            (
                f"ingest on {name}, flow run",
                _maybe(other["reports_per_s_flow"], "{:,.0f} reports/s")
                + _maybe(other["flow_seconds"], " ({:.0f} s)"),
            ),
            (f"ingest on {name}, peak RSS (process tree)", _mib(other["peak_rss_bytes"])),
        ]
    rows += [
        ("bare LIST", f"{results['bare_list']['seconds']:.2f} s"),
        ("no-op re-run, flow run", _maybe(noop["flow_seconds"], "{:.1f} s")),
        ("no-op re-run, wall (incl. start-up)", f"{noop['wall_seconds']:.1f} s"),
    ]
    if small := results.get("small_run"):
        rows.append(
            (f"a first run over {small['reports']} reports, wall", f"{small['wall_seconds']:.1f} s")
        )
    rows += [
        (f"core {family} (1 thread)", f"{core['reports_per_s']:,.0f} reports/s")
        for family, core in results["core"].items()
    ]
    if results.get("core_pdf"):
        rows.append(("core PDF (1 thread)", f"{results['core_pdf']['pages_per_s']:,.1f} pages/s"))
    rows += pdf_speed_rows(results.get("pdf_speed"))
    rows += [
        ("ratio ingest (flow) / floor", _maybe(ratios["ingest_flow_vs_floor"], "{:.2f}")),
        ("ratio ingest (wall) / floor", f"{ratios['ingest_wall_vs_floor']:.2f}"),
        ("ratio ingest (wall) / boto3 floor", _maybe(ratios.get("ingest_wall_vs_boto3"), "{:.2f}")),
        (
            "ratio ingest (wall) / obstore floor",
            _maybe(ratios.get("ingest_wall_vs_obstore"), "{:.2f}"),
        ),
    ]
    rows += [
        (
            f"ratio ingest on {_RUNNERS.get(runner, runner)} (flow) / floor",
            _maybe(ratios.get(f"ingest_{runner}_flow_vs_floor"), "{:.2f}"),
        )
        for runner in results.get("ingest_on", {})
    ]
    rows += [
        ("ratio no-op (flow) / bare LIST", _maybe(ratios["noop_flow_vs_bare_list"], "{:.1f}")),
        ("ratio no-op (wall) / bare LIST", f"{ratios['noop_wall_vs_bare_list']:.1f}"),
    ]
    return rows


def markdown(runs: list[dict[str, Any]]) -> str:
    """The whole benchmarks page: machine, every figure of every N, targets met or not."""
    if not runs:
        return "# Benchmarks\n\nNo results yet: run `make bench`.\n"
    machine = runs[-1]["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in machine["versions"].items() if v)
    by_n = [dict(figures(run)) for run in runs]
    # Runs may differ (one without Dask): the fullest run's order, then any other label.
    fullest = max(by_n, key=len)
    labels = list(dict.fromkeys([*fullest, *(label for row in by_n for label in row)]))
    header = " | ".join(f"N = {run['n']:,}" for run in runs)
    lines = [
        "# Benchmarks",
        "",
        "The tables are generated by `make bench` (`python -m bench --count N`); the notes "
        f"from “{NOTES_HEADING[3:]}” on are written by hand and kept.",
        "",
        f"Machine: {machine['platform']}, {machine['cpus']} CPUs, "
        f"{machine['memory_bytes'] / _GIB:.0f} GiB, Python {machine['python']}; {versions}. "
        "SeaweedFS on 127.0.0.1 on the same machine.",
        "",
        f"| figure | {header} |",
        "|---|" + "---|" * len(runs),
    ]
    lines += [
        f"| {label} | " + " | ".join(row.get(label, "–") for row in by_n) + " |" for label in labels
    ]
    lines += ["", "## Targets", "", f"| target | {header} |"]
    lines.append("|---|" + "---|" * len(runs))
    for label, path, bound, higher in _TARGETS:
        cells = []
        for run in runs:
            value = _at(run, path)
            if value is None:
                cells.append("–")
                continue
            met = value >= bound if higher else value <= bound
            shown = f"{value / _MIB:,.0f} MiB" if path[-1].endswith("bytes") else f"{value:.2f}"
            cells.append(f"{'met' if met else '**not met**'} ({shown})")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    if len(runs) > 1:
        growth = runs[-1]["ingest"]["peak_rss_bytes"] / runs[0]["ingest"]["peak_rss_bytes"]
        met = growth <= 1.2
        lines.append(
            f"| peak RSS N = {runs[-1]['n']:,} ≤ 1.2 × N = {runs[0]['n']:,} | "
            + f"{'met' if met else '**not met**'} ({growth:.2f} ×) |"
            + " |" * (len(runs) - 1)
        )
    return "\n".join(lines) + "\n"


def _at(run: dict[str, Any], path: tuple[str, ...]) -> float | None:
    """The figure at `path` in a run's results, None where that run did not measure it."""
    value: Any = run
    for key in path:
        if not isinstance(value, dict) or value.get(key) is None:
            return None
        value = value[key]
    return float(value)


def _table(results: dict[str, Any]) -> Table:
    table = Table(title=f"xxgk benchmark, N = {results['n']:,}")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for label, value in figures(results):
        table.add_row(label, value)
    return table


def _default_runner(results: dict[str, Any]) -> str:
    runner = results["settings"]["task_runner"]
    return str(_RUNNERS.get(runner, runner))


def _mib(size: float) -> str:
    return f"{size / _MIB:,.0f} MiB"


def _maybe(value: float | None, form: str) -> str:
    return "–" if value is None else form.format(value)
