"""Section 四 with sentences around its table: a number that opens or sits in a sentence
(`2020 年,我单位…`, `市科委 2024 年根据…`) is the sentence's, no cell of the table, whether the
sentence comes before the header or after the data row (when the next heading is missing).
Expected values are read from each input."""

from __future__ import annotations

from schemas.codes import REVIEW_COLUMNS
from tests.parse.tables_support import review

#: Section 四's header as PDF text: two header lines, the outcomes of the three groups.
_HEADER = (
    "行政复议 行政诉讼\n"
    "未经复议直接起诉 复议后起诉\n"
    "结果维持 结果纠正 其他结果 尚未审结 总计 " + "结果维持 结果纠正 其他结果 尚未审结 总计 " * 2
)


def _published(text: str) -> list[float | None]:
    table = review(text)
    assert table.problems == []
    assert len(table.rows) == 1
    return [table.rows[0][column].value for column in REVIEW_COLUMNS]


def test_a_year_opening_a_sentence_before_the_header_is_no_cell() -> None:
    text = (
        "2020 年,我单位对形成的政府信息实现了依法、有序公开,\n"
        "未出现申请行政复议、提起行政诉讼的情况。\n"
        f"{_HEADER}\n"
        "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
    )
    assert _published(text) == [0] * 15


def test_a_sentence_after_the_data_row_gives_no_cell() -> None:
    # the heading of the next section is missing: the narrative follows the data row
    text = (
        f"{_HEADER}\n"
        "1 0 0 0 1 0 0 0 0 0 0 0 0 0 0\n"
        "(一)主要问题\n"
        "市科委 2024 年根据本市机构改革工作安排,内设机构和职\n"
        "能发生较大调整。\n"
    )
    assert _published(text) == [1, 0, 0, 0, 1, *[0] * 10]


def test_a_count_in_a_sentence_before_a_pipe_table_is_no_cell() -> None:
    text = (
        "本年度共发生行政复议 1 件。\n"
        "行政复议 | 行政诉讼 |\n"
        "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |\n"
        + "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | " * 2
        + "\n1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    )
    assert _published(text) == [1, 0, 0, 0, 1, *[0] * 10]


def test_the_last_cell_of_the_table_before_a_sentence_is_kept() -> None:
    # the sentence after the table opens with words, not with a number's unit
    text = f"{_HEADER}\n0 0 0 0 0 0 0 0 0 0 0 0 0 2 2\n本年度复议后起诉尚未审结。\n"
    assert _published(text) == [*[0] * 13, 2, 2]
