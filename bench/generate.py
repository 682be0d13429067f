"""Realistic synthetic reports for the benchmark, generated one at a time from a seed.

Each report is written from numbers drawn first (so the truth is known), in the shapes the
dev corpus shows: `|` table rows (DOCX/crawler text), one cell per line and double-spaced
(CMS pages copied as text), cells separated by spaces (a PDF's text layer), HTML tables, the
t2019 and t2021 templates and pre-2019 narratives, in UTF-8, GB18030 or traditional script. A
few per hundred are faults: a table that does not add up (quarantined), a letter that is not
a report, binary junk, an empty object (rejected). Generation streams: nothing is kept, so a
300,000-report corpus costs no more memory than a small one.
"""

from __future__ import annotations

import html
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

import opencc

from bench.draw import Truth
from bench.layouts import ENCODINGS, HTML_LAYOUTS, LAYOUTS, render
from bench.variations import FILLER, PROBLEMS, VARIATIONS
from bench.variations_more import Raw
from tests.support.variants import double_spaced, one_cell_per_line, space_separated

PLACES: tuple[str, ...] = (
    *("嵊州市", "平潭县", "益阳市", "淮安市洪泽区", "杭州市滨江区", "绍兴市越城区", "长沙县"),
    *("宁波市鄞州区", "福州市鼓楼区", "南京市江宁区", "成都市武侯区", "黄石市", "宜昌市"),
)
AGENCIES: tuple[str, ...] = (
    *("人民政府", "人民政府办公室", "商务局", "财政局", "教育局", "卫生健康局"),
    *("市场监督管理局", "自然资源和规划局", "交通运输局", "行政审批服务局"),
)
APPLICANTS = 6  # natural person, four kinds of organisation, other

#: Row labels of section 三 and the row codes the parser gives them, in table order; a label
#: after `|` shares its row with the group label before it (the first row of the group).
_APPLICATION_ROWS_2021 = (
    ("一、本年新收政府信息公开申请数量", "received"),
    ("二、上年结转政府信息公开申请数量", "carried_over"),
    ("三、本年度办理结果 | （一）予以公开", "granted"),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partially_granted"),
    ("（三）不予公开 | 1.属于国家秘密", "denied.state_secret"),
    ("2.其他法律行政法规禁止公开", "denied.prohibited_by_law"),
    ("3.危及“三安全一稳定”", "denied.three_securities_one_stability"),
    ("4.保护第三方合法权益", "denied.third_party_rights"),
    ("5.属于三类内部事务信息", "denied.internal_affairs"),
    ("6.属于四类过程性信息", "denied.process_information"),
    ("7.属于行政执法案卷", "denied.enforcement_files"),
    ("8.属于行政查询事项", "denied.administrative_query"),
    ("（四）无法提供 | 1.本机关不掌握相关政府信息", "unable.not_held"),
    ("2.没有现成信息需要另行制作", "unable.needs_creation"),
    ("3.补正后申请内容仍不明确", "unable.unclear_after_correction"),
    ("（五）不予处理 | 1.信访举报投诉类申请", "not_processed.petition"),
    ("2.重复申请", "not_processed.duplicate"),
    ("3.要求提供公开出版物", "not_processed.publication"),
    ("4.无正当理由大量反复申请", "not_processed.excessive"),
    ("5.要求行政机关确认或重新出具已获取信息", "not_processed.confirmation"),
    (
        "（六）其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "other.overdue_correction",
    ),
    (
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "other.unpaid_fee",
    ),
    ("3.其他", "other.other"),
    ("（七）总计", "total_processed"),
    ("四、结转下年度继续办理", "carried_forward"),
)
#: t2019 has the same rows but one `（六）其他处理` row instead of its three sub-rows.
_APPLICATION_ROWS_2019 = (
    *_APPLICATION_ROWS_2021[:20],
    ("（六）其他处理", "other"),
    *_APPLICATION_ROWS_2021[-2:],
)

_OUTCOMES_2021 = tuple(code for _, code in _APPLICATION_ROWS_2021[2:-2])
_OUTCOMES_2019 = tuple(code for _, code in _APPLICATION_ROWS_2019[2:-2])

_APPLICANT_HEADER = (
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |",
    "自然人 | 法人或其他组织 | 总计 |",
    "商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |",
)
_REVIEW_HEADER = (
    "行政复议 | 行政诉讼 |",
    "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |",
    "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 "
    "| 总计 |",
)


