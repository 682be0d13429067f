"""Narrative figures read from whole texts of real town and department reports (each
expected value read from the text): a report body held in one cell of a copied layout table,
which sentence is the evidence when two agree, statements that disagree. Single sentences are
in `test_headline_phrasings.py`."""

from __future__ import annotations

from tests.parse.headline_support import AR, FEE, L, P, R, figures
from xxgk.parse.headline import find_headline_figures
from xxgk.parse.normalise import normalise_text


def evidence(text: str) -> dict[str, str]:
    found = find_headline_figures(normalise_text(text).text)
    return {figure.metric.value: figure.evidence for figure in found}


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
