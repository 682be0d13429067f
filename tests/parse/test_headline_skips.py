"""The headline reader's skips change nothing: a sentence `may_state` rules out states
nothing, a clause without a denial mark denies nothing, and the paragraph and heading
readers equal the plain versions kept here as references."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xxgk.parse import headline, phrases

FAST = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FRAGMENTS = (
    *("。", "!", "?", ":", ";", ",", "|", " ", "\n", "\n\n", "一、", "(一)", "1.", "12", "3", "0"),
    *("主动公开政府信息", "主动的", "条", "收到", "申请", "件", "行政复议", "行政诉讼", "起", "个"),
    *("费", "元", "未收取", "公开", "政府信息", "共公开", "微博", "未", "没有", "无", "x", "是"),
    *("暂不收费", "信息处理费", "予以公开", "部分公开", "不予公开", "依申请公开", "未发生", "收"),
    *("不收取任何费用", "三", "十", "百", "零", "为", "余", "近", "(", ")", "“", "纠错", "各"),
    *("零收费", "不", "取", "第", ".", "万", "%", "〔", "两", "对", "曾", "一例"),
)


def _texts(max_size: int = 40) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(FRAGMENTS), max_size=max_size).map("".join)


@FAST
@given(_texts(), _texts())
def test_a_text_that_may_not_state_has_no_clause_that_states(text: str, context: str) -> None:
    if phrases.may_state(text):
        return
    for clause in re.split("[,;]", text):
        assert phrases.clause_statements(clause, context + text) == []


@FAST
@given(_texts())
def test_every_denial_holds_a_denial_mark(clause: str) -> None:
    patterns = (
        phrases._NONE_RECEIVED,
        phrases._NONE_REVIEWS,
        phrases._NONE_LAWSUITS,
        phrases._NONE_FEE,
    )
    if any(pattern.search(clause) for pattern in patterns):
        assert phrases._DENIAL_MARK.search(clause)


def _paragraphs_reference(text: str) -> list[str]:
    """The paragraph reader as first written: one `_is_heading` test per line."""

    def is_heading(line: str) -> bool:
        return (
            len(line) <= headline._HEADING_MAX_CHARS
            and headline._HEADING_START.match(line) is not None
            and headline._SENTENCE_MARK.search(line) is None
        )

    paragraphs: list[list[str]] = []
    current: list[str] = []
    may_continue = False
    for line in headline._prose_cells(text.split("\n")):
        if not line:
            continue
        if may_continue and "|" not in line and not headline._HEADING_START.match(line):
            current.append(line)
        else:
            current = [line]
            paragraphs.append(current)
        may_continue = line[-1] not in headline._PARAGRAPH_END and "|" not in line
        may_continue = may_continue and not is_heading(line)
    return ["".join(lines) for lines in paragraphs]


@FAST
@given(_texts(60))
def test_paragraphs_equal_the_reference(text: str) -> None:
    assert headline._paragraphs(text) == _paragraphs_reference(text)


def test_a_long_heading_line_stays_open() -> None:
    line = "一、" + "政府信息" * 10  # longer than a heading: a sentence wrapped at the margin
    assert headline._paragraphs(f"{line}\n续写。") == [f"{line}续写。"]


def _opening_heading_reference(sentence: str) -> str | None:
    """The heading as first read: from the sentence's words split apart."""
    words = sentence.split()
    if not words or not headline._NUMBERED_HEADING.match(words[0]):
        return None
    return headline._SENTENCE_MARK.split(words[0], maxsplit=1)[0][: headline._HEADING_MAX_CHARS]


@FAST
@given(_texts())
def test_the_opening_heading_equals_the_reference(sentence: str) -> None:
    assert headline._opening_heading(sentence) == _opening_heading_reference(sentence)


def test_a_heading_run_into_its_sentence() -> None:
    heading = "(四)与诉讼有关的费用支出"
    assert headline._opening_heading(f"  {heading}: 未产生") == heading


@FAST
@given(st.lists(_texts(), max_size=6))
def test_a_kept_reading_is_the_reading(sentences: list[str]) -> None:
    fresh = [headline._reading.function(sentence) for sentence in sentences]
    assert [headline._reading(sentence) for sentence in sentences] == fresh
    assert [headline._reading(sentence) for sentence in sentences] == fresh  # the second time, kept


def test_figures_do_not_depend_on_what_was_read_before() -> None:
    text = "一、总体情况\n本年度主动公开政府信息120条,收到政府信息公开申请5件。\n未发生行政复议。"
    headline._reading.clear()
    cold = headline.find_headline_figures(text)
    assert headline.find_headline_figures(text) == cold
    assert {figure.value for figure in cold} == {120.0, 5.0, 0.0}


def test_readings_are_bounded() -> None:
    headline._reading.clear()
    for index in range(headline._reading.max_entries + 5):
        headline._reading(f"第{index}句。")
    assert 0 < len(headline._reading) <= headline._reading.max_entries
    long = "政" * (headline._reading.max_length + 1)
    headline._reading(long)
    assert long not in headline._reading
