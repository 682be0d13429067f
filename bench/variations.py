"""The variation matrix: every class of report that readers meet, as a switch of the generator.

Each class (`VARIATIONS`) builds one report's blocks and its `Truth` from numbers drawn first;
`bench.layouts` then writes the blocks in any layout and encoding, so every class is crossed
with every layout and encoding. The wordings follow the official templates and real reports
(titles, outlines, narrative figures, zero spellings, agencies of provincial departments).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from bench.draw import Draw, Truth, draw_tables, identity_failures
from bench.grids import (
    Block,
    Grid,
    Heading,
    Title,
    Writer,
    active_grid,
    application_grid,
    plain,
    review_grid,
)
from bench.layouts import Page
from schemas.codes import ApplicationRow, Status, Template

PLACES: tuple[str, ...] = (
    *("嵊州市", "平潭县", "益阳市", "淮安市洪泽区", "杭州市滨江区", "绍兴市越城区", "长沙县"),
    *("宁波市鄞州区", "福州市鼓楼区", "南京市江宁区", "成都市武侯区", "黄石市", "宜昌市"),
)
AGENCIES: tuple[str, ...] = (
    *("人民政府", "人民政府办公室", "商务局", "财政局", "教育局", "卫生健康局"),
    *("市场监督管理局", "自然资源和规划局", "交通运输局", "行政审批服务局"),
)
PROVINCES = ("浙江省", "福建省", "湖南省", "江苏省", "湖北省", "四川省", "广东省", "安徽省")
DEPARTMENTS = (
    *("工业和信息化厅", "商务厅", "自然资源厅", "交通运输厅", "住房和城乡建设厅", "民政厅"),
    *("卫生健康委员会", "市场监督管理局", "农业农村厅", "生态环境厅", "人力资源和社会保障厅"),
)
ZERO_SPELLINGS = ("", "/", "／", "—", "－", "-", "无", "空", "——")

FILLER = (
    "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署。",
    "围绕中心工作，以完善信息公开制度、推进公开平台建设为抓手，推动政务公开工作提质增效。",
    "严格执行“分级审核、先审后发”程序，从严把好政治关、法律关、政策关、保密关、文字关。",
    "加强政府网站和政务新媒体日常管理，运用第三方检测平台实行常态化监测，及时整改发现的问题。",
    "按照“谁起草、谁解读”原则，落实政策性文件起草与政策解读同步组织、同步审签、同步发布。",
    "畅通依申请公开渠道，规范受理、交办、答复等环节，确保在法定期限内答复申请人。",
    "将政府信息公开工作纳入年度绩效考核，定期通报，督促各科室落实工作责任。",
)
#: Narrative of older reports (before 2017 the wording was that of the 2008 条例's first years).
_OLD_FILLER = (
    "认真贯彻落实《中华人民共和国政府信息公开条例》，把政府信息公开作为推进依法行政的重要举措。",
    "进一步健全政府信息公开工作机制，明确分管领导和具体工作人员，做到责任到人。",
    "依托门户网站、政府公报、新闻发布会等载体，及时公开群众关注的政府信息。",
    "完善政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”原则。",
    "在办事大厅设立政府信息公开查阅点，方便公民、法人和其他组织查阅。",
)
PROBLEMS = (
    "政务公开工作仍存在一些不足：公开内容不够全面，政策解读形式较为单一，工作人员业务水平有待提高。",
    "下一步，我们将进一步加强培训，丰富解读形式，提升公开质量和实效。",
)
_HEADINGS = (
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
)
_HEADING_VARIANTS = (
    "概述",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
    "政府信息公开工作存在的主要问题及改进措施",
    "其他需要报告的事项",
)
_NUMERALS = "一二三四五六"


@dataclass(frozen=True)
class Generated:
    """One report's blocks, its truth, and how its page footers read."""

    blocks: list[Block]
    truth: Truth
    page: Page = field(default_factory=Page)
    agency: str = ""


