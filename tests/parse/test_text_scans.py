"""Whole-text scans rewritten for speed find what the plain versions kept here find."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xxgk.parse import classify, normalise, phrases, sections

FAST = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _texts(*fragments: str, max_size: int = 40) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(fragments), max_size=max_size).map("".join)


#: The gloss pattern as first written, its look-behind first.
_PINYIN_REFERENCE = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,6}\)")


@FAST
@given(_texts("镇", "報", "(", ")", "zhèn", "bào", "a", "abcdefg", " ", "\n", "x", "((", "告"))
def test_the_pinyin_gloss_pattern_removes_the_same(text: str) -> None:
    assert normalise._PINYIN_GLOSS.sub("", text) == _PINYIN_REFERENCE.sub("", text)


@FAST
@given(_texts(*phrases._FILLER_WORDS, "主动公开", "信息", "共", "申请", "\n", "总", "量", "x"))
def test_the_label_without_filler_equals_the_pattern_search(label: str) -> None:
    expected = label[: phrases._FILLER.search(label).start()]  # type: ignore[union-attr]
    assert phrases._without_filler(label) == expected


def test_filler_words_are_taken_off_the_end_only() -> None:
    assert phrases._without_filler("主动公开政府信息共计") == "主动公开政府信息"
    assert phrases._without_filler("的数量为") == ""
    assert phrases._without_filler("共收到申请") == "共收到申请"


@FAST
@given(_texts("#", "*", "**", "第", "二", "部分", " ", "\t", "\n", "二、主动公开", "x"))
def test_markup_always_holds_one_of_its_marks(text: str) -> None:
    if sections._MARKUP.search(text) is not None:
        assert any(mark in text for mark in ("#", "**", "部分"))
    else:
        assert sections._plain_headings(text) == text


@FAST
@given(st.lists(st.integers(0, 400), max_size=6), st.sampled_from(["\n", "\r\n", "\n\n"]))
def test_a_long_line_is_one_the_pattern_finds(lengths: list[int], newline: str) -> None:
    text = newline.join("二" * length for length in lengths)
    longest = max(map(len, text.split("\n")))
    assert (longest <= sections._LONG_LINE) == (sections._LONG_LINES.search(text) is None)
    if longest <= sections._LONG_LINE:
        assert sections._unfold_inline_headings(text, by_topic=True) == text


@FAST
@given(_texts("\t", ",", "|", "||", "a", "标题", " ", ",,", "\\|"))
def test_separators_are_counted_as_the_pattern_finds_them(line: str) -> None:
    assert classify._separators(line) == len(classify._FIELD_SEPARATOR.findall(line))
