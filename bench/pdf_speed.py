"""PDF pages/s end to end, and what a million reports cost in core-hours, by mix.

Each mix (text, HTML, PDF) is written to a folder at two sizes and ingested with `xxgk ingest`
(its own process, a temporary Prefect server, the default task runner) into a local lake. The
difference between the two runs is the work of the extra reports alone, so start-up (imports,
the server, listing) cancels out. CPU time is that of the whole process tree (the CLI, the
server, pool workers: `RUSAGE_CHILDREN` once they are reaped), so a core-hour is a core-hour
whichever runner spreads the work. The PDF mix is the real dev PDFs, each copy made distinct
(a trailing comment, so no cache or de-duplication by content can skip it), and generated
PDFs (`bench.pdf_render`).

`python -m bench.pdf_speed --scale 0.1` runs it alone; `python -m bench` runs it too.
"""

from __future__ import annotations

import resource
import tempfile
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Annotated, Any

import pdfplumber
import typer

from bench import measure
from bench.generate import generate
from bench.pdf_render import pdf_reports
from xxgk.lake import open_lake
from xxgk.settings import Settings

DEV_PDFS = measure.ROOT.parent / "shared" / "corpus" / "dev" / "pdf"
_HOUR = 3600.0
_MILLION = 1_000_000


@dataclass(frozen=True)
class Sizes:
    """The larger run of each mix (the smaller is a quarter of it)."""

    dev_copies: int = 40
    generated_pdfs: int = 120
    text_reports: int = 2000
    html_reports: int = 2000

    def scaled(self, scale: float) -> Sizes:
        return Sizes(
            *(max(4, round(n * scale)) for n in (self.dev_copies, self.generated_pdfs)),
            *(max(40, round(n * scale)) for n in (self.text_reports, self.html_reports)),
        )


@dataclass(frozen=True)
class Folder:
    """A mix written to disk: how many reports and pages it holds."""

    path: Path
    reports: int
    pages: int


@dataclass(frozen=True)
class Run:
    reports: int
    pages: int
    wall_seconds: float
    cpu_seconds: float
    flow_seconds: float | None
    peak_rss_bytes: int


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
    for key, data in objects:
        target = path / key
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        if pdf:
            with pdfplumber.open(target) as document:
                pages += len(document.pages)
    return Folder(path, len(objects), pages)


def ingest(folder: Folder, lake: Path, env: dict[str, str], log: Path, batch_size: int) -> Run:
    """`xxgk ingest` of the folder into a fresh lake: wall, CPU of the process tree, the
    flow run's own duration (from the lake's `runs`), peak RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    args = ["ingest", "--source", str(folder.path), "--dest", str(lake)]
    run = measure.run_cli([*args, "--batch-size", str(batch_size)], env, log)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode:
        tail = log.read_text("utf-8", "replace").splitlines()[-30:]
        raise SystemExit(f"ingest of {folder.path} failed; log {log}:\n" + "\n".join(tail))
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    runs = open_lake(str(lake), Settings()).read_runs()
    flow = None
    if not runs.is_empty():
        last = runs.row(-1, named=True)
        flow = float((last["ended_at"] - last["started_at"]).total_seconds())
    return Run(folder.reports, folder.pages, run.seconds, cpu, flow, run.peak_rss_bytes)


def figures(small: Run, large: Run) -> dict[str, Any]:
    """The marginal rates between the two runs (start-up cancels out) and the core-hours a
    million reports cost at that margin."""
    reports = large.reports - small.reports
    wall = large.wall_seconds - small.wall_seconds
    cpu = large.cpu_seconds - small.cpu_seconds
    result: dict[str, Any] = {
        "runs": [vars(small), vars(large)],
        "reports_per_s": reports / wall if wall > 0 else None,
        "cpu_seconds_per_report": cpu / reports if reports else None,
        "core_hours_per_million_reports": cpu / reports * _MILLION / _HOUR if reports else None,
    }
    if large.pages:
        pages = large.pages - small.pages
        result["pages_per_s"] = pages / wall if wall > 0 else None
        flow = large.flow_seconds
        result["pages_per_s_flow"] = large.pages / flow if flow else None
        result["pages_per_report"] = large.pages / large.reports
    return result


def measure_mixes(
    work: Path, sizes: Sizes | None = None, seed: int = 1, batch_size: int = 50
) -> dict[str, dict[str, Any]]:
    """Every mix at its two sizes, ingested one after another; the figures of each."""
    sizes = sizes or Sizes()
    env = {
        "PREFECT_HOME": str(work / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
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
    if pdf and pdf.get("pages_per_s"):
        out.append(("PDF ingest, beyond start-up", f"{pdf['pages_per_s']:,.1f} pages/s"))
    if pdf and pdf.get("pages_per_s_flow"):
        out.append(("PDF ingest, flow run", f"{pdf['pages_per_s_flow']:,.1f} pages/s"))
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
    batch_size: Annotated[int, typer.Option(help="reports per task")] = 50,
    workdir: Annotated[Path | None, typer.Option(help="folders, lakes and logs")] = None,
) -> None:
    """Measure PDF pages/s and the cost of each mix; print the figures."""
    work = workdir or Path(tempfile.mkdtemp(prefix="xxgk-pdf-speed-"))
    results = measure_mixes(work, Sizes().scaled(scale), seed, batch_size)
    for mix, figures_ in results.items():
        runs = ", ".join(
            f"{r['reports']} reports / {r['pages']} pages in {r['wall_seconds']:.1f} s wall, "
            f"{r['cpu_seconds']:.1f} s CPU, flow {r['flow_seconds'] or 0:.1f} s"
            for r in figures_["runs"]
        )
        typer.echo(f"{mix}: {runs}")
    for label, value in rows(results):
        typer.echo(f"{label}: {value}")


if __name__ == "__main__":
    app()
