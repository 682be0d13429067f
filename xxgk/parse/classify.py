"""Decide whether a text is an annual report at all, and which template it follows."""

from __future__ import annotations

import re

from schemas.codes import Template
from xxgk.parse.sections import Section

_T2021_SIGNS = re.compile(
    r"本年制发件数|本年废止件数|现行有效件数|逾期不补正|收费通知|本年收费金额"
)
_T2019_SIGNS = re.compile(r"新制作数量|对外公开总数|上一年项目数量|政府集中采购|采购项目数量")
_TABLE_SIGNS = re.compile(r"本年新收|上年结转|结转下年度")
_REPORT_WORDS = re.compile(r"(政府信息公开|政务公开|信息公开).{0,12}(年度报告|年报)")
_NARRATIVE_WORDS = re.compile(r"主动公开")
#: Titles of other kinds of documents filed beside the reports.
_OTHER_KIND = re.compile(r"(的函|通知|通报|意见|批复|公告|目录|列表|索引)$")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_MIN_BODY_HAN = 300
#: Standard section headings (of six) that make a text a report even without a title.
_MIN_SECTIONS = 4
_LAST_PRE2019 = 2018
_FIRST_T2021 = 2021


def is_annual_report(title: str | None, sections: list[Section], text: str) -> bool:
    """A report names itself an annual report in its title, or, untitled, carries the
    standard section outline or names itself at the top. A titled document whose title is a
    letter, notice or list is not a report, however much report text it quotes."""
    numbered = sum(1 for section in sections if section.number > 0)
    if title:
        return bool(_REPORT_WORDS.search(title)) and not _OTHER_KIND.search(title)
    if numbered >= _MIN_SECTIONS:
        return True
    return bool(_REPORT_WORDS.search(text[:500])) and bool(_NARRATIVE_WORDS.search(text))


def has_report_body(text: str) -> bool:
    """Index and list pages carry report titles but no report: a few hundred characters at
    most once their link lists are gone."""
    count = 0
    for run in _HAN_RUN.finditer(text):
        count += run.end() - run.start()
        if count >= _MIN_BODY_HAN:
            return True
    return False


def detect_template(text: str, report_year: int | None) -> Template:
    """t2021 / t2019 by the tables' own headers; by year where the headers are inconclusive.

    Years up to 2018 are always pre2019: the 2019 format did not exist yet, and their
    narratives mention 政府集中采购 and the like without any standard table."""
    if report_year is not None and report_year <= _LAST_PRE2019:
        return Template.PRE2019
    compact = "".join(text.split())
    t2021 = len(_T2021_SIGNS.findall(compact))
    t2019 = len(_T2019_SIGNS.findall(compact))
    if t2021 or t2019:
        if t2021 != t2019:
            return Template.T2021 if t2021 > t2019 else Template.T2019
        if report_year is not None:
            return Template.T2021 if report_year >= _FIRST_T2021 else Template.T2019
        return Template.UNKNOWN
    if _TABLE_SIGNS.search(compact) and report_year is not None and report_year > _LAST_PRE2019:
        return Template.T2021 if report_year >= _FIRST_T2021 else Template.T2019
    if report_year is not None and report_year <= _LAST_PRE2019:
        return Template.PRE2019
    return Template.UNKNOWN
