"""What mirrors and real pages add that is not the report: pinyin glosses, street names that
look like places, fee sentences that look like applications, channel parts of a total. Each
expected value was read from the text."""

from __future__ import annotations

import pytest

from tests.parse.headline_support import figures
from xxgk.parse.normalise import normalise_text
from xxgk.parse.region import resolve_region


def test_pinyin_glosses_are_removed() -> None:
    text = normalise_text("東安鎮(zhèn)人民政府規(guī)範工作,年度報(bào)告(2019年)").text
    assert text == "东安镇人民政府规范工作,年度报告(2019年)"


def test_a_street_named_after_a_place_is_not_that_place() -> None:
    assert resolve_region("北京街道办事处") is None
    assert resolve_region("南京路街道办事处") is None
    assert resolve_region("北京市朝阳区人民政府") is not None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a fee sentence mentions 依申请 but says nothing about how many applications came in
        ("2018年度未发生依申请公开政府信息收费、减免情况。", {"processing_fee_yuan": 0}),
        # 其中 + a channel: one channel's part of a total (here an approximate one)
        (
            "主动公开信息100余条,其中政务集约化网站主动公开政府信息50条,"
            "通过政务新媒体公布信息58条。",
            {},
        ),
        # 其中 without a channel: the proactive total within all information made
        (
            "2011年制作政府信息总数1873条,其中主动公开政府信息425条。",
            {"proactive_disclosures": 425},
        ),
    ],
)
def test_parts_and_fee_sentences(sentence: str, expected: dict[str, float]) -> None:
    assert figures(sentence) == expected
