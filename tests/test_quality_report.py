"""The quality report: its numbers equal counts of the frames it is built from, it is written
into local and S3 lakes by `xxgk report` and by every ingest run, and a real headless
Chromium draws its charts."""

from __future__ import annotations

import html
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from uuid import UUID

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from matplotlib import image as mpimg
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    ArtifactFilterKey,
)
from typer.testing import CliRunner

from cli.app import app
from schemas.codes import Dataset
from tests.conftest import seed_paths, source_for
from tests.support.cli import USAGE, one_line_error, xxgk
from tests.support.seaweedfs import S3Endpoint
from xxgk.batch import BatchResult, process_batch
from xxgk.lake import commit_id_for, open_lake
from xxgk.objects import RunContext
from xxgk.quality_charts import (
    LISTED_COLOUR,
    PROVINCE_PINYIN,
    STATUS_COLOURS,
    Chart,
    runs_trend,
)
from xxgk.quality_report import (
    PAGE_NAME,
    build_page,
    coverage_grid,
    headline,
    quarantine_checks,
    read_frames,
    status_per_year,
    write_quality_report,
)
from xxgk.settings import Settings
from xxgk.summary import RunSummary

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

STATUSES = ("valid", "quarantined", "rejected")
CHECKS = [
    ("applications", "row_total_equals_sum_of_applicants"),
    ("applications", "table_missing"),
    ("review_litigation", "review_total_equals_sum_of_outcomes"),
    ("report", "not_a_report"),
]
#: Region codes the sample reports come from (None: no region recognised).
REGION_CODES = ["330683", "320324", "110105", "510100", "650100", None]
START = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


# -- input frames built here, and the counts expected of them --------------------------------
def _report_rows() -> list[dict[str, object]]:
    pick = random.Random(17)
    rows: list[dict[str, object]] = []
    for number in range(80):
        code = pick.choice(REGION_CODES)
        rows.append(
            {
                "report_id": f"{number:064x}",
                "report_year": pick.choice([0, 2014, 2019, 2020, 2021, 2023, 2024]),
                "status": pick.choice(STATUSES),
                "province": None if code is None else f"省{code[:2]}",
                "region_code": code,
                # every fifth row is a copy of the row before it
                "duplicate_of": f"{number - 1:064x}" if number % 5 == 4 else None,
            }
        )
    return rows


def _quarantine_rows() -> list[dict[str, object]]:
    pick = random.Random(5)
    rows: list[dict[str, object]] = []
    for _ in range(45):
        table, check = pick.choice(CHECKS)
        report_id = f"{pick.randrange(30):064x}"
        rows.append({"report_id": report_id, "report_year": 2021, "table": table, "check": check})
    return rows


def _runs() -> pl.DataFrame:
    frames = []
    for number in range(4):
        summary = RunSummary(f"run-{number}", "/raw", "/lake", START + timedelta(days=number))
        summary.listed = 10 + number
        summary.outcomes.update(valid=5 + number, quarantined=3, rejected=2)
        ended = summary.started_at + timedelta(seconds=30 + number)
        frames.append(summary.runs_row("ingest", {}, ended, None))
    return pl.concat(frames)


@pytest.fixture(scope="module")
def frames() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    return pl.DataFrame(_report_rows()), pl.DataFrame(_quarantine_rows()), _runs()


def _distinct() -> list[dict[str, object]]:
    return [row for row in _report_rows() if row["duplicate_of"] is None]


def test_headline_counts_each_report_once(
    frames: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame],
) -> None:
    numbers = headline(*frames)
    statuses = Counter(row["status"] for row in _distinct())
    assert numbers.objects == len(_report_rows()) == 80
    assert numbers.reports == len(_distinct()) == 64
    assert numbers.copies == 16
    assert (numbers.valid, numbers.quarantined, numbers.rejected) == tuple(
        statuses[s] for s in STATUSES
    )
    assert numbers.valid_share == statuses["valid"] / 64
    assert numbers.quarantine_rows == len(_quarantine_rows())
    assert numbers.last_run is not None and numbers.last_run["run_id"] == "run-3"