Builder = Callable[[random.Random], Generated]


def _paragraphs(rng: random.Random, count: int, filler: tuple[str, ...] = FILLER) -> list[str]:
    return ["".join(rng.sample(filler, 3)) for _ in range(count)]


def _local_agency(rng: random.Random) -> str:
    return rng.choice(PLACES) + rng.choice(AGENCIES)


def _provincial_agency(rng: random.Random) -> str:
    return rng.choice(PROVINCES) + rng.choice(DEPARTMENTS)


def _template(year: int) -> Template:
    return Template.T2021 if year >= 2021 else Template.T2019


def _signature(rng: random.Random, year: int) -> date:
    return date(year + 1, rng.randint(1, 3), rng.randint(10, 28))


def _cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass
class _Plan:
    """The choices of one templated report; each class changes some of them."""

    year: int
    agency: str
    draw: Draw
    write: Writer = plain
    title: list[Block] | None = None
    headings: tuple[str, ...] = tuple(
        f"{n}、{h}" for n, h in zip(_NUMERALS, _HEADINGS, strict=True)
    )
    drop_heading: int | None = None
    tables: dict[str, Grid | None] | None = None
    quarantined: frozenset[str] = frozenset()
    missing: frozenset[str] = frozenset()
    narrative: tuple[list[str], dict[str, float]] | None = None
    fee_sentence: tuple[str, dict[str, float]] = (
        "本年度未收取信息处理费。",
        {"processing_fee_yuan": 0},
    )
    sign_agency: bool = True
    dated: bool = True
    page: Page = field(default_factory=Page)


def _plan(rng: random.Random, agency: str | None = None) -> _Plan:
    year = rng.randint(2019, 2024)
    draw = draw_tables(rng, _template(year))
    return _Plan(year, agency or _local_agency(rng), draw)


def _blank_zeros(rng: random.Random, spellings: tuple[str, ...], share: float) -> Writer:
    """Zeros written as one of `spellings` (a blank, `/` …) in about `share` of the cells."""

    def write(metric: str, value: float) -> str:
        if value == 0 and metric != "change" and rng.random() < share:
            return rng.choice(spellings)
        return plain(metric, value)

    return write


def _templated(rng: random.Random, plan: _Plan) -> Generated:
    year, agency, draw = plan.year, plan.agency, plan.draw
    received = draw.applications[ApplicationRow.RECEIVED][-1]
    proactive = rng.randint(50, 5000)
    narrative, headline = plan.narrative or (
        [
            f"{year}年，{agency}主动公开政府信息{proactive}条，"
            f"受理政府信息公开申请{received}件。{_paragraphs(rng, 1)[0]}"
        ],
        {"proactive_disclosures": proactive, "applications_received": received},
    )
    tables = plan.tables or {
        "active_disclosure": active_grid(draw, plan.write),
        "applications": application_grid(draw, plan.write),
        "review_litigation": review_grid(draw.review, plan.write),
    }
    signed = _signature(rng, year)
    title = (
        plan.title
        if plan.title is not None
        else [Title(f"{agency}{year}年政府信息公开工作年度报告")]
    )
    h = plan.headings
    blocks: list[Block] = [
        *title,
        f"本报告根据《中华人民共和国政府信息公开条例》要求编制。本报告所列数据统计期限自{year}年1月1日"
        f"起至{year}年12月31日止。",
        Heading(h[0]),
        *narrative,
        *_paragraphs(rng, 2),
    ]
    for number_, name in ((1, "active_disclosure"), (2, "applications"), (3, "review_litigation")):
        blocks.append(Heading(h[number_]))
        grid = tables.get(name)
        if grid is not None:
            blocks.append(grid)
        else:
            blocks.append(rng.choice(("（详见附件）", "附表：", "[图片]")))
    if plan.drop_heading != 4:
        blocks.append(Heading(h[4]))
    blocks += [*PROBLEMS, Heading(h[5]), f"{plan.fee_sentence[0]}{_paragraphs(rng, 1)[0]}"]
    blocks += [agency] if plan.sign_agency else []
    blocks += [_cn_date(signed)] if plan.dated else []
    truth = Truth(
        status=Status.QUARANTINED if plan.quarantined | plan.missing else Status.VALID,
        template=draw.template,
        year=year,
        agency=(agency,),
        published=(signed,) if plan.dated else (),
        active={} if "active_disclosure" in plan.missing else draw.active,
        applications={} if "applications" in plan.missing else draw.applications,
        review={} if "review_litigation" in plan.missing else draw.review,
        headline=headline | plan.fee_sentence[1],
        quarantined=plan.quarantined | plan.missing,
    )
    return Generated(blocks, truth, plan.page, agency)


