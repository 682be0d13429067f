"""Split a report into its numbered sections (一 … 六), telling headings from table row labels."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_NUMERALS = "一二三四五六七八九"
_HEADING = re.compile(rf"^(?P<numeral>[{_NUMERALS}])\s*[、.,]\s*(?P<title>\S.*)$")
#: What the title of section N must mention, in both templates (and most pre-2019 outlines).
_TOPICS: dict[int, re.Pattern[str]] = {
    1: re.compile(r"总体情况|概述|基本情况|总体|概况"),
    2: re.compile(r"主动公开"),
    3: re.compile(r"(收到|处理|依).{0,6}申请|申请.{0,4}(公开|处理)"),
    4: re.compile(r"复议|诉讼"),
    5: re.compile(r"问题|改进|整改"),
    6: re.compile(r"其他|需要报告"),
}
_MAX_TITLE = 40
#: A line break before a numeral: where the lines `_HEADING` can match start.
_NUMERAL_LINE_START = re.compile(rf"\n[{_NUMERALS}]")


@dataclass(frozen=True)
class Section:
    number: int  # 1–6; 0 for the text before section 一
    heading: str
    text: str  # body without the heading line


def split_sections(text: str, by_topic: bool = True) -> list[Section]:
    """Sections in document order; section 0 holds the title block and preamble.

    A heading is a line `N、title` whose number is above the previous heading's and, with
    `by_topic` (the standard 2019+ outline), whose title names the section's topic: the
    section 三 table's row labels (一、本年新收…, 四、结转…) also start with numerals but never
    name a later section's topic. Pre-2019 outlines vary, so they are split by number alone.
    """
    unfolded = _plain_headings(text)
    lines = unfolded.split("\n")
    if max(map(len, lines)) > _LONG_LINE:  # (else no heading is inline: the lines stay)
        unfolded = _unfold_inline_headings(unfolded, by_topic)
        lines = unfolded.split("\n")
    starts = _starts(lines, _numeral_lines(unfolded, lines), _HEADING, by_topic)
    if not starts and _BRACKETED_LINE_START.search(unfolded):
        # No `一、` outline at all: `(一)总体情况` headings are the top level.
        starts = _starts(lines, range(len(lines)), _BRACKETED_HEADING, by_topic=True)
    anchored: set[int] = set()
    if by_topic and not any(number in _TABLE_SECTIONS for _, number, _ in starts):
        starts, anchored = _with_table_anchors(starts, unfolded, lines)
    sections: list[Section] = []
    preamble_end = starts[0][0] if starts else len(lines)
    sections.append(Section(0, "", "\n".join(lines[:preamble_end]).strip()))
    for position, (index, number, heading) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        first = index if index in anchored else index + 1
        sections.append(Section(number, heading, "\n".join(lines[first:end]).strip("\n")))
    return sections


#: The sections holding the standard tables, and the captions that open each table when its
#: section has no heading at all (an excerpt that starts at the tables, a heading lost to an
#: image): 第二十条第(一)项; the 勾稽关系 note, 申请人情况 or the 本年新收 row; the first
#: 行政复议 line after the 结转下年度 row.
_TABLE_SECTIONS = (2, 3, 4)
_ACTIVE_CAPTION = re.compile(r"第二十条\s*第\s*\(\s*一\s*\)\s*项")
_APPLICATIONS_CAPTION = re.compile(r"勾稽关系|申请人情况|本年新收政府信息公开申请")
_CARRIED_FORWARD = re.compile(r"结转下年度")
_REVIEW_CAPTION = re.compile(r"行政复议")


def _with_table_anchors(
    starts: list[tuple[int, int, str]], text: str, lines: list[str]
) -> tuple[list[tuple[int, int, str]], set[int]]:
    """`starts` with sections 二–四 opened at their tables' captions, when those come in
    order between the headings found; otherwise `starts` unchanged."""
    if _ACTIVE_CAPTION.search(text) is None and _APPLICATIONS_CAPTION.search(text) is None:
        return starts, set()
    anchors: list[tuple[int, int, str]] = []
    after = 0
    for number, caption in ((2, _ACTIVE_CAPTION), (3, _APPLICATIONS_CAPTION)):
        found = next((i for i in range(after, len(lines)) if caption.search(lines[i])), None)
        if found is not None:
            anchors.append((found, number, ""))
            after = found + 1
    forward = next((i for i in range(after, len(lines)) if _CARRIED_FORWARD.search(lines[i])), None)
    if forward is not None:
        review = next(
            (i for i in range(forward + 1, len(lines)) if _REVIEW_CAPTION.search(lines[i])),
            None,
        )
        if review is not None:
            anchors.append((review, 4, ""))
    merged = sorted([*starts, *anchors])
    numbers = [number for _, number, _ in merged]
    if not anchors or numbers != sorted(set(numbers)):
        return starts, set()
    return merged, {index for index, _, _ in anchors}


def _starts(
    lines: list[str], candidates: Iterable[int], heading: re.Pattern[str], by_topic: bool
) -> list[tuple[int, int, str]]:
    """(line index, section number, heading) of each heading: a line matching `heading`
    whose number is above the previous heading's and, with `by_topic`, whose title names the
    section's topic."""
    starts: list[tuple[int, int, str]] = []
    last = 0
    for index in candidates:
        line = lines[index]
        match = heading.match(line)
        if match is None:
            continue
        number = _NUMERALS.index(match.group("numeral")) + 1
        title = match.group("title")
        if number <= last or number not in _TOPICS or len(title) > _MAX_TITLE:
            continue
        if not by_topic or _TOPICS[number].search(title):
            starts.append((index, number, line.strip()))
            last = number
    return starts


