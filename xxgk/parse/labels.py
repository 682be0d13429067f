"""Recognise the row and column labels of the three standard tables (both templates)."""

from __future__ import annotations

import re

from schemas.codes import ActiveItem, ActiveMetric, ApplicationRow
from xxgk.parse.memo import MAX_CACHED_ENTRIES, MAX_CACHED_LENGTH, Memo, memoise_text

# Sub-row patterns are tried before group labels, so a cell carrying both
# (`(三)不予公开1.属于国家秘密`) is its sub-row.
_APPLICATION_ROWS: tuple[tuple[ApplicationRow, re.Pattern[str]], ...] = tuple(
    (row, re.compile(pattern))
    for row, pattern in (
        (ApplicationRow.RECEIVED, r"本年度?新收"),
        (ApplicationRow.CARRIED_OVER, r"上一?年度?结转"),
        (ApplicationRow.CARRIED_FORWARD, r"结转(至|到)?下一?年|转入下一?年"),
        (ApplicationRow.DENIED_STATE_SECRET, r"国家秘密"),
        (ApplicationRow.DENIED_PROHIBITED_BY_LAW, r"法律行政法规禁止"),
        (ApplicationRow.DENIED_THREE_SECURITIES_ONE_STABILITY, r"三安全一稳定|危及.*安全"),
        (ApplicationRow.DENIED_THIRD_PARTY_RIGHTS, r"第三方合法权益"),
        (ApplicationRow.DENIED_INTERNAL_AFFAIRS, r"内部事务"),
        (ApplicationRow.DENIED_PROCESS_INFORMATION, r"过程性信息"),
        (ApplicationRow.DENIED_ENFORCEMENT_FILES, r"行政执法案卷"),
        (ApplicationRow.DENIED_ADMINISTRATIVE_QUERY, r"行政查询"),
        (ApplicationRow.UNABLE_NOT_HELD, r"不掌握"),
        (ApplicationRow.UNABLE_NEEDS_CREATION, r"另行制作|没有现成信息"),
        (ApplicationRow.UNABLE_UNCLEAR_AFTER_CORRECTION, r"补正后.*不明确"),
        (ApplicationRow.NOT_PROCESSED_PETITION, r"信访|举报投诉"),
        (ApplicationRow.NOT_PROCESSED_DUPLICATE, r"重复申请"),
        (ApplicationRow.NOT_PROCESSED_PUBLICATION, r"公开出版物"),
        (ApplicationRow.NOT_PROCESSED_EXCESSIVE, r"大量反复"),
        (ApplicationRow.NOT_PROCESSED_CONFIRMATION, r"确认或重新出具"),
        (ApplicationRow.OTHER_OVERDUE_CORRECTION, r"逾期不补正"),
        (ApplicationRow.OTHER_UNPAID_FEE, r"缴纳费用|收费通知"),
        (ApplicationRow.PARTIALLY_GRANTED, r"部分公开"),
        (ApplicationRow.GRANTED, r"予以公开"),
        (ApplicationRow.OTHER, r"其他处理|^\(六\)其他$|^六[、.]其他$"),
        (ApplicationRow.TOTAL_PROCESSED, r"^\(七\)[总合]计$|^七[、.]?[总合]计$"),
    )
)
_OTHER_OTHER = re.compile(r"^(3[.、]?)?其他$")
_AFTER_OTHER_GROUP = frozenset(
    {ApplicationRow.OTHER, ApplicationRow.OTHER_OVERDUE_CORRECTION, ApplicationRow.OTHER_UNPAID_FEE}
)


def application_row(label: str, previous: ApplicationRow | None) -> ApplicationRow | None:
    """The section 三 row a label cell starts, given the row before it (for `3.其他`, and for
    a numbered sub-row whose words are garbled: `2.其他法律行政止公开` after 国家秘密).

    Each label is tried after a few rows only, and the table code asks again for every label
    it reads: answers for short labels are kept, as `memo` keeps them."""
    return _ROW_AFTER[(label, previous)]


