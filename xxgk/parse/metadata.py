"""Read a report's title, agency, covered year and publication date from its text."""

from __future__ import annotations

import re
from datetime import date

from xxgk.parse.region import resolve_region

_TITLE_WORDS = re.compile(
    r"(政府信息公开|政务公开|信息公开).*(年度报告|年报|工作报告|情况报告)"
    r"|(?:(?:19|20)\d{2}\s*年|年度).{0,30}(?:政府信息公开|政务公开|信息公开).{0,12}报告"
)
#: Pinyin glosses some mirrors put after characters (`年度報(bào)告`).
_PINYIN_GLOSS = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,6}\)")
_TITLE_PREFIX = re.compile(r"^(?:标题|题目|名称|信息名称|文件名称|文章标题)\s*(?::\s*|\s+)(?=\S)")
_MAX_TITLE = 80
#: What a site's name ends with after its agency (`…人民政府门户网站`, `…政府网`).
_SITE_SUFFIX = re.compile(r"(?:门户网站|政府网站|网站|政府网|网)$")
#: A page title that is only a year (`2019年度`): no document's title.
_YEAR_ALONE = re.compile(r"^(?:19|20)\d{2}\s*年度?$")
#: A title wrapped over lines is rejoined when its parts are this short.
_MAX_TITLE_PART = 40
#: The first line of a title wrapped after its year (`宿州市人民政府2016年` / `政府信息公开…`).
_ENDS_WITH_YEAR = re.compile(r"(?:(?:19|20)\d{2}\s*年度?|年度)$")
#: The second line of a title wrapped after its agency (`宜昌市商务局` / `2021年政府信息…`).
_STARTS_WITH_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")
#: Breadcrumb trails (`首页 > 政务公开 > 年度报告 > …`, `首页/ 政府信息公开 / 年报 / 正文`).
_BREADCRUMB = re.compile(r"[>»›]|(?:/\s*[^/]*){2,}|^(?:首页|当前位置|您的位置|您当前所在位置)")
#: `栏目: 政府信息公开年报`, `来源: …`: page fields, never the title. An explainer's kind
#: before its subject (`文字解读:…年度报告`, `图解:…`) is no field: that line is the page's title.
_FIELD_LABEL = re.compile(
    r"^(?!(?:文字解读|图文解读|图表解读|图片解读|政策解读|解读|图解|一图读懂|一图看懂)\s*:)"
    r"[\u4e00-\u9fff]{2,6}\s*:"
)
_NARRATIVE_OPENINGS = ("根据", "本报告", "按照", "现将", "依据")
_TITLE_AGENCY = re.compile(
    r"^(?:\d{4}\s*年度?)?(?P<agency>.+?)\s*(?:\d{4}\s*年度?)?\s*(?:政府信息公开|政务公开|信息公开)"
)
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")
#: The statistics period (统计期限/统计时限 `自2016年1月1日起至2016年12月31日止`), also
#: with the second year left out (`2016年1月1日至12月31日`) or 年/月 lost
#: (`2015 1 1日起至 2015 12 31日`).
_PERIOD = re.compile(
    r"((?:19|20)\d{2})\s*年?\s*1\s*月?\s*1\s*日\s*(?:起)?\s*(?:至|到|-|—|~)\s*"
    r"(?:((?:19|20)\d{2})\s*年?\s*)?12\s*月?\s*31\s*日"
)
_YEAR_IN_TEXT = re.compile(r"((?:19|20)\d{2})\s*年")
#: A heading saying which year (or part of it) a page is about, without naming a report:
#: `2022年上半年政府信息公开数据统计`, `XX区2021年度政务公开工作情况`.
_HEADING_YEAR = re.compile(
    r"^[^\d]{0,30}?((?:19|20)\d{2})\s*年(?:度|上半年|下半年|第?[一二三四]季度|前三季度)?"
    r"[^\d]{0,20}?(?:政府信息公开|政务公开|信息公开)"
)
#: Sentences that name the year the report covers: `现将我局2014年政府信息公开情况报告如下`,
#: `2016年度我乡…`, `截至2016年12月31日`, `2017年,我局…`.
_STATED_YEAR = re.compile(
    r"((?:19|20)\d{2})\s*年度?(?!\s*\d{1,2}\s*月)(?:(?!(?:19|20)\d{2})[^。\n;]){0,24}?"
    r"(?:政府信息公开|政务公开|信息公开)[^。\n;]{0,16}?"
    r"(?:年度报告|年报|工作报告|情况报告|报告如下)"
    r"|截[至止]\s*((?:19|20)\d{2})\s*年\s*(?:12\s*月\s*31\s*日|底)"
    r"|(?:^|[。\n])\s*((?:19|20)\d{2})\s*年度?\s*[,,]?\s*(?:我|本|全|共)"
)
#: Months of a signature date that mean "the report for the year before" (reports are due by
#: the end of January since 2019, the end of March before) and "this year" (a year-end report).
_LAST_EARLY_MONTH, _FIRST_LATE_MONTH = 6, 11
#: A bare date line: `2017年3月`, `2017年3月1日` (the signature, or the date under the title).
_DATE_LINE = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?:\s*\d{1,2}\s*日)?$")
#: A page field's date (`发布日期:2020-01-15`, `公开日期: | 2015-07-27`, `成文日期:2016-03-31`).
#: Not a range's start (`统计日期:2019年1月1日至…`): that is no publication date.
_DATE_LABEL = (
    r"(?<!统计)(?<!截止)(?<!截至)(?P<label>发布时间|发布日期|发文日期|成文日期|公开日期|公开时间|"
    r"印发日期|生成日期|日期|(?<!统计)(?<!抓取)(?<!采集)(?<!更新)时间)\s*[:|]?\s*\|?\s*"
)
_LABELLED_DATE = re.compile(
    _DATE_LABEL
    + r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)"
    + r"(?!\s*日?\s*(?:起|至|到|~|-|—|–))"
)
#: A page field's label alone on its line, its value on the next (a field block copied one
#: cell per line: `公开日期:` / `2016-03-10`).
_BARE_DATE_LABEL = re.compile(rf"^{_DATE_LABEL}$")
#: How the second half of a period split over two lines starts (`2019年1月1日` / `至…`).
_RANGE_CONTINUATIONS = ("至", "到", "起", "-", "—", "–", "~")
#: A page's unlabelled time stamp (`2017-03-28 10:18 来源: 贵州日报`).
_TIMESTAMP = re.compile(r"^((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})\s+\d{1,2}:\d{2}")
#: Labels of the date a document was signed rather than put online: used when no other is.
_SIGNING_LABELS = frozenset({"发文日期", "成文日期", "印发日期"})
_CN_DIGITS = "〇○零一二三四五六七八九十"
#: A full date standing apart (`某局 2020年1月15日`, `二〇二一年十二月二十一日`), not a
#: statistics period's start (`2019年1月1日 至 2019年12月31日`): a month alone is no date.
_SIGNATURE_DATE = re.compile(
    rf"(?:^|(?<![至到自起止为是-])\s)((?:19|20)\d{{2}}|[{_CN_DIGITS}]{{4}})\s*年"
    rf"\s*([\d{_CN_DIGITS}]{{1,3}})\s*月"
    rf"\s*([\d{_CN_DIGITS}]{{1,3}})\s*日(?=\s|$)(?!\s*(?:起|至|到|-|—|~))"
)
_AGENCY_SUFFIX = re.compile(
    r"(人民政府|政府办公室|办公室|办公厅|委员会|管委会|管理委员会|局|厅|委|办|中心|院|署|处|所|站|"
    r"街道办事处|人民法院|人民检察院|实验区|新区|开发区|高新区|乡|镇|街道|部|机关|队|室)$"
)
#: Page-field lines are short; a crawler's one-line page that starts with fields is narrative.
_MAX_FIELD_LINE = 160
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
#: Every position a date starts at: its first character (which the regex engine can skip to),
#: where a date starts (the look-ahead, inside a look-behind over that character). Matches are
#: single characters, so overlapping starts are all found.
_DATE_START = re.compile(rf"[12〇○零一二三四五六七八九](?<=(?={_CN_DATE}).)")
#: The run of agency characters that ends where the search ends.
_AGENCY_CHARS_BEFORE = re.compile(r"[\u4e00-\u9fff()]*\Z")
_SOURCE_FIELD = re.compile(
    r"(?:^|\s|\|)(?:来源|发布机构|发文机关|发布单位)\s*:\s*\|?\s*([\u4e00-\u9fff()]+)"
)
#: An agency with a month-only date (`浙江省工业和信息化厅 2017年3月`): a signature too.
_SIGNED_MONTH = re.compile(
    r"^(?P<agency>[\u4e00-\u9fff()]{3,40})\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月$"
)
_AGENCY_RUN = r"[\u4e00-\u9fff()]"
_YEAR_WORD = r"(?:(?:19|20)\d{2}\s*年度?)"
_REPORT_SUBJECT = r"(?:政府信息公开|政务公开|信息公开)"
#: Where an untitled report's opening sentence names its author: `由北京市信访办编制`,
#: `现公布揭东区公路局2015年度政府信息公开…`, `三门沿海工业城管委会特向社会公布…`.
_OPENING_AGENCY = (
    re.compile(rf"由(?P<agency>{_AGENCY_RUN}{{3,30}}?)(?:负责|组织|汇总)?编制"),
    re.compile(
        rf"(?:现将|现公布|现予公布|现发布|特向社会公布|特向社会公开|向社会公开|汇总|特编制|编制)了?"
        rf"\s*《?\s*"
        rf"{_YEAR_WORD}?\s*"
        rf"(?P<agency>{_AGENCY_RUN}{{2,30}}?)\s*{_YEAR_WORD}?\s*(?:本级)?的?\s*{_REPORT_SUBJECT}"
    ),
    re.compile(rf"(?P<agency>{_AGENCY_RUN}{{3,30}}?)(?:特向社会公布|特向社会公开)"),
    # A body opening with its title on the same line (`通江县…局 2018年政府信息公开…报告 根据…`)
    # or with the agency as its first sentence's subject (`杭州市余杭区司法局(…)根据《…》`).
    re.compile(rf"^(?P<agency>{_AGENCY_RUN}{{3,40}}?)\s*{_YEAR_WORD}\s*{_REPORT_SUBJECT}"),
    re.compile(rf"^(?P<agency>{_AGENCY_RUN}{{3,40}}?)(?:根据|依据|按照)《"),
)
#: An office named by its level only, acting in the year's first sentence
#: (`本年度市审批办认真贯彻落实…`): its agency only where the text also names the place.
_LEVEL_ONLY_AGENCY = re.compile(
    rf"(?:{_YEAR_WORD}|本年度|本年)[,,]?\s*(?P<agency>[省市县区][\u4e00-\u9fff]{{1,12}}?"
    r"(?:办|局|委|厅))(?:认真|严格|坚持|全面|始终|深入|在)"
)
#: Lines and characters from the top searched for an opening sentence: enough to pass a site's
#: side navigation (one menu entry a line) before the body.
_OPENING_AGENCY_LINES = 80
#: A report's title standing alone on a line below the top (after a site's navigation):
#: `四川省经济合作局2019年政府信息公开工作年度报告`.
_TITLE_LINE_AGENCY = re.compile(
    rf"^(?P<agency>{_AGENCY_RUN}{{3,40}}?)\s*{_YEAR_WORD}\s*{_REPORT_SUBJECT}工作年度报告$"
)
#: How a news account's name ends (`贵州省发布`): a news page's title names its outlet, no agency.
_NEWS_ACCOUNT = re.compile(r"(?:发布|播报|快讯|新闻|资讯|在线|头条)$")
#: How a division's name ends (`某某县`, `某某自治州`, `某某旗`).
_DIVISION_SUFFIX = re.compile(r"(?:省|市|县|区|旗|州|盟)$")
#: An alias in brackets after an agency's name.
_BRACKETED_ALIAS = re.compile(r"\([\u4e00-\u9fff]{2,20}\)$")
_OPENING_AGENCY_CHARS = 2000
#: Words a title's subject ends with that are not part of the agency's name.
#: A page-number prefix before a title's subject (`Page 8 - 威海市…`).
_BEFORE_HAN = re.compile(r"^[A-Za-z0-9 .]*[-_:|>]\s*(?=[\u4e00-\u9fff])")
_SUBJECT_TAIL = re.compile(r"(?:关于.*|的|本级)+$")
_FIRST_YEAR, _LAST_YEAR = 2000, 2100


