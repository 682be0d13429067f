"""Text normalisation: script detection, OpenCC conversion, full-width forms, spam removal."""

from __future__ import annotations

from schemas.codes import Script
from xxgk.parse.normalise import normalise_text
from xxgk.parse.spam import remove_spam


def test_traditional_text_is_converted_and_flagged() -> None:
    result = normalise_text("二、主動公開政府信息情況\n行政處罰 | 本年處理決定數量 | 總計")
    assert result.script is Script.TRADITIONAL
    assert result.text == "二、主动公开政府信息情况\n行政处罚 | 本年处理决定数量 | 总计"


def test_simplified_text_is_left_alone() -> None:
    text = "二、主动公开政府信息情况\n行政处罚 | 本年处理决定数量 | 总计"
    result = normalise_text(text)
    assert result.script is Script.SIMPLIFIED
    assert result.text == text


def test_full_width_forms_become_ascii() -> None:
    result = normalise_text("（七）总计｜１２３｜２０２０年１月１日")
    assert result.text == "(七)总计|123|2020年1月1日"


def test_nbsp_and_ideographic_spaces_are_whitespace() -> None:
    assert normalise_text("\u00a03\u00a0\n0\u3000").text == "3\n0"


def test_spam_chain_is_cut_out_of_the_sentence() -> None:
    text = "依托365bet苹果版_365服务热线_bet体育365正规吗政府门户网站及政务服务网"
    assert remove_spam(text) == "依托政府门户网站及政务服务网"


def test_underscored_words_without_spam_survive() -> None:
    text = "下载地址 http://xxgk.dc.gov.cn/zfgz6/xbxxgkml_14581/ 和 file_name_2020"
    assert remove_spam(text) == text


def test_page_numbers_inside_tables_are_dropped() -> None:
    text = "行政许可 9487\n- 3 -\n第二十条第(六)项\n— 12 —\n第 4 页\n5/12\n2020年度报告"
    assert normalise_text(text).text == "行政许可 9487\n第二十条第(六)项\n2020年度报告"
