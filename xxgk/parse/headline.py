"""Figures a report's narrative states (主动公开…条, 收到申请…件, 行政复议…件, 信息处理费…元)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from schemas.codes import HeadlineMetric

_SENTENCE_END = re.compile(r"(?<=[。!?])")
_HEADING_START = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\(\S{1,3}\)|\d{1,2}[.、])")
_PARAGRAPH_END = "。!?:;"
_NUMBER = r"(?P<value>\d+(?:\.\d+)?)"
_DIGIT = re.compile(r"\d")
_GAP = r"[^。;,复诉]{0,14}?"  # a short stretch that never crosses into reviews or lawsuits
# What may stand between 主动公开 and 信息 in a total (我区各级单位政府…), never a sub-type
# (政府采购项目信息, 招投标信息 are parts of the total, not the total).
_NOT_A_SUBTYPE = r"(?:(?!采购|招投标|招标|项目|类)[^0-9。;,]){0,12}?"
_NO = r"(?:未|没有|无)(?:收到|接到|受理|发生|产生|有|收取)"


@dataclass(frozen=True)
class HeadlineFigure:
    metric: HeadlineMetric
    value: float
    unit: str
    evidence: str


@dataclass(frozen=True)
class _Rule:
    metric: HeadlineMetric
    pattern: re.Pattern[str]
    unit: str
    #: A literal every match contains: a sentence without it is skipped before the regex runs.
    needs: str
    #: Whether every match holds a number (a sentence without digits is skipped too).
    counts: bool

    def value(self, match: re.Match[str]) -> float:
        found = match.groupdict().get("value")
        return float(found) if found is not None else 0.0


def _rule(metric: HeadlineMetric, unit: str, *patterns: tuple[str, str]) -> list[_Rule]:
    """Rules from (literal every match contains, pattern) pairs."""
    return [_Rule(metric, re.compile(p), unit, needs, _NUMBER in p) for needs, p in patterns]


# Tried in order for every sentence; the first sentence that states a metric wins.
_RULES: list[_Rule] = [
    *_rule(
        HeadlineMetric.PROACTIVE_DISCLOSURES,
        "条",
        (
            "主动",
            rf"主动(?:公开|发布)(?:各类|各项)?{_NOT_A_SUBTYPE}信息(?:共|总数)?{_NUMBER}(?:余|多)?条",
        ),
        ("政府信息", rf"(?:共公布|共公开|累计公开)(?:各类)?政府信息{_NUMBER}(?:余|多)?条"),
        ("主动公开", rf"主动公开[^。;]{{0,60}}?等{_NUMBER}(?:余|多)条(?:政府)?信息"),
        ("政府信息公开发布总数量", rf"政府信息公开发布总数量[^:]{{0,20}}:{_NUMBER}(?:件|条)"),
    ),
    *_rule(
        HeadlineMetric.APPLICATIONS_RECEIVED,
        "件",
        (
            "公开",
            rf"(?:收到|受理|接到|接收)[^。;,复诉]{{0,16}}?(?:政府信息公开|信息公开|依申请公开)"
            rf"[^。;,复诉\d]{{0,8}}?(?:共|总数)?{_NUMBER}(?:件|条|个|份)",
        ),
        (
            "申请",
            rf"(?:收到|受理|接到|接收)(?:各类)?{_NUMBER}(?:件|条|个|份)(?:政府信息公开|依申请公开)?申请",
        ),
        ("申请", rf"{_NO}{_GAP}(?:政府信息公开|依申请公开){_GAP}申请(?!{_GAP}复议)"),
        ("依申请公开", rf"{_NO}{_GAP}依申请公开"),
    ),
    *_rule(
        HeadlineMetric.APPLICATIONS_GRANTED,
        "件",
        ("公开", rf"(?:予以公开|同意公开(?:答复数)?){_NUMBER}(?:件|条)"),
    ),
    *_rule(
        HeadlineMetric.APPLICATIONS_PARTIALLY_GRANTED,
        "件",
        ("部分公开", rf"部分公开(?:答复数)?{_NUMBER}(?:件|条)"),
    ),
    *_rule(
        HeadlineMetric.APPLICATIONS_DENIED,
        "件",
        ("公开", rf"(?:不予公开|免于公开)(?:答复数)?{_NUMBER}(?:件|条)"),
    ),
    *_rule(
        HeadlineMetric.ADMINISTRATIVE_REVIEWS,
        "件",
        ("行政复议", rf"行政复议(?:申请|案件)?(?:共)?{_NUMBER}(?:件|起)"),
        ("行政复议", rf"收到{_NUMBER}(?:份|件|起)[^。;,]{{0,20}}行政复议"),
        ("行政复议", rf"{_NO}[^。;]{{0,20}}?行政复议"),
    ),
    *_rule(
        HeadlineMetric.LAWSUITS,
        "件",
        ("行政诉讼", rf"行政诉讼(?:案件)?(?:共)?{_NUMBER}(?:件|起)"),
        ("行政诉讼", rf"{_NO}[^。;]{{0,30}}?行政诉讼"),
    ),
    *_rule(
        HeadlineMetric.PROCESSING_FEE_YUAN,
        "元",
        ("费", rf"(?:收取|收缴)[^。;,]{{0,24}}?(?:信息处理费|费用){_NUMBER}元"),
        ("费", rf"{_NO}[^。;]{{0,10}}?(?:收取)?(?:信息处理费|收费)"),
        ("费", r"(?:暂不收费|未收取[^。;,]{0,10}?(?:信息处理费|费用))"),
    ),
]
#: What every rule's match holds: a number, or a negation (`_NO`, 暂不收费) when it states
#: that there were none.
_FIGURE_MARK = re.compile(r"[\d未没无暂]")
#: Any literal some rule needs: most sentences (table cells, narrative) hold none.
_ANY_NEEDED = re.compile("|".join(sorted({re.escape(rule.needs) for rule in _RULES})))


def find_headline_figures(text: str) -> list[HeadlineFigure]:
    """The first statement of each metric, in document order, with its sentence.

    Within a sentence the earliest statement wins: a total comes before its breakdown
    (`共公布政府信息2599条(其中…其他应主动公开政府信息856条)`)."""
    found: dict[HeadlineMetric, HeadlineFigure] = {}
    pending = _RULES  # the rules of metrics not found yet
    compacts: list[str] = []  # every sentence that may state a figure, without whitespace
    for sentence, compact in _candidate_sentences(text):
        compacts.append(compact)
        if "|" in compact or not pending:
            continue
        earliest: dict[HeadlineMetric, tuple[int, _Rule, re.Match[str]]] = {}
        has_digits = _DIGIT.search(compact) is not None
        for rule in pending:
            if rule.needs not in compact or (rule.counts and not has_digits):
                continue
            match = rule.pattern.search(compact)
            if match and (rule.metric not in earliest or match.start() < earliest[rule.metric][0]):
                earliest[rule.metric] = (match.start(), rule, match)
        if earliest:
            for metric, (_, rule, match) in earliest.items():
                found[metric] = HeadlineFigure(
                    metric, rule.value(match), rule.unit, sentence.strip()
                )
            pending = [rule for rule in pending if rule.metric not in found]
    proactive = found.get(HeadlineMetric.PROACTIVE_DISCLOSURES)
    if proactive and _conflicting_total(compacts, proactive.value):
        del found[HeadlineMetric.PROACTIVE_DISCLOSURES]
    return list(found.values())


def _candidate_sentences(text: str) -> Iterator[tuple[str, str]]:
    """(sentence, sentence without whitespace) for the sentences, in document order, that
    hold a number or a negation and a literal some rule needs. A paragraph without them is
    skipped unsplit: removing whitespace moves no sentence end, so its sentences' compact
    forms are the compact paragraph's sentences."""
    for paragraph in _paragraphs(text):
        if not _FIGURE_MARK.search(paragraph):
            continue
        flat = "".join(paragraph.split())
        if not _ANY_NEEDED.search(flat):
            continue
        for sentence, compact in zip(_sentences(paragraph), _sentences(flat), strict=True):
            if _ANY_NEEDED.search(compact):
                yield sentence, compact


