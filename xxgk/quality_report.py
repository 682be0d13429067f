"""The lake's quality report: one self-contained HTML page of charts and headline numbers.

Built from three frames (`reports`, `quarantine`, `_runs`) by plain functions, so the numbers
it shows can be tested against the frames; written at the lake root as `quality.html`, beside
the datasets (Hive readers of `{root}/{dataset}/` never see it), by every ingest run and by
`xxgk report`. The page needs no network: charts are inline SVG, styles inline, no scripts.
"""

from __future__ import annotations

import html
import posixpath
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.dataset as pads
from pyarrow import fs

from schemas.codes import Dataset, Status
from xxgk.lake import Lake, open_lake
from xxgk.quality_charts import (
    PROVINCE_PINYIN,
    Chart,
    coverage,
    quarantine_by_check,
    runs_trend,
    status_by_year,
    year_label,
)
from xxgk.settings import Settings

PAGE_NAME = "quality.html"
#: Columns the report reads; a lake of any size is read for these only.
REPORT_COLUMNS = ["report_id", "report_year", "status", "province", "region_code", "duplicate_of"]
QUARANTINE_COLUMNS = ["report_id", "report_year", "table", "check"]
#: The most frequent (table, check) pairs charted; the rest are summed in the table below.
TOP_CHECKS = 20
#: The most recent runs charted.
RECENT_RUNS = 60
UNKNOWN_PROVINCE = "unknown"
_STATUSES = [s.value for s in Status]


@dataclass(frozen=True)
class Headline:
    """The numbers at the top of the page."""

    objects: int  # rows of `reports`: every source object version, copies included
    reports: int  # each report once (`duplicate_of is null`)
    copies: int
    valid: int
    quarantined: int
    rejected: int
    quarantine_rows: int
    last_run: dict[str, object] | None  # the latest `_runs` row

    @property
    def valid_share(self) -> float | None:
        """Valid reports over all reports (any status), counting each report once."""
        return self.valid / self.reports if self.reports else None


def distinct_reports(reports: pl.DataFrame) -> pl.DataFrame:
    """Each report once: copies (`duplicate_of` set) left out."""
    if "duplicate_of" not in reports.columns:
        return reports
    return reports.filter(pl.col("duplicate_of").is_null())


def headline(reports: pl.DataFrame, quarantine: pl.DataFrame, runs: pl.DataFrame) -> Headline:
    distinct = distinct_reports(reports)
    counts = dict(distinct.group_by("status").len().iter_rows())
    last = runs.sort("started_at").row(-1, named=True) if runs.height else None
    return Headline(
        objects=reports.height,
        reports=distinct.height,
        copies=reports.height - distinct.height,
        valid=counts.get(Status.VALID.value, 0),
        quarantined=counts.get(Status.QUARANTINED.value, 0),
        rejected=counts.get(Status.REJECTED.value, 0),
        quarantine_rows=quarantine.height,
        last_run=last,
    )


def status_per_year(reports: pl.DataFrame) -> pl.DataFrame:
    """`report_year` and one count column per status, each report once, by year."""
    distinct = distinct_reports(reports)
    frame = (
        distinct.group_by("report_year", "status")
        .len()
        .pivot(on="status", index="report_year", values="len")
        .fill_null(0)
    )
    for status in _STATUSES:
        if status not in frame.columns:
            frame = frame.with_columns(pl.lit(0, pl.UInt32).alias(status))
    return frame.select("report_year", *_STATUSES).sort("report_year")