# The classes ------------------------------------------------------------------------------


def baseline(rng: random.Random) -> Generated:
    """A t2019 or t2021 report as the templates lay it out, every cell a number."""
    return _templated(rng, _plan(rng))


def missing_tables(rng: random.Random) -> Generated:
    """A 2019+ report whose tables are images or attachments: template by year, each missing
    table quarantined `table_missing`."""
    plan = _plan(rng)
    names = ["active_disclosure", "applications", "review_litigation"]
    plan.missing = frozenset(rng.sample(names, rng.randint(1, 3)))
    plan.tables = {
        "active_disclosure": active_grid(plan.draw),
        "applications": application_grid(plan.draw),
        "review_litigation": review_grid(plan.draw.review),
    }
    for name in plan.missing:
        plan.tables[name] = None
    return _templated(rng, plan)


def title_outline(rng: random.Random) -> Generated:
    """Title and outline variants: `年度` titles, `年报`, a title wrapped over two lines,
    `信息公开` without `政府`, no title at all, other section numberings and wordings, and
    no date at all (none may be invented)."""
    plan = _plan(rng)
    agency, year = plan.agency, plan.year
    titles: list[list[Block]] = [
        [Title(f"{agency}{year}年度政府信息公开工作报告")],
        [Title(f"{agency}{year}年政府信息公开年报")],
        [Title(agency), Title(f"{year}年政府信息公开工作年度报告")],
        [Title(f"{agency}{year}年度信息公开工作年度报告")],
        [f"现将{agency}{year}年度政府信息公开工作年度报告公布如下。"],
    ]
    plan.title = rng.choice(titles)
    plan.dated = rng.random() < 0.7  # some state no date at all: none may be invented
    style = rng.randrange(3)
    words = rng.choice((_HEADINGS, _HEADING_VARIANTS))
    if style == 0:
        plan.headings = tuple(f"第{n}部分 {w}" for n, w in zip(_NUMERALS, words, strict=True))
    elif style == 1:
        plan.headings = tuple(f"{n}、{w}" for n, w in zip(_NUMERALS, words, strict=True))
    else:
        plan.headings = tuple(f"{n}．{w}" for n, w in zip(_NUMERALS, words, strict=True))
    return _templated(rng, plan)


def zero_spellings(rng: random.Random) -> Generated:
    """Count cells meaning none left blank or written `/ ／ — － - 无 空 ——` (one or two
    spellings per report)."""
    plan = _plan(rng)
    spellings = tuple(rng.sample(ZERO_SPELLINGS, rng.randint(1, 2)))
    plan.write = _blank_zeros(rng, spellings, 0.7)
    return _templated(rng, plan)


