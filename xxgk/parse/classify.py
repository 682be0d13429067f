"""Decide whether a text is an annual report at all, and which template it follows."""

from __future__ import annotations

import re

from schemas.codes import Template
from xxgk.parse.sections import Section

_T2021_WORDS = (
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "逾期不补正",
    "收费通知",
    "本年收费金额",
)
_T2019_WORDS = ("新制作数量", "对外公开总数", "上一年项目数量", "政府集中采购", "采购项目数量")


def _spaced(words: tuple[str, ...]) -> re.Pattern[str]:
    """The words with any whitespace between their characters: their occurrences in the text
    with its whitespace removed, found without removing it."""
    return re.compile("|".join(r"\s*".join(word) for word in words))


#: Each template's own table headers, however spaced.
_T2021_SIGNS = _spaced(_T2021_WORDS)
_T2019_SIGNS = _spaced(_T2019_WORDS)
#: The standard tables' own captions: a text holding them is a 2019+ report, titled or not.
_STANDARD_TABLE = re.compile(r"第二十条第\(一\)项|本年新收政府信息公开申请|结转下年度继续办理")
_SUBJECT = r"(?:政府信息公开|政务公开|信息公开)"
#: A title naming the report: `…政府信息公开工作年度报告`, `政府信息公开年报`,
#: `XX2019年度政府信息公开工作报告` (the year ahead, the report after).
_REPORT_WORDS = re.compile(
    rf"{_SUBJECT}.{{0,12}}(?:年度报告|年报)|(?:\d{{4}}\s*年|年度).{{0,30}}{_SUBJECT}.{{0,12}}报告"
)
_NARRATIVE_WORDS = re.compile(r"主动公开")
#: Titles of other kinds of documents filed beside the reports.
_OTHER_KIND = re.compile(r"(的函|函|通知|通报|意见|批复|公告|目录|列表|索引|制度|办法|要点|方案)$")
#: An opening sentence by which an untitled report names itself: `本报告是根据…编制`,
#: `本年报中所列数据…`, `现将我局2014年政府信息公开情况报告如下`, `特向社会公布2016年度…`.
_SELF_NAMING = re.compile(
    r"本(?:年度)?(?:报告|年报)|报告如下|统计(?:期限|时限|数据时间段)"
    r"|(?:现将|现公布|现予公布|现发布|特向社会公布|特向社会公开)[^。]{0,30}(?:年度报告|年报|工作报告)"
)
#: An opening sentence publishing the report by its name and year, here and now:
#: `现公布泰州市人民政府2017年政府信息公开工作年度报告`, `现发布《银川市水务局2021年…年度报告》`,
#: `特向社会公布2016年度…`. Never a notice's subject (`现将《关于做好2017年…年度报告…的通知》`).
_PUBLISHING_SENTENCE = re.compile(
    r"(?:现将|现公布|现予公布|现予以公布|现发布|现予发布|特向社会公布|特向社会公开|特此公布)"
    rf"\s*《?(?:(?!关于|通知)[^。《]){{0,30}}?(?:19|20)\d{{2}}\s*年度?"
    rf"(?:(?!关于|通知)[^。《]){{0,20}}?{_SUBJECT}[^。《]{{0,12}}?(?:年度报告|年报|工作报告)"
)
#: A page explaining a report (`文字解读:…年度报告`, `图解…年度报告`, `一图读懂…`,
#: `…年度报告解读`, `…年度报告问答`): about the report, never the report itself.
_EXPLAINER = re.compile(
    r"^\s*[【\[(]?\s*(?:文字解读|图文解读|图表解读|图片解读|政策解读|解读|图解|一图读懂|一图看懂"
    r"|一图了解|问答)"
    r"|(?:解读|图解|问答)\s*[】\])]?\s*$"
)
#: An explainer's own outline (`一、编制背景` `二、编制依据` `三、编制目的`): two of these
#: headings make an untitled page an explainer of a report.
_EXPLAINER_HEADING = re.compile(r"编制(?:背景|依据|目的|说明|过程)")
_MIN_EXPLAINER_HEADINGS = 2
#: A news item about a report (`贵州省发布2016年政府信息公开工作年度报告`), not the report.
_NEWS_TITLE = re.compile(
    rf"(?:发布|公布|出炉|晒出)了?\s*(?:\d{{4}}\s*年度?)?[^,。]{{0,20}}{_SUBJECT}"
)
#: A list page: report titles each followed by a date (`…年度报告 2026-03-10 …年度报告 …`).
_LISTED_TITLE = re.compile(r"(?:年度报告|年报)\s*\|?\s*(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}")
_MIN_LISTED_TITLES = 3
_OPENING_CHARS = 800
#: What an outline's headings are about (any numbering): 概述, 主动公开, 依申请, 复议/诉讼,
#: 收费, 问题/改进. Three or more of them make a report's outline.
_OUTLINE_TOPICS = (
    re.compile(r"概述|总体情况|基本情况|概况"),
    re.compile(r"主动公开"),
    re.compile(r"申请"),
    re.compile(r"复议|诉讼"),
    re.compile(r"收费|减免"),
    re.compile(r"问题|改进|整改"),
)
_OUTLINE_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:\*\*\s*)?(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]{1,2}\s*[、.,])"
    r"\s*(?P<title>[^\n]{2,40}?)\s*(?:\*\*)?\s*$",
    re.MULTILINE,
)
_MIN_OUTLINE_TOPICS = 3
_MIN_BODY_HAN = 300
#: `_MIN_BODY_HAN` Han characters, whatever stands between them (counted by the regex engine
#: up to the last one needed; the quantifiers are possessive, so a shorter text fails in one
#: pass).
_REPORT_BODY = re.compile(rf"(?:[^\u4e00-\u9fff]*+[\u4e00-\u9fff]){{{_MIN_BODY_HAN}}}")
#: Standard section headings (of six) that make a text a report even without a title.
_MIN_SECTIONS = 4
_LAST_PRE2019 = 2018
_FIRST_T2021 = 2021
_FIRST_T2019 = 2019


