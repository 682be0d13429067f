"""Normalise report text: traditional to simplified (OpenCC), full-width forms, whitespace, spam."""

from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import opencc

from schemas.codes import Script
from xxgk.parse.memo import memoise_text
from xxgk.parse.spam import remove_spam

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u2060\ufeff\u00ad"
_HORIZONTAL_SPACE = re.compile(r"[ \t\f\v]+")
#: The compatibility characters reports are full of (full-width punctuation and digits,
#: no-break and ideographic spaces) with their NFKC forms. Replacing them first leaves most
#: texts already normalised, which `unicodedata.is_normalized` confirms far faster than
#: `normalize` rewrites them; a character and its NFKC form have the same compatibility
#: decomposition, so the result is NFKC of the original either way.
_COMMON_COMPATIBILITY = tuple(
    (char, unicodedata.normalize("NFKC", char))
    for char in "，（）：；！？％．／｜＠　\xa0０１２３４５６７８９"
)
#: Page furniture that PDF text layers leave inside tables: `- 4 -`, `— 4 —`, `第 4 页`, `4/12`.
_PAGE_NUMBER_BODY = (
    r"(?:[-—–]\s*\d{1,3}\s*[-—–]"
    r"|第\s*\d{1,3}\s*页(?:\s*[,/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3})"
)
#: A page number alone on a line, or as the only cell of a flattened table row (`- 4 - | | |`).
_PAGE_NUMBER = re.compile(rf"^\|?\s*{_PAGE_NUMBER_BODY}(?:\s*\|)*$")
#: The same between line breaks, to search a whole text wrapped in `\n` at once: a text with a
#: page-number line has a match (a match may also span lines: then lines are checked singly).
_PAGE_NUMBER_LINE = re.compile(rf"\n\|?\s*{_PAGE_NUMBER_BODY}(?:\s*\|)*(?=\n)")
#: Pinyin some mirrors put after characters (`镇(zhèn)`, `報(bào)告`): never report text.
#: (The look-behind follows the literal `(` so the regex engine can search for it.)
_PINYIN_GLOSS = re.compile(r"\((?<=[\u4e00-\u9fff]\()[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,6}\)")
# A text is traditional when at least this share of its Han characters change under t2s.
_TRADITIONAL_SHARE = 0.03
_TRADITIONAL_MIN_CHANGES = 5


@dataclass(frozen=True)
class NormalisedText:
    text: str
    script: Script


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> tuple[str, Script]:
    """Convert to simplified characters and say which script the source was written in."""
    converted: str = _t2s().convert(text)
    changed = 0 if converted == text else sum(map(operator.ne, text, converted))
    if len(converted) != len(text):  # phrase-level conversions changed lengths: recount coarsely
        changed = max(changed, abs(len(converted) - len(text)))
    if changed < _TRADITIONAL_MIN_CHANGES:
        return converted, Script.SIMPLIFIED
    han = sum(map(len, _HAN_RUN.findall(text)))
    traditional = han > 0 and changed / han >= _TRADITIONAL_SHARE
    return converted, Script.TRADITIONAL if traditional else Script.SIMPLIFIED


def _nfkc(text: str) -> str:
    """`unicodedata.normalize("NFKC", text)`, without rewriting a text that needs only the
    common full-width replacements."""
    for char, canonical in _COMMON_COMPATIBILITY:
        if char in text:
            text = text.replace(char, canonical)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def _collapse_spaces(text: str) -> str:
    """`_HORIZONTAL_SPACE.sub(" ", text)` by `str.replace`, which is many times faster than
    the regex engine stepping through every character."""
    for char in "\t\f\v":
        if char in text:
            text = text.replace(char, " ")
    while "  " in text:
        text = text.replace("  ", " ")
    return text


def normalise_text(text: str) -> NormalisedText:
    """Canonical text for every later stage: simplified, NFKC (full-width digits and
    punctuation become ASCII), unified line breaks, no invisible characters, no spam."""
    simplified, script = to_simplified(text)
    canonical = _nfkc(simplified)
    canonical = canonical.replace("\r\n", "\n").replace("\r", "\n")
    for char in _INVISIBLE:
        if char in canonical:
            canonical = canonical.replace(char, "")
    canonical = remove_spam(canonical)
    if "(" in canonical:
        canonical = _PINYIN_GLOSS.sub("", canonical)
    canonical = _collapse_spaces(canonical)
    lines = [line.strip() for line in canonical.split("\n")]
    canonical = "\n".join(lines)
    if _PAGE_NUMBER_LINE.search(f"\n{canonical}\n"):
        canonical = "\n".join(line for line in lines if not _PAGE_NUMBER.match(line))
    return NormalisedText(canonical, script)


@memoise_text  # called on table cells, which repeat within and across reports
def is_page_number(text: str) -> bool:
    """Whether a line or a table cell is only page furniture (`—2—`, `第 3 页 共 8 页`, `3/8`),
    in any width of digits and dashes."""
    return _PAGE_NUMBER.match(_collapse_spaces(_nfkc(text).strip())) is not None


def compact(text: str) -> str:
    """Text with every whitespace removed, for matching labels split over lines or padded."""
    return "".join(text.split())