#: Another yearly total of published information (`网站公开政府信息3636条`).
_SECONDARY_CHANNEL = re.compile(r"微博|微信|公众号|新媒体|客户端|APP|头条号|抖音")
# (The lookbehinds follow the literal `公开` so the regex engine can search for it.)
_PLAIN_TOTAL = re.compile(
    rf"公开(?<!主动公开)(?<!主动的公开)(?:各类)?政府信息{_NUMBER}(?:余|多)?条"
)


def _conflicting_total(compacts: list[str], value: float) -> bool:
    """The narrative states a second, different total (in one of its whitespace-free
    sentences): which one is the year's is unknowable, so the figure is left out rather than
    guessed. Counts for a secondary channel (微博, 公众号 …) are parts, not rival totals."""
    for compact in compacts:
        if "政府信息" not in compact or _SECONDARY_CHANNEL.search(compact):
            continue
        if any(float(m.group("value")) != value for m in _PLAIN_TOTAL.finditer(compact)):
            return True
    return False


def _sentences(paragraph: str) -> list[str]:
    """`_SENTENCE_END.split(paragraph)`; by `str.split` in the usual case of `。` alone."""
    if "!" in paragraph or "?" in paragraph:
        return _SENTENCE_END.split(paragraph)
    pieces = paragraph.split("。")
    last = pieces.pop()
    return [piece + "。" for piece in pieces] + [last]


def _paragraphs(text: str) -> list[str]:
    """Lines rejoined into paragraphs: PDF text layers wrap sentences at the page margin.
    A line continues the one before unless that one ended a sentence, or it starts a
    heading, or either is a table row (so a paragraph with a `|` is a single line)."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    may_continue = False  # whether the last line left its paragraph open
    for line in text.split("\n"):
        if not line:
            continue
        if may_continue and "|" not in line and not _HEADING_START.match(line):
            current.append(line)
        else:
            current = [line]
            paragraphs.append(current)
        may_continue = line[-1] not in _PARAGRAPH_END and "|" not in line
    return ["".join(lines) for lines in paragraphs]
