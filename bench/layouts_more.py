"""More layouts of the variation matrix, beyond `bench.layouts`.

`html_p_styled`: a CMS page whose editor stripped the table tags of a pasted Word table, so
the table is a run of styled `<p>` elements, one per cell and one per line of a cell that
holds several (a wrapped label), blank cells left as empty `<p></p>` or `<p><br/></p>`.
"""

from __future__ import annotations

import html

from bench.grids import Block, Heading, Title
from bench.layouts import Page, _pieces

MORE_LAYOUTS = ("html_p_styled",)

_CELL = (
    '<p style="text-align:center;line-height:1.5em">'
    "<span style='font-family:仿宋_GB2312'>{}</span></p>"
)
_EMPTY = ("<p></p>", "<p><br/></p>", '<p style="text-align:center;"></p>')


def render_more(blocks: list[Block], layout: str, page: Page, charset: str) -> str:
    """The blocks in one of `MORE_LAYOUTS`, as text."""
    if layout != "html_p_styled":
        raise ValueError(f"unknown layout {layout!r}")
    body: list[str] = []
    number = 1
    title = ""  # a CMS page's <title> is the whole article title, however it wraps
    blank = 0
    for block in blocks:
        if isinstance(block, Title):
            title += block.text
            body.append(
                f'<p style="text-align:center"><strong>{html.escape(block.text)}</strong></p>'
            )
        elif isinstance(block, Heading):
            heading = html.escape(block.text)
            body.append(f'<p style="text-indent:2em"><strong>{heading}</strong></p>')
        elif isinstance(block, str):
            body.append(f'<p style="text-indent:2em">{html.escape(block)}</p>')
        else:
            for part, rows in _pieces(block, repeat_header=False):
                if part:
                    number += 1
                    body.append(f"<p align=center>{html.escape(page.footer.format(number))}</p>")
                for row in rows:
                    for cell in row:
                        if not cell.text:
                            body.append(_EMPTY[blank % len(_EMPTY)])
                            blank += 1
                            continue
                        body += [_CELL.format(html.escape(line)) for line in cell.text.split("\n")]
    return (
        f"<!DOCTYPE html><html><head><meta charset='{charset}'><title>{html.escape(title)}"
        "</title></head><body><div class='TRS_Editor'>"
        f"{''.join(body)}</div><div class='footer'>主办单位：政府办公室</div></body></html>"
    )
