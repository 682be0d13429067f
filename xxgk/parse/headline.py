"""Figures a report's narrative states (主动公开…条, 收到申请…件, 行政复议…件, 信息处理费…元).

Sentences are cut into clauses and each clause read by `phrases.clause_statements`. The first
statement of a metric in document order is the report's (a total comes before its breakdown:
`共受理申请3119件` before `其中市政府办受理…`), except that a report saying both that there
were none and that there were some of a metric publishes nothing for it, and a proactive
total contradicted by another yearly total is left out."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from schemas.codes import HeadlineMetric
from xxgk.parse.memo import memoise_texts_up_to
from xxgk.parse.phrases import Statement, clause_statements, may_state

_SENTENCE_END = re.compile(r"(?<=[。!?])")
_HEADING_START = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\(\S{1,3}\)|\d{1,2}[.、])")
_PARAGRAPH_END = "。!?:;"
_NUMBER = r"(?P<value>\d+(?:\.\d+)?)"
#: Quotation marks do not change what a clause says (`“同意公开”的7件`).
_QUOTES = re.compile("[\"'“”‘’「」『』]")
#: A parenthetical is a breakdown or an aside (`(含上年度结转申请34件,…)`), never the figure.
_PARENTHETICAL = re.compile(r"\([^()]*\)|〔[^〔〕]*〕|【[^【】]*】")
_CLAUSE_END = re.compile(r"[,;]")
#: A thousands separator (`2,345条`) is part of its number, not a clause end.
#: (The look-behind follows the `,` so the regex engine can search for it.)
_THOUSANDS = re.compile(r",(?<=\d,)(?=\d{3}(?!\d))")
#: Two numbers separated by whitespace alone: a flattened table row, not a sentence.
_TABLE_ROW = re.compile(r"\d[ \t]+\d")
#: Words every statement holds one of: most sentences hold none and are skipped unread.
_ANY_NEEDED = re.compile("公开|申请|复议|诉讼|费|信息")
#: What every statement holds: a number, or a negation when it says there were none.
_FIGURE_MARK = re.compile(r"[\d未没无暂不零〇一二两三四五六七八九十]")


@dataclass(frozen=True)
class HeadlineFigure:
    metric: HeadlineMetric
    value: float
    unit: str
    evidence: str


_UNITS = {HeadlineMetric.PROACTIVE_DISCLOSURES: "条", HeadlineMetric.PROCESSING_FEE_YUAN: "元"}
#: Counts for a secondary channel (微博, 公众号 …) are parts of the year's total, not it.
_SECONDARY_CHANNEL = re.compile(r"微博|微信|公众号|新媒体|客户端|APP|头条号|抖音")
# (The lookbehinds follow the literal `公开` so the regex engine can search for it.)
_PLAIN_TOTAL = re.compile(
    rf"公开(?<!主动公开)(?<!主动的公开)(?:各类)?政府信息{_NUMBER}(?:余|多)?条"
)


def find_headline_figures(text: str) -> list[HeadlineFigure]:
    """The figures the narrative states, one per metric, with the sentence each came from."""
    return _figures(_candidate_sentences(text))


def _figures(sentences: Iterable[tuple[str, str]]) -> list[HeadlineFigure]:
    """The figures stated by (sentence, sentence without whitespace) pairs in document order."""
    first: dict[HeadlineMetric, HeadlineFigure] = {}
    zero: set[HeadlineMetric] = set()
    some: set[HeadlineMetric] = set()
    compacts: list[str] = []
    channels = False  # the first proactive figure is one of several in its sentence
    topics: frozenset[HeadlineMetric] = frozenset()  # what the heading over the sentence is about
    off_topic: set[HeadlineMetric] = set()  # first figures stated under another metric's heading
    for sentence, compact in sentences:
        compacts.append(compact)
        reading = _reading(sentence)
        topics = reading.topics or topics
        if not reading.statements:
            continue  # nothing stated: nothing below changes
        proactive_here: set[float] = set()
        for statement, part in reading.statements:
            metric = statement.metric
            if metric is HeadlineMetric.PROACTIVE_DISCLOSURES:
                if part:
                    continue
                proactive_here.add(statement.value)
            (zero if statement.value == 0 else some).add(metric)
            unit = _UNITS.get(metric, "件")
            figure = HeadlineFigure(metric, statement.value, unit, reading.evidence)
            if metric not in first:
                first[metric] = figure
                if topics and metric not in topics:
                    off_topic.add(metric)
            elif metric in off_topic and metric in topics:
                off_topic.discard(metric)  # the same figure where the report is about it
                if first[metric].value == statement.value:
                    first[metric] = figure
        first_proactive = first.get(HeadlineMetric.PROACTIVE_DISCLOSURES)
        if first_proactive and first_proactive.evidence == reading.evidence:
            channels = channels or len(proactive_here) > 1
    for metric in zero & some:
        del first[metric]
    if channels:  # `在网站主动公开信息60条,在公开栏主动公开信息5条`: parts, no total
        first.pop(HeadlineMetric.PROACTIVE_DISCLOSURES, None)
    proactive = first.get(HeadlineMetric.PROACTIVE_DISCLOSURES)
    if proactive and _conflicting_total(compacts, proactive.value):
        del first[HeadlineMetric.PROACTIVE_DISCLOSURES]
    return list(first.values())


@dataclass(frozen=True)
class _Reading:
    """What one sentence says by itself: its text as evidence, the metrics a heading opening
    it is about, and its statements in order, each with whether it counts one secondary
    channel (`通过官方微博主动公开…`, a part of the proactive total)."""

    evidence: str
    topics: frozenset[HeadlineMetric]
    statements: tuple[tuple[Statement, bool], ...]


@memoise_texts_up_to(max_length=400, max_entries=1 << 13)
def _reading(sentence: str) -> _Reading:
    """The sentence's reading, kept per sentence: reports repeat their boilerplate sentences
    (the statistics period, the legal basis, the standard outline), and each other's."""
    compact = "".join(sentence.split())
    topics = frozenset(_heading_topics(sentence))
    plain = _THOUSANDS.sub("", _PARENTHETICAL.sub("", _QUOTES.sub("", compact)))
    if not may_state(plain):  # no clause states anything
        return _Reading(sentence.strip(), topics, ())
    statements = tuple(
        (statement, statement.metric is HeadlineMetric.PROACTIVE_DISCLOSURES and _part(clause))
        for clause in _CLAUSE_END.split(plain)
        for statement in clause_statements(clause, plain)
    )
    return _Reading(sentence.strip(), topics, statements)


