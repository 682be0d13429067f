"""The quality report's charts: matplotlib figures rendered to self-contained inline SVG.

Figures are `matplotlib.figure.Figure` objects on an explicit Agg canvas, never pyplot, so
no global state leaks into the process that runs the flow. Text is drawn as SVG paths (no
font needed to view the page), which is why the charts label provinces in pinyin: a fresh
Debian machine has no CJK font for matplotlib to draw Chinese with, and the page's HTML
tables carry the Chinese names for the browser to render.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

#: One colour per report status, the same in every chart.
STATUS_COLOURS = {"valid": "#2e7d32", "quarantined": "#ef8a17", "rejected": "#c62828"}
LISTED_COLOUR = "#455a64"

#: Province-level divisions by the first two digits of their GB/T 2260 code, in pinyin.
PROVINCE_PINYIN = {
    "11": "Beijing", "12": "Tianjin", "13": "Hebei", "14": "Shanxi", "15": "Nei Mongol",
    "21": "Liaoning", "22": "Jilin", "23": "Heilongjiang", "31": "Shanghai", "32": "Jiangsu",
    "33": "Zhejiang", "34": "Anhui", "35": "Fujian", "36": "Jiangxi", "37": "Shandong",
    "41": "Henan", "42": "Hubei", "43": "Hunan", "44": "Guangdong", "45": "Guangxi",
    "46": "Hainan", "50": "Chongqing", "51": "Sichuan", "52": "Guizhou", "53": "Yunnan",
    "54": "Xizang", "61": "Shaanxi", "62": "Gansu", "63": "Qinghai", "64": "Ningxia",
    "65": "Xinjiang", "71": "Taiwan", "81": "Hong Kong", "82": "Macao",
}  # fmt: skip

_DPI = 96


@dataclass(frozen=True)
class Chart:
    """One rendered chart: an id for the page, a caption and its inline `<svg>`."""

    chart_id: str
    title: str
    svg: str


def year_label(year: int) -> str:
    """Year 0 holds reports whose year could not be determined."""
    return "unknown" if year == 0 else str(year)


def status_by_year(years: Sequence[int], counts: dict[str, Sequence[int]]) -> Chart:
    """Stacked bars: reports of each status per report year."""
    figure, axes = _figure(8.5, 3.6)
    labels = [year_label(y) for y in years]
    bottom = np.zeros(len(years))
    for status, colour in STATUS_COLOURS.items():
        values = np.asarray(counts.get(status, [0] * len(years)), dtype=float)
        axes.bar(labels, values, bottom=bottom, color=colour, label=status, width=0.75)
        bottom += values
    _finish_counts(axes, "reports", empty=not years)
    if years:
        figure.legend(frameon=False, ncols=3, loc="outside upper left")
        axes.tick_params(axis="x", labelrotation=45 if len(years) > 12 else 0)
    return _render("status-by-year", "Reports by status per year", figure)


def coverage(provinces: Sequence[str], years: Sequence[int], grid: np.ndarray) -> Chart:
    """Heatmap of report counts: provinces (rows, pinyin) by report year (columns)."""
    height = 1.2 + 0.26 * max(len(provinces), 3)
    figure, axes = _figure(max(5.5, 1.8 + 0.48 * len(years)), height)
    if provinces and years:
        masked = np.ma.masked_equal(grid, 0)
        image = axes.imshow(masked, cmap="YlGnBu", aspect="auto", interpolation="nearest")
        axes.set_facecolor("#f3f3f3")
        axes.set_xticks(range(len(years)), [year_label(y) for y in years], rotation=45)
        axes.set_yticks(range(len(provinces)), provinces)
        if grid.size <= 600:
            limit = grid.max() * 0.6 if grid.size else 0
            for (row, column), value in np.ndenumerate(grid):
                if value:
                    axes.text(
                        column, row, str(int(value)), ha="center", va="center", fontsize=7,
                        color="white" if value > limit else "black",
                    )  # fmt: skip
        colourbar = figure.colorbar(image, ax=axes, fraction=0.04, pad=0.02)
        colourbar.ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        colourbar.set_label("reports")
    else:
        _no_data(axes)
    return _render("coverage", "Coverage: reports by province and year", figure)


def quarantine_by_check(labels: Sequence[str], failures: Sequence[int]) -> Chart:
    """Horizontal bars: quarantine rows per (table, check), most frequent on top."""
    figure, axes = _figure(8.5, 1.2 + 0.3 * max(len(labels), 3))
    if labels:
        positions = np.arange(len(labels))
        axes.barh(positions, failures, color="#ef8a17")
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_xlabel("failures (quarantine rows)")
        for position, value in zip(positions, failures, strict=True):
            axes.text(value, float(position), f" {value}", va="center", fontsize=8)
        axes.spines[["top", "right"]].set_visible(False)
    else:
        _no_data(axes, "no quarantined tables")
    return _render("quarantine", "Quarantine by table and check", figure)


def runs_trend(started: Sequence[str], series: dict[str, Sequence[int]]) -> Chart:
    """Lines: objects listed, valid, quarantined and rejected in each run, oldest first."""
    figure, axes = _figure(8.5, 3.4)
    positions = np.arange(len(started))
    colours = {"listed": LISTED_COLOUR, **STATUS_COLOURS}
    for name, colour in colours.items():
        if name in series and started:
            axes.plot(positions, series[name], marker="o", markersize=4, color=colour, label=name)
    _finish_counts(axes, "objects per run", empty=not started)
    if started:
        step = max(1, len(started) // 10)
        axes.set_xticks(positions[::step], list(started)[::step], rotation=30, ha="right")
        axes.set_xlim(-0.5, len(started) - 0.5)
        figure.legend(frameon=False, ncols=4, loc="outside upper left")
    return _render("runs", "Trend over runs", figure)


def _figure(width: float, height: float) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(width, height), dpi=_DPI, layout="constrained")
    FigureCanvasAgg(figure)  # explicit Agg canvas: no pyplot, no backend switching
    return figure, figure.add_subplot()


def _finish_counts(axes: Axes, label: str, *, empty: bool) -> None:
    if empty:
        _no_data(axes)
        return
    axes.set_ylabel(label)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)


def _no_data(axes: Axes, text: str = "no data yet") -> None:
    axes.set_axis_off()
    axes.text(0.5, 0.5, text, ha="center", va="center", transform=axes.transAxes)


def _render(chart_id: str, title: str, figure: Figure) -> Chart:
    """The figure as an `<svg>` element whose ids are its own (several share one page)."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r'\bid="', f'id="{chart_id}-', svg)
    svg = re.sub(r'(href="#|url\(#)', rf"\g<1>{chart_id}-", svg)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{title}" ', 1)
    return Chart(chart_id, title, svg)