def find_title(lines: list[str]) -> str | None:
    """The document's title: a crawler's or page's `标题:` line when there is one (whatever
    it says: a letter's title must stay a letter's), else the first short line near the top
    naming an annual report on information disclosure. A `标题:` line naming only the site or
    holding only a piece of the body's own title (the first line of a title wrapped over two,
    `2019年度`) gives way to the body's title; one holding only a year names nothing."""
    labelled = next((line for line in lines[:20] if _TITLE_PREFIX.match(line)), None)
    if labelled is not None:
        title = _TITLE_PREFIX.sub("", labelled).strip() or None
        if title is None:
            return None
        if _is_site_name(title):
            return _body_title(lines) or title
        if _YEAR_ALONE.match(title):
            return _body_title(lines)
        if not _TITLE_WORDS.search(title):
            body = _body_title(lines)
            if body is not None and _compact(title) in _compact(body):
                return body
        return title
    return _body_title(lines)


def _compact(text: str) -> str:
    return "".join(text.split())


def _is_site_name(title: str) -> bool:
    """A page title that names only the site or its agency (`宜昌市行政审批服务局`,
    `某某县人民政府门户网站`), no document: the body's own title says what the page is."""
    name = _SITE_SUFFIX.sub("", title)
    return _is_agency(name) and _AGENCY_SUFFIX.search(name) is not None