_WRAPPED = {
    ApplicationRow.PARTIALLY_GRANTED: (
        "（二）部分公开（区分处理的，只计这一情形，",
        "不计其他情形）",
    ),
    ApplicationRow.NOT_PROCESSED_CONFIRMATION: ("5.要求行政机关确认或重新", "出具已获取信息"),
    ApplicationRow.OTHER_OVERDUE_CORRECTION: (
        "1.申请人无正当理由逾期不补正、行政机关不再处理其",
        "政府信息公开申请",
    ),
    ApplicationRow.OTHER_UNPAID_FEE: (
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关",
        "不再处理其政府信息公开申请",
    ),
    ApplicationRow.DENIED_PROHIBITED_BY_LAW: ("2.其他法律行政法规禁止", "公开"),
}
_TRUNCATED = {
    ApplicationRow.PARTIALLY_GRANTED: "（二）部分公开",
    ApplicationRow.NOT_PROCESSED_CONFIRMATION: "5.要求行政机关确认或重新出具已获取",
    ApplicationRow.OTHER_OVERDUE_CORRECTION: "1.申请人无正当理由逾期不补正",
    ApplicationRow.OTHER_UNPAID_FEE: "2.申请人逾期未按收费通知要求缴纳费用",
    ApplicationRow.UNABLE_UNCLEAR_AFTER_CORRECTION: "3.补正后申请内容仍不明确的",
}


def labels(rng: random.Random) -> Generated:
    """Row labels of section 三 wrapped over two lines, truncated, or repeated (with their
    group labels) after a page break inside a merged group."""
    plan = _plan(rng)
    kind = rng.choice(("wrapped", "truncated", "repeated"))

    def relabel(code: ApplicationRow, path: tuple[str, ...]) -> tuple[str, ...]:
        if kind == "wrapped" and code in _WRAPPED:
            return (*path[:-1], "\n".join(_WRAPPED[code]))
        if kind == "truncated" and code in _TRUNCATED:
            return (*path[:-1], _TRUNCATED[code])
        return path

    breaks = (
        [rng.choice((ApplicationRow.DENIED_INTERNAL_AFFAIRS, ApplicationRow.UNABLE_NEEDS_CREATION))]
        if kind == "repeated"
        else []
    )
    plan.tables = {
        "active_disclosure": active_grid(plan.draw, plan.write),
        "applications": application_grid(
            plan.draw, plan.write, relabel, breaks, repeat_labels=kind == "repeated"
        ),
        "review_litigation": review_grid(plan.draw.review, plan.write),
    }
    return _templated(rng, plan)


def page_footer(rng: random.Random) -> Generated:
    """Tables split across pages, the page footer (`—2—`, `- 2 -`, `第2页`) between rows."""
    plan = _plan(rng)
    plan.page = Page(rng.choice(("—{}—", "- {} -", "第{}页", "— {} —")))
    before = rng.choice((ApplicationRow.UNABLE_NOT_HELD, ApplicationRow.CARRIED_FORWARD))
    plan.tables = {
        "active_disclosure": active_grid(plan.draw, breaks_between_items=rng.random() < 0.5),
        "applications": application_grid(plan.draw, breaks=[before]),
        "review_litigation": review_grid(plan.draw.review, break_before_values=rng.random() < 0.5),
    }
    return _templated(rng, plan)


def four_column_header(rng: random.Random) -> Generated:
    """A t2021 section 二 whose rows lost their blank `本年废止件数` cell: the header names four
    columns, the rows hold three cells. Which column is missing cannot be known (the table has
    no identity to tell): the table must be quarantined, never filled left to right."""
    plan = _plan(rng)
    while plan.draw.template is not Template.T2021:
        plan = _plan(rng)
    active = dict(plan.draw.active)
    for item in ("regulations", "normative_documents"):
        active[(item, "repealed")] = 0
        active[(item, "issued")] = active[(item, "issued")] or rng.randint(1, 9)
        active[(item, "in_force")] = active[(item, "in_force")] or rng.randint(10, 90)
    plan.draw = replace(plan.draw, active=active)

    def write(metric: str, value: float) -> str:
        return "" if metric == "repealed" else plain(metric, value)

    plan.tables = {
        "active_disclosure": active_grid(plan.draw, write, drop_blank=True),
        "applications": application_grid(plan.draw),
        "review_litigation": review_grid(plan.draw.review),
    }
    plan.quarantined = frozenset({"active_disclosure"})
    return _templated(rng, plan)


