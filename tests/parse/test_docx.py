"""DOCX front end: body order, merged cells once, and hostile or broken files rejected."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from xxgk.parse.formats.docx import docx_to_text
from xxgk.parse.formats.errors import UnreadableDocumentError

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)


def _read(relative: str) -> str:
    path = CORPUS / relative
    if not path.exists():
        pytest.skip(f"corpus file {path} is not available")
    return docx_to_text(path.read_bytes())


def _package(body: str, doctype: str = "", extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal DOCX whose document.xml body is `body`."""
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}'
        f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_hongze_2023_rows_come_out_as_label_then_values() -> None:
    lines = _read("dev/docx/hongze_2023_in_template.docx").split("\n")
    assert "规章 | 0 | 0 | 0 |" in lines
    assert "行政规范性文件 | 0 | 5 | 5 |" in lines
    assert "行政许可 | 550 |" in lines
    assert "行政事业性收费 | 7730.28 |" in lines
    assert "一、本年新收政府信息公开申请数量 | 21 | 0 | 0 | 0 | 0 | 0 | 21 |" in lines
    assert "（四）无法提供 | 1.本机关不掌握相关政府信息 | 10 | 0 | 0 | 0 | 0 | 0 | 10 |" in lines
    assert "2.没有现成信息需要另行制作 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |" in lines
    assert "（七）总计 | 21 | 0 | 0 | 0 | 0 | 0 | 21 |" in lines
    # Section 四 as published, its failing totals included.
    assert "10 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 5 | 0 | 0 | 0 | 0 |" in lines


def test_hongze_2024_rows_and_body_order() -> None:
    lines = _read("dev/docx/hongze_2024_in_template.docx").split("\n")
    assert "行政许可 | 9487 |" in lines
    assert "行政规范性文件 | 3 | 0 | 8 |" in lines
    assert "三、本年度办理结果 | （一）予以公开 | 50 | 0 | 0 | 0 | 0 | 0 | 50 |" in lines
    assert "（三）不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |" in lines
    assert "3.危及“三安全一稳定” | 1 | 0 | 0 | 0 | 0 | 0 | 1 |" in lines
    assert "1 | 1 | 0 | 0 | 2 | 1 | 0 | 0 | 0 | 1 | 2 | 0 | 1 | 0 | 3 |" in lines
    headings = [
        "二、主动公开政府信息情况",
        "第二十条第（一）项 |",
        "三、收到和处理政府信息公开申请情况",
    ]
    positions = [lines.index(heading) for heading in headings]
    assert positions == sorted(positions), "tables must sit between their headings"


def test_template_merged_cells_appear_once() -> None:
    lines = _read("templates/t2021_template.docx").split("\n")
    cells = [cell.strip() for line in lines if line.endswith("|") for cell in line.split("|")]
    for label in (
        "三、本年度办理结果",
        "（三）不予公开",
        "（六）其他处理",
        "申请人情况",
        "行政复议",
    ):
        assert cells.count(label) == 1, label
    assert cells.count("本年处理决定数量") == 2  # two sub-tables, each spanning 3 columns
    assert cells.count("结果维持") == 3  # vMerge header once, then under both 诉讼 groups
    # Split header paragraphs and <w:br/> inside a cell join into one label.
    assert "商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |" in lines
    assert "行政许可 |  |" in lines
    assert " ".join([" |"] * 15) in lines  # the blank section 四 data row keeps all 15 cells


def test_nested_table_and_content_control_are_flattened() -> None:
    nested = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>内</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    body = (
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>标题</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>外</w:t><w:br/><w:t>层</w:t></w:r></w:p>"
        f"{nested}<w:p/></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    assert docx_to_text(_package(body)) == "标题\n外层 | 1 |\n内 |"


def test_external_entity_is_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER", "utf-8")
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    data = _package("<w:p><w:r><w:t>开头&xxe;结尾</w:t></w:r></w:p>", doctype)
    text = docx_to_text(data)
    assert "TOP-SECRET-MARKER" not in text
    assert text == "开头结尾"


def test_zip_bomb_is_rejected_before_inflating() -> None:
    bomb = _package("<w:p/>", extra={"word/media/zeros.bin": bytes(11 * 1024 * 1024)})
    with pytest.raises(UnreadableDocumentError, match="zip bomb"):
        docx_to_text(bomb)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a zip at all",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
        _package("<w:p><w:r><w:t>x</w:t></w:r></w:p>")[:300],
        _package("<w:p><w:r><w:t>unclosed</w:p>"),
    ],
    ids=["empty", "garbage", "ole-encrypted", "truncated", "malformed-xml"],
)
def test_broken_input_raises_unreadable(data: bytes) -> None:
    with pytest.raises(UnreadableDocumentError):
        docx_to_text(data)


def test_truncated_corpus_docx_raises_unreadable() -> None:
    path = CORPUS / "dev/docx/hongze_2023_in_template.docx"
    if not path.exists():
        pytest.skip(f"corpus file {path} is not available")
    data = path.read_bytes()
    with pytest.raises(UnreadableDocumentError):
        docx_to_text(data[: len(data) // 2])


def test_zip_that_is_not_a_docx_raises_unreadable() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(UnreadableDocumentError):
        docx_to_text(buffer.getvalue())
