"""Narrative figures in phrasings of real town and department reports: each expected value
read from its sentence. Covers a bare `主动公开N条` after a long channel label, zeros only
a zero may state (`依申请办理事项为零`, `收费和减免为零`), a count of reviews written before
its noun (`有1件…行政复议`), a report body held in one cell of a copied layout table, and
which sentence is the evidence when two agree."""

from __future__ import annotations

import pytest

from xxgk.parse.headline import find_headline_figures
from xxgk.parse.normalise import normalise_text

P = "proactive_disclosures"
R = "applications_received"
AR = "administrative_reviews"
L = "lawsuits"
FEE = "processing_fee_yuan"


def figures(text: str) -> dict[str, float]:
    found = find_headline_figures(normalise_text(text).text)
    return {figure.metric.value: figure.value for figure in found}


def evidence(text: str) -> dict[str, str]:
    found = find_headline_figures(normalise_text(text).text)
    return {figure.metric.value: figure.evidence for figure in found}


STATED = [
    (
        "2025年全年，我办共通过门户网站及政务新媒体方式主动公开907条，其中通过政府网站公开86条，"
        "微信公众号公开821条。",
        {P: 907},
    ),
    ("2023年，我县通过县政府门户网站和政务服务平台主动公开2356条。", {P: 2356}),
    (
        "截至2024年12月31日，市科委通过部门网站当年发布政府信息393件，其中包括：规范性文件13件。",
        {P: 393},
    ),
    ("2013年度我镇在主动公开政府信息件数为123件，处理市政府网网上投诉件36只。", {P: 123}),
    ("2009年，全镇政府信息公开依申请办理事项为零。", {R: 0}),
    ("2009年，全镇信息公开的收费和减免为零。", {FEE: 0}),
    (
        "2024年市科委有1件涉及政府信息公开工作的行政复议，该行政复议件未被复议审查机关纠错。",
        {AR: 1},
    ),
    ("本年度我局有2起因政府信息公开引起的行政诉讼。", {L: 2}),
]

NOTHING_HAPPENED = [
    ("(二)依申请公开情况。本年度,我局未收到政府信息申请。", {R: 0}),
    ("2015年未收到信息公开的申请和未涉及“不予公开”的政府信息。", {R: 0}),
    ("2023年,我办全年未收到行政许可申请;全年未接到信息公开申请。", {R: 0}),
    ("本年度未收到行政许可和政府信息公开申请。", {R: 0}),
]

NEVER = [
    # another kind of application, or consultations, not disclosure applications
    ("2023年,我办全年未收到行政许可申请。", {}),
    ("2015年度,本局未收到依申请公开信息的咨询。", {}),
    # all reviews, of which some concern disclosure
    ("全年收到行政复议申请2件,其中涉及政府信息公开1件。", {}),
    # a second statement that is a noun, not a negation: the first stays narrowed
    ("全年未出现依申请公开政府信息和不予公开政府信息的情况。", {}),
    # a kind of information, not the year's total
    ("其中通过政府采购网站和公共资源交易平台主动公开12条。", {}),
    ("我局在政策文件栏目主动公开45条。", {}),
    # only a zero may be read against these: a number is answers handled, or fee and waiver
    ("全镇政府信息公开依申请办理事项5件。", {}),
    ("全镇信息公开的收费和减免共计120元。", {}),
    # the two together, or narrower than the metric
    ("有1件涉及政府信息公开的行政复议和行政诉讼。", {}),
    ("有1件被复议机关纠错的行政复议。", {}),
    ("没有1件行政复议。", {AR: 0}),
]


@pytest.mark.parametrize(("text", "expected"), STATED, ids=[t for t, _ in STATED])
def test_stated_figures(text: str, expected: dict[str, float]) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"), NOTHING_HAPPENED, ids=[t for t, _ in NOTHING_HAPPENED]
)
def test_sentences_saying_nothing_happened(text: str, expected: dict[str, float]) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize(("text", "expected"), NEVER, ids=[t for t, _ in NEVER])
def test_figures_that_are_not_the_metric(text: str, expected: dict[str, float]) -> None:
    assert figures(text) == expected


def test_a_body_in_one_cell_of_a_layout_table_is_read() -> None:
    # A town's 2013 report as a page mirror stores it: metadata cells, then the whole body
    # in one cell ending in `|`.
    text = (
        "发布单位: | 谢塘镇 |\n"
        "2013年度谢塘镇政府信息公开工作年度报告 | ||\n"
        "一、政府信息主动公开情况 2013年度我镇在主动公开政府信息件数为123件。 "
        "二、政府依申请公开政府信息和不予公开信息情况 2013年，我镇政府未收到信息公开的申请，"
        "也无不予公开信息的情况发生。 三、政府信息公开收费和减免情况 本年度我镇没有因政府信息"
        "公开而产生的收费，也未产生减免情况。 四、政府信息公开申请行政复议、行政诉讼情况 "
        "2013年没有针对我镇政府信息公开申请而提起行政复议和行政诉讼的情况发生。 附件下载 |\n"
        "||\n"
    )
    assert figures(text) == {P: 123, R: 0, FEE: 0, AR: 0, L: 0}


def test_cells_without_a_sentence_stay_a_table_row() -> None:
    text = "行政复议 | 3 | 0 |\n主动公开政府信息 | 22 | 全年主动公开。 |\n"
    assert figures(text) == {}


def test_the_evidence_is_the_sentence_under_the_metrics_own_heading() -> None:
    text = (
        "(三)依申请公开的收费\n2010年我局依申请提供政府信息未收取费用。\n"
        "(四)与诉讼有关的费用支出\n2010年我局未产生相关诉讼，没有相应费用支出。\n"
        "六、行政复议和行政诉讼情况\n2010年，未产生针对我局政府信息公开的行政复议与行政诉讼。\n"
    )
    assert figures(text) == {FEE: 0, AR: 0, L: 0}
    stated = evidence(text)
    assert stated[L] == "2010年,未产生针对我局政府信息公开的行政复议与行政诉讼。"
    assert stated[FEE] == "2010年我局依申请提供政府信息未收取费用。"


def test_a_first_statement_under_a_neutral_heading_stays_the_evidence() -> None:
    text = (
        "一、概述\n全年未发生政府信息公开行政诉讼。\n"
        "六、行政复议和行政诉讼情况\n全年未发生政府信息公开行政诉讼案件。\n"
    )
    assert evidence(text) == {L: "全年未发生政府信息公开行政诉讼。"}


def test_a_town_report_of_2012_reads_whole() -> None:
    # A town's pre-2019 narrative (every section a sentence); values read from it.
    text = (
        "二、政府信息主动公开情况\n2012年我镇主动公开政府信息数21条,其中机构职能类信息3条,"
        "政策法规类信息5条。\n三、政府信息依申请公开办理情况\n2012年度我镇未收到政府信息公开"
        "申请。\n四、政府信息公开行政收费和减免情况\n我镇无依申请公开信息情况,未发生依申请"
        "公开信息收费和费用减免情况。\n五、因政府信息公开申请行政复议、行政诉讼的情况\n全年无"
        "政府信息公开申请行政复议、提起行政诉讼的案件。\n"
    )
    assert figures(text) == {P: 21, R: 0, FEE: 0, AR: 0, L: 0}


def test_disagreeing_statements_still_publish_nothing() -> None:
    text = (
        "(四)与诉讼有关的费用支出\n2010年我局未产生相关诉讼。\n"
        "六、行政复议和行政诉讼情况\n2010年发生行政诉讼2件。\n"
    )
    assert figures(text) == {}