def _body_title(lines: list[str]) -> str | None:
    top = [_PINYIN_GLOSS.sub("", line).strip() for line in lines[:20]]
    for index, candidate in enumerate(top):
        if not _title_like(candidate):
            continue
        if _TITLE_WORDS.search(candidate):
            return candidate
        following = top[index + 1] if index + 1 < len(top) else ""
        joined = candidate + following
        if (
            len(candidate) <= _MAX_TITLE_PART
            and _title_like(following)
            and len(following) <= _MAX_TITLE_PART
            and _TITLE_WORDS.search(joined)
            and (
                not _TITLE_WORDS.search(following)
                or _ENDS_WITH_YEAR.search(candidate)
                or (_is_site_name(candidate) and _STARTS_WITH_YEAR.match(following))
            )
        ):
            return joined
    return None


def _title_like(line: str) -> bool:
    """A line that could be (part of) a title: short, not a page field, a breadcrumb trail or
    the opening of a sentence."""
    return (
        0 < len(line) <= _MAX_TITLE
        and not _FIELD_LABEL.match(line)
        and not _BREADCRUMB.search(line)
        and not line.startswith(_NARRATIVE_OPENINGS)
        and "。" not in line
    )


def find_report_year(title: str | None, text: str, from_narrative: bool = True) -> int | None:
    """The year the report covers: from its title, else its statistics period, else (when
    `from_narrative`) a sentence naming it (`现将我局2014年政府信息公开情况报告如下`,
    `2016年度我乡…`), else the year the narrative mentions most, else the year before an
    early-in-the-year date line (`2017年3月` under a report for 2016). Without
    `from_narrative` (a page that is no report), the year its heading says it is about
    (`2022年上半年政府信息公开数据统计`) is the last resort: a list page's many years are not.

    Dates of publication (page fields, the signature) are not the covered year: they are
    usually the year after it, so they never count as narrative years."""
    if title:
        match = _YEAR_IN_TITLE.search(title)
        if match and _FIRST_YEAR <= int(match.group(1)) <= _LAST_YEAR:
            return int(match.group(1))
    period = _PERIOD.search(text)
    if period:
        return int(period.group(1))
    if not from_narrative:
        return _heading_year(text)
    lines = text.split("\n")
    narrative = "\n".join(line for line in lines if not _is_date_line(line))
    for match in _STATED_YEAR.finditer(narrative):
        year = int(next(group for group in match.groups() if group))
        if _FIRST_YEAR <= year <= _LAST_YEAR:
            return year
    counts: dict[int, int] = {}
    for match in _YEAR_IN_TEXT.finditer(narrative):
        year = int(match.group(1))
        if _FIRST_YEAR <= year <= _LAST_YEAR:
            counts[year] = counts.get(year, 0) + 1
    if counts:
        return max(counts, key=lambda year: counts[year])  # ties: the first mentioned
    return _year_before_date_line(lines)


