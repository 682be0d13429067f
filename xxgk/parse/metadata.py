"""Read a report's title, agency, covered year and publication date from its text."""

from __future__ import annotations

import re
from datetime import date

_TITLE_WORDS = re.compile(r"(政府信息公开|政务公开|信息公开).*(年度报告|年报|工作报告)")
_TITLE_PREFIX = re.compile(r"^(标题|题目|名称)\s*:\s*")
_MAX_TITLE = 80
#: `栏目: 政府信息公开年报`, `来源: …`: page fields, never the title.
_FIELD_LABEL = re.compile(r"^[\u4e00-\u9fff]{2,6}\s*:")
_NARRATIVE_OPENINGS = ("根据", "本报告", "按照", "现将", "依据")
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
_CN_DIGITS = "〇○零一二三四五六七八九十"
_SIGNATURE_DATE = re.compile(
    rf"(?:^|\s)((?:19|20)\d{{2}}|[{_CN_DIGITS}]{{4}})\s*年\s*([\d{_CN_DIGITS}]{{1,3}})\s*月"
    rf"\s*([\d{_CN_DIGITS}]{{1,3}})\s*日(?:\s|$)"
)
_AGENCY_SUFFIX = re.compile(
    r"(人民政府|政府办公室|办公室|办公厅|委员会|管委会|管理委员会|局|厅|委|办|中心|院|署|处|所|站|"
    r"街道办事处|人民法院|人民检察院|实验区|新区|开发区|高新区)$"
)
_SIGNATURE_LINES = 8
_SIGNATURE_CHARS = 400
_AGENCY_TEXT = re.compile(r"[\u4e00-\u9fff()]{3,40}")
_GENERIC_AGENCIES = frozenset({"人民政府", "本机关", "本单位", "本部门", "政府信息", "工作报告"})
_CN_DATE = (
    r"(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年"
    r"\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日"
)
#: An agency name right before the closing date (`平潭综合实验区管委会办公室 2014年12月10日`).
_MAX_SIGNED_AGENCY = 40
_SIGNED = re.compile(rf"(?P<agency>[\u4e00-\u9fff()]{{3,{_MAX_SIGNED_AGENCY}}})\s*{_CN_DATE}")
#: Every position a date starts at (zero-width, so overlapping starts are all found).
_DATE_START = re.compile(rf"(?={_CN_DATE})")
_SOURCE_FIELD = re.compile(r"^(?:来源|发布机构|发文机关)\s*:\s*(\S+)")
_FIRST_YEAR, _LAST_YEAR = 2000, 2100


def find_title(lines: list[str]) -> str | None:
    """The document's title: a crawler's or page's `标题:` line when there is one (whatever
    it says: a letter's title must stay a letter's), else the first short line near the top
    naming an annual report on information disclosure."""
    for line in lines[:20]:
        if _TITLE_PREFIX.match(line):
            return _TITLE_PREFIX.sub("", line).strip() or None
    for line in lines[:20]:
        candidate = line.strip()
        if _FIELD_LABEL.match(candidate) or len(candidate) > _MAX_TITLE:
            continue
        if _TITLE_WORDS.search(candidate) and not candidate.startswith(_NARRATIVE_OPENINGS):
            return candidate
    return None


def find_report_year(title: str | None, text: str, from_narrative: bool = True) -> int | None:
    """The year the report covers: from its title, else its statistics period, else (when
    `from_narrative`) the first year the text mentions (reports open with `2021年,我局…`)."""
    if title:
        match = _YEAR_IN_TITLE.search(title)
        if match:
            return int(match.group(1))
    period = _PERIOD.search(text)
    if period:
        return int(period.group(1))
    if not from_narrative:
        return None
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
        match = _SIGNATURE_DATE.search(line)
        if match:
            found = _to_date(*match.groups())
            if found:
                return found
    return None


def find_agency(title: str | None, lines: list[str]) -> str | None:
    """The issuing agency: the signature above the closing date, else the title's subject,
    else an agency line just above the title, else the page's 来源 field."""
    tail = "\n".join(_tail(lines))[-_SIGNATURE_CHARS:]
    signed = _last_signature(tail)
    if signed:
        agency = signed.group("agency")
        if _is_agency(agency) and _AGENCY_SUFFIX.search(agency):
            return agency
    for line in reversed(_tail(lines)):
        if _is_agency(line) and _AGENCY_SUFFIX.search(line):
            return line
    if title:
        match = _TITLE_AGENCY.match(title)
        subject = match.group("agency").strip(" -_:") if match else ""
        if _is_agency(subject):
            return subject
        if title in lines:
            above = lines[lines.index(title) - 1] if lines.index(title) > 0 else ""
            if _is_agency(above) and _AGENCY_SUFFIX.search(above):
                return above
    for line in lines[:30]:
        source = _SOURCE_FIELD.match(line)
        if source and _is_agency(source.group(1)):
            return source.group(1)
    return None


def _last_signature(tail: str) -> re.Match[str] | None:
    """The last match `_SIGNED.finditer(tail)` finds. A match is at most 40 agency characters
    and some spaces before a date, so only those positions are tried, in the same order and
    skipping what a match covers, as `finditer` does; elsewhere `_SIGNED` cannot match, and
    scanning every position of the tail for it costs more than the rest of `find_agency`."""
    candidates: set[int] = set()
    for date_start in _DATE_START.finditer(tail):
        agency_end = date_start.start()
        while agency_end > 0 and tail[agency_end - 1].isspace():
            agency_end -= 1
        candidates.update(range(max(0, agency_end - _MAX_SIGNED_AGENCY), date_start.start()))
    last: re.Match[str] | None = None
    for position in sorted(candidates):
        if last is not None and position < last.end():
            continue
        match = _SIGNED.match(tail, position)
        if match:
            last = match
    return last


def _is_agency(text: str) -> bool:
    """A plausible agency or place name: a short run of Han characters (brackets allowed),
    no sentence punctuation, not a generic word or the start of a sentence."""
    if not _AGENCY_TEXT.fullmatch(text) or text in _GENERIC_AGENCIES:
        return False
    return not text.startswith(("关于", "根据", "本", "我", "按照", "各"))


def _tail(lines: list[str]) -> list[str]:
    return [line for line in lines if line][-_SIGNATURE_LINES:]


def _to_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(_number(year), _number(month), _number(day))
    except ValueError:
        return None


def _number(text: str) -> int:
    """Arabic or Chinese numerals as written in dates: 2014, 二○一四, 十, 二十一."""
    if text.isdigit():
        return int(text)
    digits = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "○": 0}
    if "十" not in text:
        return int("".join(str(digits[ch]) for ch in text))
    tens, _, units = text.partition("十")
    return (digits[tens] if tens else 1) * 10 + (digits[units] if units else 0)