@dataclass(frozen=True)
class Report:
    """One generated object: its key, bytes, and what the pipeline must make of it."""

    key: str
    data: bytes
    shape: str
    expected_status: str
    year: int
    applications: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: For the variation matrix: what the pipeline must make of it, and its classes
    #: (the variation, `layout:…` and `encoding:…`).
    truth: Truth | None = None
    classes: tuple[str, ...] = ()


def generate(count: int, seed: int = 0, prefix: str = "raw") -> Iterator[Report]:
    """`count` reports, deterministic for a seed, one at a time; keys are `{prefix}/{year}/…`."""
    for index in range(count):
        yield report(index, seed, prefix)


def report(index: int, seed: int = 0, prefix: str = "raw") -> Report:
    """The `index`-th report of a seed's corpus (independent of the others, so shards of a
    corpus can be generated in parallel)."""
    rng = random.Random(f"{seed}:{index}")
    roll = rng.random()
    if roll < 0.01:
        return _junk(rng, index, prefix)
    if roll < 0.02:
        return _letter(rng, index, prefix)
    if roll < 0.15:
        return _pre2019(rng, index, prefix)
    return _templated(rng, index, prefix, unbalanced=roll < 0.18)


def matrix(count: int, seed: int = 0, prefix: str = "matrix") -> Iterator[Report]:
    """`count` reports of the variation matrix: every class crossed with every layout (the
    first `len(VARIATIONS) × len(LAYOUTS)` reports hold each pair once), encodings drawn."""
    for index in range(count):
        yield matrix_report(index, seed, prefix)


