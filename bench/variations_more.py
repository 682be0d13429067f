"""More classes of the variation matrix: the sub-cases of issue 16 that `bench.variations`
does not draw.

Labels split over table rows the way PDF converters split them (the continuation of a wrapped
label on its own row, a label alone with its numbers on a bare row below), headers and labels
repeated after a page break, titles that are only a signature or say 政务信息公开, crawler
metadata rows with dates, section 四 running into the narrative, amounts in 元, pre-2019
reports whose year is only in the date line, and crawler listings as CSV or a spreadsheet.
Every builder returns the report's exact truth; the tables' truth always balances.
"""

from __future__ import annotations

import io
import random
import zipfile
from dataclasses import dataclass, replace
from datetime import date
from xml.sax.saxutils import escape

from bench.draw import Truth, draw_tables
from bench.grids import (
    Block,
    Cell,
    Grid,
    Heading,
    Row,
    Title,
    active_grid,
    application_grid,
    number,
    plain,
    review_grid,
)
from bench.layouts import _origins
from bench.variations import (
    _OLD_FILLER,
    _WRAPPED,
    PRE2019_CLOSING,
    VARIATIONS,
    Builder,
    Generated,
    _cn_date,
    _local_agency,
    _paragraphs,
    _plan,
    _provincial_agency,
    _signature,
    _templated,
    pre2019_generated,
)
from schemas.codes import ApplicationRow, Status, Template

_HEADER_ROWS = 3  # section 三's header rows (bench.grids' application header)
_LABEL_COLUMNS = 3


# Grid surgery ------------------------------------------------------------------------------


def _row_index(grid: Grid, codes: tuple[ApplicationRow, ...], code: ApplicationRow) -> int:
    return grid.header + codes.index(code)


def _label_cell(grid: Grid, r: int) -> int:
    """The position in row `r` of its own label (the last cell that starts left of the
    counts, i.e. the cell before the seven count cells)."""
    return len(grid.rows[r]) - 8


def _insert_row(grid: Grid, r: int, new: Row) -> Grid:
    """`new` inserted after row `r`; every merged cell that covers row `r` from a row above
    (or starts there spanning down) now also covers the new row, as the wrapped row it
    continues belongs to the same group."""
    origins = _origins(grid)
    grow = {
        (rr, c)
        for (rr, c), cell in origins.items()
        if rr <= r < rr + cell.rowspan and not (rr == r and cell.rowspan == 1)
    }
    rows: list[Row] = []
    for index, row in enumerate(grid.rows):
        column_of = [c for (rr, c) in sorted(origins) if rr == index]
        rows.append(
            tuple(
                replace(cell, rowspan=cell.rowspan + 1) if (index, c) in grow else cell
                for cell, c in zip(row, column_of, strict=True)
            )
        )
        if index == r:
            rows.append(new)
    shift = {b + 1 if b > r else b for b in grid.breaks}
    boundary = grid.boundary + 1 if grid.boundary is not None and grid.boundary > r else None
    return Grid(grid.name, tuple(rows), grid.header, frozenset(shift), boundary)


def _split_label(grid: Grid, r: int, first: str, second: str, kind: str, blanks: bool) -> Grid:
    """Row `r`'s label split over two table rows:

    - `continuation`: first half with the counts, the second half on its own row after them;
    - `label_first`: the first half alone on its row, the second half with the counts;
    - `bare_counts`: the whole label alone, the counts on a bare row below (the label's
      cell spans both rows).

    `blanks`: the row that holds no count writes seven empty cells (HTML tables converted
    from PDF do); without, it is a label alone."""
    row = grid.rows[r]
    at = _label_cell(grid, r)
    label, counts = row[at], row[at + 1 :]
    empty = tuple(Cell("") for _ in counts) if blanks else ()
    if kind == "continuation":
        grid = _replace_row(grid, r, (*row[:at], replace(label, text=first), *counts))
        return _insert_row(grid, r, (replace(label, text=second), *empty))
    if kind == "label_first":
        grid = _replace_row(grid, r, (*row[:at], replace(label, text=first), *empty))
        return _insert_row(grid, r, (replace(label, text=second), *counts))
    joined = first + second
    grid = _insert_row(grid, r, counts)
    spanned = replace(label, text=joined, rowspan=2)
    return _replace_row(grid, r, (*grid.rows[r][:at], spanned))