def test_status_per_year_and_coverage_equal_counts_of_the_rows(
    frames: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame],
) -> None:
    reports = frames[0]
    expected = Counter((row["report_year"], row["status"]) for row in _distinct())
    table = status_per_year(reports)
    got = {(row["report_year"], s): row[s] for row in table.iter_rows(named=True) for s in STATUSES}
    assert {k: v for k, v in got.items() if v} == dict(expected)
    assert table["report_year"].to_list() == sorted({int(str(y)) for y, _ in expected})

    covered = Counter(
        (None if row["region_code"] is None else str(row["region_code"])[:2], row["report_year"])
        for row in _distinct()
        if row["status"] != "rejected"
    )
    grid = coverage_grid(reports)
    assert dict(zip(grid.select("code", "report_year").rows(), grid["reports"], strict=True)) == (
        dict(covered)
    )
    names = dict(grid.select("code", "pinyin").unique().rows())
    assert names == {code: (PROVINCE_PINYIN[code] if code else "unknown") for code, _ in covered}


def test_quarantine_by_table_and_check(
    frames: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame],
) -> None:
    rows = _quarantine_rows()
    failures = Counter((row["table"], row["check"]) for row in rows)
    reports = {
        key: len({r["report_id"] for r in rows if (r["table"], r["check"]) == key})
        for key in failures
    }
    checks = quarantine_checks(frames[1])
    assert {(t, c): (f, r) for t, c, f, r in checks.rows()} == {
        key: (failures[key], reports[key]) for key in failures
    }
    assert checks["failures"].to_list() == sorted(failures.values(), reverse=True)


class _Tables(HTMLParser):
    """Each section's numbers table, as rows of cell texts, and the headline tiles."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.tiles: dict[str, str] = {}
        self._section = ""
        self._tile = ""
        self._class = ""
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "section":
            self._section = str(named["id"])
        elif tag == "div" and named.get("class") == "tile":
            self._tile = str(named["data-name"])
        elif tag == "div":
            self._class = str(named.get("class"))
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables.setdefault(self._section, []).append(self._row)
            self._row = None
        elif tag == "div":
            self._class = ""

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif self._class == "value" and self._tile:
            self.tiles[self._tile] = data


def _page(frames: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]) -> str:
    return build_page(*frames, lake_uri="file:///lake", generated_at=START)


def test_page_shows_the_numbers_of_its_frames(
    frames: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame],
) -> None:
    parsed = _Tables()
    parsed.feed(_page(frames))
    statuses = Counter(row["status"] for row in _distinct())
    assert parsed.tiles["reports"] == "64"
    assert parsed.tiles["valid share"] == f"{statuses['valid'] / 64:.1%}"
    assert parsed.tiles["quarantined"] == str(statuses["quarantined"])
    assert parsed.tiles["rejected"] == str(statuses["rejected"])
    assert parsed.tiles["last run"] == "2026-11-04 08:00 UTC"

    header, *rows = parsed.tables["status-by-year"]
    assert header == ["report year", *STATUSES]
    by_year = Counter((row["report_year"], row["status"]) for row in _distinct())
    years = sorted({int(str(y)) for y, _ in by_year})
    assert rows == [
        ["unknown" if y == 0 else str(y), *(str(by_year[(y, s)]) for s in STATUSES)] for y in years
    ]

    header, *rows = parsed.tables["coverage"]
    covered = Counter(
        (row["province"] or "unknown", row["report_year"])
        for row in _distinct()
        if row["status"] != "rejected"
    )
    shown = {
        (row[0], int(year) if year != "unknown" else 0): int(cell)
        for row in rows
        for year, cell in zip(header[2:-1], row[2:-1], strict=True)
        if cell != "0"
    }
    assert shown == dict(covered)
    assert [int(row[-1]) for row in rows] == [sum(row_counts) for row_counts in (
        [int(c) for c in row[2:-1]] for row in rows
    )]  # fmt: skip

    header, *rows = parsed.tables["quarantine"]
    failures = Counter((row["table"], row["check"]) for row in _quarantine_rows())
    assert {(r[0], r[1]): int(r[2]) for r in rows} == dict(failures)

    header, *rows = parsed.tables["runs"]
    assert [row[header.index("listed")] for row in rows] == ["13", "12", "11", "10"]


def test_trend_charts_ingest_runs_only(
    frames: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backfill's `_runs` row repeats its children's totals: charted, it would count them
    twice; the runs table still lists it."""
    reports, quarantine, runs = frames
    backfill = RunSummary("backfill", "/raw", "/lake", START + timedelta(days=9))
    backfill.listed = sum(runs["listed"])
    row = backfill.runs_row("backfill", {}, backfill.started_at + timedelta(seconds=5), None)
    charted: list[dict[str, Sequence[int]]] = []

    def spy(labels: Sequence[str], series: dict[str, Sequence[int]]) -> Chart:
        charted.append(series)
        return runs_trend(labels, series)

    monkeypatch.setattr("xxgk.quality_report.runs_trend", spy)
    parsed = _Tables()
    parsed.feed(_page((reports, quarantine, pl.concat([runs, row], how="diagonal_relaxed"))))
    assert charted[0]["listed"] == [10, 11, 12, 13]
    header, *rows = parsed.tables["runs"]
    assert [r[header.index("flow")] for r in rows] == ["backfill", *["ingest"] * 4]