def coverage_grid(reports: pl.DataFrame) -> pl.DataFrame:
    """Reports per province and year: each report once, rejected objects left out (they are
    not reports, or unreadable). Columns `code` (2-digit prefix, null when unknown),
    `province`, `pinyin`, `report_year`, `reports`."""
    frame = distinct_reports(reports).filter(pl.col("status") != Status.REJECTED.value)
    frame = frame.with_columns(code=pl.col("region_code").str.slice(0, 2))
    grouped = (
        frame.group_by("code", "report_year")
        .agg(pl.len().alias("reports"), pl.col("province").drop_nulls().first())
        .with_columns(
            pl.col("province").fill_null(UNKNOWN_PROVINCE),
            pinyin=pl.col("code")
            .replace_strict(PROVINCE_PINYIN, default=None, return_dtype=pl.String)
            .fill_null(pl.col("code"))
            .fill_null(UNKNOWN_PROVINCE),
        )
    )
    return grouped.select("code", "province", "pinyin", "report_year", "reports").sort(
        "code", "report_year", nulls_last=True
    )


def quarantine_checks(quarantine: pl.DataFrame) -> pl.DataFrame:
    """Quarantine rows (`failures`) and reports affected per (table, check), most first."""
    return (
        quarantine.group_by("table", "check")
        .agg(pl.len().alias("failures"), pl.col("report_id").n_unique().alias("reports"))
        .sort(["failures", "table", "check"], descending=[True, False, False])
    )


def build_page(
    reports: pl.DataFrame,
    quarantine: pl.DataFrame,
    runs: pl.DataFrame,
    *,
    lake_uri: str,
    generated_at: datetime | None = None,
) -> str:
    """The whole page, from the lake's frames."""
    generated_at = generated_at or datetime.now(UTC)
    numbers = headline(reports, quarantine, runs)
    by_year = status_per_year(reports)
    grid = coverage_grid(reports)
    checks = quarantine_checks(quarantine)
    recent = runs.sort("started_at").tail(RECENT_RUNS)
    # A backfill's row repeats the totals of the ingest runs it started: chart ingest runs only.
    ingests = runs.filter(pl.col("flow") == "ingest").sort("started_at").tail(RECENT_RUNS)
    charts = [
        status_by_year(
            by_year["report_year"].to_list(),
            {status: by_year[status].to_list() for status in _STATUSES},
        ),
        _coverage_chart(grid),
        quarantine_by_check(
            [f"{t} · {c}" for t, c in checks.head(TOP_CHECKS).select("table", "check").iter_rows()],
            checks.head(TOP_CHECKS)["failures"].to_list(),
        ),
        runs_trend(
            [f"{t:%Y-%m-%d %H:%M}" for t in ingests["started_at"]],
            {name: ingests[name].to_list() for name in ("listed", *_STATUSES)},
        ),
    ]
    details = {
        "status-by-year": _status_table(by_year),
        "coverage": _coverage_table(grid),
        "quarantine": _checks_table(checks),
        "runs": _runs_table(recent),
    }
    sections = "\n".join(_section(chart, details[chart.chart_id]) for chart in charts)
    return _PAGE.format(
        lake=html.escape(lake_uri),
        generated=f"{generated_at.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC",
        headline=_headline_html(numbers),
        sections=sections,
    )


def read_frames(lake: Lake) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(`reports`, `quarantine`, `_runs`), reading only the columns the page needs."""
    return (
        _read_columns(lake, Dataset.REPORTS.value, REPORT_COLUMNS),
        _read_columns(lake, Dataset.QUARANTINE.value, QUARANTINE_COLUMNS),
        lake.read_runs(),
    )


def write_quality_report(dest: str, settings: Settings, out: Path | None = None) -> str:
    """Read the lake, build the page and write it (to `out`, else the lake root, whole or not
    at all); returns the page's URI."""
    lake = open_lake(dest, settings)
    reports, quarantine, runs = read_frames(lake)
    page = build_page(reports, quarantine, runs, lake_uri=_uri_of(lake, lake.base)).encode()
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        aside = out.with_name(f"{out.name}.{uuid.uuid4().hex}.partial")
        aside.write_bytes(page)
        aside.replace(out)
        return out.resolve().as_uri()
    path = posixpath.join(lake.base, PAGE_NAME)
    if isinstance(lake.fs, fs.S3FileSystem):  # a PUT is atomic
        with lake.fs.open_output_stream(path, metadata={"Content-Type": "text/html"}) as stream:
            stream.write(page)
    else:
        # Written aside, each run its own file, where `Lake.recover` clears what a killed run
        # leaves; then renamed over the page.
        staging = posixpath.join(lake.base, "_staging", "quality-report")
        partial = posixpath.join(staging, f"{uuid.uuid4().hex}.html")
        lake.fs.create_dir(staging, recursive=True)
        with lake.fs.open_output_stream(partial) as stream:
            stream.write(page)
        lake.fs.move(partial, path)
    return _uri_of(lake, path)