def _replace_row(grid: Grid, r: int, row: Row) -> Grid:
    return replace(grid, rows=(*grid.rows[:r], row, *grid.rows[r + 1 :]))


# The classes ------------------------------------------------------------------------------


def _label_split(rng: random.Random, kind: str) -> Generated:
    plan = _plan(rng)
    codes = plan.draw.application_rows()
    candidates = [c for c in _WRAPPED if c in codes]
    chosen = rng.sample(candidates, rng.randint(1, 2))
    blanks = rng.random() < 0.5
    grid = application_grid(plan.draw, plan.write)
    # Split from the bottom up so that row indices above stay put.
    for code in sorted(chosen, key=codes.index, reverse=True):
        first, second = _WRAPPED[code]
        grid = _split_label(grid, _row_index(grid, codes, code), first, second, kind, blanks)
    plan.tables = {
        "active_disclosure": active_grid(plan.draw, plan.write),
        "applications": grid,
        "review_litigation": review_grid(plan.draw.review, plan.write),
    }
    return _templated(rng, plan)


def label_continuation(rng: random.Random) -> Generated:
    """A wrapped row label of section 三 split over two table rows as PDF converters split
    it: its first half with the counts, its second half alone on the next row (no counts, or
    seven blank cells): that row continues the label, it is no row of its own."""
    return _label_split(rng, "continuation")


def label_first_half(rng: random.Random) -> Generated:
    """A wrapped row label's first half alone on its row (no counts, or seven blank cells),
    the second half on the next row with the counts."""
    return _label_split(rng, "label_first")


def label_bare_counts(rng: random.Random) -> Generated:
    """A row label alone on its row, its counts on a bare row below (the label's cell spans
    both): the bare row belongs to the label above."""
    return _label_split(rng, "bare_counts")


_INNER_ROWS = (
    ApplicationRow.DENIED_THIRD_PARTY_RIGHTS,
    ApplicationRow.DENIED_ENFORCEMENT_FILES,
    ApplicationRow.UNABLE_NEEDS_CREATION,
    ApplicationRow.NOT_PROCESSED_DUPLICATE,
    ApplicationRow.NOT_PROCESSED_EXCESSIVE,
)


def bare_row(rng: random.Random) -> Generated:
    """One row of section 三 inside a group whose label was lost (an image, an empty cell):
    its counts sit on a bare row between two labelled rows, so the template's skeleton
    places them (the one row missing between its neighbours); absorbed into the row above,
    every identity would still hold with wrong numbers."""
    plan = _plan(rng)
    codes = plan.draw.application_rows()
    busiest = max(_INNER_ROWS, key=lambda c: (plan.draw.applications[c][-1], rng.random()))
    grid = application_grid(plan.draw, plan.write)
    r = _row_index(grid, codes, busiest)
    at = _label_cell(grid, r)
    row = grid.rows[r]
    grid = _replace_row(grid, r, (*row[:at], replace(row[at], text=""), *row[at + 1 :]))
    plan.tables = {
        "active_disclosure": active_grid(plan.draw, plan.write),
        "applications": grid,
        "review_litigation": review_grid(plan.draw.review, plan.write),
    }
    return _templated(rng, plan)


def _repeat_header_at(grid: Grid, at: int) -> Grid:
    """A page break before row `at`, after which the table's header rows are written again
    (as converters that repeat a table's heading rows on each page do)."""
    rows = (*grid.rows[:at], *grid.rows[: grid.header], *grid.rows[at:])
    return Grid(grid.name, rows, 0, frozenset({at}), None)


