"""The classes of `bench.variations_more` and the layout of `bench.layouts_more` write what
they claim: each test reads the generated text, never the parser's output."""

from __future__ import annotations

import io
import random
import re
import zipfile

from bench.grids import APPLICATION_LABELS, Grid
from bench.layouts import LAYOUTS, render
from bench.variations import _WRAPPED, VARIATIONS
from bench.variations_more import (
    MORE_VARIATIONS,
    Raw,
    amounts_in_yuan,
    bare_row,
    crawler_listing,
    crawler_metadata,
    cut_headers,
    glued_cells,
    label_bare_counts,
    label_continuation,
    label_first_half,
    old_template,
    pre2019_date_line,
    repeated_header,
    review_runs_on,
)
from schemas.codes import Status

_COUNTS = re.compile(r"^(?:\d+ \| ){6}\d+ \|$")


def _pipe(blocks: list) -> list[str]:  # type: ignore[type-arg]
    return render(blocks, "pipe", "utf-8").decode("utf-8").splitlines()


def test_the_classes_are_registered_and_the_layout_listed() -> None:
    assert set(MORE_VARIATIONS) <= set(VARIATIONS)
    assert "html_p_styled" in LAYOUTS


def test_a_continuation_is_alone_on_the_row_after_the_counts() -> None:
    seen = 0
    for seed in range(10):
        lines = _pipe(label_continuation(random.Random(seed)).blocks)
        for first, second in _WRAPPED.values():
            at = next((i for i, line in enumerate(lines) if first + " | " in line), None)
            if at is None:
                continue
            assert _COUNTS.match(lines[at].split(first + " | ", 1)[1]), lines[at]
            assert lines[at + 1].startswith(second + " |")
            assert set(lines[at + 1].removeprefix(second)) <= {" ", "|"}, lines[at + 1]
            seen += 1
    assert seen >= 10


def test_a_first_half_is_alone_and_the_second_half_carries_the_counts() -> None:
    seen = 0
    for seed in range(10):
        lines = _pipe(label_first_half(random.Random(seed)).blocks)
        for first, second in _WRAPPED.values():
            at = next((i for i, line in enumerate(lines) if line.endswith(first + " |")), None)
            if at is None:
                at = next((i for i, line in enumerate(lines) if first + " | " in line), None)
                if at is None:
                    continue
                assert set(lines[at].split(first, 1)[1]) <= {" ", "|"}, lines[at]
            assert _COUNTS.match(lines[at + 1].removeprefix(second + " | ")), lines[at + 1]
            seen += 1
    assert seen >= 10


def test_bare_counts_follow_a_label_alone() -> None:
    seen = 0
    for seed in range(10):
        lines = _pipe(label_bare_counts(random.Random(seed)).blocks)
        for first, second in _WRAPPED.values():
            label = first + second + " |"
            at = next((i for i, line in enumerate(lines) if line.endswith(label)), None)
            if at is None:
                continue
            assert _COUNTS.match(lines[at + 1]), lines[at + 1]
            seen += 1
    assert seen >= 10


def test_headers_and_group_labels_are_repeated_after_the_page_break() -> None:
    lines = _pipe(repeated_header(random.Random(1)).blocks)
    header = next(line for line in lines if line.startswith("（本列数据的勾稽关系为"))
    _, again = (i for i, line in enumerate(lines) if line == header)
    assert lines[again - 1] == "—2—"
    groups = [line for line in lines if line.startswith("三、本年度办理结果 | ")]
    assert len(groups) == 2
    assert again < lines.index(groups[1])


def test_amounts_in_yuan_are_ten_thousand_times_the_truth() -> None:
    for seed in range(40):
        generated = amounts_in_yuan(random.Random(seed))
        lines = _pipe(generated.blocks)
        header = [line for line in lines if "单位：元" in line]
        procurement = next((line for line in lines if line.startswith("政府集中采购 |")), None)
        if not header or procurement is None:
            continue
        amount = generated.truth.active[("centralized_procurement", "procurement_amount_10k_yuan")]
        written = float(procurement.split(" | ")[2].rstrip(" |"))
        assert written == round(amount * 10000, 2)
        return
    raise AssertionError("no t2019 report with its amounts in 元 in 40 draws")


def test_glued_cells_have_no_separator_and_quarantine_section_two() -> None:
    generated = glued_cells(random.Random(3))
    grid = next(
        b for b in generated.blocks if isinstance(b, Grid) and b.name == "active_disclosure"
    )
    assert all(len(row) == 1 for row in grid.rows)
    assert any(re.fullmatch(r"规章[\d+\-.]{3,}", row[0].text) for row in grid.rows)
    assert generated.truth.quarantined == {"active_disclosure"}
    assert generated.truth.status == Status.QUARANTINED