#: Heading markup around a numbered heading: Markdown `## 二、…`, bold `**二、…**`, and the
#: `第二部分 …` numbering, all read as `二、…`.
_MARKED_HEADING = re.compile(
    rf"^[ \t]*(?:#{{1,6}}[ \t]*)?(?:\*\*[ \t]*)?"
    rf"(?:第(?P<part>[{_NUMERALS}])部分[ \t]*[、.,:]?[ \t]*|(?P<numeral>[{_NUMERALS}][ \t]*[、.,]))"
    r"(?P<title>[^\n]*?)[ \t]*(?:\*\*)?[ \t]*$",
    re.MULTILINE,
)
_MARKUP = re.compile(r"^[ \t]*(?:#|\*\*|第[一二三四五六七八九]部分)", re.MULTILINE)
_PART = re.compile(r"第[一二三四五六七八九]部分")
_BRACKETED_HEADING = re.compile(rf"^\((?P<numeral>[{_NUMERALS}])\)\s*(?P<title>\S.*)$")
_BRACKETED_LINE_START = re.compile(rf"(?:^|\n)\([{_NUMERALS}]\)")


def _plain_headings(text: str) -> str:
    """Headings with their markup taken off (`## 二、主动公开…` → `二、主动公开…`)."""
    if "#" not in text and "**" not in text and _PART.search(text) is None:
        return text  # (each markup holds one of the three)
    if _MARKUP.search(text) is None:
        return text

    def plain(match: re.Match[str]) -> str:
        if match.group("part"):
            return f"{match.group('part')}、{match.group('title')}"
        return f"{match.group('numeral')}{match.group('title')}"

    return _MARKED_HEADING.sub(plain, text)


def _numeral_lines(text: str, lines: list[str]) -> Iterator[int]:
    """The indices of the lines (of `text`) that start with a numeral, found by searching
    for them rather than stepping through every line."""
    if lines[0][:1] in _NUMERALS:
        yield 0
    index = position = 0
    for found in _NUMERAL_LINE_START.finditer(text):
        index += text.count("\n", position, found.start() + 1)
        position = found.start() + 1
        yield index


#: In crawler text a whole report can be one line: `…监督和指导。 二、主动公开政府信息情况 (一)…`.
# The title ends at a heading word (…情况, 概述, …措施) when the body follows with no space.
# (The lookbehind follows the numeral, which lets the regex engine skip to numerals.)
_INLINE_HEADING = re.compile(
    rf"(?P<numeral>[{_NUMERALS}])(?<![\u4e00-\u9fff、].)\s*、\s*(?P<title>"
    rf"[^\s。,]{{0,{_MAX_TITLE}}}?(?:情况(?:统计表)?|概述|措施|事项|附表)|[^\s。,]{{2,{_MAX_TITLE}}}(?=\s))"
)
_LONG_LINE = 300
_LONG_LINES = re.compile(rf"^.{{{_LONG_LINE + 1},}}$", re.MULTILINE)


def _unfold_inline_headings(text: str, by_topic: bool) -> str:
    """Put headings found inside very long lines on lines of their own, when their title
    names their section's topic (so a numbered list inside a sentence stays where it is)."""

    def unfold(match: re.Match[str]) -> str:
        number = _NUMERALS.index(match.group("numeral")) + 1
        topic = _TOPICS.get(number)
        if topic is None or (by_topic and not topic.search(match.group("title"))):
            return match.group(0)
        return f"\n{match.group('numeral')}、{match.group('title')}\n"

    if max(map(len, text.split("\n"))) <= _LONG_LINE:  # `_LONG_LINES.search(text) is None`
        return text
    return _LONG_LINES.sub(lambda line: _INLINE_HEADING.sub(unfold, line.group()), text)
