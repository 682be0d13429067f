"""PDF pages/s end to end, and what a million reports cost in core-hours, by mix.

Each mix (text, HTML, PDF) is written to a folder at two sizes and ingested with `xxgk ingest`
(its own process, a temporary Prefect server, the default task runner) into a local lake. The
process tree (the CLI, the server, pool workers) is sampled for CPU time while it runs, and
the lake's `runs` row says when the flow run began and ended, so the flow run's own time and
CPU are told from start-up's. The margin between the two sizes is the work of the extra
reports alone (fixed costs of a run cancel out): reports and pages per second, and CPU
seconds per report, hence core-hours per million reports. The PDF mix is the real dev PDFs,
each copy made distinct (a trailing comment, so no cache or de-duplication by content can
skip it), and generated PDFs (`bench.pdf_render`).

`python -m bench.pdf_speed --scale 0.1` runs it alone; `python -m bench` runs it too.
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Annotated, Any

import typer

from bench import measure
from bench.generate import generate
from bench.pdf_render import pdf_reports
from xxgk.lake import open_lake
from xxgk.parse.formats.pdf import read_pdf
from xxgk.settings import Settings

DEV_PDFS = measure.ROOT.parent / "shared" / "corpus" / "dev" / "pdf"
_HOUR = 3600.0
_MILLION = 1_000_000


@dataclass(frozen=True)
class Sizes:
    """The larger run of each mix (the smaller is a quarter of it). The PDF runs are a
    province's crawl in size (~5,000 and ~1,300 pages), both past what the default runner
    (`auto`) runs on threads, so their margin is the process pool's."""

    dev_copies: int = 240
    generated_pdfs: int = 400
    text_reports: int = 2000
    html_reports: int = 2000

    def scaled(self, scale: float) -> Sizes:
        return Sizes(
            *(max(4, round(n * scale)) for n in (self.dev_copies, self.generated_pdfs)),
            *(max(40, round(n * scale)) for n in (self.text_reports, self.html_reports)),
        )


@dataclass(frozen=True)
class Folder:
    """A mix written to disk: how many reports and pages it holds, and (PDFs) how many
    pages the fast path leaves to pdfplumber, by reason."""

    path: Path
    reports: int
    pages: int
    careful_pages: int = 0
    careful_reasons: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Run:
    """One ingest: wall time and the whole process tree's CPU time, and the same two over
    the flow run alone (from its start to its end as the lake's `runs` records them); of
    its pages, how many pdfplumber read and why."""

    reports: int
    pages: int
    wall_seconds: float
    cpu_seconds: float
    flow_seconds: float
    flow_cpu_seconds: float
    peak_rss_bytes: int
    careful_pages: int = 0
    careful_reasons: dict[str, int] = field(default_factory=dict)
    runner: str | None = None  # what `auto` (or XXGK_TASK_RUNNER) ran the batches on


def pdf_folder(path: Path, dev_copies: int, generated: int, seed: int) -> Folder:
    """`dev_copies` of every dev PDF (each copy's bytes distinct) and `generated` PDFs."""
    dev = sorted(DEV_PDFS.glob("*.pdf"))
    objects: list[tuple[str, bytes]] = [
        (f"dev/{copy:05d}_{pdf.name}", pdf.read_bytes() + f"\n%copy {copy}\n".encode())
        for copy in range(dev_copies)
        for pdf in dev
    ]
    objects += [(r.key, r.data) for r in pdf_reports(generated, seed, prefix="generated")]
    return _write(path, objects, pdf=True)


def text_folder(path: Path, count: int, seed: int, html: bool) -> Folder:
    """`count` reports of the benchmark's generated corpus: only its HTML pages, or only the
    rest (text in every shape and encoding, pre-2019 reports, letters, junk)."""
    wanted = (r for r in generate(20 * count + 100, seed) if r.shape.endswith("-html") == html)
    return _write(path, [(r.key, r.data) for r in islice(wanted, count)], pdf=False)


def _write(path: Path, objects: list[tuple[str, bytes]], pdf: bool) -> Folder:
    pages = 0
    reasons: Counter[str] = Counter()
    for key, data in objects:
        target = path / key
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        if pdf:
            reading = read_pdf(data)
            pages += reading.pages
            reasons.update(reading.careful_reasons)
    return Folder(path, len(objects), pages, reasons.total(), dict(reasons.most_common()))


def ingest(
    folder: Folder, lake: Path, env: dict[str, str], log: Path, batch_size: int | None = None
) -> Run:
    """`xxgk ingest` of the folder into a fresh lake, its process tree's CPU time and RSS
    sampled as it runs (`measure.run_cli`), so that the flow run's own CPU time can be told
    from start-up's."""
    args = ["ingest", "--source", str(folder.path), "--dest", str(lake)]
    if batch_size:
        args += ["--batch-size", str(batch_size)]
    run = measure.run_cli(args, env, log)
    measure.require_success(run, f"ingest of {folder.path}")
    runs = open_lake(str(lake), Settings()).read_runs()
    last = runs.row(-1, named=True)
    began, ended = last["started_at"].timestamp(), last["ended_at"].timestamp()
    flow_cpu = run.cpu_at(ended) - run.cpu_at(began)
    total_cpu = max(cpu for _, cpu in run.cpu_samples) if run.cpu_samples else 0.0
    return Run(
        folder.reports,
        folder.pages,
        run.seconds,
        total_cpu,
        ended - began,
        flow_cpu,
        run.peak_rss_bytes,
        folder.careful_pages,
        folder.careful_reasons,
        _runner(log.read_text("utf-8", "replace")),
    )


def _runner(log: str) -> str | None:
    """The runner the flow logged it ran its batches on ("batches on processes (…)")."""
    found = re.search(r"batches on (\w+) \(", log)
    return found.group(1) if found else None