def _heading_year(text: str) -> int | None:
    """The year a page's heading near the top says it is about (`2022年上半年政府信息公开
    数据统计`): what a page that is no report covers, where it names no report."""
    for line in text.split("\n")[:20]:
        candidate = line.strip()
        match = _HEADING_YEAR.match(candidate) if _title_like(candidate) else None
        if match and _FIRST_YEAR <= int(match.group(1)) <= _LAST_YEAR:
            return int(match.group(1))
    return None


def _is_date_line(line: str) -> bool:
    """A page field or a line that is only a date (or an agency and a date): publication
    metadata, not narrative."""
    stripped = line.strip()
    if len(stripped) > _MAX_FIELD_LINE:
        return False
    if (_may_hold_date_label(stripped) and _LABELLED_DATE.search(stripped)) or _DATE_LINE.match(
        stripped
    ):
        return True
    signed = _SIGNED.fullmatch(stripped)
    return signed is not None and _AGENCY_SUFFIX.search(signed.group("agency")) is not None


def _year_before_date_line(lines: list[str]) -> int | None:
    """The covered year implied by a date line alone: a report dated early in a year covers
    the year before, one dated at its end covers that year; mid-year dates say nothing."""
    for line in reversed([line.strip() for line in lines if line.strip()]):
        match = _DATE_LINE.match(line) or _SIGNATURE_DATE.search(line)
        if match is None:
            continue
        year, month = _number(match.group(1)), _number(match.group(2))
        if month <= _LAST_EARLY_MONTH:
            return year - 1
        if month >= _FIRST_LATE_MONTH:
            return year
        return None
    return None


