"""Agencies named by a title's subject or an opening sentence in shapes real pages use; each
expected agency was read from the text."""

from __future__ import annotations

import pytest

from xxgk.parse.metadata import find_agency, find_title
from xxgk.parse.normalise import normalise_text


def _agency(text: str) -> str | None:
    lines = [line for line in normalise_text(text).text.split("\n") if line]
    return find_agency(find_title(lines), lines)


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        # a space between the year and the report's name
        (
            "兴安盟行署外事办公室2025年 政府信息公开工作年度报告\n来源:盟外事办\n一、总体情况\n",
            "兴安盟行署外事办公室",
        ),
        # a flipbook page's title carries its page number first
        (
            "Page 8 - 威海市文登区信访局2022年政府信息公开工作年度报告\nP. 8\n四、复议诉讼\n",
            "威海市文登区信访局",
        ),
        # `编制了《…》`: the report names itself in its opening sentence
        (
            "根据《中华人民共和国政府信息公开条例》,我镇认真编制了《田黄镇2020年政府信息公开"
            "工作年度报告》。本年度报告由六部分组成。\n",
            "田黄镇",
        ),
        # spam in place of the name: digits glued to it are not a page prefix, so no agency
        ("2014年365体育亚洲华人官网政府信息公开年度报告\n本年报是根据…编制的。\n", None),
    ],
)
def test_title_and_opening_subjects(text: str, agency: str | None) -> None:
    assert _agency(text) == agency