def matrix_report(index: int, seed: int = 0, prefix: str = "matrix") -> Report:
    """The `index`-th report of a seed's matrix, with its truth."""
    names = list(VARIATIONS)
    variation = names[index % len(names)]
    layout = LAYOUTS[(index // len(names)) % len(LAYOUTS)]
    rng = random.Random(f"matrix:{seed}:{index}")
    encoding = rng.choices(ENCODINGS, (2, 1, 1))[0]
    generated = VARIATIONS[variation](rng)
    data = render(generated.blocks, layout, encoding, generated.page)
    truth = generated.truth
    extension = (
        "html" if layout in HTML_LAYOUTS else "md" if layout.startswith("markdown") else "txt"
    )
    if isinstance(generated, Raw):  # a spreadsheet: the same bytes in every layout
        data, extension = generated.data, generated.extension
    name = generated.agency or "object"
    folder = truth.year or "unknown"
    return Report(
        key=f"{prefix}/{folder}/{index:08d}_{name}.{extension}",
        data=data,
        shape=f"{variation}-{layout}-{encoding}",
        expected_status=truth.status,
        year=truth.year,
        applications=dict(truth.applications),
        truth=truth,
        classes=(variation, f"layout:{layout}", f"encoding:{encoding}"),
    )


def _agency(rng: random.Random) -> str:
    return rng.choice(PLACES) + rng.choice(AGENCIES)


def _key(prefix: str, year: int, index: int, agency: str, extension: str) -> str:
    return f"{prefix}/{year}/{index:08d}_{agency}.{extension}"


def _templated(rng: random.Random, index: int, prefix: str, *, unbalanced: bool) -> Report:
    year = rng.randint(2019, 2024)
    agency = _agency(rng)
    rows = _APPLICATION_ROWS_2021 if year >= 2021 else _APPLICATION_ROWS_2019
    applications = _application_numbers(rng, _OUTCOMES_2021 if year >= 2021 else _OUTCOMES_2019)
    if unbalanced:  # a typo in one cell: the row no longer adds up to its total
        code = rng.choice(list(applications))
        values = list(applications[code])
        values[0] += rng.randint(1, 9)
        applications[code] = tuple(values)
    proactive = rng.randint(50, 5000)
    lines = [
        f"{agency}{year}年政府信息公开工作年度报告",
        f"发布时间：{year + 1}-0{rng.randint(1, 3)}-{rng.randint(10, 28)}",
        f"本报告根据《中华人民共和国政府信息公开条例》要求编制。本报告所列数据统计期限自{year}年1月1日"
        f"起至{year}年12月31日止。",
        "一、总体情况",
        f"{year}年，{agency}主动公开政府信息{proactive}条，"
        f"受理政府信息公开申请{applications['received'][-1]}件。",
        *_paragraphs(rng, 4),
        "二、主动公开政府信息情况",
        *_active_rows(rng, year),
        "三、收到和处理政府信息公开申请情况",
        *_APPLICANT_HEADER,
        *(f"{label} | {_cells(applications[code])}" for label, code in rows),
        "四、政府信息公开行政复议、行政诉讼情况",
        *_REVIEW_HEADER,
        _cells(_review_numbers(rng)),
        "五、存在的主要问题及改进情况",
        *PROBLEMS,
        "六、其他需要报告的事项",
        f"本年度未收取信息处理费。{_paragraphs(rng, 1)[0]}",
        agency,
        f"{year + 1}年1月{rng.randint(10, 28)}日",
    ]
    shape, data = _render(rng, "\n".join(lines) + "\n", f"{agency}{year}年政府信息公开工作年度报告")
    return Report(
        key=_key(prefix, year, index, agency, "html" if shape == "html" else "txt"),
        data=data,
        shape=f"t{2021 if year >= 2021 else 2019}-{shape}",
        expected_status="quarantined" if unbalanced else "valid",
        year=year,
        applications=applications,
    )


def _application_numbers(
    rng: random.Random, outcomes: tuple[str, ...]
) -> dict[str, tuple[int, ...]]:
    """Section 三 by applicant column, balanced the way the table's own rules require."""
    columns: list[dict[str, int]] = []
    for column in range(APPLICANTS):
        busy = column == 0 or rng.random() < 0.3
        counts = {code: rng.choice((0, 0, 0, 1, 2, 5, 17)) if busy else 0 for code in outcomes}
        processed = sum(counts.values())
        forward = rng.randint(0, 3) if busy else 0
        carried = rng.randint(0, min(processed + forward, 3))
        counts |= {
            "received": processed + forward - carried,
            "carried_over": carried,
            "total_processed": processed,
            "carried_forward": forward,
        }
        columns.append(counts)
    return {
        code: (*(c[code] for c in columns), sum(c[code] for c in columns)) for code in columns[0]
    }


def _review_numbers(rng: random.Random) -> tuple[int, ...]:
    cells: list[int] = []
    for _ in range(3):  # review, suit direct, suit after review: four outcomes and the total
        outcomes = [rng.choice((0, 0, 0, 1, 2)) for _ in range(4)]
        cells += [*outcomes, sum(outcomes)]
    return tuple(cells)


def _active_rows(rng: random.Random, year: int) -> list[str]:
    def n() -> int:
        return rng.choice((0, 0, 1, 3, 12, 86, 1520))

    if year >= 2021:
        return [
            "第二十条第（一）项 |",
            "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
            f"规章 | {n()} | {n()} | {n()} |",
            f"行政规范性文件 | {n()} | {n()} | {n()} |",
            "第二十条第（五）项 |",
            "信息内容 | 本年处理决定数量 |",
            f"行政许可 | {n()} |",
            "第二十条第（六）项 |",
            "信息内容 | 本年处理决定数量 |",
            f"行政处罚 | {n()} |",
            f"行政强制 | {n()} |",
            "第二十条第（八）项 |",
            "信息内容 | 本年收费金额（单位：万元） |",
            f"行政事业性收费 | {rng.randint(0, 9000)} |",
        ]
    return [
        "第二十条第（一）项 |",
        "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |",
        f"规章 | {n()} | {n()} | {n()} |",
        f"规范性文件 | {n()} | {n()} | {n()} |",
        "第二十条第（五）项 |",
        "信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |",
        f"行政许可 | {n()} | {rng.randint(-5, 5)} | {n()} |",
        f"其他对外管理服务事项 | {n()} | 0 | {n()} |",
        "第二十条第（六）项 |",
        "信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |",
        f"行政处罚 | {n()} | 0 | {n()} |",
        f"行政强制 | {n()} | 0 | {n()} |",
        "第二十条第（八）项 |",
        "信息内容 | 上一年项目数量 | 本年增/减 |",
        f"行政事业性收费 | {n()} | 0 |",
        "第二十条第（九）项 |",
        "信息内容 | 采购项目数量 | 采购总金额（单位：万元） |",
        f"政府集中采购 | {n()} | {rng.randint(0, 90000)} |",
    ]


def _cells(values: tuple[int, ...]) -> str:
    return " | ".join(str(v) for v in values) + " |"


def _paragraphs(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.sample(FILLER, 4)) for _ in range(count)]


def _render(rng: random.Random, text: str, title: str) -> tuple[str, bytes]:
    """The canonical `|` text in one of the shapes and encodings reports are crawled in."""
    shape = rng.choices(
        ("pipe", "one_cell_per_line", "double_spaced", "pdf_text", "html"), (3, 2, 1, 2, 3)
    )[0]
    if shape == "html":
        return shape, _html(text, title).encode("utf-8")
    encoding = rng.choices(("utf-8", "gb18030", "traditional"), (8, 2, 1))[0]
    if encoding == "traditional":
        text = _s2t().convert(text)
    rendered = {
        "pipe": lambda t: t.encode("utf-8"),
        "one_cell_per_line": one_cell_per_line,
        "double_spaced": double_spaced,
        "pdf_text": space_separated,
    }[shape](text)
    if encoding == "gb18030":
        rendered = rendered.decode("utf-8").encode("gb18030")
    return f"{shape}-{encoding}", rendered


def _html(text: str, title: str) -> str:
    """A CMS page: site chrome, then the report with each `|` row as a table row."""
    body: list[str] = []
    table: list[str] = []
    for line in text.split("\n"):
        if "|" in line:
            cells = [c.strip() for c in line.split("|")]
            cells = cells[:-1] if cells[-1] == "" else cells
            table.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
            continue
        if table:
            body.append("<table border='1'>" + "".join(table) + "</table>")
            table = []
        if line:
            body.append(f"<p>{html.escape(line)}</p>")
    nav = "".join(f"<li><a href='/n{i}'>栏目{i}</a></li>" for i in range(12))
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"</head><body><div class='nav'><ul>{nav}</ul></div><div class='article'>"
        f"{''.join(body)}</div><div class='footer'>主办单位：{html.escape(title[:6])}</div>"
        "</body></html>"
    )