def find_published_date(lines: list[str]) -> date | None:
    """A labelled publication date near the top, else the signature date at the end."""
    signed: date | None = None
    for line in _field_lines(lines[:30]):
        if not _may_hold_date_label(line):
            continue
        for match in _LABELLED_DATE.finditer(line):
            found = _to_date(*match.groups()[1:])
            if found is None:
                continue
            if match.group("label") not in _SIGNING_LABELS:
                return found
            signed = signed or found
    if signed:
        return signed
    for line in lines[:30]:
        stamp = _TIMESTAMP.match(line.strip())
        if stamp:
            found = _to_date(*stamp.groups())
            if found:
                return found
    tail = _tail(lines)
    for position in range(len(tail) - 1, -1, -1):
        following = tail[position + 1].strip() if position + 1 < len(tail) else ""
        if following.startswith(_RANGE_CONTINUATIONS):
            continue  # a period's first day, its end on the next line
        for match in reversed(list(_SIGNATURE_DATE.finditer(tail[position]))):
            found = _to_date(*match.groups())
            if found:
                return found
    return None


def _field_lines(lines: list[str]) -> list[str]:
    """The lines, a bare date label joined with the value on the line after it."""
    joined = []
    for index, line in enumerate(lines):
        if _may_hold_date_label(line) and _BARE_DATE_LABEL.match(line.strip()):
            following = lines[index + 1].strip() if index + 1 < len(lines) else ""
            if following:
                joined.append(f"{line.strip()}{following}")
                continue
        joined.append(line)
    return joined


