"""The headline reader's shortcuts (paragraphs and sentences skipped unread) change nothing:
the figures equal those read from every sentence of the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xxgk.parse import headline


def _every_sentence(text: str) -> list[tuple[str, str]]:
    """Every sentence of every prose paragraph (no `|` cells, no flattened table row)."""
    pairs = []
    for paragraph in headline._paragraphs(text):
        if "|" in paragraph:
            continue
        for sentence in headline._SENTENCE_END.split(paragraph):
            if not headline._TABLE_ROW.search(sentence):
                pairs.append((sentence, "".join(sentence.split())))
    return pairs


def _texts(*fragments: str) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(fragments), max_size=40).map("".join)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    _texts(
        *("。", "!", "?", ":", ";", ",", "|", " ", "\n", "\n\n", "一、", "(一)", "1.", "12", "3"),
        *("主动公开政府信息", "主动的", "条", "收到", "申请", "件", "行政复议", "行政诉讼", "起"),
        *("费", "元", "未收取", "公开", "政府信息", "共公开", "微博", "未", "没有", "无", "x"),
        *("暂不收费", "信息处理费", "予以公开", "部分公开", "不予公开", "依申请公开", "未发生"),
        *("不收取任何费用", "三", "十", "零", "为", "余", "近", "(", ")", "“", "纠错", "各"),
    )
)
def test_headline_figures_equal_reading_every_sentence(text: str) -> None:
    assert headline.find_headline_figures(text) == headline._figures(_every_sentence(text))


@settings(max_examples=300, deadline=None)
@given(_texts("a", "。", "!", "?", " ", "。。"))
def test_sentences_equal_the_regex_split(paragraph: str) -> None:
    assert headline._sentences(paragraph) == headline._SENTENCE_END.split(paragraph)
