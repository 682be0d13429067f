"""`pdftotext -layout` tables read by position: group labels merged down narrow columns,
labels wrapped within their cells, either way of counting wide characters, headings wrapped
to one character, values standing between two headings.

Every expected line is read off the input drawn in the test.
"""

from __future__ import annotations

from xxgk.parse.layout_text import layout_to_pipes


def _at(*cells: tuple[int, str]) -> str:
    """A line with each text starting at its character position (pdftotext's count: a wide
    character takes one position)."""
    line = ""
    for position, text in cells:
        line = line.ljust(position) + text
    return line


def _shown(*cells: tuple[int, str]) -> str:
    """A line with each text starting at its display position (a wide character two), as a
    monospace view lines them up."""
    line = ""
    for position, text in cells:
        shown = sum(2 if ord(char) > 0x2000 else 1 for char in line)
        line += " " * (position - shown) + text
    return line


def test_group_label_pieces_go_and_wrapped_labels_stay() -> None:
    # 三、本年 down column 0 one character a line, （三）不予公开 wrapped three characters a
    # line in column 1, row labels in column 2 (the third wrapped, its second line `正`),
    # values right-aligned at 44, 51 and 58.
    text = "\n".join(
        [
            _shown((5, "（一）予以公开"), (43, "1"), (50, "0"), (57, "1")),
            _shown((0, "三"), (14, "1.属于国家秘密"), (43, "0"), (50, "0"), (57, "0")),
            _shown(
                (0, "、"), (5, "（三）"), (14, "2.其他法律行政法规禁止公开"), (43, "2"), (57, "2")
            ),
            _shown(
                (0, "本"), (5, "不予公"), (14, "3.申请人无正当理由逾期不补"), (43, "1"), (57, "1")
            ),
            _shown((0, "年"), (5, "开"), (14, "正")),
            _shown((14, "4.保护第三方合法权益"), (43, "5"), (50, "1"), (57, "6")),
        ]
    )
    assert layout_to_pipes(text).split("\n") == [
        "（一）予以公开 | 1 | 0 | 1 |",
        "1.属于国家秘密 | 0 | 0 | 0 |",
        "2.其他法律行政法规禁止公开 | 2 |  | 2 |",
        "3.申请人无正当理由逾期不补 | 1 |  | 1 |",
        "正",
        "4.保护第三方合法权益 | 5 | 1 | 6 |",
    ]


def test_values_lined_up_by_characters_are_placed_by_characters() -> None:
    # Labels of different lengths: the values line up only when a wide character counts one.
    text = "\n".join(
        [
            _at((0, "信息内容"), (20, "本年制发件数"), (30, "本年废止件数"), (40, "现行有效件数")),
            _at((0, "规章"), (22, "3"), (32, "1"), (42, "9")),
            _at((0, "行政规范性文件"), (22, "4"), (42, "7")),
            _at((0, "其他文件"), (32, "2")),
        ]
    )
    assert layout_to_pipes(text).split("\n")[1:] == [
        "规章 | 3 | 1 | 9 |",
        "行政规范性文件 | 4 |  | 7 |",
        "其他文件 |  | 2 |  |",
    ]


def test_a_heading_wrapped_to_one_character_names_its_column() -> None:
    # `总计` wrapped in a narrow column: its last header line holds `计` alone; the first
    # rows leave the 商业企业 column blank.
    text = "\n".join(
        [
            "                  自然                 总",
            "                  人     商业企业      计",
            "一、本年新收        78                 148",
            "二、上年结转         1                   2",
            "四、结转下年         0          3        3",
        ]
    )
    assert layout_to_pipes(text).split("\n")[2:] == [
        "一、本年新收 | 78 |  | 148 |",
        "二、上年结转 | 1 |  | 2 |",
        "四、结转下年 | 0 | 3 | 3 |",
    ]


def test_a_value_between_two_headings_is_left_unplaced() -> None:
    # The rows' second value is centred between 本年废止件数 and 现行有效件数: under
    # neither, so the row keeps its two values for the table parser to place or refuse.
    text = "\n".join(
        [
            "信息内容         本年制发件数   本年废止件数   现行有效件数",
            "规章                        1               12",
            "行政规范性文件              1               12",
            "其他                        2               13",
        ]
    )
    assert layout_to_pipes(text).split("\n")[1:] == [
        "规章 | 1 | 12 |",
        "行政规范性文件 | 1 | 12 |",
        "其他 | 2 | 13 |",
    ]


def test_a_wrapped_label_beside_a_group_label_does_not_start_a_new_table() -> None:
    # `（六）其他处理   2.申请人逾期…` holds no value and looks like a header line, but its
    # last label starts under the row label above: the rows below keep the table's columns
    # (商业企业 blank in the first row, 科研机构 blank in every row).
    text = "\n".join(
        [
            _at((30, "自然人"), (38, "商业企业"), (48, "科研机构"), (58, "总计")),
            _at((17, "1.申请人逾期不补正"), (31, "1"), (59, "1")),
            _at((0, "（六）其他处理"), (17, "2.申请人逾期未按收费")),
            _at((17, "通知要求缴纳费用"), (31, "0"), (40, "2"), (59, "2")),
            _at((17, "3.其他"), (31, "4"), (40, "0"), (59, "4")),
        ]
    )
    lines = layout_to_pipes(text).split("\n")
    assert lines[1] == "1.申请人逾期不补正 | 1 |  |  | 1 |"
    assert lines[3:] == ["通知要求缴纳费用 | 0 | 2 |  | 2 |", "3.其他 | 4 | 0 |  | 4 |"]


def test_the_traditional_zero_is_a_value() -> None:
    text = "\n".join(
        [
            "信息內容         本年制發件數   本年廢止件數   現行有效件數",
            "規章             無                       86   ——",
            "行政規範性文件           1520              3              3",
            "其他                       12              1             11",
        ]
    )
    assert layout_to_pipes(text).split("\n")[1] == "規章 | 無 | 86 | —— |"


def test_a_long_run_of_layout_rows_is_read_whole() -> None:
    """Every row of a long table is placed (its cost is measured by `bench.fuzz`, not here)."""
    row = "三  （三）  1.属于国家秘密        0          0          0\n本  开\n"
    text = row * (200_000 // len(row))
    out = layout_to_pipes(text)
    assert out.count("1.属于国家秘密 | 0 | 0 | 0 |") == len(text) // len(row)