def review_blank(rng: random.Random) -> Generated:
    """Section 四 with no case at all, every cell blank or `/`: a valid row of zeros; in some,
    the 五 heading is missing and section 四 runs into the narrative."""
    plan = _plan(rng)
    plan.draw = replace(plan.draw, review=dict.fromkeys(plan.draw.review, 0))
    spelled = rng.choice(("", "", "/", "—"))
    plan.tables = {
        "active_disclosure": active_grid(plan.draw),
        "applications": application_grid(plan.draw),
        "review_litigation": review_grid(plan.draw.review, lambda _m, _v: spelled),
    }
    if rng.random() < 0.4:
        plan.drop_heading = 4
    return _templated(rng, plan)


def provincial_agency(rng: random.Random) -> Generated:
    """A provincial department (浙江省工业和信息化厅) named in the title, the signature or both."""
    plan = _plan(rng, _provincial_agency(rng))
    where = rng.choice(("both", "title", "signature"))
    if where == "signature":
        plan.title = [Title(f"{plan.year}年政府信息公开工作年度报告")]
    plan.sign_agency = where != "title"
    return _templated(rng, plan)


def unbalanced(rng: random.Random) -> Generated:
    """A typo in one cell of section 三 or 四: the table does not add up and must be
    quarantined whole, while the report's other tables publish."""
    plan = _plan(rng)
    typo = rng.randint(1, 9)
    if rng.random() < 0.6:
        written = dict(plan.draw.applications)
        code = rng.choice([c for c in written if c != ApplicationRow.OTHER])
        cells = list(written[code])
        cells[rng.randrange(6)] += typo
        written[code] = tuple(cells)
        plan.tables = {
            "active_disclosure": active_grid(plan.draw),
            "applications": application_grid(plan.draw, values=written),
            "review_litigation": review_grid(plan.draw.review),
        }
        plan.quarantined = frozenset({"applications"})
    else:
        review = dict(plan.draw.review)
        column = rng.choice([c for c in review if not c.endswith("_total")])
        review[column] += typo
        plan.tables = {
            "active_disclosure": active_grid(plan.draw),
            "applications": application_grid(plan.draw),
            "review_litigation": review_grid(review),
        }
        plan.quarantined = frozenset({"review_litigation"})
    return _templated(rng, plan)