def repeated_header(rng: random.Random) -> Generated:
    """A page break inside section 三 (and often 四) after which the header rows are repeated
    and the merged group labels written again (`三、本年度办理结果`, `（三）不予公开`): the
    repeated labels are no duplicate rows (today `duplicate_row`)."""
    plan = _plan(rng)
    codes = plan.draw.application_rows()
    before = rng.choice(
        (
            ApplicationRow.DENIED_INTERNAL_AFFAIRS,
            ApplicationRow.UNABLE_NEEDS_CREATION,
            ApplicationRow.NOT_PROCESSED_DUPLICATE,
            ApplicationRow.UNABLE_NOT_HELD,
        )
    )
    applications = application_grid(plan.draw, plan.write, breaks=[before], repeat_labels=True)
    applications = _repeat_header_at(applications, _row_index(applications, codes, before))
    review = review_grid(plan.draw.review, plan.write)
    if rng.random() < 0.5:
        review = _repeat_header_at(review, review.header)
    plan.tables = {
        "active_disclosure": active_grid(plan.draw, plan.write),
        "applications": applications,
        "review_litigation": review,
    }
    return _templated(rng, plan)


def title_more(rng: random.Random) -> Generated:
    """Titles the other classes do not write: none at all (the agency only in the signature,
    the year only in the statistics period), `政务信息公开` or `政务公开` instead of
    `政府信息公开`, the year in brackets, the year on a first title line of its own."""
    plan = _plan(rng)
    agency, year = plan.agency, plan.year
    titles: list[list[Block]] = [
        [],
        [],
        [Title(f"{agency}{year}年政务信息公开年度报告")],
        [Title(f"{agency}{year}年度政务公开工作年度报告")],
        [Title(f"{agency}政府信息公开工作年度报告（{year}年度）")],
        [Title(f"{year}年度"), Title(f"{agency}政府信息公开工作年度报告")],
    ]
    plan.title = rng.choice(titles)
    plan.sign_agency = True
    return _templated(rng, plan)


def _crawler_fields(rng: random.Random, title: str, day: date) -> list[Block]:
    """A crawler's field block above the page text: `公开日期: | 2021-01-27` and the like."""
    name = rng.choice(("公开日期", "发布日期", "发布时间", "成文日期"))
    clock = rng.choice(("", " 09:30:12", " 16:05")) if name == "发布时间" else ""
    stamp = day.isoformat() + clock
    fields: list[Block] = [
        f"索引号: | 0{rng.randint(10000000, 99999999)}/{day.year}-{rng.randint(10, 999):05d}",
        f"标题: | {title}",
        f"{name}: | {stamp}",
        f"来源: | {rng.choice(('本站', '办公室', '政务公开科'))}",
    ]
    return fields[rng.randint(0, 1) :]


def crawler_metadata(rng: random.Random) -> Generated:
    """A templated report saved by a crawler with its field block (`公开日期: | 2021-01-27`)
    above the title; some state no signature date, so the field's date is the only one."""
    plan = _plan(rng)
    agency, year = plan.agency, plan.year
    title = f"{agency}{year}年政府信息公开工作年度报告"
    crawled = date(year + 1, rng.randint(1, 3), rng.randint(10, 28))
    plan.title = [*_crawler_fields(rng, title, crawled), Title(title)]
    plan.dated = rng.random() < 0.5
    generated = _templated(rng, plan)
    truth = generated.truth
    published = (*truth.published, crawled)
    return replace(generated, truth=replace(truth, published=published))


def review_runs_on(rng: random.Random) -> Generated:
    """Section 四 with cases, the 五 heading missing: its table runs straight into the
    narrative on problems and improvements, which is no part of the table, though it holds
    numbers (`2023年，…`, `1.公开内容…`, `2.…`)."""
    plan = _plan(rng)
    review = dict(plan.draw.review)
    if not review["review_total"]:
        review |= {"review_upheld": 1, "review_total": 1}
    plan.draw = replace(plan.draw, review=review)
    plan.drop_heading = 4
    generated = _templated(rng, plan)
    after = rng.choice(
        (
            [
                f"{plan.year}年，我单位政府信息公开工作取得了一定成效，但仍存在一些问题：",
                "1.主动公开的广度和深度有待加强。",
                "2.政策解读形式较为单一。",
            ],
            [f"{plan.year}年度政府信息公开工作虽取得一定成效，但与群众期待还有差距。"],
            [],
        )
    )
    blocks = list(generated.blocks)
    at = next(
        i for i, b in enumerate(blocks) if isinstance(b, Grid) and b.name == "review_litigation"
    )
    blocks[at + 1 : at + 1] = after
    return replace(generated, blocks=blocks)


