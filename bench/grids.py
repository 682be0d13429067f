"""The three tables of a templated report as Word lays them out: cells with row and column spans.

A `Grid` is a table with HTML semantics (a row omits the positions a span from above or from
its left covers), built from drawn numbers and written the way a report writes its cells
(`0`, blanks, `/` …). Layouts (`bench.layouts`) turn grids into text, Markdown or HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bench.draw import COLUMNS, Draw
from schemas.codes import ApplicationRow, Template


@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1


Row = tuple[Cell, ...]


@dataclass(frozen=True)
class Grid:
    """One table. `header` leading rows are repeated when a page break splits a table and the
    converter repeats headers; `breaks` are the rows a page break comes before; `boundary` is
    a row where a page break splits no merged cell (for layouts that split long tables)."""

    name: str
    rows: tuple[Row, ...]
    header: int = 0
    breaks: frozenset[int] = frozenset()
    boundary: int | None = None


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Heading:
    text: str


Block = Title | Heading | str | Grid

#: How a report writes one count cell: the value → its text (a blank, a zero spelling …).
Writer = Callable[[str, float], str]


def plain(metric: str, value: float) -> str:
    """Every cell as its number, zeros as `0`, an increase with its sign (`+3`)."""
    return number(value, signed=metric == "change")


def number(value: float, signed: bool = False) -> str:
    text = str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0")
    return f"+{text}" if signed and value > 0 else text


#: Row labels of section 三 as a path of merged cells (group, sub-group, row).
_RESULTS = "三、本年度办理结果"
APPLICATION_LABELS: dict[ApplicationRow, tuple[str, ...]] = {
    ApplicationRow.RECEIVED: ("一、本年新收政府信息公开申请数量",),
    ApplicationRow.CARRIED_OVER: ("二、上年结转政府信息公开申请数量",),
    ApplicationRow.GRANTED: (_RESULTS, "（一）予以公开"),
    ApplicationRow.PARTIALLY_GRANTED: (
        _RESULTS,
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ),
    **{
        row: (_RESULTS, "（三）不予公开", label)
        for row, label in zip(
            [r for r in ApplicationRow if r.startswith("denied.")],
            (
                "1.属于国家秘密",
                "2.其他法律行政法规禁止公开",
                "3.危及“三安全一稳定”",
                "4.保护第三方合法权益",
                "5.属于三类内部事务信息",
                "6.属于四类过程性信息",
                "7.属于行政执法案卷",
                "8.属于行政查询事项",
            ),
            strict=True,
        )
    },
    **{
        row: (_RESULTS, "（四）无法提供", label)
        for row, label in zip(
            [r for r in ApplicationRow if r.startswith("unable.")],
            (
                "1.本机关不掌握相关政府信息",
                "2.没有现成信息需要另行制作",
                "3.补正后申请内容仍不明确",
            ),
            strict=True,
        )
    },
    **{
        row: (_RESULTS, "（五）不予处理", label)
        for row, label in zip(
            [r for r in ApplicationRow if r.startswith("not_processed.")],
            (
                "1.信访举报投诉类申请",
                "2.重复申请",
                "3.要求提供公开出版物",
                "4.无正当理由大量反复申请",
                "5.要求行政机关确认或重新出具已获取信息",
            ),
            strict=True,
        )
    },
    ApplicationRow.OTHER: (_RESULTS, "（六）其他处理"),
    ApplicationRow.OTHER_OVERDUE_CORRECTION: (
        _RESULTS,
        "（六）其他处理",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    ApplicationRow.OTHER_UNPAID_FEE: (
        _RESULTS,
        "（六）其他处理",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ApplicationRow.OTHER_OTHER: (_RESULTS, "（六）其他处理", "3.其他"),
    ApplicationRow.TOTAL_PROCESSED: (_RESULTS, "（七）总计"),
    ApplicationRow.CARRIED_FORWARD: ("四、结转下年度继续办理",),
}
_LABEL_COLUMNS = 3

_APPLICATION_HEADER: tuple[Row, ...] = (
    (
        Cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
        Cell("申请人情况", 1, 7),
    ),
    (Cell("自然人", 2), Cell("法人或其他组织", 1, 5), Cell("总计", 2)),
    tuple(Cell(t) for t in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")),
)
_REVIEW_HEADER: tuple[Row, ...] = (
    (Cell("行政复议", 1, 5), Cell("行政诉讼", 1, 10)),
    (
        *(Cell(t, 2) for t in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")),
        Cell("未经复议直接起诉", 1, 5),
        Cell("复议后起诉", 1, 5),
    ),
    tuple(
        Cell(t) for _ in range(2) for t in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    ),
)


def application_grid(
    draw: Draw,
    write: Writer = plain,
    labels: Callable[[ApplicationRow, tuple[str, ...]], tuple[str, ...]] | None = None,
    breaks: Sequence[ApplicationRow] = (),
    repeat_labels: bool = False,
    values: dict[str, tuple[int, ...]] | None = None,
) -> Grid:
    """Section 三: three header rows, then one row per row code with its merged group labels.
    `labels` rewrites a row's label path (wrapped, truncated labels); a page break before a
    row in `breaks` cuts the merged group cells, whose text is repeated after the break when
    `repeat_labels` (some converters do), else left blank."""
    codes = draw.application_rows()
    paths = [
        labels(code, APPLICATION_LABELS[code]) if labels else APPLICATION_LABELS[code]
        for code in codes
    ]
    header = len(_APPLICATION_HEADER)
    break_rows = {header + codes.index(code) for code in breaks}
    numbers = values or draw.applications
    rows: list[Row] = list(_APPLICATION_HEADER)
    for index, (code, path) in enumerate(zip(codes, paths, strict=True)):
        cells: list[Cell] = []
        for level, text in enumerate(path):
            last = level == len(path) - 1
            if last:
                cells.append(Cell(text, 1, _LABEL_COLUMNS - level))
                continue
            starts_group = index == 0 or paths[index - 1][: level + 1] != path[: level + 1]
            broken = header + index in break_rows
            if not (starts_group or broken):
                continue
            span = 1
            while (
                index + span < len(codes)
                and paths[index + span][: level + 1] == path[: level + 1]
                and header + index + span not in break_rows
            ):
                span += 1
            shown = text if starts_group or repeat_labels else ""
            cells.append(Cell(shown, span))
        cells += [Cell(write(column, v)) for column, v in zip(COLUMNS, numbers[code], strict=True)]
        rows.append(tuple(cells))
    boundary = header + codes.index(ApplicationRow.UNABLE_NOT_HELD)
    return Grid("applications", tuple(rows), header, frozenset(break_rows), boundary)


def review_grid(
    values: dict[str, int], write: Writer = plain, break_before_values: bool = False
) -> Grid:
    """Section 四: the three header rows and the row of fifteen counts."""
    row = tuple(Cell(write(column, v)) for column, v in values.items())
    header = len(_REVIEW_HEADER)
    breaks = frozenset({header}) if break_before_values else frozenset()
    return Grid("review_litigation", (*_REVIEW_HEADER, row), header, breaks, header)


def active_grid(
    draw: Draw,
    write: Writer = plain,
    breaks_between_items: bool = False,
    values: dict[tuple[str, str], float] | None = None,
    drop_blank: bool = False,
) -> Grid:
    """Section 二: one sub-table per article item, each with its own heading and header row.
    `drop_blank` loses blank cells (the row then holds fewer cells than its header names)."""
    cells = values or draw.active

    def sub(article: str, header: Sequence[str], items: Sequence[tuple[str, str]]) -> list[Row]:
        names = dict(_METRIC_HEADINGS[draw.template])
        metrics = [m for m, _ in _METRIC_HEADINGS[draw.template] if m in header]
        spans = {1: (3,), 2: (1, 2), 3: (1, 1, 1)}[len(metrics)]
        rows: list[Row] = [
            (Cell(f"第二十条第（{article}）项", 1, 4),),
            (
                Cell("信息内容"),
                *(Cell(names[m], 1, s) for m, s in zip(metrics, spans, strict=True)),
            ),
        ]
        for item, label in items:
            written = [
                Cell(write(m, cells[(item, m)]), 1, s) for m, s in zip(metrics, spans, strict=True)
            ]
            if drop_blank:
                written = [c for c in written if c.text]
            rows.append((Cell(label), *written))
        return rows

    if draw.template is Template.T2021:
        parts = [
            sub(
                "一",
                ("issued", "repealed", "in_force"),
                (("regulations", "规章"), ("normative_documents", "行政规范性文件")),
            ),
            sub("五", ("decisions",), (("administrative_licensing", "行政许可"),)),
            sub(
                "六",
                ("decisions",),
                (("administrative_penalty", "行政处罚"), ("administrative_coercion", "行政强制")),
            ),
            sub("八", ("fee_amount_10k_yuan",), (("administrative_fees", "行政事业性收费"),)),
        ]
    else:
        project = ("previous_year_count", "change", "decisions")
        parts = [
            sub(
                "一",
                ("newly_made", "newly_published", "total_published"),
                (("regulations", "规章"), ("normative_documents", "规范性文件")),
            ),
            sub(
                "五",
                project,
                (
                    ("administrative_licensing", "行政许可"),
                    ("other_management_services", "其他对外管理服务事项"),
                ),
            ),
            sub(
                "六",
                project,
                (("administrative_penalty", "行政处罚"), ("administrative_coercion", "行政强制")),
            ),
            sub(
                "八",
                ("previous_year_count", "change"),
                (("administrative_fees", "行政事业性收费"),),
            ),
            sub(
                "九",
                ("procurement_projects", "procurement_amount_10k_yuan"),
                (("centralized_procurement", "政府集中采购"),),
            ),
        ]
    rows = [row for part in parts for row in part]
    starts = [sum(len(p) for p in parts[:i]) for i in range(1, len(parts))]
    breaks = frozenset(starts[1:2]) if breaks_between_items else frozenset()
    return Grid("active_disclosure", tuple(rows), 0, breaks, starts[1])


_METRIC_HEADINGS: dict[Template, tuple[tuple[str, str], ...]] = {
    Template.T2021: (
        ("issued", "本年制发件数"),
        ("repealed", "本年废止件数"),
        ("in_force", "现行有效件数"),
        ("decisions", "本年处理决定数量"),
        ("fee_amount_10k_yuan", "本年收费金额（单位：万元）"),
    ),
    Template.T2019: (
        ("newly_made", "本年新制作数量"),
        ("newly_published", "本年新公开数量"),
        ("total_published", "对外公开总数量"),
        ("previous_year_count", "上一年项目数量"),
        ("change", "本年增/减"),
        ("decisions", "处理决定数量"),
        ("procurement_projects", "采购项目数量"),
        ("procurement_amount_10k_yuan", "采购总金额（单位：万元）"),
    ),
}
