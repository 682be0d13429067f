"""The PDF benchmark's pieces (`bench.pdf_speed`): the folders it ingests and its arithmetic.

The benchmark itself runs `xxgk ingest` several times and is not run here; what it measures
with is: distinct copies of the dev PDFs that still read as the originals, mixes of the right
kind and size, and marginal rates that cancel start-up.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bench.pdf_speed import DEV_PDFS, Run, _runner, figures, pdf_folder, rows, text_folder
from xxgk.parse.formats.pdf import pdf_to_text


def test_figures_are_the_margin_between_two_flow_runs() -> None:
    small = Run(
        50,
        100,
        wall_seconds=60.0,
        cpu_seconds=30.0,
        flow_seconds=4.0,
        flow_cpu_seconds=5.0,
        peak_rss_bytes=1,
    )
    large = Run(
        200,
        400,
        wall_seconds=90.0,
        cpu_seconds=70.0,
        flow_seconds=19.0,
        flow_cpu_seconds=35.0,
        peak_rss_bytes=1,
        runner="processes",
    )
    got = figures(small, large)
    assert got["reports_per_s"] == pytest.approx(150 / 15)
    assert got["pages_per_s"] == pytest.approx(300 / 15)
    assert got["pages_per_s_wall"] == pytest.approx(300 / 30)
    assert got["cpu_seconds_per_report"] == pytest.approx(30 / 150)
    assert got["core_hours_per_million_reports"] == pytest.approx(30 / 150 * 1e6 / 3600)
    labels = dict(rows({"pdf": got}))
    assert labels["PDF ingest, flow run margin"] == "20.0 pages/s"
    assert got["pages_per_s_run"] == pytest.approx(400 / 19)  # the larger run alone
    assert labels["PDF ingest, flow run of 200 PDFs (400 pages, on processes)"] == "21.1 pages/s"
    assert labels["cost per million reports, pdf mix"] == "55.6 core-hours"


@pytest.mark.skipif(not DEV_PDFS.is_dir(), reason="the shared dev corpus is not here")
def test_pdf_folder_copies_are_distinct_and_read_as_the_original(tmp_path: Path) -> None:
    dev = sorted(DEV_PDFS.glob("*.pdf"))
    folder = pdf_folder(tmp_path, dev_copies=2, generated=2, seed=0)
    files = sorted(p for p in tmp_path.rglob("*.pdf"))
    assert folder.reports == len(files) == 2 * len(dev) + 2
    assert len({hashlib.sha256(p.read_bytes()).digest() for p in files}) == len(files)
    smallest = min(dev, key=lambda p: p.stat().st_size)
    copy = next(p for p in files if p.name.endswith(smallest.name))
    assert pdf_to_text(copy.read_bytes()) == pdf_to_text(smallest.read_bytes())
    assert folder.pages > len(files)  # every one of these reports runs over several pages


def test_text_and_html_mixes_hold_what_they_say(tmp_path: Path) -> None:
    text = text_folder(tmp_path / "text", 30, seed=0, html=False)
    html = text_folder(tmp_path / "html", 30, seed=0, html=True)
    text_files = [p for p in (tmp_path / "text").rglob("*") if p.is_file()]
    html_files = [p for p in (tmp_path / "html").rglob("*") if p.is_file()]
    assert text.reports == len(text_files) == 30
    assert html.reports == len(html_files) == 30
    assert all(p.suffix == ".html" for p in html_files)
    assert not any(p.suffix == ".html" for p in text_files)


def test_the_runner_is_read_from_the_flow_log() -> None:
    log = "12:00:01.000 | INFO | Flow run 'x' - batches on processes (7 or more batches …)\n"
    assert _runner(log) == "processes"
    assert _runner("no such line") is None