def narrative_figures(rng: random.Random) -> Generated:
    """Headline figures in the phrasings reports use, sentences saying nothing happened, and
    statements that must publish nothing: combined figures, narrower negations, approximations."""
    plan = _plan(rng)
    draw, year = plan.draw, plan.year
    apps = draw.applications
    received = apps[ApplicationRow.RECEIVED][-1]
    granted = apps[ApplicationRow.GRANTED][-1]
    partial = apps[ApplicationRow.PARTIALLY_GRANTED][-1]
    denied = sum(v[-1] for c, v in apps.items() if c.startswith("denied."))
    reviews = draw.review["review_total"]
    suits = draw.review["suit_direct_total"] + draw.review["suit_after_review_total"]
    proactive = rng.randint(50, 5000)
    sentences: list[str] = []
    figures: dict[str, float] = {}

    def say(sentence: str, **stated: float) -> None:
        sentences.append(sentence)
        figures.update(stated)

    pick = rng.randrange(5)
    if pick == 0:
        say(f"全年主动公开政府信息{proactive}条。", proactive_disclosures=proactive)
    elif pick == 1:
        say(f"全年审核发布各类公开政府信息{proactive}条。", proactive_disclosures=proactive)
    elif pick == 2:
        say(f"{year}年度主动公开政府信息数{proactive}条。", proactive_disclosures=proactive)
    elif pick == 3:
        say(f"本年度主动公开政府信息件数为{proactive}件。", proactive_disclosures=proactive)
    else:
        say(f"全年主动公开政府信息{proactive // 10 * 10}余条。")  # approximate: nothing
    if received == 0:
        say(
            rng.choice(("本年度没有受理信息公开申请。", "全年未收到政府信息公开申请。")),
            applications_received=0,
        )
    else:
        say(f"全年共收到政府信息公开申请{received}件。", applications_received=received)
    if granted + partial and rng.random() < 0.4:
        say(f"在办结的申请中，予以公开及部分公开{granted + partial}件。")  # combined: nothing
    elif granted or partial or denied:
        say(
            f"在办结的申请中，予以公开{granted}件，部分公开{partial}件，不予公开{denied}件。",
            applications_granted=granted,
            applications_partially_granted=partial,
            applications_denied=denied,
        )
    if reviews == 0 and suits == 0 and rng.random() < 0.6:
        say("本年度未接到有关政府信息公开方面的复议、诉讼。", administrative_reviews=0, lawsuits=0)
    elif draw.review["review_corrected"] == 0 and rng.random() < 0.5:
        say("本年度未发生行政复议纠错情况。")  # narrower: not "no reviews"
    else:
        say(
            f"因政府信息公开工作被申请行政复议{reviews}件、诉讼{suits}件。",
            administrative_reviews=reviews,
            lawsuits=suits,
        )
    plan.narrative = ([f"{year}年，{''.join(sentences)}"], figures)
    fee = float(rng.randint(20, 900))
    fees: tuple[tuple[str, dict[str, float]], ...] = (
        ("政府信息公开没有收费。", {"processing_fee_yuan": 0}),
        ("没有因政府信息公开而产生的收费。", {"processing_fee_yuan": 0}),
        ("本年度未收取信息处理费。", {"processing_fee_yuan": 0}),
        (f"本年度收取信息处理费共计{fee:.0f}元。", {"processing_fee_yuan": fee}),
    )
    plan.fee_sentence = rng.choice(fees)
    return _templated(rng, plan)


def pre2019(rng: random.Random) -> Generated:
    """A free-form report of 2008–2018 with its year in the title."""
    return _pre2019(rng, title_year=True)


def pre2019_body_year(rng: random.Random) -> Generated:
    """A pre-2019 report, often of a provincial department, whose title names no year: the
    year is in the body (`2017年，…`, the statistics period)."""
    return _pre2019(rng, title_year=False)


def _pre2019(rng: random.Random, title_year: bool) -> Generated:
    year = rng.randint(2009, 2018)
    agency = _provincial_agency(rng) if rng.random() < 0.6 else _local_agency(rng)
    received = rng.choice((0, 0, rng.randint(1, 80)))
    proactive = rng.randint(30, 3000)
    title = (
        f"{agency}{year}年政府信息公开工作年度报告"
        if title_year
        else f"{agency}政府信息公开工作年度报告"
    )
    opening = rng.choice(
        (
            f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
            f"{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政府信息公开工作。",
        )
    )
    asked, stated = (
        (rng.choice(("本年度没有受理信息公开申请。", f"{year}年未收到政府信息公开申请。")), 0)
        if received == 0
        else (f"{year}年共受理政府信息公开申请{received}件，均已按期答复。", received)
    )
    signed = _signature(rng, year)
    crawled = rng.random() < 0.3  # a crawler's field block, the date only there
    header: list[Block] = (
        [f"标题: | {title}", f"公开日期: | {signed.isoformat()}", "来源: | 本站"]
        if crawled
        else [Title(title)]
    )
    old = _OLD_FILLER if year < 2017 else FILLER
    blocks: list[Block] = [
        *header,
        opening,
        Heading("一、概述"),
        *_paragraphs(rng, 2, old),
        Heading("二、主动公开政府信息情况"),
        f"{year}年，共主动公开政府信息{proactive}条。{_paragraphs(rng, 1, old)[0]}",
        Heading("三、依申请公开政府信息情况"),
        asked,
        *PRE2019_CLOSING,
        agency,
        *([] if crawled else [_cn_date(signed)]),
    ]
    return pre2019_generated(blocks, year, agency, signed, proactive, stated)


