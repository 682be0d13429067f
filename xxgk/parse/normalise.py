"""Normalise report text: traditional to simplified (OpenCC), full-width forms, whitespace, spam."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import opencc

from schemas.codes import Script
from xxgk.parse.spam import remove_spam

_HAN = re.compile(r"[\u4e00-\u9fff]")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2028\u2029\u2060\ufeff\u00ad]")
_HORIZONTAL_SPACE = re.compile(r"[ \t\f\v]+")
#: Page furniture that PDF text layers leave inside tables: `- 4 -`, `— 4 —`, `第 4 页`, `4/12`.
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[,/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})$"
)
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
    han = len(_HAN.findall(text))
    changed = sum(1 for a, b in zip(text, converted, strict=False) if a != b)
    if len(converted) != len(text):  # phrase-level conversions changed lengths: recount coarsely
        changed = max(changed, abs(len(converted) - len(text)))
    traditional = (
        han > 0 and changed >= _TRADITIONAL_MIN_CHANGES and changed / han >= _TRADITIONAL_SHARE
    )
    return converted, Script.TRADITIONAL if traditional else Script.SIMPLIFIED


def normalise_text(text: str) -> NormalisedText:
    """Canonical text for every later stage: simplified, NFKC (full-width digits and
    punctuation become ASCII), unified line breaks, no invisible characters, no spam."""
    simplified, script = to_simplified(text)
    canonical = unicodedata.normalize("NFKC", simplified)
    canonical = canonical.replace("\r\n", "\n").replace("\r", "\n")
    canonical = _INVISIBLE.sub("", canonical)
    canonical = remove_spam(canonical)
    lines = [_HORIZONTAL_SPACE.sub(" ", line).strip() for line in canonical.split("\n")]
    lines = [line for line in lines if not _PAGE_NUMBER.match(line)]
    return NormalisedText("\n".join(lines), script)


def compact(text: str) -> str:
    """Text with every whitespace removed, for matching labels split over lines or padded."""
    return "".join(text.split())
