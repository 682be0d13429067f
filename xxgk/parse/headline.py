"""Figures a report's narrative states (主动公开…条, 收到申请…件, 行政复议…件, 信息处理费…元)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemas.codes import HeadlineMetric

_SENTENCE_END = re.compile(r"(?<=[。;!?])|\n")
_NUMBER = r"(?P<value>\d+(?:\.\d+)?)"
_GAP = r"[^。;,复诉]{0,14}?"  # a short stretch that never crosses into reviews or lawsuits
_NO = r"(?:未|没有|无)(?:收到|接到|受理|发生|产生|有)"


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

    def value(self, match: re.Match[str]) -> float:
        found = match.groupdict().get("value")
        return float(found) if found is not None else 0.0


def _rule(metric: HeadlineMetric, unit: str, *patterns: str) -> list[_Rule]:
    return [_Rule(metric, re.compile(p), unit) for p in patterns]


# Tried in order for every sentence; the first sentence that states a metric wins.
_RULES: list[_Rule] = [
    *_rule(
        HeadlineMetric.PROACTIVE_DISCLOSURES,
        "条",
        rf"主动(?:公开|发布)(?:了)?(?:各类|各项)?(?:政府)?信息(?:共|总数)?{_NUMBER}(?:余|多)?条",
        rf"(?:共公布|共公开|累计公开)(?:各类)?政府信息{_NUMBER}(?:余|多)?条",
        rf"主动公开[^。;]{{0,60}}?等{_NUMBER}(?:余|多)条(?:政府)?信息",
        rf"政府信息公开发布总数量[^:]{{0,20}}:{_NUMBER}(?:件|条)",
    ),
    *_rule(
        HeadlineMetric.APPLICATIONS_RECEIVED,
        "件",
        rf"(?:收到|受理|接到|接收)(?:[^。;,复诉]{{0,16}}?)申请(?:公开)?(?:共|总数)?{_NUMBER}(?:件|条|个|份)",
        rf"{_NO}{_GAP}(?:政府信息公开|依申请公开){_GAP}申请(?!{_GAP}复议)",
        rf"{_NO}{_GAP}依申请公开",
    ),
    *_rule(
        HeadlineMetric.APPLICATIONS_GRANTED,
        "件",
        rf"(?:予以公开|同意公开(?:答复数)?){_NUMBER}(?:件|条)",
    ),
    *_rule(
        HeadlineMetric.APPLICATIONS_PARTIALLY_GRANTED,
        "件",
        rf"部分公开(?:答复数)?{_NUMBER}(?:件|条)",
    ),
    *_rule(
        HeadlineMetric.APPLICATIONS_DENIED,
        "件",
        rf"(?:不予公开|免于公开)(?:答复数)?{_NUMBER}(?:件|条)",
    ),
    *_rule(
        HeadlineMetric.ADMINISTRATIVE_REVIEWS,
        "件",
        rf"行政复议(?:申请|案件)?(?:共)?{_NUMBER}(?:件|起)",
        rf"收到{_NUMBER}(?:份|件|起)[^。;,]{{0,20}}行政复议",
        rf"{_NO}[^。;]{{0,20}}?行政复议",
    ),
    *_rule(
        HeadlineMetric.LAWSUITS,
        "件",
        rf"行政诉讼(?:案件)?(?:共)?{_NUMBER}(?:件|起)",
        rf"{_NO}[^。;]{{0,30}}?行政诉讼",
    ),
    *_rule(
        HeadlineMetric.PROCESSING_FEE_YUAN,
        "元",
        rf"(?:收取|收缴)[^。;,]{{0,24}}?(?:信息处理费|费用){_NUMBER}元",
        rf"{_NO}[^。;]{{0,10}}?(?:收取)?(?:信息处理费|收费)",
        r"(?:暂不收费|未收取[^。;,]{0,10}?(?:信息处理费|费用))",
    ),
]


def find_headline_figures(text: str) -> list[HeadlineFigure]:
    """The first statement of each metric, in document order, with its sentence."""
    found: dict[HeadlineMetric, HeadlineFigure] = {}
    for sentence in _SENTENCE_END.split(text):
        compact = "".join(sentence.split())
        if not compact or "|" in compact:
            continue
        for rule in _RULES:
            if rule.metric in found:
                continue
            match = rule.pattern.search(compact)
            if match:
                found[rule.metric] = HeadlineFigure(
                    rule.metric, rule.value(match), rule.unit, sentence.strip()
                )
    return list(found.values())