#: The fee, review and problem sections a generated pre-2019 report closes with (no fee, no
#: review, no lawsuit).
PRE2019_CLOSING: tuple[Block, ...] = (
    Heading("四、政府信息公开的收费及减免情况"),
    "本年度未收取任何费用。",
    Heading("五、因政府信息公开申请行政复议、提起行政诉讼的情况"),
    "本年度未发生因政府信息公开申请行政复议、提起行政诉讼的情况。",
    Heading("六、存在的主要问题和改进措施"),
    *PROBLEMS,
)


def pre2019_generated(
    blocks: list[Block], year: int, agency: str, signed: date, proactive: int, received: int
) -> Generated:
    """A valid pre-2019 report of `blocks` and its truth: the figures its narrative states."""
    truth = Truth(
        status=Status.VALID,
        template=Template.PRE2019,
        year=year,
        agency=(agency,),
        published=(signed,),
        headline={
            "proactive_disclosures": proactive,
            "applications_received": received,
            "processing_fee_yuan": 0,
            "administrative_reviews": 0,
            "lawsuits": 0,
        },
    )
    return Generated(blocks, truth, agency=agency)


def not_a_report(rng: random.Random) -> Generated:
    """Objects filed with reports that are not reports: a reply letter (答复函), a crawler's TSV
    of report metadata, a column's index page. All must be rejected."""
    agency = _local_agency(rng)
    year = rng.randint(2012, 2024)
    kind = rng.randrange(3)
    if kind == 0:
        blocks: list[Block] = [
            Title(f"{agency}关于政府信息公开申请的答复函"),
            "申请人：",
            f"你于{year}年3月{rng.randint(1, 28)}日提出的政府信息公开申请收悉。经查，"
            "你申请获取的信息不属于本机关掌握的政府信息。",
            *_paragraphs(rng, 2),
            agency,
            f"{year}年4月{rng.randint(1, 28)}日",
        ]
    elif kind == 1:
        rows = [
            f"{y}\t{agency}{y}年政府信息公开工作年度报告\t{y + 1}-01-{rng.randint(10, 28)}\t"
            f"http://www.example.gov.cn/xxgk/{y + 1}01/t{y + 1}01{rng.randint(10, 28)}_{i}.html"
            for i, y in enumerate(range(year - 4, year + 1))
        ]
        blocks = ["年份\t标题\t发布日期\t链接", *rows]
    else:
        blocks = [
            "政府信息公开年报",
            *(
                f"{agency}{y}年政府信息公开工作年度报告 {y + 1}-01-15"
                for y in range(year, year - 8, -1)
            ),
            "共8条 首页 上一页 下一页 尾页",
        ]
    return Generated(blocks, Truth(status=Status.REJECTED, template=Template.UNKNOWN, year=0))


VARIATIONS: dict[str, Builder] = {
    "baseline": baseline,
    "missing_tables": missing_tables,
    "title_outline": title_outline,
    "pre2019": pre2019,
    "pre2019_body_year": pre2019_body_year,
    "zero_spellings": zero_spellings,
    "labels": labels,
    "page_footer": page_footer,
    "four_column_header": four_column_header,
    "review_blank": review_blank,
    "provincial_agency": provincial_agency,
    "narrative_figures": narrative_figures,
    "unbalanced": unbalanced,
    "not_a_report": not_a_report,
}

# `bench.variations_more` builds on this module's helpers and adds its classes to VARIATIONS.
import bench.variations_more  # noqa: E402, F401


def self_check(generated: Generated) -> list[str]:
    """The generator's own check: the truth's tables satisfy every identity (the values a
    report writes may not, when the class makes it so; the truth always does)."""
    truth = generated.truth
    if not truth.applications or not truth.review or not truth.active:
        return []
    draw = Draw(Template(truth.template), truth.active, truth.applications, truth.review)
    return identity_failures(draw)