def find_agency(title: str | None, lines: list[str]) -> str | None:
    """The issuing agency: the signature above the closing date, else the title's subject,
    else an agency line just above the title, else the page's 来源 field."""
    tail_lines = _tail(lines)
    tail = "\n".join(tail_lines)[-_SIGNATURE_CHARS:]
    signed = _last_signature(tail)
    if signed:
        agency = signed.group("agency")
        if _is_agency(agency) and _AGENCY_SUFFIX.search(agency):
            return agency
    for line in reversed(tail_lines):
        if _is_agency(line) and _AGENCY_SUFFIX.search(line):
            return line
    for line in reversed(tail_lines):
        month_signed = _SIGNED_MONTH.match(line.strip())
        if month_signed:
            agency = month_signed.group("agency")
            if _is_agency(agency) and _AGENCY_SUFFIX.search(agency):
                return agency
    if title:
        match = _TITLE_AGENCY.match(title)
        subject = _SUBJECT_TAIL.sub("", match.group("agency").strip(" -_:")) if match else ""
        subject = _BEFORE_HAN.sub("", subject)  # `Page 8 - 威海市…` (a flipbook page's title)
        if _is_agency(subject) and not _NEWS_ACCOUNT.search(subject):
            return subject
        first_line = next((line for line in lines if title.startswith(line.strip())), None)
        if first_line is not None:
            position = lines.index(first_line)
            above = lines[position - 1].strip() if position > 0 else ""
            if _is_agency(above) and _AGENCY_SUFFIX.search(above):
                return above
    opening = "".join(lines[:_OPENING_AGENCY_LINES])[:_OPENING_AGENCY_CHARS]
    for pattern in _OPENING_AGENCY:
        found = pattern.search(opening)
        while found is not None:
            agency = found.group("agency")
            if _is_agency(agency) and _has_agency_suffix(agency):
                return agency
            # a rejected match (`编制本报告现向社会公开安乐乡…`) may hide one inside it
            found = pattern.search(opening, found.start() + 1)
    level_only = _LEVEL_ONLY_AGENCY.search(opening)
    if level_only and resolve_region(opening) is not None:
        return level_only.group("agency")
    for line in lines[:_OPENING_AGENCY_LINES]:
        title_line = _TITLE_LINE_AGENCY.match(line.strip())
        if title_line:
            agency = title_line.group("agency")
            if _is_agency(agency) and _has_agency_suffix(agency):
                return agency
    for line in lines[:30]:
        source = _SOURCE_FIELD.search(line)
        if source and _is_agency(source.group(1)) and _names_agency_or_place(source.group(1)):
            return source.group(1)
    return None


def _has_agency_suffix(name: str) -> bool:
    """Whether `name` ends like an agency, an alias in brackets after it aside
    (`杭州市余杭区司法局(区行政复议局)`)."""
    return _AGENCY_SUFFIX.search(_BRACKETED_ALIAS.sub("", name)) is not None


def _names_agency_or_place(name: str) -> bool:
    """Whether `name` ends like an agency or a division (`某某县`), not like a news account or
    a site's short name (`贵州省发布`, `上海普陀`)."""
    return _has_agency_suffix(name) or _DIVISION_SUFFIX.search(name) is not None


def _last_signature(tail: str) -> re.Match[str] | None:
    """The last match `_SIGNED.finditer(tail)` finds. A match is 3 to 40 agency characters
    and some spaces before a date, so only the positions from which agency characters alone
    reach a date's spaces are tried, in the same order and skipping what a match covers, as
    `finditer` does; elsewhere `_SIGNED` cannot match, and scanning every position of the
    tail for it costs more than the rest of `find_agency`."""
    candidates: set[int] = set()
    for date_start in _DATE_START.finditer(tail):
        agency_end = date_start.start()
        while agency_end > 0 and tail[agency_end - 1].isspace():
            agency_end -= 1
        window = max(0, agency_end - _MAX_SIGNED_AGENCY)
        run = _AGENCY_CHARS_BEFORE.search(tail, window, agency_end)
        if run is not None:
            candidates.update(range(run.start(), agency_end - 2))
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
    """The last `_SIGNATURE_LINES` non-empty lines, read from the end."""
    tail: list[str] = []
    for line in reversed(lines):
        if line:
            tail.append(line)
            if len(tail) == _SIGNATURE_LINES:
                break
    tail.reverse()
    return tail


def _may_hold_date_label(line: str) -> bool:
    """Whether `_DATE_LABEL` may match in `line`: each of its labels ends with 日期 or 时间."""
    return "日期" in line or "时间" in line


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