def _application_row(label: str, previous: ApplicationRow | None) -> ApplicationRow | None:
    if previous in _AFTER_OTHER_GROUP and _OTHER_OTHER.match(label):
        return ApplicationRow.OTHER_OTHER
    if previous in (ApplicationRow.OTHER_OTHER, ApplicationRow.OTHER) and label in ("总计", "合计"):
        return ApplicationRow.TOTAL_PROCESSED  # `(七)` lost in a merged cell
    return _row_named(label) or _next_numbered_sub_row(label, previous)


def _label_length(key: tuple[str, ApplicationRow | None]) -> int:
    return len(key[0])


#: `application_row`'s answers by (label, previous row).
_ROW_AFTER: Memo[tuple[str, ApplicationRow | None], ApplicationRow | None] = Memo(
    lambda key: _application_row(*key), MAX_CACHED_LENGTH, MAX_CACHED_ENTRIES, _label_length
)


@memoise_text  # label texts repeat across a table's rows and across reports
def _row_named(label: str) -> ApplicationRow | None:
    """The row whose words the label carries, whatever row came before."""
    for row, pattern in _APPLICATION_ROWS:
        if pattern.search(label):
            return row
    return None


#: The start of a row label of its own: a sub-row's or group's number, or a heading's.
_ROW_START = re.compile(r"^(\d{1,2}[.、]|\([一二三四五六七]\)|[一二三四五六七][、.])")


#: The templates' words of the row labels that are long enough to wrap (after
#: normalisation: ASCII brackets and commas).
_OFFICIAL_WORDS = {
    ApplicationRow.RECEIVED: "本年新收政府信息公开申请数量",
    ApplicationRow.CARRIED_OVER: "上年结转政府信息公开申请数量",
    ApplicationRow.PARTIALLY_GRANTED: "部分公开(区分处理的,只计这一情形,不计其他情形)",
    ApplicationRow.DENIED_PROHIBITED_BY_LAW: "其他法律行政法规禁止公开",
    ApplicationRow.DENIED_INTERNAL_AFFAIRS: "属于三类内部事务信息",
    ApplicationRow.DENIED_PROCESS_INFORMATION: "属于四类过程性信息",
    ApplicationRow.DENIED_ENFORCEMENT_FILES: "属于行政执法案卷",
    ApplicationRow.DENIED_ADMINISTRATIVE_QUERY: "属于行政查询事项",
    ApplicationRow.UNABLE_NOT_HELD: "本机关不掌握相关政府信息",
    ApplicationRow.UNABLE_NEEDS_CREATION: "没有现成信息需要另行制作",
    ApplicationRow.UNABLE_UNCLEAR_AFTER_CORRECTION: "补正后申请内容仍不明确",
    ApplicationRow.NOT_PROCESSED_PETITION: "信访举报投诉类申请",
    ApplicationRow.NOT_PROCESSED_PUBLICATION: "要求提供公开出版物",
    ApplicationRow.NOT_PROCESSED_EXCESSIVE: "无正当理由大量反复申请",
    ApplicationRow.NOT_PROCESSED_CONFIRMATION: "要求行政机关确认或重新出具已获取信息",
    ApplicationRow.OTHER_OVERDUE_CORRECTION: (
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    ),
    ApplicationRow.OTHER_UNPAID_FEE: (
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    ),
    ApplicationRow.CARRIED_FORWARD: "结转下年度继续办理",
}
#: Shortest wrapped rest of a label read as one: a character alone says too little.
_MIN_REST = 2


def continues_row(first: str, rest: str, row: ApplicationRow) -> bool:
    """`rest`, a label cell that names no row, is the wrapped end of `first`, the label of
    `row`: it starts no row of its own (no number), it is a piece of the template's words
    for that row that `first` does not already hold, and the two halves together name
    `row` by its words (`5.要求行政机关确认或重新` + `出具已获取信息`)."""
    words = _OFFICIAL_WORDS.get(row, "")
    return (
        len(rest) >= _MIN_REST
        and rest in words
        and rest not in first
        and not _ROW_START.match(rest)
        and _row_named(first + rest) is row
    )


#: The numbered sub-rows of groups (三) to (六), in order.
_SUB_ROW_GROUPS = tuple(
    tuple(row for row in ApplicationRow if row.value.startswith(f"{group}."))
    for group in ("denied", "unable", "not_processed", "other")
)
_NUMBERED = re.compile(r"^(\d)[.、]")