#: A numbered heading (`六、行政复议和行政诉讼情况`, `(四)与诉讼有关的费用支出`), alone or
#: run into its first sentence; every one holds a figure mark, so none is skipped unread.
_NUMBERED_HEADING = re.compile(
    r"(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]{1,3}\)|\d{1,2}[.、])\S"
)
_APPLICATION_METRICS = {
    HeadlineMetric.APPLICATIONS_RECEIVED,
    HeadlineMetric.APPLICATIONS_GRANTED,
    HeadlineMetric.APPLICATIONS_PARTIALLY_GRANTED,
    HeadlineMetric.APPLICATIONS_DENIED,
}


def _heading_topics(sentence: str) -> set[HeadlineMetric]:
    """The metrics a numbered heading opening `sentence` is about (none when it names none):
    a statement under another metric's heading (`(四)与诉讼有关的费用支出: 未产生相关诉讼`)
    is weaker evidence than the same figure under the metric's own."""
    heading = _opening_heading(sentence)
    if heading is None:
        return set()
    if "费" in heading:
        return {HeadlineMetric.PROCESSING_FEE_YUAN}
    if "复议" in heading or "诉讼" in heading:
        return {
            metric
            for metric, word in (
                (HeadlineMetric.ADMINISTRATIVE_REVIEWS, "复议"),
                (HeadlineMetric.LAWSUITS, "诉讼"),
            )
            if word in heading
        }
    if "申请" in heading:
        return set(_APPLICATION_METRICS)
    if "主动" in heading:
        return {HeadlineMetric.PROACTIVE_DISCLOSURES}
    return set()


def _opening_heading(sentence: str) -> str | None:
    """The numbered heading that opens the sentence's first word, up to its first sentence
    mark, or None. (The heading pattern spans no whitespace, so it is matched on the
    sentence itself rather than on a split of every word.)"""
    start = sentence.lstrip()
    if not _NUMBERED_HEADING.match(start):
        return None
    return _SENTENCE_MARK.split(start.split(maxsplit=1)[0], maxsplit=1)[0][:_HEADING_MAX_CHARS]


def _part(clause: str) -> bool:
    """A count for one secondary channel (`通过官方微博主动公开政府信息176条`)."""
    return _SECONDARY_CHANNEL.search(clause) is not None and re.search("网站|等", clause) is None