def test_review_runs_on_has_cases_and_no_fifth_heading() -> None:
    generated = review_runs_on(random.Random(2))
    text = "\n".join(_pipe(generated.blocks))
    assert "五、" not in text
    assert generated.truth.review["review_total"] > 0


def test_a_pre2019_date_line_is_the_only_place_with_a_year() -> None:
    generated = pre2019_date_line(random.Random(4))
    lines = _pipe(generated.blocks)
    dated = [line for line in lines if re.search(r"(?:19|20)\d{2}", line)]
    assert dated == [f"{generated.truth.year + 1}年" + dated[0].split("年", 1)[1]]
    assert generated.truth.published[0].year == generated.truth.year + 1


def test_a_crawler_field_block_states_a_date_the_truth_accepts() -> None:
    for seed in range(5):
        generated = crawler_metadata(random.Random(seed))
        fields = [b for b in generated.blocks if isinstance(b, str) and ": | " in b]
        stated = next(
            re.search(r"\d{4}-\d{2}-\d{2}", f).group(0)  # type: ignore[union-attr]
            for f in fields
            if re.search(r"\d{4}-\d{2}-\d{2}", f)
        )
        assert stated in {d.isoformat() for d in generated.truth.published}


def test_a_crawler_listing_is_csv_or_a_workbook_and_is_rejected() -> None:
    kinds = set()
    for seed in range(12):
        generated = crawler_listing(random.Random(seed))
        assert generated.truth.status == Status.REJECTED
        if isinstance(generated, Raw):
            with zipfile.ZipFile(io.BytesIO(generated.data)) as book:
                sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
            assert "政府信息公开工作年度报告" in sheet and "<t>发布日期</t>" in sheet
            kinds.add("xlsx")
        else:
            rows = [b for b in generated.blocks if isinstance(b, str) and b.startswith('"')]
            assert rows and all(r.count(",") == 2 for r in rows)
            kinds.add("csv")
    assert kinds == {"xlsx", "csv"}


def test_html_p_styled_has_no_table_and_empty_paragraphs_for_blanks() -> None:
    generated = VARIATIONS["review_blank"](random.Random(1))
    page = render(generated.blocks, "html_p_styled", "utf-8").decode("utf-8")
    assert "<table" not in page and "<td" not in page
    assert "<p></p>" in page or "<p><br/></p>" in page
    assert APPLICATION_LABELS[next(iter(APPLICATION_LABELS))][0] in page


def test_an_old_template_report_is_of_2021_on_with_t2019_tables() -> None:
    for seed in range(5):
        generated = old_template(random.Random(seed))
        assert generated.truth.year in (2021, 2022)
        assert generated.truth.template == "t2019"
        lines = _pipe(generated.blocks)
        assert "政府集中采购 | " in "\n".join(lines)
        assert any(line.startswith("（六）其他处理 | ") for line in lines)


def test_cut_headers_write_the_real_cut_and_wrapped_headers() -> None:
    texts = set()
    for seed in range(10):
        texts |= set(_pipe(cut_headers(random.Random(seed)).blocks))
    assert any("本年新 | 本年新 | 对外公开总数量" in t for t in texts)
    assert any(t.startswith("商业 企业 | ") for t in texts)


def test_review_runs_on_into_numbered_problems() -> None:
    for seed in range(20):
        generated = review_runs_on(random.Random(seed))
        lines = _pipe(generated.blocks)
        review = re.compile(r"^(?:\d+ \| ){14}\d+ \|$")
        counts = next(i for i, line in enumerate(lines) if review.match(line))
        if lines[counts + 1].startswith(f"{generated.truth.year}年"):
            assert "五、" not in "\n".join(lines)
            return
    raise AssertionError("no section 四 followed by a dated sentence in 20 draws")


def test_a_bare_row_has_counts_and_no_label_between_two_labelled_rows() -> None:
    generated = bare_row(random.Random(1))
    lines = _pipe(generated.blocks)
    at = next(i for i, line in enumerate(lines) if _COUNTS.match(line.removeprefix(" | ")))
    assert lines[at].startswith(" | ")
    assert lines[at - 1].startswith("（五）不予处理 | 1.信访举报投诉类申请 | ")
    assert lines[at + 1].startswith("3.要求提供公开出版物 | ")
    counts = [int(c) for c in lines[at].strip(" |").split(" | ")]
    assert tuple(counts) == generated.truth.applications["not_processed.duplicate"]