def old_template(rng: random.Random) -> Generated:
    """A 2021 or 2022 report filled in the t2019 tables (the 2019 notice's form kept after
    the 2021 one): the tables say t2019, and their cells are t2019's."""
    plan = _plan(rng)
    year = rng.randint(2021, 2022)
    plan = replace(plan, year=year, draw=draw_tables(rng, Template.T2019))
    return _templated(rng, plan)


#: Header cells as converters cut or wrap them: cut at the cell's width (`本年新 | 本年新`),
#: or wrapped inside the cell and joined with a space (`商业 企业`).
_HEADER_CUTS = {
    "本年新制作数量": "本年新",
    "本年新公开数量": "本年新",
    "上一年项目数量": "上一年项目 数量",
    "本年制发件数": "本年制发 件数",
    "本年废止件数": "本年废止 件数",
    "现行有效件数": "现行有效 件数",
    "本年处理决定数量": "本年处理决 定数量",
    "商业企业": "商业 企业",
    "科研机构": "科研 机构",
    "社会公益组织": "社会公益 组织",
    "法律服务机构": "法律服务 机构",
    "结果维持": "结果 维持",
    "结果纠正": "结果 纠正",
}


def cut_headers(rng: random.Random) -> Generated:
    """Column headers cut at the cell's width (`本年新 | 本年新 | 对外公开总数量`, as a
    real 2020 report writes section 二) or wrapped and joined by a space (`商业 企业`):
    the columns are still the template's."""
    plan = _plan(rng)

    def cut(grid: Grid) -> Grid:
        rows = grid.rows[: grid.header] if grid.header else ()
        body = grid.rows[grid.header :] if grid.header else grid.rows
        rename = {k: v for k, v in _HEADER_CUTS.items() if rng.random() < 0.8}

        def head(row: Row) -> Row:
            return tuple(replace(c, text=rename.get(c.text, c.text)) for c in row)

        if grid.header:
            return replace(grid, rows=(*map(head, rows), *body))
        return replace(
            grid, rows=tuple(head(r) if r[0].text == "信息内容" else r for r in grid.rows)
        )

    plan.tables = {
        "active_disclosure": cut(active_grid(plan.draw, plan.write)),
        "applications": cut(application_grid(plan.draw, plan.write)),
        "review_litigation": cut(review_grid(plan.draw.review, plan.write)),
    }
    return _templated(rng, plan)


def amounts_in_yuan(rng: random.Random) -> Generated:
    """Amounts of section 二 in 元 rather than 万元: a t2019 report (2019, 2020) whose 政府集中采购
    header says `（单位：元）` and whose cells are in 元, or cells carrying their unit
    (`316万元`, `125000元`); t2021 fee amounts likewise. The lake stores 万元."""
    plan = _plan(rng)
    amounts = ("procurement_amount_10k_yuan", "fee_amount_10k_yuan")
    active = dict(plan.draw.active)
    for key in active:
        if key[1] in amounts and not active[key]:
            active[key] = rng.choice((12.5, 316.0, 4166.24, 0.35))
    plan.draw = replace(plan.draw, active=active)
    style = rng.choice(("header", "cell_yuan", "cell_10k"))

    def write(metric: str, value: float) -> str:
        if metric not in amounts:
            return plain(metric, value)
        if style == "header":
            return number(round(value * 10000, 2))
        if style == "cell_yuan":
            return f"{number(round(value * 10000, 2))}元"
        return f"{number(value)}万元"

    grid = active_grid(plan.draw, write)
    if style == "header":
        grid = replace(
            grid,
            rows=tuple(
                tuple(replace(c, text=c.text.replace("单位：万元", "单位：元")) for c in row)
                for row in grid.rows
            ),
        )
    plan.tables = {
        "active_disclosure": grid,
        "applications": application_grid(plan.draw),
        "review_litigation": review_grid(plan.draw.review),
    }
    return _templated(rng, plan)