def _uri_of(lake: Lake, path: str) -> str:
    if isinstance(lake.fs, fs.S3FileSystem):
        return f"s3://{path}"
    return Path(path).as_uri()


def _read_columns(lake: Lake, dataset: str, columns: list[str]) -> pl.DataFrame:
    """The named columns of a dataset (`report_year` from the Hive path, where contract v2
    keeps it; a v1 file also holds it, with the same type); absent ones as nulls."""
    root = posixpath.join(lake.base, dataset)
    selector = fs.FileSelector(root, recursive=True, allow_not_found=True)
    files = sorted(
        info.path
        for info in lake.fs.get_file_info(selector)
        if info.type == fs.FileType.File and info.path.endswith(".parquet")
    )
    if not files:
        return pl.DataFrame({c: [] for c in columns}, schema=_empty_schema(columns))
    partitioning = pads.partitioning(pa.schema([("report_year", pa.int16())]), flavor="hive")
    data = pads.dataset(
        files,
        filesystem=lake.fs,
        format="parquet",
        partitioning=partitioning,
        partition_base_dir=root,
    )
    present = [c for c in columns if c in data.schema.names]
    frame = pl.from_arrow(data.to_table(columns=present))
    assert isinstance(frame, pl.DataFrame)
    missing = [pl.lit(None, pl.String).alias(c) for c in columns if c not in present]
    return frame.with_columns(missing).select(columns)


def _empty_schema(columns: list[str]) -> dict[str, pl.DataType]:
    return {c: pl.Int16() if c == "report_year" else pl.String() for c in columns}


def _coverage_chart(grid: pl.DataFrame) -> Chart:
    years = sorted(grid["report_year"].unique().to_list())
    rows = grid.select("code", "pinyin").unique().sort("code", nulls_last=True).rows()
    matrix = np.zeros((len(rows), len(years)), dtype=int)
    row_of = {code: i for i, (code, _) in enumerate(rows)}
    column_of = {year: j for j, year in enumerate(years)}
    for code, year, count in grid.select("code", "report_year", "reports").iter_rows():
        matrix[row_of[code], column_of[year]] = count
    return coverage([pinyin for _, pinyin in rows], years, matrix)


# -- HTML ---------------------------------------------------------------------------------
def _headline_html(numbers: Headline) -> str:
    share = f"{numbers.valid_share:.1%}" if numbers.valid_share is not None else "–"
    tiles = [
        ("reports", f"{numbers.reports:,}", f"{numbers.copies:,} copies besides"),
        ("valid share", share, f"{numbers.valid:,} valid"),
        ("quarantined", f"{numbers.quarantined:,}", f"{numbers.quarantine_rows:,} failed checks"),
        ("rejected", f"{numbers.rejected:,}", "not a report, or unreadable"),
        ("last run", *_last_run_text(numbers.last_run)),
    ]
    return "\n".join(
        f'<div class="tile" data-name="{html.escape(name)}"><div class="name">'
        f'{html.escape(name)}</div><div class="value">{html.escape(value)}</div>'
        f'<div class="note">{html.escape(note)}</div></div>'
        for name, value, note in tiles
    )


