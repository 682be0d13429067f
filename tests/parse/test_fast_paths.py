"""The parser's fast paths give exactly what the straightforward code they replace gives.

Each shortcut (a gate before a regex, a regex scan narrowed to where it can match, a cache, a
whole-text pass instead of a per-line one) is compared with the plain version of the same
step, kept here as the reference, on generated input built from the fragments that make the
step's decisions.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from schemas.codes import Script
from xxgk.parse import metadata, normalise, sections, spam
from xxgk.parse.classify import has_report_body
from xxgk.parse.decode import _mostly_printable
from xxgk.parse.formats import html
from xxgk.parse.memo import MAX_CACHED_LENGTH, memoise_text

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _texts(*fragments: str, max_size: int = 30) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(fragments), max_size=max_size).map("".join)


# --- normalise ------------------------------------------------------------------------------


@FAST
@given(st.text(alphabet="，（）：；０９ａＡ\u3000\xa0…①ｶﾞ\u0301e\u00e9 x12", max_size=40))
def test_nfkc_equals_unicodedata(text: str) -> None:
    assert normalise._nfkc(text) == unicodedata.normalize("NFKC", text)


@FAST
@given(st.text(alphabet=" \t\f\va\n\x85\u3000", max_size=40))
def test_collapsed_spaces_equal_the_regex(text: str) -> None:
    assert normalise._collapse_spaces(text) == normalise._HORIZONTAL_SPACE.sub(" ", text)


def _normalise_reference(text: str) -> tuple[str, Script]:
    simplified: str = normalise._t2s().convert(text)
    han = len(re.findall(r"[\u4e00-\u9fff]", text))
    changed = sum(1 for a, b in zip(text, simplified, strict=False) if a != b)
    if len(simplified) != len(text):
        changed = max(changed, abs(len(simplified) - len(text)))
    traditional = han > 0 and changed >= 5 and changed / han >= 0.03
    canonical = unicodedata.normalize("NFKC", simplified)
    canonical = canonical.replace("\r\n", "\n").replace("\r", "\n")
    canonical = re.sub("[\u200b-\u200f\u2028\u2029\u2060\ufeff\u00ad]", "", canonical)
    canonical = spam._CHAIN.sub(spam._strip_chain, canonical)
    lines = [normalise._HORIZONTAL_SPACE.sub(" ", line).strip() for line in canonical.split("\n")]
    kept = "\n".join(line for line in lines if not normalise._PAGE_NUMBER.match(line))
    return kept, Script.TRADITIONAL if traditional else Script.SIMPLIFIED


@FAST
@given(
    _texts(
        *("- 4 -", "第 3 页", "共 9 页", "4/12", "12", " ", "  ", "\t", "\n", "\r\n", "\r"),
        *("\u200b", "\ufeff", "\xa0", "\u3000", "，", "(", "—", "第", "页", "主動公開", "x"),
        *("365bet", "_", "体育", "官网", "正规吗", "政府", "國家機關", "總計", "處理" * 3),
    )
)
def test_normalised_text_equals_the_reference(text: str) -> None:
    normalised = normalise.normalise_text(text)
    assert (normalised.text, normalised.script) == _normalise_reference(text)


@FAST
@given(
    _texts(
        "依托", "365", "bet", "苹果版", "_", "服务热线", "体育", "政府", "ab", " ", "。", "x" * 25
    )
)
def test_spam_removal_equals_the_whole_text_regex(text: str) -> None:
    assert spam.remove_spam(text) == spam._CHAIN.sub(spam._strip_chain, text)


# --- decode, classify -------------------------------------------------------------------------


@FAST
@given(st.text(alphabet="\x00\x07\x0b\x0c\r\n\t\x1f a中\ufffd", max_size=200))
def test_printable_share_equals_the_character_count(text: str) -> None:
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\r\n\t\f") or ch == "\ufffd")
    assert _mostly_printable(text) == (bool(text) and bad / len(text) < 0.01)


@FAST
@given(_texts("中" * 50, "政府信息", "a", " ", "\n", "。" * 10, max_size=20))
def test_report_body_equals_the_han_count(text: str) -> None:
    assert has_report_body(text) == (len(re.findall(r"[\u4e00-\u9fff]", text)) >= 300)


# --- sections, metadata -----------------------------------------------------------------------

_ORIGINAL_INLINE_HEADING = re.compile(
    r"(?<![\u4e00-\u9fff、])(?P<numeral>[一二三四五六七八九])\s*、\s*(?P<title>"
    r"[^\s。,]{0,40}?(?:情况(?:统计表)?|概述|措施|事项|附表)|[^\s。,]{2,40}(?=\s))"
)


@FAST
@given(_texts(*"一二三四五六七八九、 ,。x\n", "情况", "概述", "情况统计表", "主动公开", "中"))
def test_inline_heading_regex_equals_the_original(text: str) -> None:
    def spans(pattern: re.Pattern[str]) -> list[tuple[tuple[int, int], dict[str, Any]]]:
        return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]

    assert spans(sections._INLINE_HEADING) == spans(_ORIGINAL_INLINE_HEADING)


def _split_sections_reference(text: str, by_topic: bool) -> list[sections.Section]:
    unfolded = "\n".join(
        sections._INLINE_HEADING.sub(lambda m: _unfold(m, by_topic), line)
        if len(line) > 300
        else line
        for line in text.split("\n")
    )
    lines = unfolded.split("\n")
    starts = []
    last = 0
    for index, line in enumerate(lines):
        match = sections._HEADING.match(line)
        if match is None:
            continue
        number = sections._NUMERALS.index(match.group("numeral")) + 1
        title = match.group("title")
        if number <= last or number not in sections._TOPICS or len(title) > 40:
            continue
        if not by_topic or sections._TOPICS[number].search(title):
            starts.append((index, number, line.strip()))
            last = number
    found = [sections.Section(0, "", "\n".join(lines[: starts[0][0] if starts else None]).strip())]
    for position, (index, number, heading) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        found.append(
            sections.Section(number, heading, "\n".join(lines[index + 1 : end]).strip("\n"))
        )
    return found


def _unfold(match: re.Match[str], by_topic: bool) -> str:
    number = sections._NUMERALS.index(match.group("numeral")) + 1
    topic = sections._TOPICS.get(number)
    if topic is None or (by_topic and not topic.search(match.group("title"))):
        return match.group(0)
    return f"\n{match.group('numeral')}、{match.group('title')}\n"


@FAST
@given(
    _texts(
        *("一、", "二 、", "三,", "四.", "五、 ", "六、", "七、", "一", "、", "\n", "\n\n", " "),
        *("总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "复议诉讼"),
        *("存在的问题", "其他需要报告的事项", "x" * 60, "。", "\x1c", "中"),
    ),
    st.booleans(),
)
def test_sections_equal_the_line_by_line_split(text: str, by_topic: bool) -> None:
    assert sections.split_sections(text, by_topic) == _split_sections_reference(text, by_topic)


@FAST
@given(
    _texts(
        *("平潭综合实验区管委会办公室", "局", "2014", "年", "12", "月", "10", "日", " ", "\n"),
        *("二○一四", "二〇一四", "十二", "十", "一", "。", "(", ")", "2014年12月10日", "委员会"),
    )
)
def test_last_signature_equals_the_last_of_all_matches(text: str) -> None:
    matches = list(metadata._SIGNED.finditer(text))
    expected = matches[-1] if matches else None
    found = metadata._last_signature(text)
    assert (found and (found.span(), found.group("agency"))) == (
        expected and (expected.span(), expected.group("agency"))
    )


# --- HTML -------------------------------------------------------------------------------------


def _is_link_block_reference(element: Any) -> bool:
    if element.find(".//table") is not None:
        return False
    text = "".join(html._text_content(element).split())
    if not text or len(text) > html._LINK_BLOCK_MAX_CHARS:
        return False
    linked = sum(len("".join(html._text_content(a).split())) for a in element.iter("a"))
    return linked / len(text) >= html._LINK_SHARE


_TAGS = ("div", "p", "span", "ul", "li", "a", "td", "table", "tr", "b", "br")


@st.composite
def _markup(draw: st.DrawFn, depth: int = 4) -> str:
    words = st.sampled_from(
        ["", " ", "首页", "政务公开", "\u3000", "\xa0", "信息公开年报" * 30, "12"]
    )
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        return draw(words)
    tag = draw(st.sampled_from(_TAGS))
    inner = "".join(draw(st.lists(_markup(depth - 1), max_size=4)))
    return f"<{tag}>{draw(words)}{inner}</{tag}>{draw(words)}"


@FAST
@given(_markup())
def test_link_blocks_are_the_containers_that_are_mostly_links(markup: str) -> None:
    root = html._parse(f"<html><body>{markup} x</body></html>")
    expected = {
        element
        for element in root.iter(*html._LINK_CONTAINERS)
        if _is_link_block_reference(element)
    }
    assert html._link_blocks(root) == expected


@FAST
@given(_markup())
def test_cell_text_equals_itertext(markup: str) -> None:
    cell = html._parse(f"<table><tr><td>{markup}<!-- c --> t</td></tr></table>").find(".//td")
    assert cell is not None
    expected = "".join(str(piece).strip() for piece in cell.itertext()).replace("|", "/")
    assert html._cell_text(cell) == expected


def test_html_tree_is_the_one_lxml_html_builds() -> None:
    import lxml.html

    markup = "<html><body><!-- c --><p>a<b>b</b></p><?pi x?><table><tr><td>1</td></tr></table>"
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    expected = etree.tostring(lxml.html.document_fromstring(markup, parser=parser))
    assert etree.tostring(html._parse(markup)) == expected


# --- caches ----------------------------------------------------------------------------------


def test_memoised_function_keeps_only_short_texts() -> None:
    calls: list[str] = []

    @memoise_text
    def upper(text: str) -> str:
        calls.append(text)
        return text.upper()

    long_text = "x" * (MAX_CACHED_LENGTH + 1)
    assert [upper("ab"), upper("ab"), upper(long_text), upper(long_text)] == [
        "AB",
        "AB",
        long_text.upper(),
        long_text.upper(),
    ]
    assert calls == ["ab", long_text, long_text]