def pre2019_date_line(rng: random.Random) -> Generated:
    """A pre-2019 report whose title and body name no year (`本年度`, `今年以来`): the year it
    covers is the one before its signature date (reports are signed in the first quarter)."""
    year = rng.randint(2009, 2018)
    agency = _provincial_agency(rng) if rng.random() < 0.5 else _local_agency(rng)
    proactive = rng.randint(30, 3000)
    signed = _signature(rng, year)
    blocks: list[Block] = [
        Title(f"{agency}政府信息公开工作年度报告"),
        "根据《中华人民共和国政府信息公开条例》规定，现将本年度政府信息公开工作情况报告如下：",
        Heading("一、概述"),
        *_paragraphs(rng, 2, _OLD_FILLER),
        Heading("二、主动公开政府信息情况"),
        f"今年以来，共主动公开政府信息{proactive}条。{_paragraphs(rng, 1, _OLD_FILLER)[0]}",
        Heading("三、依申请公开政府信息情况"),
        "本年度没有受理信息公开申请。",
        *PRE2019_CLOSING,
        agency,
        _cn_date(signed),
    ]
    return pre2019_generated(blocks, year, agency, signed, proactive, 0)


def glued_cells(rng: random.Random) -> Generated:
    """Section 二 flattened with no separator at all, cells glued to their label and to each
    other (`规章000`, `行政规范性文件1123`): which digits make which cell cannot be known,
    so the table is quarantined while sections 三 and 四 publish."""
    plan = _plan(rng)
    grid = active_grid(plan.draw, plan.write)
    rows = tuple((Cell("".join(c.text for c in row)),) for row in grid.rows)
    plan.tables = {
        "active_disclosure": Grid(grid.name, rows),
        "applications": application_grid(plan.draw, plan.write),
        "review_litigation": review_grid(plan.draw.review, plan.write),
    }
    plan.quarantined = frozenset({"active_disclosure"})
    return _templated(rng, plan)


def narrative_more(rng: random.Random) -> Generated:
    """Narrative figures beyond `narrative_figures`: thousands separators (`1,234条`), the
    words 不公开/不予公开 in a sentence whose only figure is another metric, figures of other
    things (`政务微博发布信息356条`, `100余件`), `未收到…提出的政府信息公开申请`,
    `未发生因政府信息公开引起的行政复议和行政诉讼`, `收取信息处理费0元`."""
    plan = _plan(rng)
    draw, year = plan.draw, plan.year
    received = draw.applications[ApplicationRow.RECEIVED][-1]
    reviews = draw.review["review_total"]
    suits = draw.review["suit_direct_total"] + draw.review["suit_after_review_total"]
    proactive = rng.randint(1000, 12000)
    figures: dict[str, float] = {"proactive_disclosures": proactive}
    sentences = [
        rng.choice(
            (
                f"全年共主动公开各类政府信息{proactive:,}条。",
                "坚持“以公开为常态、不公开为例外”，对拟不予公开的信息严格审查，"
                f"全年主动公开政府信息{proactive}条。",
                f"全年通过门户网站、公告栏等渠道主动发布政府信息共计{proactive}条"
                "（不同渠道发布的同一信息计为1条）。",
            )
        ),
        rng.choice(
            (
                f"政务微博、微信公众号发布信息{rng.randint(100, 900)}条。",
                f"办理群众来信来访{rng.randint(1, 20) * 10}余件。",
                "对依法不予公开的申请，均书面告知申请人理由和依据。",
            )
        ),
    ]
    if received == 0:
        sentences.append(
            rng.choice(
                (
                    "年内未收到公民、法人或其他组织提出的政府信息公开申请。",
                    "全年没有收到政府信息公开申请。",
                )
            )
        )
    else:
        sentences.append(f"全年共受理政府信息公开申请{received}件，均在法定期限内答复。")
    figures["applications_received"] = received
    if reviews == 0 and suits == 0:
        sentences.append(
            rng.choice(
                (
                    "本年度未发生因政府信息公开引起的行政复议和行政诉讼。",
                    "全年政府信息公开行政复议0件，行政诉讼0件。",
                )
            )
        )
        figures |= {"administrative_reviews": 0, "lawsuits": 0}
    else:
        sentences.append(f"全年政府信息公开行政复议{reviews}件，行政诉讼{suits}件。")
        figures |= {"administrative_reviews": reviews, "lawsuits": suits}
    plan.narrative = ([f"{year}年，{''.join(sentences)}"], figures)
    nothing: dict[str, float] = {"processing_fee_yuan": 0}
    fee = rng.choice(("全年收取信息处理费0元。", "本年度未收取信息处理费。"))
    plan.fee_sentence = (fee, nothing)
    return _templated(rng, plan)