_KIND_NAMES = {
    "函": "a letter (函)",
    "通知": "a notice (通知)",
    "通报": "a circular (通报)",
    "意见": "an opinion (意见)",
    "批复": "a reply (批复)",
    "公告": "an announcement (公告)",
    "目录": "an index (目录)",
    "列表": "a list (列表)",
    "索引": "an index (索引)",
    "制度": "a set of rules (制度)",
    "办法": "a set of measures (办法)",
    "要点": "a work plan (要点)",
    "方案": "a plan (方案)",
}


def not_a_report_reason(title: str | None, sections: list[Section], text: str) -> str | None:
    """Why the text is not an annual report, or None when it is one.

    A report names itself an annual report in its title, or, untitled, carries the standard
    tables, the report outline (its topics, however numbered) or an opening sentence naming
    itself. A titled document whose title is a letter, notice or list is not a report, however
    much report text it quotes."""
    if not has_report_body(text):
        return "no report body (an index or list page, or an empty document)"
    if len(_LISTED_TITLE.findall(text)) >= _MIN_LISTED_TITLES:
        return "a list of reports (titles with their dates), not a report"
    if title:
        if _EXPLAINER.search(title):
            return (
                f"the title {title!r} names an explainer (解读/图解/问答) of a report, "
                "not the report"
            )
        if _NEWS_TITLE.search(title):
            return f"the title {title!r} names a news item about a report, not the report"
        other = _OTHER_KIND.search(title)
        if other:
            kind = _KIND_NAMES.get(other.group(1).removeprefix("的"), other.group(1))
            return f"the title {title!r} names {kind}, not an annual report"
        if not _REPORT_WORDS.search(title):
            return f"the title {title!r} does not name an annual report"
        return None
    headings = [match.group("title") for match in _OUTLINE_HEADING.finditer(text)]
    if sum(1 for heading in headings if _EXPLAINER_HEADING.match(heading)) >= (
        _MIN_EXPLAINER_HEADINGS
    ):
        return "an explainer of a report (编制背景, 编制依据… headings), not the report"
    numbered = sum(1 for section in sections if section.number > 0)
    if numbered >= _MIN_SECTIONS or _STANDARD_TABLE.search("".join(text.split())):
        return None
    if outline_topics(text) >= _MIN_OUTLINE_TOPICS:
        return None
    opening = text[:_OPENING_CHARS]
    if _PUBLISHING_SENTENCE.search(opening):
        return None
    if _SELF_NAMING.search(opening) and _NARRATIVE_WORDS.search(text):
        return None
    return (
        "no report title, no opening sentence naming the report, no standard tables and "
        "fewer than three of the report outline's headings"
    )


def outline_topics(text: str) -> int:
    """How many of a report's usual topics the text's headings name."""
    titles = [match.group("title") for match in _OUTLINE_HEADING.finditer(text)]
    return sum(1 for topic in _OUTLINE_TOPICS if any(topic.search(title) for title in titles))