def figures(small: Run, large: Run) -> dict[str, Any]:
    """The margin between the two runs' flow runs: what the extra reports cost, fixed costs
    and start-up cancelled out; the core-hours a million reports cost at that margin. The
    wall-time margin is kept too (start-up varies from run to run, so it is noisier)."""
    reports = large.reports - small.reports
    flow = large.flow_seconds - small.flow_seconds
    wall = large.wall_seconds - small.wall_seconds
    cpu = large.flow_cpu_seconds - small.flow_cpu_seconds
    result: dict[str, Any] = {
        "runs": [vars(small), vars(large)],
        "reports_per_s": reports / flow if flow > 0 else None,
        "reports_per_s_wall": reports / wall if wall > 0 else None,
        "cpu_seconds_per_report": cpu / reports if reports else None,
        "core_hours_per_million_reports": cpu / reports * _MILLION / _HOUR if reports else None,
    }
    if large.pages:
        pages = large.pages - small.pages
        # the larger run alone, its flow run from start to end (the pool's start included)
        result["pages_per_s_run"] = large.pages / large.flow_seconds
        result["pages_per_s"] = pages / flow if flow > 0 else None
        result["pages_per_s_wall"] = pages / wall if wall > 0 else None
        result["pages_per_report"] = large.pages / large.reports
        result["careful_page_share"] = large.careful_pages / large.pages
    return result


def measure_mixes(
    work: Path,
    sizes: Sizes | None = None,
    seed: int = 1,
    batch_size: int | None = None,
    api_url: str | None = None,
) -> dict[str, dict[str, Any]]:
    """Every mix at its two sizes, ingested one after another (with the default batch size
    and runner unless told; to the Prefect server at `api_url`, else each command starts a
    temporary one); the figures of each."""
    sizes = sizes or Sizes()
    env = {
        "PREFECT_HOME": str(work / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        **({"PREFECT_API_URL": api_url} if api_url else {}),
    }
    results: dict[str, dict[str, Any]] = {}
    for mix in ("text", "html", "pdf"):
        runs = []
        for label, share in (("small", 4), ("large", 1)):
            folder = _mix_folder(mix, work / mix / label / "raw", sizes, share, seed)
            lake = work / mix / label / "lake"
            runs.append(ingest(folder, lake, env, work / f"{mix}-{label}.log", batch_size))
        results[mix] = figures(*runs)
    return results


def _mix_folder(mix: str, path: Path, sizes: Sizes, share: int, seed: int) -> Folder:
    """The mix's folder at `1 / share` of its size."""
    if mix == "pdf":
        return pdf_folder(path, sizes.dev_copies // share, sizes.generated_pdfs // share, seed)
    count = (sizes.html_reports if mix == "html" else sizes.text_reports) // share
    return text_folder(path, count, seed, html=mix == "html")


def rows(results: dict[str, dict[str, Any]] | None) -> list[tuple[str, str]]:
    """(label, value) rows for the benchmark's table."""
    if not results:
        return []
    out: list[tuple[str, str]] = []
    pdf = results.get("pdf")
    if pdf and pdf.get("pages_per_s_run"):
        large = pdf["runs"][-1]
        out.append(
            (
                f"PDF ingest, flow run of {large['reports']} PDFs ({large['pages']} pages, "
                f"on {large.get('runner') or 'the default runner'})",
                f"{pdf['pages_per_s_run']:,.1f} pages/s",
            )
        )
    if pdf and pdf.get("pages_per_s"):
        out.append(("PDF ingest, flow run margin", f"{pdf['pages_per_s']:,.1f} pages/s"))
    if pdf and pdf.get("pages_per_s_wall"):
        out.append(("PDF ingest, wall margin", f"{pdf['pages_per_s_wall']:,.1f} pages/s"))
    if pdf and pdf.get("careful_page_share") is not None:
        out.append(("PDF pages read by pdfplumber", f"{pdf['careful_page_share']:.1%}"))
    for mix, figures_ in results.items():
        cost = figures_.get("core_hours_per_million_reports")
        if cost is not None:
            out.append((f"cost per million reports, {mix} mix", f"{cost:,.1f} core-hours"))
    return out


app = typer.Typer(add_completion=False)


@app.command()
def main(
    scale: Annotated[float, typer.Option(help="sizes as a share of the full benchmark's")] = 1.0,
    seed: Annotated[int, typer.Option(help="generator seed")] = 1,
    batch_size: Annotated[
        int | None, typer.Option(help="reports per task (default XXGK_BATCH_SIZE)")
    ] = None,
    workdir: Annotated[Path | None, typer.Option(help="folders, lakes and logs")] = None,
) -> None:
    """Measure PDF pages/s and the cost of each mix; print the figures."""
    work = workdir or Path(tempfile.mkdtemp(prefix="xxgk-pdf-speed-"))
    results = measure_mixes(work, Sizes().scaled(scale), seed, batch_size)
    for mix, figures_ in results.items():
        runs = ", ".join(
            f"{r['reports']} reports / {r['pages']} pages in {r['wall_seconds']:.1f} s wall, "
            f"{r['cpu_seconds']:.1f} s CPU; flow run {r['flow_seconds']:.1f} s, "
            f"{r['flow_cpu_seconds']:.1f} s CPU on {r['runner']}"
            for r in figures_["runs"]
        )
        typer.echo(f"{mix}: {runs}")
        for run in figures_["runs"]:
            if run["careful_reasons"]:
                typer.echo(f"  pages read by pdfplumber, by reason: {run['careful_reasons']}")
    for label, value in rows(results):
        typer.echo(f"{label}: {value}")


if __name__ == "__main__":
    app()