def _pre2019(rng: random.Random, index: int, prefix: str) -> Report:
    year = rng.randint(2009, 2018)
    agency = _agency(rng)
    received = rng.randint(0, 80)
    text = "\n".join(
        [
            f"{agency}{year}年政府信息公开工作年度报告",
            f"本报告根据《中华人民共和国政府信息公开条例》编制，所列数据统计期限自{year}年1月1日"
            f"起至{year}年12月31日止。",
            "一、概述",
            *_paragraphs(rng, 3),
            "二、主动公开政府信息情况",
            f"{year}年，共主动公开政府信息{rng.randint(30, 3000)}条。{_paragraphs(rng, 1)[0]}",
            "三、依申请公开政府信息情况",
            f"{year}年，共受理政府信息公开申请{received}件，均已按期答复。",
            "四、政府信息公开的收费及减免情况",
            "本年度未收取任何费用。",
            "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
            "本年度未发生因政府信息公开申请行政复议、提起行政诉讼的情况。",
            "六、存在的主要问题和改进措施",
            *PROBLEMS,
            agency,
        ]
    )
    data = text.encode(rng.choice(("utf-8", "utf-8", "gb18030")))
    return Report(_key(prefix, year, index, agency, "txt"), data, "pre2019-text", "valid", year)


def _letter(rng: random.Random, index: int, prefix: str) -> Report:
    year = rng.randint(2012, 2024)
    agency = _agency(rng)
    text = "\n".join(
        [
            f"{agency}关于政府信息公开申请的答复函",
            "申请人：",
            f"你于{year}年3月{rng.randint(1, 28)}日提出的政府信息公开申请收悉。经查，" * 3,
            *_paragraphs(rng, 2),
            agency,
        ]
    )
    return Report(
        _key(prefix, year, index, agency, "txt"), text.encode(), "letter", "rejected", year
    )


def _junk(rng: random.Random, index: int, prefix: str) -> Report:
    size = rng.choice((0, 512, 4096))
    data = bytes(rng.getrandbits(8) for _ in range(size))
    return Report(f"{prefix}/unknown/{index:08d}.bin", data, "junk", "rejected", 0)


@cache
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")
