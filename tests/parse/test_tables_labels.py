"""Issue 16 class 6: row labels wrapped, truncated, repeated after a page break, absorbed,
and worded differently across real reports."""

from __future__ import annotations

from schemas.codes import ApplicationRow, Template
from tests.parse.tables_support import (
    T2021_LABELS,
    applications,
    checks,
    space_rows,
    values,
)

R = ApplicationRow
ZEROS = "0 0 0 0 0 0 0"
HEADER = "申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n"
BALANCED = {
    R.RECEIVED: "5 0 0 0 0 0 5",
    R.CARRIED_OVER: ZEROS,
    R.GRANTED: "5 0 0 0 0 0 5",
    R.TOTAL_PROCESSED: "5 0 0 0 0 0 5",
    R.CARRIED_FORWARD: ZEROS,
}


def test_truncated_label_wrapped_over_two_lines() -> None:
    text = (
        HEADER + "一、本年新收政府信息公开申请数量 9 0 0 0 0 0 9\n"
        "(二)部分公开(区分处理的,只计这一\n"
        "情形,不计其他情形) 9 0 0 0 0 0 9\n"
        "(三)不予公开\n"
    )
    got = values(applications(text))
    assert got["partially_granted"] == [9, 0, 0, 0, 0, 0, 9]


def test_first_half_of_a_wrapped_label_carries_the_values() -> None:
    # PDF text: the values sit on the first line of a label the template words over two.
    text = (
        HEADER + "(五)不予处理 1.信访举报投诉类申请 0 0 0 0 0 0 0\n"
        "2.重复申请 0 0 0 0 0 0 0\n"
        "要求行政机关确认或重新 2 0 0 0 0 0 2\n"
        "出具已获取信息\n"
        "(六)其他处理\n"
    )
    table = applications(text)
    assert "unlabelled_row" not in checks(table)
    assert values(table)["not_processed.confirmation"] == [2, 0, 0, 0, 0, 0, 2]


def test_values_under_no_label_are_reported() -> None:
    text = HEADER + "一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n备注 3 0 0 0 0 0 3\n"
    assert "unlabelled_row" in checks(applications(text))


def test_row_and_header_repeated_after_a_page_break() -> None:
    # The page break repeats the header and the 予以公开 row with the same values.
    rows = space_rows(BALANCED, T2021_LABELS).split("\n")
    text = "\n".join([*rows[:4], "- 3 -", rows[0], rows[3], *rows[4:]])
    table = applications(text)
    assert table.problems == []
    assert values(table)["granted"] == [5, 0, 0, 0, 0, 0, 5]


def test_row_split_by_a_page_break_joins_its_cells() -> None:
    text = (
        HEADER + "(一)予以公开 5 0 0\n"  # the page ends after three cells
        "申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n"
        "(一)予以公开 0 0 0 5\n"
    )
    table = applications(text)
    assert "duplicate_row" not in checks(table)
    assert values(table)["granted"] == [5, 0, 0, 0, 0, 0, 5]


def test_row_repeated_with_other_values_is_a_duplicate() -> None:
    text = HEADER + "(一)予以公开 5 0 0 0 0 0 5\n(一)予以公开 4 0 0 0 0 0 4\n"
    assert "duplicate_row" in checks(applications(text))


def test_bare_row_absorbed_into_the_row_above_is_split_off() -> None:
    # The (二)部分公开 label was lost: its values follow 予以公开's on the same line.
    text = HEADER + "(一)予以公开 3 0 0 0 0 0 3 2 0 0 0 0 0 2\n(三)不予公开\n"
    got = values(applications(text))
    assert got["granted"] == [3, 0, 0, 0, 0, 0, 3]
    assert got["partially_granted"] == [2, 0, 0, 0, 0, 0, 2]


def test_variant_wordings() -> None:
    text = (
        HEADER + "一、本年度新收政府信息公开申请数量 2 0 0 0 0 0 2\n"
        "二、上年度结转政府信息公开申请数量 1 0 0 0 0 0 1\n"
        "(一)予以公开 1 0 0 0 0 0 1\n"
        "3.危及国家安全、公共安全、经济安全和社会稳定 1 0 0 0 0 0 1\n"
        "2.没有现成信息需要另行制作 0 0 0 0 0 0 0\n"
        "(六)其他 1 0 0 0 0 0 1\n"
        "(七)合计 3 0 0 0 0 0 3\n"
        "四、转入下年度办理 0 0 0 0 0 0 0\n"
    )
    table = applications(text, Template.T2019)
    assert table.problems == []
    got = values(table)
    assert got["received"][6] == 2 and got["carried_over"][6] == 1
    assert got["denied.three_securities_one_stability"][6] == 1
    assert got["unable.needs_creation"][6] == 0
    assert got["other"][6] == 1
    assert got["total_processed"][6] == 3
    assert got["carried_forward"][6] == 0


def test_traditional_labels() -> None:
    text = (
        "申請人情況 自然人 商業企業 科研機構 社會公益組織 法律服務機構 其他 總計\n"
        "一、本年新收政府資訊公開申請數量 1 0 0 0 0 0 1\n"
        "二、上年結轉政府資訊公開申請數量 0 0 0 0 0 0 0\n"
        "(一)予以公開 0 0 0 0 0 0 0\n"
        "1.本機關不掌握相關政府資訊 1 0 0 0 0 0 1\n"
        "(七)總計 1 0 0 0 0 0 1\n"
        "四、結轉下年度繼續辦理 0 0 0 0 0 0 0\n"
    )
    table = applications(text)
    got = values(table)
    assert got["unable.not_held"] == [1, 0, 0, 0, 0, 0, 1]
    assert got["total_processed"] == [1, 0, 0, 0, 0, 0, 1]
    assert got["carried_forward"] == [0] * 7


def test_row_once_spelled_blank_and_once_with_values_is_a_duplicate() -> None:
    text = HEADER + "(一)予以公开 - - - - - - -\n(一)予以公开 4 0 0 0 0 0 4\n"
    assert "duplicate_row" in checks(applications(text))


def test_label_repeated_alone_after_a_page_break_adds_nothing() -> None:
    text = (
        HEADER
        + "(一)予以公开 4 0 0 0 0 0 4\n- 2 -\n"
        + HEADER
        + "(一)予以公开\n(二)部分公开 0 0 0 0 0 0 0\n"
    )
    table = applications(text)
    assert "duplicate_row" not in checks(table)
    assert values(table)["granted"] == [4, 0, 0, 0, 0, 0, 4]