def test_page_is_self_contained(frames: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]) -> None:
    page = _page(frames)
    assert page.count('<figure class="chart"><svg') == 4
    for fetch in ("<script", "<link", " src=", "@import", 'href="http', "url(http"):
        assert fetch not in page
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "ids of the inline SVGs collide"
    assert "<text" not in page, "chart text is drawn as paths: no font needed"


def test_empty_lake_gives_a_page_with_empty_charts() -> None:
    strings = ["report_id", "status", "province", "region_code", "duplicate_of", "table", "check"]
    schema = {c: pl.String if c in strings else pl.Int16 for c in [*strings, "report_year"]}
    empty = (
        pl.DataFrame(schema=schema).drop("table", "check"),
        pl.DataFrame(schema=schema).select("report_id", "report_year", "table", "check"),
        _runs().clear(),
    )
    parsed = _Tables()
    parsed.feed(build_page(*empty, lake_uri="file:///lake"))
    assert parsed.tiles["reports"] == "0"
    assert parsed.tiles["valid share"] == "–"
    assert parsed.tiles["last run"] == "–"


def test_building_a_page_leaves_pyplot_alone() -> None:
    """The flow's process must not gain pyplot's global state (or its backend switching)."""
    code = (
        "import sys, matplotlib\n"
        "from tests.test_quality_report import _page, _report_rows, _quarantine_rows, _runs\n"
        "import polars as pl\n"
        "_page((pl.DataFrame(_report_rows()), pl.DataFrame(_quarantine_rows()), _runs()))\n"
        "print('matplotlib.pyplot' in sys.modules)\n"
    )
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# -- written into a lake ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed_result() -> BatchResult:
    run = RunContext("quality-test", START)
    return process_batch(((source_for(p), p.read_bytes()) for p in seed_paths()), run)


def _fill(dest: str, result: BatchResult) -> None:
    """The seeds committed through the lake writer, and one `_runs` row."""
    lake = open_lake(dest, Settings())
    pairs = [(uri, "test") for uri in result.frames[Dataset.REPORTS]["source_uri"]]
    lake.commit(
        lake.stage_batch("quality-test", commit_id_for(pairs, "t"), result), lake.read_index()
    )
    summary = RunSummary("quality-test", "/raw", dest, START, listed=5)
    summary.outcomes.update(result.outcomes)
    lake.append_run(summary.runs_row("ingest", {}, START + timedelta(seconds=9), None))


def _tiles(page: str) -> dict[str, str]:
    parsed = _Tables()
    parsed.feed(page)
    return parsed.tiles