def _candidate_sentences(text: str) -> Iterator[tuple[str, str]]:
    """(sentence, sentence without whitespace) for the sentences, in document order, that
    may state a figure: prose (no `|` cell separators, no whitespace-separated numbers of a
    flattened table row) holding a figure mark and a word some statement needs."""
    for paragraph in _paragraphs(text):
        if "|" in paragraph or not _FIGURE_MARK.search(paragraph):
            continue
        if not _ANY_NEEDED.search(paragraph):
            continue
        if " " not in paragraph and paragraph.isprintable():
            # No whitespace at all (every other whitespace character is unprintable): each
            # sentence is its own compact form, and no table row's numbers stand apart.
            for sentence in _sentences(paragraph):
                if _ANY_NEEDED.search(sentence):
                    yield sentence, sentence
            continue
        for sentence in _sentences(paragraph):
            if _TABLE_ROW.search(sentence):  # (first: a table row's run is long to compact)
                continue
            compact = "".join(sentence.split())
            if _ANY_NEEDED.search(compact):
                yield sentence, compact


def _conflicting_total(compacts: list[str], value: float) -> bool:
    """The narrative states a second, different total (in one of its whitespace-free
    sentences): which one is the year's is unknowable, so the figure is left out rather than
    guessed."""
    for compact in compacts:
        if "政府信息" not in compact or _SECONDARY_CHANNEL.search(compact):
            continue
        for total in _PLAIN_TOTAL.finditer(compact):
            running = _RUNNING_TOTAL.search(compact, max(0, total.start() - 6), total.start())
            if float(total.group("value")) != value and running is None:
                return True
    return False


#: `已累计公开政府信息189条`: a running total since the start, not a second yearly one.
_RUNNING_TOTAL = re.compile(r"累计|历年|截至|截止|至今")


def _sentences(paragraph: str) -> list[str]:
    """`_SENTENCE_END.split(paragraph)`; by `str.split` in the usual case of `。` alone."""
    if "!" in paragraph or "?" in paragraph:
        return _SENTENCE_END.split(paragraph)
    pieces = paragraph.split("。")
    last = pieces.pop()
    return [piece + "。" for piece in pieces] + [last]


def _paragraphs(text: str) -> list[str]:
    """Lines rejoined into paragraphs: PDF text layers wrap sentences at the page margin.
    A line continues the one before unless that one ended a sentence or is a whole heading
    (`二、依申请公开政府信息和不予以公开政府信息的情况`: its words are not the next
    sentence's), or it starts a heading, or either is a table row (so a paragraph with a `|`
    is a single line). (Whether a line starts a heading is read only where it decides
    something: most lines end a sentence after one that did.)"""
    paragraphs: list[str] = []
    current: list[str] = []  # the lines of the paragraph being read
    may_continue = False  # whether the last line left its paragraph open
    lines = text.split("\n")
    for line in _prose_cells(lines) if "|" in text else lines:
        if not line:
            continue
        if "|" in line:
            if current:
                paragraphs.append("".join(current))
                current = []
            paragraphs.append(line)
            may_continue = False
            continue
        open_end = line[-1] not in _PARAGRAPH_END
        heading = (may_continue or open_end) and _HEADING_START.match(line) is not None
        if may_continue and not heading:
            current.append(line)
        else:
            if current:
                paragraphs.append("".join(current))
            current = [line]
        # a whole heading: a short numbered line without sentence punctuation
        may_continue = open_end and not (
            heading and len(line) <= _HEADING_MAX_CHARS and _SENTENCE_MARK.search(line) is None
        )
    if current:
        paragraphs.append("".join(current))
    return paragraphs


def _prose_cells(lines: list[str]) -> Iterator[str]:
    """The lines, with each `|` cell holding prose (a whole sentence: `。`) on a line of its
    own: pages copied from a layout table put a report's whole body in one cell
    (`2013年,我镇… 一、政府信息主动公开情况 … |`); the other cells stay one `|` line."""
    for line in lines:
        if "|" not in line or "。" not in line:
            yield line
            continue
        rest: list[str] = []
        for cell in line.split("|"):
            if "。" in cell:
                if rest:
                    yield " | ".join(rest) + " |"
                    rest = []
                yield cell.strip()
            elif cell.strip():
                rest.append(cell.strip())
        if rest:
            yield " | ".join(rest) + " |"


_HEADING_MAX_CHARS = 40
_SENTENCE_MARK = re.compile(r"[,。;:!?]")