#: A crawler's metadata listing (TSV, CSV, a pipe table of pages): rows of fields, each with
#: a link or a date, e.g. `标题\t链接\t发布日期` then `XX局2019年…年度报告\thttps://…\t2020-01-15`.
_FIELD_SEPARATOR = re.compile(r"\t|,|\|")
_LINK_OR_DATE = re.compile(
    r"https?://|www\.|\.s?html?\b|\b(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}\b"
)
_HEADER_FIELDS = re.compile(
    r"^(?:title|url|link|href|date|time|agency|source|year|标题|题目|名称|链接|网址|地址|"
    r"日期|发布日期|发布时间|成文日期|时间|来源|发布机构|机构|单位|年份|年度|索引号|文号)$",
    re.IGNORECASE,
)
#: `_LINK_OR_DATE` found from the first `-`, `/` or `.` inside a match (every match holds
#: one), which the regex engine can skip to: a line holds a match of one iff it holds a match
#: of the other, and no match spans a line break, so a text with fewer matches of this than
#: `_MIN_LISTING_ROWS` has fewer lines with a link or a date.
_LINK_OR_DATE_MARK = re.compile(
    r"[-/.](?:(?<=http:/)/|(?<=https:/)/|(?<=www\.)|(?<=\.)s?html?\b"
    r"|(?<=\b19\d\d[-/.])\d{1,2}[-/.]\d{1,2}\b|(?<=\b20\d\d[-/.])\d{1,2}[-/.]\d{1,2}\b)"
)
#: A text's first line: up to any line break `str.splitlines` splits at.
_FIRST_LINE = re.compile("[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]*")
_MIN_LISTING_ROWS = 3
_LISTING_SHARE = 0.5
_HEADER_SHARE = 0.75


def is_metadata_listing(text: str) -> bool:
    """A table of crawled pages' metadata rather than a report: most lines are rows of
    separated fields carrying a link or a date, or the first line is a header of such
    fields (`title,url,date`). Checked on the text before its tabs become spaces."""
    body = text.lstrip()  # (every line break `splitlines` knows is whitespace)
    if not body:
        return False
    first = _FIRST_LINE.match(body).group().rstrip()  # type: ignore[union-attr]
    header = [field.strip().strip('"') for field in _FIELD_SEPARATOR.split(first)]
    header = [field for field in header if field]
    named = sum(1 for field in header if _HEADER_FIELDS.match(field))
    if len(header) >= _MIN_LISTING_ROWS and named >= _HEADER_SHARE * len(header):
        return True
    if len(_LINK_OR_DATE_MARK.findall(text)) < _MIN_LISTING_ROWS:
        return False  # (most texts: a date or two, and no line is read)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # (the search first: a line rarely holds a link or date, and often two separators)
    rows = sum(1 for line in lines if _LINK_OR_DATE.search(line) and _separators(line) >= 2)
    return rows >= _MIN_LISTING_ROWS and rows >= _LISTING_SHARE * len(lines)


def _separators(line: str) -> int:
    """`len(_FIELD_SEPARATOR.findall(line))`: its separators are single characters."""
    return line.count("\t") + line.count(",") + line.count("|")


def has_report_body(text: str) -> bool:
    """Index and list pages carry report titles but no report: a few hundred characters at
    most once their link lists are gone."""
    return _REPORT_BODY.match(text) is not None


def detect_template(text: str, report_year: int | None) -> Template:
    """t2021 / t2019 by the tables' own headers; by year where the headers are inconclusive
    or the tables are missing (their absence is then a `table_missing` problem, never a
    silently valid report).

    Years up to 2018 are always pre2019: the 2019 format did not exist yet, and their
    narratives mention 政府集中采购 and the like without any standard table."""
    if report_year is not None and report_year <= _LAST_PRE2019:
        return Template.PRE2019
    t2021 = len(_T2021_SIGNS.findall(text))
    t2019 = len(_T2019_SIGNS.findall(text))
    if t2021 or t2019:
        if t2021 != t2019:
            return Template.T2021 if t2021 > t2019 else Template.T2019
        if report_year is not None:
            return Template.T2021 if report_year >= _FIRST_T2021 else Template.T2019
        return Template.UNKNOWN
    if report_year is not None and report_year >= _FIRST_T2019:
        return Template.T2021 if report_year >= _FIRST_T2021 else Template.T2019
    return Template.UNKNOWN