def _last_run_text(run: dict[str, object] | None) -> tuple[str, str]:
    if run is None:
        return "–", "no run recorded"
    started, ended = run["started_at"], run["ended_at"]
    assert isinstance(started, datetime) and isinstance(ended, datetime)
    seconds = (ended - started).total_seconds()
    return (
        f"{started.astimezone(UTC):%Y-%m-%d %H:%M} UTC",
        f"{run['status']}, {seconds:.0f} s, {run['listed']} listed",
    )


def _section(chart: Chart, details: str) -> str:
    return (
        f'<section id="{chart.chart_id}"><h2>{html.escape(chart.title)}</h2>'
        f'<figure class="chart">{chart.svg}</figure>'
        f"<details><summary>numbers</summary>{details}</details></section>"
    )


def _table(header: list[str], rows: list[list[object]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _status_table(by_year: pl.DataFrame) -> str:
    rows = [[year_label(row[0]), *row[1:]] for row in by_year.iter_rows()]
    return _table(["report year", *_STATUSES], rows)


def _coverage_table(grid: pl.DataFrame) -> str:
    """Chinese names here: the browser draws them with whatever CJK font it has."""
    if grid.is_empty():
        return "<p>No reports yet.</p>"
    wide = grid.pivot(
        on="report_year", index=["code", "province", "pinyin"], values="reports",
        sort_columns=True,
    ).fill_null(0)  # fmt: skip
    years = [c for c in wide.columns if c not in ("code", "province", "pinyin")]
    rows = [
        [row["province"], row["pinyin"], *(row[y] for y in years), sum(row[y] for y in years)]
        for row in wide.sort("code", nulls_last=True).iter_rows(named=True)
    ]
    return _table(["province", "pinyin", *(year_label(int(y)) for y in years), "total"], rows)


def _checks_table(checks: pl.DataFrame) -> str:
    if checks.is_empty():
        return "<p>Nothing quarantined.</p>"
    return _table(["table", "check", "failures", "reports"], [list(r) for r in checks.iter_rows()])


def _runs_table(runs: pl.DataFrame) -> str:
    columns = ["started_at", "flow", "status", "listed", "skipped", *_STATUSES, "deleted"]
    rows = [
        [f"{row[0]:%Y-%m-%d %H:%M:%S}", *row[1:]]
        for row in runs.select(columns).reverse().iter_rows()
    ]
    return _table(columns, rows)


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>xxgk lake quality</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1.5rem auto; max-width: 900px;
  color: #222; padding: 0 1rem; }}
h1 {{ font-size: 1.4rem; margin-bottom: 0.2rem; }}
.meta {{ color: #666; font-size: 0.85rem; margin-top: 0; }}
.tiles {{ display: flex; flex-wrap: wrap; gap: 0.6rem; margin: 1rem 0; }}
.tile {{ border: 1px solid #ddd; border-radius: 6px; padding: 0.5rem 0.8rem; min-width: 9rem; }}
.tile .name {{ color: #666; font-size: 0.8rem; }}
.tile .value {{ font-size: 1.35rem; font-weight: 600; }}
.tile .note {{ color: #666; font-size: 0.75rem; }}
h2 {{ font-size: 1.1rem; margin: 1.6rem 0 0.4rem; }}
figure.chart {{ margin: 0; }}
figure.chart svg {{ max-width: 100%; height: auto; }}
table {{ border-collapse: collapse; font-size: 0.8rem; margin: 0.4rem 0; }}
th, td {{ border: 1px solid #ddd; padding: 0.15rem 0.4rem; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
</style></head>
<body>
<h1>xxgk lake quality</h1>
<p class="meta">lake <code>{lake}</code> · generated {generated}</p>
<div class="tiles">
{headline}
</div>
{sections}
<p class="meta">Reports count each report once (copies left out); coverage leaves out rejected
objects. Province labels in the charts are pinyin; the numbers tables carry the Chinese names.</p>
</body></html>
"""
