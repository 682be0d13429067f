"""The PDF front end on the real dev PDFs: rows read by eye from the pages, cell by cell."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.pdf_bytes import pdf_file
from xxgk.parse.formats.errors import UnreadableDocumentError
from xxgk.parse.formats.pdf import pdf_to_text

DEV = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "dev"
PDFS = ("hongze_2023", "hongze_2024", "huaian_2024")

requires_corpus = pytest.mark.skipif(
    not DEV.is_dir(), reason=f"shared corpus not found at {DEV} (checked out beside the repo)"
)

#: Rows as they appear on the pages (sections 二, 三 and 四).
ROWS = {
    "hongze_2023": [
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数",
        "行政规范性文件 | 0 | 5 | 5",
        "行政许可 | 550",
        "行政处罚 | 4119",  # first row after the page break inside section 二
        "行政事业性收费 | 7730.28",
        "一、本年新收政府信息公开申请数量 | 21 | 0 | 0 | 0 | 0 | 0 | 21",
        "三、本年度办理结果 | （一）予以公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0",
        "（三）不予公开 | 1.属于国家秘密 | 1 | 0 | 0 | 0 | 0 | 0 | 1",
        "2.其他法律行政止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0",  # the typo as published
        "（四）无法提供 | 1.本机关不掌握相关政府信息 | 10 | 0 | 0 | 0 | 0 | 0 | 10",
        "3.补正后申请内容仍不明确 | 0 | 0 | 0 | 0 | 0 | 0 | 0",  # after the page break
        "（六）其他处理 | 0 | 0 | 0 | 0 | 0 | 0 | 0",
        "（七）总计 | 21 | 0 | 0 | 0 | 0 | 0 | 21",
        "10 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 5 | 0 | 0 | 0 | 0",
    ],
    "hongze_2024": [
        "行政规范性文件 | 3 | 0 | 8",
        "行政许可 | 9487",
        "行政处罚 | 2776",
        "行政事业性收费 | 7545",
        "一、本年新收政府信息公开申请数量 | 95 | 0 | 0 | 0 | 0 | 0 | 95",
        "三、本年度办理结果 | （一）予以公开 | 50 | 0 | 0 | 0 | 0 | 0 | 50",
        "（四）无法提供 | 1.本机关不掌握相关政府信息 | 31 | 0 | 0 | 0 | 0 | 0 | 31",
        "2.没有现成信息需要另行制作 | 1 | 0 | 0 | 0 | 0 | 0 | 1",  # after the page break
        # the empty sub-label cell drawn on the page is kept as an empty cell
        "（六）其他处理 |  | 0 | 0 | 0 | 0 | 0 | 0 | 0",
        "（七）总计 |  | 95 | 0 | 0 | 0 | 0 | 0 | 95",
        "行政复议 |  | 行政诉讼",
        "1 | 1 | 0 | 0 | 2 | 1 | 0 | 0 | 0 | 1 | 2 | 0 | 1 | 0 | 3",
    ],
    "huaian_2024": [
        "第二十条第（一）项",
        "规章 | 1 | 0 | 11",
        "行政规范性文件 | 8 | 26 | 66",
        "行政许可 | 447228",
        "行政处罚 | 3985758",
        "行政强制 | 88283",
        "行政事业性收费 | 96171.6",
        "一、本年新收政府信息公开申请数量 | 3001 | 53 | 0 | 0 | 61 | 4 | 3119",
        "二、上年结转政府信息公开申请数量 | 34 | 0 | 0 | 0 | 0 | 0 | 34",
        "（三）不予公开 | 1.属于国家秘密 | 2 | 0 | 0 | 0 | 0 | 0 | 2",
        "5.属于三类内部事务信息 | 7 | 1 | 0 | 0 | 0 | 0 | 8",
        # the group label `（四）无` / `法提供` is cut by the page break
        "（四）无法提供 | 1.本机关不掌握相关政府信息 | 746 | 12 | 0 | 0 | 10 | 1 | 769",
        "2.没有现成信息需要另行制作 | 11 | 0 | 0 | 0 | 0 | 0 | 11",
        "（五）不予处理 | 1.信访举报投诉类申请 | 56 | 6 | 0 | 0 | 0 | 0 | 62",
        "（六）其他处理 | 1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
        " | 67 | 3 | 0 | 0 | 1 | 0 | 71",
        "3、其他 | 108 | 2 | 0 | 0 | 0 | 0 | 110",
        "（七）总计 | 2932 | 53 | 0 | 0 | 61 | 4 | 3050",
        "四、结转下年度继续办理 | 103 | 0 | 0 | 0 | 0 | 0 | 103",
        "72 | 64 | 178 | 37 | 351 | 13 | 4 | 8 | 1 | 26 | 12 | 1 | 1 | 6 | 20",
    ],
}


@pytest.fixture(scope="module")
def texts() -> dict[str, list[str]]:
    if not DEV.is_dir():
        pytest.skip(f"shared corpus not found at {DEV}")
    return {
        name: pdf_to_text((DEV / "pdf" / f"{name}.pdf").read_bytes()).split("\n") for name in PDFS
    }


@requires_corpus
@pytest.mark.parametrize("name", PDFS)
def test_table_rows_come_out_as_pipe_lines(texts: dict[str, list[str]], name: str) -> None:
    lines = texts[name]
    missing = [row for row in ROWS[name] if row not in lines]
    assert not missing


@requires_corpus
@pytest.mark.parametrize("name", PDFS)
def test_every_section_three_row_has_seven_counts(texts: dict[str, list[str]], name: str) -> None:
    lines = texts[name]
    start = next(i for i, line in enumerate(lines) if line.startswith("一、本年新收"))
    end = next(i for i, line in enumerate(lines) if line.startswith("四、结转下年度"))
    for line in lines[start : end + 1]:
        cells = line.split(" | ")
        assert all(re.fullmatch(r"\d+", cell) for cell in cells[-7:]), line
        assert not any(re.fullmatch(r"\d+", cell) for cell in cells[:-7]), line


@requires_corpus
@pytest.mark.parametrize("name", PDFS)
def test_wrapped_labels_are_one_cell(texts: dict[str, list[str]], name: str) -> None:
    lines = texts[name]
    assert any(
        line.startswith("（二）部分公开（区分处理的，只计这一情形，不计其他情形） | ")
        for line in lines
    )
    assert any(line.startswith("5.要求行政机关确认或重新出具已获取信息 | ") for line in lines)
    assert any(line.startswith("4.无正当理由大量反复申请 | ") for line in lines)


@requires_corpus
@pytest.mark.parametrize("name", PDFS)
def test_page_numbers_are_gone(texts: dict[str, list[str]], name: str) -> None:
    for line in texts[name]:
        assert not re.fullmatch(r"[-—\s]*\d+[-—\s]*", line), line
        assert not re.search(r"-\s*\d+\s*-$", line), line


@requires_corpus
def test_paragraph_cut_by_a_page_break_is_one_line(texts: dict[str, list[str]]) -> None:
    """hongze_2023 p1→p2 breaks inside `严格执行“分` / `级审核…`."""
    assert any("严格执行“分级审核、先审后发”程序" in line for line in texts["hongze_2023"])


@requires_corpus
def test_sections_and_tables_in_reading_order(texts: dict[str, list[str]]) -> None:
    lines = texts["huaian_2024"]
    order = [
        "二、主动公开政府信息情况",
        "规章 | 1 | 0 | 11",
        "三、收到和处理政府信息公开申请情况",
        "（七）总计 | 2932 | 53 | 0 | 0 | 61 | 4 | 3050",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
    ]
    positions = [lines.index(line) for line in order]
    assert positions == sorted(positions)


@requires_corpus
def test_scanned_pdf_is_unreadable() -> None:
    data = (DEV / "mirrors" / "huaian_2024_scanned.pdf").read_bytes()
    with pytest.raises(UnreadableDocumentError, match="scanned PDF: no text layer on any of its 6"):
        pdf_to_text(data)


@requires_corpus
def test_truncated_pdf_is_unreadable() -> None:
    data = (DEV / "pdf" / "hongze_2023.pdf").read_bytes()
    with pytest.raises(UnreadableDocumentError, match="corrupt or truncated PDF"):
        pdf_to_text(data[:2000])


@pytest.mark.parametrize("data", [b"", b"<html>not a pdf</html>", b"%PDF-1.7\n" + bytes(4096)])
def test_non_pdf_bytes_are_unreadable(data: bytes) -> None:
    with pytest.raises(UnreadableDocumentError):
        pdf_to_text(data)


def test_encrypted_pdf_is_unreadable() -> None:
    with pytest.raises(UnreadableDocumentError, match="encrypted PDF"):
        pdf_to_text(_encrypted_pdf())


def _encrypted_pdf() -> bytes:
    """A one-page PDF behind a user password (RC4, revision 2) that the empty password fails."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <"
        + b"11" * 32
        + b"> /U <"
        + b"22" * 32
        + b"> /P -4 >>",
    ]
    file_id = b"ab" * 16
    return pdf_file(objects, b"/Encrypt 4 0 R /ID [<%s> <%s>]" % (file_id, file_id))
