"""Cell streams from the three flattened-table layouts."""

from __future__ import annotations

from xxgk.parse.flatten import flatten_cells
from xxgk.parse.tables import fit_run


def test_pipe_layout_keeps_blank_cells() -> None:
    stream = flatten_cells("规章 | 0 | | 3 |\n行政许可 | 1 | 2 | 3 |")
    assert stream.cells == ["规章", "0", "", "3", "行政许可", "1", "2", "3", ""]


def test_double_spaced_layout_counts_extra_blank_lines_as_blank_cells() -> None:
    text = "一、本年新收政府信息公开申请数量\n\n1\n\n\n\n\n\n\n1\n\n\n二、上年结转\n\n"
    stream = flatten_cells(text)
    assert stream.double_spaced
    assert stream.cells[:9] == [
        "一、本年新收政府信息公开申请数量",
        "1",
        "",
        "",
        "",
        "",
        "",
        "1",
        "",
    ]


def test_single_spaced_layout_is_one_cell_per_line() -> None:
    stream = flatten_cells("规章\n0\n\n3\n规范性文件\n1\n2\n3")
    assert not stream.double_spaced
    assert stream.cells == ["规章", "0", "", "3", "规范性文件", "1", "2", "3"]


def test_space_separated_rows_split_values_and_rejoin_labels() -> None:
    stream = flatten_cells(
        "行政许可 7 -3 7\n商业 企业 科研 机构\n(三)不予公开 1.属于国家秘密 0 1\n采购 59 28204 万元"
    )
    assert stream.cells == [
        "行政许可", "7", "-3", "7",
        "商业 企业 科研 机构",  # a header line stays one cell; labels are compared compacted
        "(三)不予公开1.属于国家秘密", "0", "1",
        "采购", "59", "28204万元",
    ]  # fmt: skip


def test_fit_run_pads_trims_and_refuses_to_guess() -> None:
    assert fit_run(["1", "2", "3", ""], 3, double_spaced=False) == ["1", "2", "3"]
    assert fit_run(["", "1", "2", "3", ""], 3, double_spaced=True) == ["1", "2", "3"]
    assert fit_run(["", "", ""], 7, double_spaced=False) == [""] * 7
    assert fit_run(["1", "1"], 7, double_spaced=False) is None  # which columns? unknown


def test_eight_column_variant_with_legal_person_subtotal() -> None:
    from schemas.codes import ApplicationRow, Template
    from xxgk.parse.tables import parse_applications

    text = "\n".join(
        [
            "申请人情况 |",
            "自然人 | 法人或其他组织 | 总计 |",
            "商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 小计 |",
            "一、本年新收政府信息公开申请数量 | 5 | 2 | 0 | 0 | 1 | 0 | 3 | 8 |",
            "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "(七)总计 | 5 | 2 | 0 | 0 | 1 | 0 | 4 | 8 |",
            "四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        ]
    )
    table = parse_applications(flatten_cells(text), Template.T2019)
    received = next(r for r in table.rows if r.row_code is ApplicationRow.RECEIVED)
    assert [c.value for c in received.cells] == [5, 2, 0, 0, 1, 0, 8]
    assert [(p.check, p.row_code) for p in table.problems] == [
        ("legal_person_subtotal", ApplicationRow.TOTAL_PROCESSED)
    ]