@dataclass(frozen=True)
class Raw(Generated):
    """An object whose bytes are fixed whatever the layout (a spreadsheet)."""

    data: bytes = b""
    extension: str = "bin"


def _listing_rows(rng: random.Random) -> list[tuple[str, str, str]]:
    agency = _local_agency(rng)
    year = rng.randint(2014, 2024)
    return [
        (
            f"{agency}{y}年政府信息公开工作年度报告",
            f"http://www.example.gov.cn/xxgk/ndbg/{y + 1}01/"
            f"t{y + 1}01{rng.randint(10, 28)}_{i}.html",
            f"{y + 1}-0{rng.randint(1, 3)}-{rng.randint(10, 28)}",
        )
        for i, y in enumerate(range(year - rng.randint(3, 7), year + 1))
    ]


def crawler_listing(rng: random.Random) -> Generated:
    """A crawler's metadata of report pages filed with the reports, as CSV (quoted, with or
    without a header) or as an XLSX spreadsheet: not a report, rejected."""
    rows = _listing_rows(rng)
    rejected = Truth(status=Status.REJECTED, template=Template.UNKNOWN, year=0)
    if rng.random() < 0.5:
        header = ["title,url,date"] if rng.random() < 0.5 else ["标题,链接,发布日期"]
        lines = [f'"{t}",{u},{d}' for t, u, d in rows]
        if rng.random() < 0.5:
            lines = header + lines
        return Generated(list(lines), rejected)
    return Raw([], rejected, data=_xlsx([("标题", "链接", "发布日期"), *rows]), extension="xlsx")


def _xlsx(rows: list[tuple[str, ...]]) -> bytes:
    """A minimal Office Open XML workbook of one sheet of inline strings."""

    def column(i: int) -> str:
        return "ABCDEFGHIJ"[i]

    sheet_rows = "".join(
        f'<row r="{r + 1}">'
        + "".join(
            f'<c r="{column(c)}{r + 1}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
            for c, v in enumerate(row)
        )
        + "</row>"
        for r, row in enumerate(rows)
    )
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}">'
            f'<Relationship Id="rId1" Type="{rels}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" '
            f'xmlns:r="{rels}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}">'
            f'<Relationship Id="rId1" Type="{rels}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}">'
            f"<sheetData>{sheet_rows}</sheetData></worksheet>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


MORE_VARIATIONS: dict[str, Builder] = {
    "label_continuation": label_continuation,
    "label_first_half": label_first_half,
    "label_bare_counts": label_bare_counts,
    "bare_row": bare_row,
    "repeated_header": repeated_header,
    "title_more": title_more,
    "crawler_metadata": crawler_metadata,
    "review_runs_on": review_runs_on,
    "amounts_in_yuan": amounts_in_yuan,
    "pre2019_date_line": pre2019_date_line,
    "crawler_listing": crawler_listing,
    "glued_cells": glued_cells,
    "old_template": old_template,
    "cut_headers": cut_headers,
    "narrative_more": narrative_more,
}
VARIATIONS.update(MORE_VARIATIONS)
