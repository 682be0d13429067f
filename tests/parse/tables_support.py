"""Build section texts of the standard tables in the layouts reports use, for table tests."""

from __future__ import annotations

from typing import Any

from schemas.codes import ApplicationRow, Template
from xxgk.parse.cells import Cell
from xxgk.parse.flatten import flatten_cells
from xxgk.parse.normalise import normalise_text
from xxgk.parse.tables import (
    ActiveCell,
    ApplicationRecord,
    ParsedTable,
    parse_active_disclosure,
    parse_applications,
    parse_review_litigation,
)

APPLICANT_HEADER = (
    "申请人情况",
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
)

#: Section 三's row labels of the t2021 template, as the official template words them.
T2021_LABELS = {
    ApplicationRow.RECEIVED: "一、本年新收政府信息公开申请数量",
    ApplicationRow.CARRIED_OVER: "二、上年结转政府信息公开申请数量",
    ApplicationRow.GRANTED: "(一)予以公开",
    ApplicationRow.PARTIALLY_GRANTED: "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
    ApplicationRow.DENIED_STATE_SECRET: "1.属于国家秘密",
    ApplicationRow.UNABLE_NOT_HELD: "1.本机关不掌握相关政府信息",
    ApplicationRow.TOTAL_PROCESSED: "(七)总计",
    ApplicationRow.CARRIED_FORWARD: "四、结转下年度继续办理",
}


def section(text: str) -> str:
    return normalise_text(text).text


def applications(text: str, template: Template = Template.T2021) -> ParsedTable[ApplicationRecord]:
    return parse_applications(flatten_cells(section(text)), template)


def active(text: str, template: Template = Template.T2021) -> ParsedTable[ActiveCell]:
    return parse_active_disclosure(flatten_cells(section(text)), template)


def review(text: str) -> ParsedTable[dict[str, Cell]]:
    return parse_review_litigation(flatten_cells(section(text)))


def values(table: ParsedTable[ApplicationRecord]) -> dict[str, list[float | None]]:
    return {record.row_code.value: [cell.value for cell in record.cells] for record in table.rows}


def active_values(table: ParsedTable[ActiveCell]) -> dict[tuple[str, str], float | None]:
    return {(cell.item.value, cell.metric.value): cell.value for cell in table.rows}


def checks(table: ParsedTable[Any]) -> list[str]:
    return [problem.check for problem in table.problems]


def space_rows(rows: dict[ApplicationRow, str], labels: dict[ApplicationRow, str]) -> str:
    """A section 三 as PDF text without positions: header, then `label v v v` lines."""
    lines = [" ".join(APPLICANT_HEADER)]
    lines += [f"{labels[row]} {cells}" for row, cells in rows.items()]
    return "\n".join(lines)


REVIEW_HEADER = (
    "行政复议 | 行政诉讼 |\n"
    "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |\n"
    + "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | " * 2
    + "\n"
)
