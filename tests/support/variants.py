"""Rewrite a report the ways mirrors, crawlers and old servers do, keeping its content.

Each variant must parse to the same tables as the original: traditional characters,
other encodings, spam glued into sentences, and tables flattened into the other layouts
(one cell per line, double-spaced, full-width forms).
"""

from __future__ import annotations

import random
from collections.abc import Callable

import opencc

Variant = Callable[[str], bytes]

_SPAM = "365bet体育_皇冠体育官网_澳门葡京"


def traditional(text: str) -> bytes:
    return str(opencc.OpenCC("s2t").convert(text)).encode("utf-8")


def gbk(text: str) -> bytes:
    return text.encode("gb18030")


def utf16(text: str) -> bytes:
    return text.encode("utf-16")


def utf8_bom(text: str) -> bytes:
    return text.encode("utf-8-sig")


def spam(text: str) -> bytes:
    """A gambling advert glued into the middle of every tenth narrative line."""
    rng = random.Random(len(text))
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if "|" not in line and len(line) > 40 and index % 10 == 0:
            cut = rng.randrange(10, len(line) - 10)
            lines[index] = line[:cut] + _SPAM + line[cut:]
    return "\n".join(lines).encode("utf-8")


def full_width(text: str) -> bytes:
    """Digits, brackets and bars in their full-width forms, as Word and some CMSs write."""
    table = str.maketrans("0123456789()|:", "０１２３４５６７８９（）｜：")
    return text.translate(table).encode("utf-8")


def _rewrite_rows(text: str, render: Callable[[list[str]], list[str]]) -> str:
    out: list[str] = []
    for line in text.split("\n"):
        if "|" in line:
            cells = [cell.strip() for cell in line.split("|")]
            out.extend(render(cells[:-1] if cells and cells[-1] == "" else cells))
        else:
            out.append(line)
    return "\n".join(out)


def one_cell_per_line(text: str) -> bytes:
    """Every cell on its own line, blank cells as empty lines."""
    return _rewrite_rows(text, lambda cells: cells).encode("utf-8")


def double_spaced(text: str) -> bytes:
    """A blank line after every non-empty cell, one more per blank cell and per row end."""

    def render(cells: list[str]) -> list[str]:
        lines: list[str] = []
        for cell in cells:
            lines.extend([cell, ""] if cell else [""])
        return [*lines, ""]

    plain = [line + "\n" for line in _rewrite_rows(text, render).split("\n")]
    return "".join(line if line.strip() else "\n" for line in plain).encode("utf-8")


def space_separated(text: str) -> bytes:
    """Rows as a PDF text layer gives them: cells separated by spaces, blanks as `—`."""
    return _rewrite_rows(text, lambda cells: [" ".join(c or "—" for c in cells)]).encode("utf-8")


VARIANTS: dict[str, Variant] = {
    "traditional": traditional,
    "gbk": gbk,
    "utf16": utf16,
    "utf8_bom": utf8_bom,
    "spam": spam,
    "full_width": full_width,
    "one_cell_per_line": one_cell_per_line,
    "double_spaced": double_spaced,
    "space_separated": space_separated,
}
