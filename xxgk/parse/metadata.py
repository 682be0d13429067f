"""Read a report's title, agency, covered year and publication date from its text."""

from __future__ import annotations

import re
from datetime import date

_TITLE_WORDS = re.compile(r"(政府信息公开|政务公开|信息公开).*(年度报告|年报|工作报告)")
_TITLE_PREFIX = re.compile(r"^(标题|题目|名称)\s*:\s*")
_MAX_TITLE = 80
_TITLE_AGENCY = re.compile(
    r"^(?:\d{4}年度?)?(?P<agency>.+?)(?:\d{4}年度?)?(?:政府信息公开|政务公开|信息公开)"
)
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")
_PERIOD = re.compile(r"((?:19|20)\d{2})年1月1日(?:起)?(?:至|到|-|—)((?:19|20)\d{2})年12月31日")
_YEAR_IN_TEXT = re.compile(r"((?:19|20)\d{2})\s*年")
_LABELLED_DATE = re.compile(
    r"(?:发布时间|发布日期|发文日期|成文日期|公开日期|日期)\s*:?\s*"
    r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
)
_SIGNATURE_DATE = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_AGENCY_SUFFIX = re.compile(
    r"(人民政府|政府办公室|办公室|办公厅|委员会|管委会|管理委员会|局|厅|委|办|中心|院|署|处|所|站|"
    r"街道办事处|人民法院|人民检察院)$"
)
_SIGNATURE_LINES = 8
_FIRST_YEAR, _LAST_YEAR = 2000, 2100


def find_title(lines: list[str]) -> str | None:
    """The first short line near the top naming an annual report on information disclosure."""
    for line in lines[:20]:
        candidate = _TITLE_PREFIX.sub("", line).strip()
        if len(candidate) <= _MAX_TITLE and _TITLE_WORDS.search(candidate):
            if candidate.startswith(("根据", "本报告", "按照", "现将", "依据")):
                continue
            return candidate
    return None


def find_report_year(title: str | None, text: str) -> int | None:
    """The year the report covers: from its title, else its statistics period, else the
    first year the text mentions (reports open with `2021年,我局…`)."""
    if title:
        match = _YEAR_IN_TITLE.search(title)
        if match:
            return int(match.group(1))
    period = _PERIOD.search(text)
    if period:
        return int(period.group(1))
    for match in _YEAR_IN_TEXT.finditer(text):
        year = int(match.group(1))
        if _FIRST_YEAR <= year <= _LAST_YEAR:
            return year
    return None


def find_published_date(lines: list[str]) -> date | None:
    """A labelled publication date near the top, else the signature date at the end."""
    for line in lines[:30]:
        match = _LABELLED_DATE.search(line)
        if match:
            found = _to_date(*match.groups())
            if found:
                return found
    for line in reversed(_tail(lines)):
        match = _SIGNATURE_DATE.match(line)
        if match:
            found = _to_date(*match.groups())
            if found:
                return found
    return None


def find_agency(title: str | None, lines: list[str]) -> str | None:
    """The issuing agency: the signature line above the date, else the title's subject."""
    for line in reversed(_tail(lines)):
        if _is_signature(line):
            return line
    if title:
        match = _TITLE_AGENCY.match(title)
        if match:
            agency = match.group("agency").strip(" -_:")
            if agency and re.search(r"[\u4e00-\u9fff]{2}", agency):
                return agency
    return None


def _is_signature(line: str) -> bool:
    if not 3 <= len(line) <= 30 or re.search(r"[。,;:!?、()\d]", line):
        return False
    return bool(_AGENCY_SUFFIX.search(line))


def _tail(lines: list[str]) -> list[str]:
    return [line for line in lines if line][-_SIGNATURE_LINES:]


def _to_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None
