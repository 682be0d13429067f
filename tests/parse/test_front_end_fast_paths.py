"""The front end's and text steps' shortcuts give exactly what the plain code kept here gives.

Each reference is the straightforward version of a step (a regex over every line, a tree walk
per row); the shortcut is compared with it on generated input built from the fragments that
make the step's decisions.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from xxgk.parse import classify, headline, metadata, normalise, phrases, sections
from xxgk.parse.formats import html, markdown

FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _texts(*fragments: str, max_size: int = 40) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(fragments), max_size=max_size).map("".join)


# --- classify ---------------------------------------------------------------------------------

_LISTING_PIECES = (
    *("http://", "https://", "https:/", "http:", "www.", "ww.", ".html", ".shtm", ".htm", ".h"),
    *("2019-01-15", "2020/1/5", "1999.12.31", "20191-1-1", "2019-1", "2019-1-", "x2019-1-1"),
    *("１９", "2019-１-1", "-", "/", ".", "1", "9", "20", "a", "标题", "链接", "日期", "title"),
    *(",", "\t", "|", " ", "\n", "\r", "\r\n", "\x0b", "\x1c", "\x85", "\u2028", "\n\n", "_"),
)


def _is_metadata_listing_reference(text: str) -> bool:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return False
    header = [field.strip().strip('"') for field in classify._FIELD_SEPARATOR.split(lines[0])]
    header = [field for field in header if field]
    named = sum(1 for field in header if classify._HEADER_FIELDS.match(field))
    if len(header) >= 3 and named >= 0.75 * len(header):
        return True
    rows = sum(
        1
        for line in lines
        if classify._LINK_OR_DATE.search(line) and len(classify._FIELD_SEPARATOR.findall(line)) >= 2
    )
    return rows >= 3 and rows >= 0.5 * len(lines)


@FAST
@given(_texts(*_LISTING_PIECES, max_size=12))
def test_a_line_holds_a_link_or_date_mark_iff_it_holds_a_link_or_date(line: str) -> None:
    for piece in line.splitlines() or [line]:
        stripped = piece.strip()
        expected = classify._LINK_OR_DATE.search(stripped) is not None
        assert (classify._LINK_OR_DATE_MARK.search(stripped) is not None) == expected
        assert (classify._LINK_OR_DATE_MARK.search(piece) is not None) == expected


@FAST
@given(_texts(*_LISTING_PIECES, max_size=60))
def test_metadata_listing_equals_the_line_by_line_reference(text: str) -> None:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    with_mark = sum(1 for line in lines if classify._LINK_OR_DATE.search(line))
    assert len(classify._LINK_OR_DATE_MARK.findall(text)) >= with_mark
    assert classify.is_metadata_listing(text) == _is_metadata_listing_reference(text)


def test_listings_and_reports_are_told_apart() -> None:
    rows = [f"报告{i}\thttps://a.gov.cn/{i}.html\t2020-01-1{i}" for i in range(4)]
    assert classify.is_metadata_listing("\n".join(rows))
    assert not classify.is_metadata_listing("某局2019年报告\n发布时间:2020-01-15\n正文")


# --- HTML -------------------------------------------------------------------------------------

_HTML_TAGS = ("div", "p", "span", "ul", "li", "a", "td", "th", "tr", "table", "b", "script", "nav")


@st.composite
def _markup(draw: st.DrawFn, depth: int = 4) -> str:
    words = st.sampled_from(
        ["", " ", "首页", "政务公开", "12", "- 3 -", "a|b", "\u3000", "信息" * 40]
    )
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        return draw(words)
    tag = draw(st.sampled_from(_HTML_TAGS))
    inner = "".join(draw(st.lists(_markup(depth - 1), max_size=4)))
    close = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", ""]))  # unclosed tags too
    return f"<{tag}>{draw(words)}{inner}{close}{draw(words)}"


def _table_lines_reference(table: Any) -> list[str]:
    """One row at a time: each `tr` of this table (not of a nested one), its cell children."""
    lines = []
    for row in table.iter("tr"):
        if html._closest_table(row) is not table:
            continue
        cells = [html._cell_text(cell) for cell in row.iterchildren("td", "th")]
        filled = [cell for cell in cells if cell]
        if filled and all(map(normalise.is_page_number, filled)):
            continue
        if cells:
            lines.append(" ".join(f"{cell} |" for cell in cells))
    return lines


@FAST
@given(st.lists(_markup(), min_size=1, max_size=4))
def test_table_lines_equal_reading_row_by_row(pieces: list[str]) -> None:
    root = html._parse(f"<html><body><table>{''.join(pieces)}</table></body></html>")
    for table in root.iter("table"):
        assert html._table_lines(table) == _table_lines_reference(table)


def _drop_navigation_reference(root: Any) -> None:
    """Every container and chrome element in document order, each removed when it is chrome
    or a link block."""
    link_blocks = html._link_blocks(root)
    for element in list(root.iter(*html._SKIP, *html._LINK_CONTAINERS)):
        if element.tag in html._SKIP or element in link_blocks:
            html._remove(element)


@FAST
@given(st.lists(_markup(), min_size=1, max_size=5))
def test_navigation_dropped_equals_removing_in_document_order(pieces: list[str]) -> None:
    markup = f"<html><body>{''.join(pieces)} x</body></html>"
    fast, reference = html._parse(markup), html._parse(markup)
    html._drop_navigation(fast)
    _drop_navigation_reference(reference)
    assert etree.tostring(fast, encoding=str) == etree.tostring(reference, encoding=str)


# --- headline phrases -------------------------------------------------------------------------

#: The figure pattern as first written, its look-behinds first.
_FIGURE_REFERENCE = re.compile(
    r"(?<![\d.第〔\[])(?P<number>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+)"
    r"(?P<about>余|多)?(?P<unit>条|件|起|个|份|宗|次|例|篇|元)"
    r"|(?<=[为是])(?P<zero>零|0)(?![\d.万%条件起个份宗次例篇元])"
)
_FIGURE_PIECES = (
    *"0123456789零〇一二两三四五六七八九十百为是余多条件起个份宗次例篇元第〔[.万%x,\n",
    *("１２", "٣", "12.5", "2019年", "为零", "是0", "第3", "〔2019〕", "1万元", "100%", "十二"),
)


@FAST
@given(_texts(*_FIGURE_PIECES))
def test_figures_are_the_ones_the_first_pattern_finds(text: str) -> None:
    def reference(match: re.Match[str]) -> tuple[object, ...]:
        return (match.span(), match["number"], match["about"], match["unit"], match["zero"])

    def fast(match: re.Match[str]) -> tuple[object, ...]:
        if match["rest"] is None:
            return (match.span(), None, None, None, match["lead"])
        number = text[match.start() : match.end("rest")]
        return (match.span(), number, match["about"], match["unit"], None)

    expected = [reference(match) for match in _FIGURE_REFERENCE.finditer(text)]
    assert [fast(match) for match in phrases._FIGURE.finditer(text)] == expected
    assert [phrases._value(match) for match in phrases._FIGURE.finditer(text)] == [
        _value_reference(match) for match in _FIGURE_REFERENCE.finditer(text)
    ]


def _value_reference(match: re.Match[str]) -> float | None:
    if match["zero"]:
        return 0.0
    if match["about"]:
        return None
    number = match["number"]
    return float(number) if number[0].isdigit() else phrases._chinese(number)


#: The proactive label pattern as first written, in one piece.
_PROACTIVE_REFERENCE = re.compile(
    rf"主动(?:公开|发布|公布)(?:了)?(?:各类|各项)?{phrases._NOT_A_SUBTYPE}信息$"
    rf"|^{phrases._CHANNEL_PREFIX}主动(?:公开|发布|公布)(?:了)?$"
    r"|(?:共公布|共公开|累计公开|发布(?:各类)?公开(?:的)?|公开发布(?:各类)?)(?:各类)?(?:的)?政府信息$"
    r"|(?:当年|全年|本年|年内)(?:共)?发布(?:了)?(?:各类)?(?:的)?政府信息$"
    r"|政府信息公开发布$"
)


@FAST
@given(
    _texts(
        *("主动", "公开", "发布", "公布", "了", "各类", "各项", "信息", "政府信息", "共", "累计"),
        *("当年", "本年", "其中", "采购", "类", "各", "栏目", "网站", ",", ";", "\n", "x", "的"),
        *("我办", "通过门户网站", "1"),
        max_size=14,
    )
)
def test_proactive_labels_are_the_ones_the_one_pattern_finds(label: str) -> None:
    assert phrases._proactive(label) == (_PROACTIVE_REFERENCE.search(label) is not None)


@FAST
@given(_texts(*"0123456789,,x ", "1,234", "12,345,678", "１,２３４"))
def test_thousands_separators_are_the_ones_the_first_pattern_finds(text: str) -> None:
    reference = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
    assert headline._THOUSANDS.sub("", text) == reference.sub("", text)


# --- sections, metadata -----------------------------------------------------------------------


@FAST
@given(_texts("#", "*", "**", "第", "二", "部分", "第二部分", " ", "\t", "\n", "二、主动公开", "x"))
def test_plain_headings_equal_the_markup_search(text: str) -> None:
    if sections._MARKUP.search(text) is None:
        assert sections._plain_headings(text) == text
    else:
        assert sections._plain_headings(text) == sections._MARKED_HEADING.sub(
            lambda match: (
                f"{match['part']}、{match['title']}"
                if match["part"]
                else f"{match['numeral']}{match['title']}"
            ),
            text,
        )


_DATE_PIECES = (
    *("2014", "1999", "20", "年", "12", "1", "月", "10", "日", " ", "\n", "局", "x", "二○一四"),
    *("二〇一四", "十二", "十", "一", "2014年12月10日", "发布时间", "日期", ":", "时间", "|"),
    *("统计", "成文日期", "2020-01-15", "至"),
)


@FAST
@given(_texts(*_DATE_PIECES))
def test_date_starts_are_the_lookahead_positions(text: str) -> None:
    expected = [match.start() for match in re.finditer(f"(?={metadata._CN_DATE})", text)]
    assert [match.start() for match in metadata._DATE_START.finditer(text)] == expected


@FAST
@given(st.lists(_texts(*_DATE_PIECES, max_size=6), max_size=40))
def test_field_lines_and_tail_equal_the_plain_versions(lines: list[str]) -> None:
    expected_fields = []
    for index, line in enumerate(lines):
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        bare = metadata._BARE_DATE_LABEL.match(line.strip())
        expected_fields.append(f"{line.strip()}{following}" if bare and following else line)
    assert metadata._field_lines(lines) == expected_fields
    assert metadata._tail(lines) == [line for line in lines if line][-metadata._SIGNATURE_LINES :]
    for line in lines:
        if metadata._LABELLED_DATE.search(line) or metadata._BARE_DATE_LABEL.search(line):
            assert metadata._may_hold_date_label(line)


@FAST
@given(
    _texts(
        *classify._T2021_WORDS,
        *classify._T2019_WORDS,
        *"本年制发件数废止现行有效逾期不补正收费通知金额新作量对外公开总上一项目政府集中采购",
        *(" ", "\n", "\t", "\u3000", "\xa0", "x"),
    )
)
def test_template_signs_are_counted_as_in_the_compact_text(text: str) -> None:
    compact = "".join(text.split())
    for words, pattern in (
        (classify._T2021_WORDS, classify._T2021_SIGNS),
        (classify._T2019_WORDS, classify._T2019_SIGNS),
    ):
        expected = len(re.findall("|".join(words), compact))
        assert len(pattern.findall(text)) == expected


# --- Markdown ---------------------------------------------------------------------------------


def _embedded_tables_reference(text: str) -> list[tuple[bool, str]]:
    lowered = text.lower()
    pieces: list[tuple[bool, str]] = []
    position = 0
    while (start := lowered.find("<table", position)) >= 0:
        close = lowered.find("</table", start)
        end = lowered.find(">", close) + 1 if close >= 0 else 0
        if end <= 0:
            break
        pieces.append((False, markdown._WRAPPER_BEFORE.sub("", text[position:start])))
        pieces.append((True, text[start:end]))
        position = end
        after = markdown._WRAPPER_AFTER.match(text, position)
        position = after.end() if after else position
    pieces.append((False, text[position:]))
    return pieces


def _is_markdown_reference(text: str) -> bool:
    if "|" not in text and "#" not in text and "<" not in text:
        return False
    pieces = _embedded_tables_reference(text)
    rest = "\n".join(piece for is_table, piece in pieces if not is_table)
    if markdown._HTML_PAGE.search(rest):
        return False
    return len(pieces) > 1 or bool(
        markdown._SEPARATOR_ROW.search(rest) or markdown._HEADING.search(rest)
    )


@FAST
@given(
    _texts(
        *("<table>", "<TABLE border=1>", "<Table", "</table>", "</TaBlE>", "<tr><td>1</td>", ">"),
        *("<html><body>", "</body></html>", "<p>", "\u0130", "İİ", "ſ", "K", "|", "---", "-", "#"),
        *("## 二、", "|---|---|", " ", "\n", "a", "标题", "< p", "<br>"),
    )
)
def test_markdown_sniffing_equals_the_lowered_scan(text: str) -> None:
    assert markdown._embedded_tables(text) == _embedded_tables_reference(text)
    assert markdown.is_markdown(text) == _is_markdown_reference(text)


def _candidate_sentences_reference(text: str) -> list[tuple[str, str]]:
    found = []
    for paragraph in headline._paragraphs(text):
        if "|" in paragraph or not headline._FIGURE_MARK.search(paragraph):
            continue
        if not headline._ANY_NEEDED.search(paragraph):
            continue
        for sentence in headline._SENTENCE_END.split(paragraph):
            compact = "".join(sentence.split())
            if headline._ANY_NEEDED.search(compact) and not headline._TABLE_ROW.search(sentence):
                found.append((sentence, compact))
    return found


@FAST
@given(
    _texts(
        *("。", "!", "?", ":", ";", ",", "|", " ", "\t", "\x1c", "\u3000", "\x85", "\n", "\n\n"),
        *(
            "一、",
            "(一)",
            "1.",
            "12",
            "3 4",
            "公开",
            "公 开",
            "申请",
            "费",
            "信息",
            "未",
            "x",
            "\x07",
        ),
    )
)
def test_candidate_sentences_equal_the_plain_filter(text: str) -> None:
    assert list(headline._candidate_sentences(text)) == _candidate_sentences_reference(text)
