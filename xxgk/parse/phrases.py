"""What one clause of a report's narrative states about a headline metric.

A clause is a stretch of a sentence between `,` and `;` (after NFKC), without whitespace,
quotation marks or parentheticals. A figure is a number with a counting unit (`249条`,
`9件`, `380元`, `为零`); its *label* is the text between the figure before it in the clause
(or the clause start) and itself, so a number is only ever read against the words written
just before it (`主动公开信息9204条不予公开3件`: the label of 3 is `不予公开`). A few phrasings
put the noun after the figure (`收到70件申请`, `等200多条信息`). Clauses that say nothing
happened (`未收到政府信息公开申请`) state 0, unless they are narrower than the metric
(`未发生行政复议纠错` says nothing of how many reviews there were)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemas.codes import HeadlineMetric

M = HeadlineMetric

_NUMERALS = "零〇一二两三四五六七八九十百"
#: A figure: a number (Arabic or Chinese) with a counting unit, or `为零`/`为0` with none.
#: A number after `第` is an ordinal; one before `万`, `%` or `.` has no unit here and is
#: skipped (`1万元`, `100%`, years, dates, document and phone numbers). Every figure starts
#: with a digit or numeral, matched first (`lead`) so that the regex engine skips to those
#: characters; the look-behinds that follow it see the character before the figure. `rest` is
#: the number after its first character, None for `为零`; see `_value`.
_FIGURE = re.compile(
    rf"(?P<lead>[\d{_NUMERALS}])"
    rf"(?:(?<![\d.第〔\[].)(?P<rest>(?<=\d)\d*(?:\.\d+)?|(?<=[{_NUMERALS}])[{_NUMERALS}]*)"
    r"(?P<about>余|多)?(?P<unit>条|件|起|个|份|宗|次|例|篇|元)"
    r"|(?<=[为是][零0])(?![\d.万%条件起个份宗次例篇元]))"
)
#: Words between a label's noun and its figure that do not change what is counted.
_FILLER_WORDS = (
    *("的", "了", "共", "共计", "合计", "总计", "一共", "累计", "总数量", "总数", "总量"),
    *("数量", "件数", "条数", "数", "达到", "达", "为", "是", "计", "有", ":"),
)
_FILLER = re.compile(f"(?:{'|'.join(_FILLER_WORDS)})*$")
_LONGEST_FILLER = max(map(len, _FILLER_WORDS))
#: The filler words by their first character: the only ones that can start at a position.
_FILLER_STARTING: dict[str, tuple[str, ...]] = {
    first: tuple(word for word in _FILLER_WORDS if word[0] == first)
    for first in {word[0] for word in _FILLER_WORDS}
}


def _without_filler(label: str) -> str:
    """`label` up to `_FILLER.search(label).start()`: without the longest run of filler words
    that ends it. Found from the end, where it is, rather than by a search trying the
    pattern at every position: a position starts such a run when a word starts there and
    the rest after the word is one too, so once `_LONGEST_FILLER` positions in a row start
    none, none further left can."""
    if "\n" in label:  # (`$` would also match before a final line break)
        return label[: _FILLER.search(label).start()]  # type: ignore[union-attr]
    start = len(label)
    runs = {start}  # positions from which the rest is filler words
    position = start - 1
    while position >= 0 and position >= start - _LONGEST_FILLER:
        for word in _FILLER_STARTING.get(label[position], ()):
            if label.startswith(word, position) and position + len(word) in runs:
                runs.add(position)
                start = position
                break
        position -= 1
    return label[:start]


_NOT_A_SUBTYPE = r"(?:(?!采购|招投标|招标|项目|类)[^0-9;,]){0,12}?"
#: What may precede a bare `主动公开` (`我办共通过门户网站及政务新媒体方式主动公开907条`): who
#: and by which channels, never one kind of information (`其中规范性文件`, `…类`, `…栏目`).
_CHANNEL_PREFIX = r"(?:(?!其中|采购|招投标|招标|项目|(?<!各)类|栏目|专栏)[^,;]){0,30}?"
#: A proactive-disclosure label: the label whole (`^…$`, tried once by `match`) is who and by
#: which channels before a bare `主动公开`; the other phrasings may start anywhere in the label
#: (each with a literal first word the regex engine skips to).
_PROACTIVE_WHOLE = re.compile(rf"{_CHANNEL_PREFIX}主动(?:公开|发布|公布)(?:了)?$")
#: How a label `_PROACTIVE_WHOLE` matches ends (before a final line break, as `$` allows).
_PROACTIVE_VERBS = tuple(
    f"主动{verb}{tail}" for verb in ("公开", "发布", "公布") for tail in ("", "了")
)
_PROACTIVE_ENDING = re.compile(
    rf"主动(?:公开|发布|公布)(?:了)?(?:各类|各项)?{_NOT_A_SUBTYPE}信息$"
    r"|(?:共公布|共公开|累计公开|发布(?:各类)?公开(?:的)?|公开发布(?:各类)?)(?:各类)?(?:的)?政府信息$"
    r"|(?:当年|全年|本年|年内)(?:共)?发布(?:了)?(?:各类)?(?:的)?政府信息$"
    r"|政府信息公开发布$"
)
#: `主动公开的425条政府信息`, `主动公开…等200多条信息`: the noun follows the figure.
_PROACTIVE_BEFORE = re.compile(r"主动(?:公开|发布)(?:了)?(?:各类)?$|主动公开[^;]{0,60}?等$")
_PROACTIVE_AFTER = re.compile(r"(?:各类)?(?:的)?(?:政府)?信息")
_HANDLING = "答复|办理|办结|处理|回复|结转|转办|延期|逾期|上年|去年|以前"
_RECEIVED = re.compile(
    r"(?:收到|受理|接到|接收|新收|收悉)[^,;]{0,16}?(?:政府信息公开|信息公开|依申请公开)"
    rf"(?:(?!公开|复议|诉讼|投诉|举报|人|{_HANDLING})[^,;\d]){{0,8}}$"
)
_RECEIVED_NO_VERB = re.compile(
    r"(?:政府信息公开|信息公开)(?:的)?申请$"
    r"|(?:收到|受理|接到|接收)(?:要求|申请)公开(?:政府)?信息(?:的)?申请$"
)
_RECEIVED_COUNT = re.compile(r"依申请公开(?:申请)?(?:件数|数量|总数)(?:为|是|共|:)?$")
_RECEIVED_BARE = re.compile(r"(?:收到|受理|接到|接收|新收)(?:各类|有关)?(?:的)?申请$")
_RECEIVED_BEFORE = re.compile(r"(?:收到|受理|接到|接收|新收)(?:了)?(?:各类)?$")
_RECEIVED_AFTER = re.compile(
    r"(?:有关)?(?:的)?(?:政府信息公开|信息公开|依申请公开)?(?:的)?申请(?!人)"
    r"|(?:有关)?(?:的)?(?:政府信息)?依申请公开(?!信息|政府信息)"
)
_OUTCOME = re.compile(
    "部分同意公开|同意部分公开|部分予以公开|部分公开|予以公开|同意公开|全部公开|准予公开"
    "|不予公开|免于公开|免予公开"
)
_GRANTED = re.compile(r"(?<!部分)(?<!不)(?:予以公开|同意公开|全部公开|准予公开)(?:答复)?$")
_PARTIAL = re.compile(r"(?:部分同意公开|同意部分公开|部分予以公开|部分公开)(?:答复)?$")
_DENIED = re.compile(r"(?:不予公开|免于公开|免予公开)(?:答复)?$")
_REVIEWS = re.compile(r"(?:行政复议|复议)(?:的)?(?:申请|案件|案)?$")
_LAWSUITS = re.compile(r"(?:行政诉讼|诉讼)(?:的)?(?:案件|案)?$")
#: `行政复议和行政诉讼3件` is the two together; `…各1件`, `…均为0件` is each of them.
_BOTH = re.compile(
    r"(?:复议|诉讼)(?:案件)?(?:和|及|与|、|或)(?:提起)?(?:行政)?(?:复议|诉讼)(?:案件)?"
)
_EACH = re.compile(rf"{_BOTH.pattern}(?:均|都|皆|各)$")
_REVIEWS_BEFORE = re.compile(r"(?:收到|接到|受理|发生|共有|涉及)(?:了)?$")
_REVIEWS_AFTER = re.compile(r"(?:有关|关于)?[^,;]{0,15}?行政复议")
_LAWSUITS_BEFORE = re.compile(r"(?:收到|发生|涉及|被提起|提起|应诉)(?:了)?$")
_LAWSUITS_AFTER = re.compile(r"[^,;]{0,15}?行政诉讼")
#: Zero of these is zero of the metric; another number is not the metric's (see `_zero_only`).
_APPLICATIONS_NONE = re.compile(
    r"(?:政府信息公开|信息公开)(?:的)?依申请(?:公开)?(?:办理|受理)?(?:的)?(?:事项|申请|案件)$"
)
_FEE_AND_WAIVER = re.compile(r"(?:信息公开|依申请)[^,;]{0,6}?收费(?:和|及|与|、)减免(?:情况)?$")
#: A breakdown naming disclosure (`其中涉及政府信息公开1件`): the figure before it counts more.
_DISCLOSURE_PART = re.compile(r"其中[^,;。]{0,8}?(?:政府信息公开|信息公开)")
#: `有1件…行政复议`: a count of reviews or lawsuits written after the figure.
_HAS = re.compile(r"(?<![没未无])有$")
#: `…1件行政复议和行政诉讼`: the two together, neither of them.
_BOTH_AFTER = re.compile(rf"[^,;]{{0,15}}?{_BOTH.pattern}")
_FEE = re.compile(r"(?:信息处理费|处理费|检索费|复制费|邮寄费|费用|收费)(?:金额|总额)?$")
_FEE_CONTEXT = re.compile(r"信息处理费|处理费|信息公开|依申请|检索|复制|邮寄")
_NOT_THE_FEE = re.compile(r"行政事业性|减免|免收|免除|退|经费|支出|罚|违规|乱收|标准")

#: A statement that there were none: a negation and the thing it denies, in one clause.
_NEG = (
    r"(?<![对若如将])(?:(?:未|没有|无)(?:曾)?(?:收到|接到|受理|发生|产生|出现|接收|涉及|有|因|被)"
    r"|无一(?:例|件|起)|无(?=行政复议|复议|行政诉讼|诉讼|收费|政府信息公开|依申请|信息公开))"
)
#: Reviews, lawsuits and fees are denied by a bare `没有` too (`没有与有关单位…行政复议`,
#: `没有政府信息公开收费`); applications are not (`没有依法依申请公开的单位`).
_NEG_BARE = rf"(?:{_NEG}|(?<![对若如将])没有)"
_NONE_RECEIVED = re.compile(rf"{_NEG}[^,;]{{0,30}}?申请(?!人)")
#: Applications of another kind (`未收到行政许可申请`): none of them says nothing of disclosure.
_OTHER_APPLICATION = re.compile("许可|审批|信访|听证|赔偿|补助|救助|低保|专利|资金|项目|入学")
#: A second negated statement joined to the first (`…申请和未涉及…`).
_NEXT_NEGATION = re.compile(r"(?:和|及|与|并|也|且)(?=未|没有)")
_NONE_REVIEWS = re.compile(rf"{_NEG_BARE}[^,;]{{0,30}}?复议")
_NONE_LAWSUITS = re.compile(rf"{_NEG_BARE}[^,;]{{0,40}}?诉讼")
_NONE_FEE = re.compile(
    r"(?<![对若如将])(?:未|没有|无)(?:[向对][^,;]{0,16}?)?(?:收取|收缴|收)[^,;]{0,20}?费"
    rf"|{_NEG_BARE}[^,;]{{0,24}}?(?:收费|收取费用|处理费)"
    r"|暂不收费|不收取任何费用|零收费"
)
#: A negated clause with one of these denies something narrower than the metric: a review
#: that overturned a decision, an overdue answer, a complaint.
_NARROWER = re.compile(
    "纠错|纠正|撤销|败诉|违法|确认|改变|责令|问责|追究|维持|不满意|逾期|超期|"
    "超时|答复|不予|但|却|补正"
)


@dataclass(frozen=True)
class Statement:
    metric: HeadlineMetric
    value: float


#: A figure after these is approximate (`近200条`, `约50件`, `超过1000条`).
_ABOUT_BEFORE = re.compile(r"(?:近|约|大约|将近|接近|超过|逾|不足|不到|上|多达|近乎|大概)$")
#: … and before these (`50件左右`).
_ABOUT_AFTER = ("左右", "以上", "以下", "上下", "之多")
#: A figure shortly after these counts since before the year (`到年底累计`, `截至目前`,
#: `历年`) or another year (`上年度`): not the year's.
_PERIOD_REACH = 24
_OTHER_PERIOD = re.compile(
    r"截至|截止|到年底|至年底|历年|累计至|已累计|成立以来|至今|上年|去年|上一年|前年"
)


#: Where a figure was published (`其中政务网站主动公开…50条`: one channel's part of a total).
_CHANNEL = re.compile(r"网站|网|微信|微博|公众号|新媒体|客户端|公开栏|公示栏|平台|渠道")
#: A figure right after a negation denies it (`未发生一起…行政复议` is none, not one).
_NEGATED = re.compile(r"(?:未|没有|无|未曾)(?:发生|出现|有|收到|接到|受理|产生)?(?:过)?$")
#: A figure followed by `、` and another counted item is one entry of a list of categories
#: (`主动公开政府信息88条、规范性文件2条、…`), not the year's total.
_LIST_ITEM = re.compile(r"、[^,;、。]{1,20}?\d+(?:余|多)?条")


#: What every statement that there were none holds: a negation (`未`, `没有`, `无`) or one of
#: the fee phrasings `暂不收费`, `不收取任何费用`, `零收费`.
_DENIAL_MARK = re.compile("未|没|无|不收|零收费")


def may_state(text: str) -> bool:
    """False only when no clause cut from `text` (a sentence, or a clause) states anything: it
    holds no figure (a figure never spans `,` or `;`, and the characters around a clause
    decide its edges' look-arounds as the clause's ends do) and no denial mark. A cheap test
    that lets most sentences of a report go unread."""
    return _FIGURE.search(text) is not None or _DENIAL_MARK.search(text) is not None


def clause_statements(clause: str, sentence: str) -> list[Statement]:
    """The statements of one clause, in order; `sentence` (the whole compact sentence) is
    the context a few phrasings need (`收到申请15件` counts only in a sentence about
    disclosure)."""
    found: list[Statement] = []
    start = 0
    for match in _FIGURE.finditer(clause):
        label = clause[start : match.start()]
        start = match.end()
        value = _value(match)
        after = clause[match.end() :]
        if value is None or _ABOUT_BEFORE.search(label) or after.startswith(_ABOUT_AFTER):
            continue
        if _OTHER_PERIOD.search(label[-_PERIOD_REACH:]) or _NEGATED.search(label):
            continue
        # (`unit` is "" for `为零`, which suits every metric: `"" in "条件"` holds.)
        unit = match.group("unit") or ""
        for metric in _metrics(label, after, unit, sentence, clause, value):
            if metric is M.PROCESSING_FEE_YUAN or value.is_integer():
                found.append(Statement(metric, value))
    stated = {statement.metric for statement in found}
    nothing = _nothing_happened(clause, sentence)
    return found + [Statement(metric, 0.0) for metric in nothing if metric not in stated]


def _metrics(
    label: str, after: str, unit: str, sentence: str, clause: str, value: float
) -> list[HeadlineMetric]:
    """The metrics the figure `value` between `label` and `after` counts (most often none)."""
    bare = _without_filler(label)
    if unit in ("元", "") and _FEE.search(bare):
        fee = "收" in clause and _FEE_CONTEXT.search(sentence) and not _NOT_THE_FEE.search(clause)
        return [M.PROCESSING_FEE_YUAN] if fee else []
    if unit == "元":
        return []
    if _EACH.search(bare):
        return [M.ADMINISTRATIVE_REVIEWS, M.LAWSUITS]
    if len(_OUTCOME.findall(label)) == 1:
        for metric, pattern in (
            (M.APPLICATIONS_PARTIALLY_GRANTED, _PARTIAL),
            (M.APPLICATIONS_DENIED, _DENIED),
            (M.APPLICATIONS_GRANTED, _GRANTED),
        ):
            if pattern.search(bare):
                return [metric]
    if _BOTH.search(bare[-14:]):
        return []
    if _DISCLOSURE_PART.search(sentence) and (_REVIEWS.search(bare) or _LAWSUITS.search(bare)):
        return []  # `收到行政复议申请2件,其中涉及政府信息公开1件`: all reviews, not the metric
    if _REVIEWS.search(bare):
        return [M.ADMINISTRATIVE_REVIEWS]
    if _LAWSUITS.search(bare):
        return [M.LAWSUITS]
    if unit in "条件" and _proactive(bare):
        part = _LIST_ITEM.match(after) or (clause.startswith("其中") and _CHANNEL.search(bare))
        return [] if part else [M.PROACTIVE_DISCLOSURES]
    if unit in "条件" and _PROACTIVE_BEFORE.search(bare) and _PROACTIVE_AFTER.match(after):
        return [M.PROACTIVE_DISCLOSURES]
    if unit in "件条个份宗起" and _received(label, bare, after, sentence):
        return [M.APPLICATIONS_RECEIVED]
    if unit in "件起份个宗次例" and not _BOTH_AFTER.match(after):
        has = _HAS.search(label) is not None  # `有1件涉及政府信息公开工作的行政复议`
        reviews = _REVIEWS_AFTER.match(after)
        if (has or _REVIEWS_BEFORE.search(bare)) and reviews and not _NARROWER.search(reviews[0]):
            return [M.ADMINISTRATIVE_REVIEWS]
        lawsuits = _LAWSUITS_AFTER.match(after)
        if (
            (has or _LAWSUITS_BEFORE.search(bare))
            and lawsuits
            and not _NARROWER.search(lawsuits[0])
        ):
            return [M.LAWSUITS]
    return _zero_only(bare, clause) if value == 0 else []


def _proactive(bare: str) -> bool:
    """Whether a label (its filler words off) names the proactive disclosures."""
    if _PROACTIVE_ENDING.search(bare):
        return True
    return bare.removesuffix("\n").endswith(_PROACTIVE_VERBS) and bool(_PROACTIVE_WHOLE.match(bare))


def _zero_only(bare: str, clause: str) -> list[HeadlineMetric]:
    """Metrics only a zero may be read against: `依申请办理事项为零` (nothing applied for,
    whereas a number of 办理 items counts answers), `收费和减免为零` (neither fee nor waiver,
    whereas a number would be the two together)."""
    if _APPLICATIONS_NONE.search(bare):
        return [M.APPLICATIONS_RECEIVED]
    if _FEE_AND_WAIVER.search(bare) and "行政事业性" not in clause:
        return [M.PROCESSING_FEE_YUAN]
    return []


def _received(label: str, bare: str, after: str, sentence: str) -> bool:
    if _RECEIVED.search(bare) or _RECEIVED_COUNT.search(label):
        return True
    if _RECEIVED_NO_VERB.search(bare) and not re.search(_HANDLING, bare):
        return True
    if _RECEIVED_BARE.search(bare):
        return re.search("信息公开|依申请|政府信息", sentence) is not None
    if _RECEIVED_BEFORE.search(bare):
        followed = _RECEIVED_AFTER.match(after)
        return followed is not None and not after[followed.end() :].startswith(("复议", "诉讼"))
    return False


def _nothing_happened(clause: str, sentence: str) -> list[HeadlineMetric]:
    """The metrics a clause says were none (`未收到…申请`, `无行政复议和行政诉讼情况`).
    What follows the negation must not narrow it (`未发生行政复议纠错`); what precedes it
    (a run-in heading such as `三、依申请公开、不予公开…情况`) does not."""
    metrics: list[HeadlineMetric] = []
    if _DENIAL_MARK.search(clause) is None:
        return metrics  # every pattern below starts with a negation or a fee denial

    def denies(pattern: re.Pattern[str]) -> bool:
        match = pattern.search(clause)
        return match is not None and not _narrowed(clause, match)

    if _none_received(clause, sentence):
        metrics.append(M.APPLICATIONS_RECEIVED)
    if denies(_NONE_REVIEWS):
        metrics.append(M.ADMINISTRATIVE_REVIEWS)
    if denies(_NONE_LAWSUITS):
        metrics.append(M.LAWSUITS)
    fee = _NONE_FEE.search(clause)
    if fee and not _NOT_THE_FEE.search(fee.group()) and "行政事业性" not in clause:
        metrics.append(M.PROCESSING_FEE_YUAN)
    return metrics


def _narrowed(clause: str, match: re.Match[str]) -> bool:
    """Whether what follows the negation narrows it, up to a second negated statement joined
    to it (`未收到信息公开的申请和未涉及不予公开的政府信息`: the second says nothing of the
    first)."""
    end = _NEXT_NEGATION.search(clause, match.end())
    return _NARROWER.search(clause, match.start(), end.start() if end else len(clause)) is not None


#: A negated clause about these is not about applications received, though it may say 申请
#: (`未发生依申请公开政府信息收费、减免情况` is about fees).
_NOT_APPLICATIONS = "复议|诉讼|投诉|举报|费|减免"


def _none_received(clause: str, sentence: str) -> bool:
    """`未收到政府信息公开申请`, `本年度,我局未收到政府信息申请`; not another kind of
    application (`未收到行政许可申请`), nor consultations (`未收到依申请公开信息的咨询`)."""
    match = _NONE_RECEIVED.search(clause)
    if match is None or _narrowed(clause, match) or re.search(_NOT_APPLICATIONS, clause):
        return False
    denied = match.group()
    if "公开" not in sentence and "政府信息" not in denied:
        return False
    if _OTHER_APPLICATION.search(denied) and "信息公开" not in denied:
        return False
    return not (denied.endswith("依申请") and "咨询" in clause[match.end() :])


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _value(match: re.Match[str]) -> float | None:
    """The figure's value; None when it is approximate (`10余条`, `5500余条`, `1000多条`: the
    real figure is above the one written, so publishing it would publish a wrong number) or
    not a number."""
    if match.group("rest") is None:  # `为零`, `为0`
        return 0.0
    if match.group("about"):
        return None
    number = match.string[match.start() : match.end("rest")]
    return float(number) if number[0].isdigit() else _chinese(number)


def _chinese(number: str) -> float | None:
    """`三` → 3, `十二` → 12, `二十` → 20, `一百零五` → 105; None for anything else."""
    if number in _DIGITS:
        return float(_DIGITS[number])
    match = re.fullmatch(r"(?:(.)百)?(?:零)?(?:(.)?十)?(.)?", number)
    if match is None or ("百" not in number and "十" not in number):
        return None
    hundreds, tens, units = match.groups()
    total = 0
    for digit, scale in ((hundreds, 100), (tens, 10), (units, 1)):
        if digit is None:
            if scale == 10 and "十" in number:
                total += 10
            continue
        if digit not in _DIGITS:
            return None
        total += _DIGITS[digit] * scale
    return float(total)
