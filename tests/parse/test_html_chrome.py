"""Dropping page chrome by its tags alone, when a page has no link blocks, leaves what the
full pass over every container leaves; table cells are read by tag as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from xxgk.parse.formats import html

PAGES = sorted(
    p
    for d in (Path("tests/corpus/real"), Path("../shared/corpus/dev"))
    if d.exists()
    for p in d.rglob("*.htm*")
)


def _reference_text(markup: str) -> str:
    """`html_to_text` with chrome dropped by the full pass over every container."""
    root = html._parse(markup)
    header = html._metadata_lines(root)
    link_blocks = html._link_blocks(root)
    for element in list(root.iter(*html._SKIP, *html._LINK_CONTAINERS)):
        if element.tag in html._SKIP or element in link_blocks:
            html._remove(element)
    lines: list[str] = []
    buffer: list[str] = []
    body = root.find("body")
    html._walk(body if body is not None else root, lines, buffer)
    html._flush(lines, buffer)
    return "\n".join(header + lines)


PIECES = (
    "<p>正文一。</p>",
    "<script>var x=1;</script>",
    "<noscript><script>y</script>提示</noscript>",
    "<div>导航<a href='/'>首页</a><a href='/a'>栏目</a></div>",
    "<style>p{}</style>尾巴",
    "<table><tr><td>行政许可</td><th>3</th><!-- c --><td>4</td></tr></table>",
    "<header>页头</header>",
    "<span>文字</span>",
    "<footer>页脚<a href='/'>链接</a></footer>",
    "<form><input>表单</form>",
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12))
def test_text_equals_the_full_pass(pieces: list[str]) -> None:
    markup = "<html><body>" + "".join(pieces) + "</body></html>"
    assert html.html_to_text(markup) == _reference_text(markup)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_corpus_pages_equal_the_full_pass(page: Path) -> None:
    from xxgk.parse.decode import decode_bytes

    markup = decode_bytes(page.read_bytes()).text
    assert html.html_to_text(markup) == _reference_text(markup)


def test_cells_skip_comments_and_keep_th() -> None:
    table = etree.fromstring(
        "<table><tr><td>a</td><!-- x --><th>b</th><td>c</td></tr></table>", etree.HTMLParser()
    ).find(".//table")
    assert table is not None
    assert html._table_lines(table) == ["a | b | c |"]