def _next_numbered_sub_row(label: str, previous: ApplicationRow | None) -> ApplicationRow | None:
    """`N.…` right after sub-row N-1 of the same group is sub-row N, whatever its words."""
    number = _NUMBERED.match(label)
    if number is None or previous is None:
        return None
    for group in _SUB_ROW_GROUPS:
        if previous in group:
            position = group.index(previous) + 1
            if position < len(group) and int(number.group(1)) == position + 1:
                return group[position]
    return None


_ITEMS: tuple[tuple[ActiveItem, re.Pattern[str]], ...] = tuple(
    (item, re.compile(pattern))
    for item, pattern in (
        # 档案: mirrors converting to Taiwan phrasing write 文件 as 檔案
        (ActiveItem.NORMATIVE_DOCUMENTS, r"^(行政)?规范性(文件|档案)$"),
        (ActiveItem.REGULATIONS, r"^规章$"),
        (ActiveItem.ADMINISTRATIVE_LICENSING, r"^行政许可$"),
        (ActiveItem.OTHER_MANAGEMENT_SERVICES, r"^其他对外管理服务事项$"),
        (ActiveItem.ADMINISTRATIVE_PENALTY, r"^行政处罚$"),
        (ActiveItem.ADMINISTRATIVE_COERCION, r"^行政强制$"),
        (ActiveItem.ADMINISTRATIVE_FEES, r"^行政事业性收费$"),
        (ActiveItem.CENTRALIZED_PROCUREMENT, r"^政府集中采购$"),
    )
)


@memoise_text
def active_item(label: str) -> ActiveItem | None:
    """The section 二 row a label names, once its bracketed notes are gone
    (`规章(设区的市、自治州人民政府应提供相关数据)`, or a note cut off by the cell's edge)."""
    bare = _NOTE.sub("", label)
    for item, pattern in _ITEMS:
        if pattern.search(bare):
            return item
    return None


#: A bracketed note after a row label, closed or cut off.
_NOTE = re.compile(r"\([^()]*(\)|$)")


_METRICS: tuple[tuple[ActiveMetric, re.Pattern[str]], ...] = tuple(
    (metric, re.compile(pattern))
    for metric, pattern in (
        (ActiveMetric.NEWLY_MADE, r"新制作"),
        (ActiveMetric.TOTAL_PUBLISHED, r"公开总数"),
        (ActiveMetric.NEWLY_PUBLISHED, r"新公开|^公开数量$"),
        (ActiveMetric.PREVIOUS_YEAR_COUNT, r"上一?年项目"),
        (ActiveMetric.CHANGE, r"增/?减"),
        (ActiveMetric.DECISIONS, r"处理决定"),
        (ActiveMetric.PROCUREMENT_PROJECTS, r"采购项目"),
        (ActiveMetric.PROCUREMENT_AMOUNT_10K_YUAN, r"采购总?金额"),
        (ActiveMetric.ISSUED, r"制发"),
        (ActiveMetric.REPEALED, r"废止"),
        (ActiveMetric.IN_FORCE, r"现行有效"),
        (ActiveMetric.FEE_AMOUNT_10K_YUAN, r"收费金额"),
    )
)
_HEADER_UNIT = re.compile(r"单位:?(万元|元)")


@memoise_text
def active_metrics(label: str) -> tuple[ActiveMetric, ...]:
    """Every column a header cell names, in its order: one per cell, or a whole header row
    read as one cell (`信息内容本年制发件数本年废止件数现行有效件数`)."""
    found = sorted(
        (match.start(), match.end(), metric)
        for metric, pattern in _METRICS
        for match in pattern.finditer(label)
    )
    metrics: list[ActiveMetric] = []
    end = 0
    for start, stop, metric in found:
        if start >= end and metric not in metrics:
            metrics.append(metric)
            end = stop
    return tuple(metrics)


@memoise_text
def header_unit(label: str) -> str | None:
    """The money unit a column header states (`采购总金额(单位:万元)`), if any."""
    match = _HEADER_UNIT.search(label)
    return match.group(1) if match else None
