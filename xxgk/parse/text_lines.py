"""The lines of the text being parsed, split once for the steps that each read all of them."""

from __future__ import annotations

from collections.abc import Sequence

#: The last text split and its lines (one pair, replaced whole, so a reader in another thread
#: sees a text with its own lines; handed out as a `Sequence`, never changed).
_last: tuple[str, list[str]] = ("", [""])


def text_lines(text: str) -> Sequence[str]:
    """`text.split("\\n")`, split once for the steps that read the same text one after another
    (sections, then headline figures): the same text object gives the same lines."""
    global _last
    last_text, last_lines = _last
    if text is last_text:
        return last_lines
    lines = text.split("\n")
    _last = (text, lines)
    return lines