def test_report_command_writes_the_page_at_the_lake_root(
    tmp_path: Path, seed_result: BatchResult
) -> None:
    lake = tmp_path / "lake"
    _fill(str(lake), seed_result)
    result = CliRunner().invoke(app, ["report", "--dest", str(lake)])
    assert result.exit_code == 0, result.output
    page = lake / PAGE_NAME
    assert result.output.strip() == page.as_uri()
    statuses = Counter(seed_result.frames[Dataset.REPORTS]["status"])
    tiles = _tiles(page.read_text("utf-8"))
    assert tiles["reports"] == str(len(seed_paths()))
    assert tiles["quarantined"] == str(statuses["quarantined"])
    assert not list(lake.glob("*.partial")) and not list(lake.glob("_staging/quality-report/*"))

    out = tmp_path / "elsewhere" / "q.html"
    again = CliRunner().invoke(app, ["report", "--dest", str(lake), "--out", str(out)])
    assert again.exit_code == 0 and again.output.strip() == out.as_uri()
    assert _tiles(out.read_text("utf-8")) == tiles


def test_report_command_refuses_a_folder_without_a_lake(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    for dest, says in ((tmp_path / "nothing", "does not exist"), (tmp_path / "empty", "no lake")):
        line = one_line_error(xxgk("report", "--dest", str(dest)), USAGE)
        assert says in line, line
    assert not (tmp_path / "nothing").exists()
    assert not list((tmp_path / "empty").iterdir())


@pytest.mark.s3
def test_report_in_an_s3_lake(
    s3_env: S3Endpoint, s3: S3Client, bucket: str, seed_result: BatchResult
) -> None:
    dest = f"s3://{bucket}/lake"
    _fill(dest, seed_result)
    uri = write_quality_report(dest, Settings())
    assert uri == f"{dest}/{PAGE_NAME}"
    body = s3.get_object(Bucket=bucket, Key=f"lake/{PAGE_NAME}")["Body"].read().decode()
    assert _tiles(body)["reports"] == str(len(seed_paths()))


# -- written by the ingest flow ----------------------------------------------------------------
def _artifacts(run_id: str, key: str) -> list[object]:
    with get_client(sync_client=True) as client:
        return list(
            client.read_artifacts(
                artifact_filter=ArtifactFilter(
                    key=ArtifactFilterKey(any_=[key]),
                    flow_run_id=ArtifactFilterFlowRunId(any_=[UUID(run_id)]),
                )
            )
        )


@pytest.mark.prefect
@pytest.mark.usefixtures("prefect_harness")
def test_ingest_writes_and_links_the_report(seed_folder: Path, tmp_path: Path) -> None:
    from flows.ingest import ingest

    lake = tmp_path / "lake"
    summary = ingest(source=str(seed_folder), dest=str(lake))
    page = lake / PAGE_NAME
    tiles = _tiles(page.read_text("utf-8"))
    assert tiles["reports"] == str(summary.listed)
    links = _artifacts(summary.run_id, "quality-report")
    # Prefect stores a link artifact as its markdown link
    assert [getattr(a, "data", None) for a in links] == [f"[lake quality report]({page.as_uri()})"]
    markdown = _artifacts(summary.run_id, "ingest-summary")
    assert page.as_uri() in str(getattr(markdown[0], "data", ""))


@pytest.mark.prefect
@pytest.mark.usefixtures("prefect_harness")
def test_a_report_that_cannot_be_written_does_not_fail_the_run(
    seed_folder: Path, tmp_path: Path
) -> None:
    from flows.ingest import ingest

    lake = tmp_path / "lake"
    (lake / PAGE_NAME).mkdir(parents=True)  # a folder where the page goes: the move fails
    summary = ingest(source=str(seed_folder), dest=str(lake))
    assert summary.balanced and summary.processed == summary.listed
    assert not _artifacts(summary.run_id, "quality-report")
    runs = open_lake(str(lake), Settings()).read_runs()
    assert runs["status"].to_list() == ["completed"]


# -- in a real browser --------------------------------------------------------------------------
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
_MEASURE = """<script>
const charts = [...document.querySelectorAll('figure.chart svg')].map(svg => {
  const box = svg.getBoundingClientRect();
  return {id: svg.closest('section').id, x: box.x + scrollX, y: box.y + scrollY,
          width: box.width, height: box.height, paths: svg.querySelectorAll('path').length};
});
document.body.setAttribute('data-charts', JSON.stringify(charts));
</script></body>"""


def _chromium(*arguments: str) -> str:
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", f"--user-data-dir={profile}", "--force-device-scale-factor=1",
                "--hide-scrollbars", *arguments,
            ],
            capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip
    return result.stdout


