"""Narrative figures that are parts, lists or negations, from real reports' sentences: the
value each sentence states was read from it (nothing where it states no total)."""

from __future__ import annotations

import pytest

from tests.parse.headline_support import figures


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # `一起` after a negation is "not a single one", never the figure 1
        (
            "2009年,全镇未发生一起因政府信息公开申请行政复议、提起行政诉讼的事项。",
            {"administrative_reviews": 0, "lawsuits": 0},
        ),
        ("全年没有发生一起政府信息公开行政诉讼案件。", {"lawsuits": 0}),
        # one category of a list is not the year's total
        (
            "利用门户网站主动公开政府信息88条、规范性文件2条、人大代表建议及政协提案办理信息34条。",
            {},
        ),
        # two channels and no total: neither is the total
        ("在市政府门户网站主动公开信息60条,在镇门户网站主动公开信息5条。", {}),
        # 主动公开 with the count straight after it
        ("全年主动公开907条。", {"proactive_disclosures": 907}),
        ("全年共主动公开政府信息1136条,其中规范性文件12条。", {"proactive_disclosures": 1136}),
        ("我局主动公开规范性文件5条。", {}),
        # a running total since the start (已累计) beside the year's is not a second total
        (
            "本年度主动公开政府信息48条,已累计公开政府信息189条,全文电子化率达100%。",
            {"proactive_disclosures": 48},
        ),
        # applications named by what they ask for
        (
            "本年度收到要求公开政府信息的申请7件,其中1件属行政执法案卷信息。",
            {"applications_received": 7},
        ),
        # a fee denied for a group of applicants
        ("2020年未对公众依申请公开政府信息收取任何费用。", {"processing_fee_yuan": 0}),
    ],
)
def test_parts_lists_and_negations(sentence: str, expected: dict[str, float]) -> None:
    assert figures(sentence) == expected