def _colour_present(pixels: np.ndarray, colour: str) -> bool:
    rgb = np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return bool((np.abs(pixels[..., :3] - rgb).max(axis=-1) < 0.02).sum() >= 20)


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no chromium (CI installs Debian's)")
def test_chromium_draws_every_chart(
    frames: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame], tmp_path: Path
) -> None:
    # the page itself has no script: a copy measures where the browser laid each chart out
    measured = tmp_path / "measured.html"
    measured.write_text(_page(frames).replace("</body>", _MEASURE), "utf-8")
    width = 1000
    dom = _chromium(
        "--virtual-time-budget=3000", f"--window-size={width},900", "--dump-dom",
        measured.as_uri(),
    )  # fmt: skip
    found = re.search(r'data-charts="([^"]*)"', dom)
    assert found, dom[:500]
    charts = {chart["id"]: chart for chart in json.loads(html.unescape(found.group(1)))}
    assert list(charts) == ["status-by-year", "coverage", "quarantine", "runs"]
    for chart in charts.values():
        assert chart["width"] > 300 and chart["height"] > 150, chart
        assert chart["paths"] > 20, chart  # bars, cells, lines, glyphs

    bottom = int(max(c["y"] + c["height"] for c in charts.values())) + 20
    shot = tmp_path / "page.png"
    _chromium(f"--window-size={width},{bottom}", f"--screenshot={shot}", measured.as_uri())
    pixels = mpimg.imread(shot)
    assert pixels.shape[:2] == (bottom, width)

    def crop(name: str) -> np.ndarray:
        c = charts[name]
        top, left = int(c["y"]), int(c["x"])
        return pixels[top : top + int(c["height"]), left : left + int(c["width"])]

    for name in charts:
        ink = (crop(name)[..., :3] < 0.9).any(axis=-1).mean()
        assert ink > 0.02, f"{name} looks blank ({ink:.1%} drawn)"
    for colour in STATUS_COLOURS.values():  # every status occurs in the input
        assert _colour_present(crop("status-by-year"), colour)
    assert _colour_present(crop("quarantine"), STATUS_COLOURS["quarantined"])
    assert _colour_present(crop("runs"), LISTED_COLOUR)
    heat = crop("coverage")[..., :3]
    blue = (heat[..., 2] - heat[..., 0]) > 0.25  # the YlGnBu cells of the busiest provinces
    assert blue.sum() > 100


def test_reads_report_year_from_the_path_in_v1_and_v2_files(tmp_path: Path) -> None:
    """Contract v2 keeps `report_year` in the Hive path only; v1 files also hold it. A lake
    holding both (before its migration) gives the page each year once, from the path."""

    def write(year: int, ids: list[str], in_file: bool) -> None:
        folder = tmp_path / "lake" / "reports" / f"report_year={year}"
        folder.mkdir(parents=True)
        columns: dict[str, object] = {"report_id": ids, "status": ["valid"] * len(ids)}
        if in_file:
            columns["report_year"] = pa.array([year] * len(ids), pa.int16())
        pq.write_table(pa.table(columns), folder / "part-a.parquet")

    write(2020, ["a", "b"], in_file=True)
    write(2023, ["c"], in_file=False)
    reports, quarantine, runs = read_frames(open_lake(str(tmp_path / "lake"), Settings()))
    assert sorted(reports.select("report_id", "report_year").rows()) == [
        ("a", 2020), ("b", 2020), ("c", 2023),
    ]  # fmt: skip
    assert reports["duplicate_of"].null_count() == 3  # a column the files lack: null
    assert quarantine.is_empty() and runs.is_empty()
