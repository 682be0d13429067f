"""Narrative figures across the phrasings of real reports (2008–2025), each expected value
read from its sentence: what is stated, what says nothing happened, and what must publish
nothing (combined, narrower, approximate or another noun's figures)."""

from __future__ import annotations

import pytest

from tests.parse.headline_support import AR, FEE, PG, D, G, L, P, R, figures
from xxgk.parse.headline import find_headline_figures
from xxgk.parse.normalise import normalise_text

STATED = [
    ("2019年，审核发布各类公开政府信息249条。", {P: 249}),
    ("全年主动公开政府信息数22条。", {P: 22}),
    ("2023年，我区在政府网站平台主动公开政府信息1136条。", {P: 1136}),
    ("今年新增主动公开政府信息45条，全文电子化率100%。", {P: 45}),
    ("在管委会网站主动公开的425条政府信息中，机构职能类148条。", {P: 425}),
    ("全年主动公开政府信息2,345条。", {P: 2345}),
    ("全年受理依申请公开件数为123件。", {R: 123}),
    ("全年共受理政府信息公开申请15件，均在法定期限内答复。", {R: 15}),
    ("本局2017年共受理信息公开申请10件，其中当面申请1宗，占10%；网上申请9宗。", {R: 10}),
    ("本年度全区共收到70件申请，及时依法依规办结69件。", {R: 70}),
    ("2021年我局收到依申请公开1件，共答复依申请公开1件。", {R: 1}),
    ("全年收到政府信息公开申请三件。", {R: 3}),
    ("全年收到政府信息公开申请十二件。", {R: 12}),
    ("“同意公开”的7件，占总数的70%。", {G: 7}),
    ("“同意部分公开”1件，占总数的10%。", {PG: 1}),
    ("“不予公开”的1件，占总数的10%。", {D: 1}),
    ("其中予以公开10件，部分公开2件，不予公开1件。", {G: 10, PG: 2, D: 1}),
    ("对依申请公开的答复总数21条，其中同意公开答复数17条，免于公开答复数2条。", {G: 17, D: 2}),
    ("因政府信息公开被申请行政复议3件，被提起行政诉讼9件。", {AR: 3, L: 9}),
    ("行政复议3件，诉讼9件。", {AR: 3, L: 9}),
    ("全年办理因政府信息公开申请引发的行政复议36起，行政诉讼9起。", {AR: 36, L: 9}),
    ("收到1份有关政府信息公开行政复议申请已及时处理。", {AR: 1}),
    ("2017年度针对我局有关的行政复议案0件。", {AR: 0}),
    ("本年度我局因政府信息公开被申请行政复议1件、提起行政诉讼0件。", {AR: 1, L: 0}),
    ("行政复议和行政诉讼均为0件。", {AR: 0, L: 0}),
    ("行政复议、行政诉讼各1件。", {AR: 1, L: 1}),
    ("本年度行政复议、行政诉讼案件均为零。", {AR: 0, L: 0}),
    ("全年收取信息处理费共计380元。", {FEE: 380}),
    ("全年收取政府信息公开信息处理费0元。", {FEE: 0}),
    ("本局2017年度依申请公开收取的费用（检索费、邮寄费、复制费等）为0元。", {FEE: 0}),
    ("收取信息处理费为零。", {FEE: 0}),
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
    ("本年度没有受理信息公开申请。", {R: 0}),
    ("2020年，未接到受理政府信息公开申请。", {R: 0}),
    ("未收到政府信息公开申请。", {R: 0}),
    ("全年未接到有关政府信息公开方面的复议、诉讼。", {AR: 0, L: 0}),
    ("无行政复议和行政诉讼情况。", {AR: 0, L: 0}),
    ("全年未发生政府信息公开的行政复议、行政诉讼。", {AR: 0, L: 0}),
    ("全年没有发生因政府信息公开申请提起行政复议和行政诉讼的情况。", {AR: 0, L: 0}),
    ("2015年我区未收到有关政府信息公开行政复议、提起行政诉讼的申请。", {AR: 0, L: 0}),
    ("政府信息公开没有收费。", {FEE: 0}),
    ("没有因政府信息公开而产生的收费。", {FEE: 0}),
    ("本机关未收取任何信息处理费。", {FEE: 0}),
    ("2021年，无收取信息处理费情况。", {FEE: 0}),
    ("我局的依申请工作未产生收取信息处理费的情况。", {FEE: 0}),
    ("依申请公开政府信息均未收取费用。", {FEE: 0}),
    ("2014年我区各级工作部门依申请提供政府信息暂不收费。", {FEE: 0}),
    (
        "2011年全区未收到有关政府信息公开的申请，收到1份有关政府信息公开行政复议申请。",
        {R: 0, AR: 1},
    ),
    ("2016年度没有政府信息公开收费及减免情况。", {FEE: 0}),
    ("2017年没有公民、法人和其他组织的政府信息公开收费和减免情况。", {FEE: 0}),
    (
        "2015年度揭东区公路局没有与有关单位和个人因政府信息公开申请行政复议及提起行政诉讼的案件。",
        {AR: 0, L: 0},
    ),
    ("2016年度我乡无一例因政府信息公开申请行政复议和提起行政诉讼发生。", {AR: 0, L: 0}),
    ("我局未收到政府信息公开投诉及因政府信息公开提起行政诉讼和行政申诉情况。", {L: 0}),
    ("没有关于政府信息公开的行政诉讼和行政复议情况。", {AR: 0, L: 0}),
    ("2014年，我局收到12起政府信息依申请公开，均严格按程序和时限办理。", {R: 12}),
    ("(二)依申请公开情况。本年度,我局未收到政府信息申请。", {R: 0}),
    ("2015年未收到信息公开的申请和未涉及“不予公开”的政府信息。", {R: 0}),
    ("2023年,我办全年未收到行政许可申请;全年未接到信息公开申请。", {R: 0}),
    ("本年度未收到行政许可和政府信息公开申请。", {R: 0}),
]

NEVER = [
    # combined figures
    ("全年予以公开及部分公开258件。", {}),
    ("予以公开、部分公开和不予公开共计30件。", {}),
    ("提起行政诉讼和行政复议3件。", {}),
    ("行政复议、行政诉讼分别为3件、2件。", {}),
    # narrower or conditional negations
    ("未发生行政复议纠错。", {}),
    ("未发生因政府信息公开被纠错的情况。", {}),
    ("没有逾期未答复的政府信息公开申请。", {}),
    ("未发生因政府信息公开工作被投诉举报的情况。", {}),
    ("对没有依法依申请公开的单位予以通报并督促整改。", {}),
    ("4.无正当理由大量反复申请", {}),
    ("未经复议直接起诉", {}),
    ("行政复议被纠错1件。", {}),
    # approximate figures
    ("主动公开政府信息10余条。", {}),
    ("主动公开政府信息近200条。", {}),
    ("主动公开政府信息1000多条。", {}),
    ("共受理政府信息公开申请约50件。", {}),
    ("受理政府信息公开申请50件左右。", {}),
    ("主动公开政府信息超过3000条。", {}),
    ("主动公开政府信息1.2万条。", {}),
    # another noun's figure, another period, another kind of number
    ("主动公开信息9204条，不予公开3件。", {P: 9204, D: 3}),
    ("主动公开信息9204条不予公开3件。", {P: 9204, D: 3}),
    ("2011年制作政府信息总数1873条，其中主动公开政府信息425条，不予公开信息数1402。", {P: 425}),
    ("作为依申请公开信息数46条。", {}),
    ("本区到年底累计主动公开政府信息5928条，其中，本年度新增主动公开政府信息2110条。", {P: 2110}),
    ("上年度受理政府信息公开申请100件。", {}),
    ("主动公开政府采购项目信息188条，网上竞价453条。", {}),
    ("通过市工信局官方微博主动公开政府信息176条。", {}),
    ("根据国办公开办函〔2019〕60号文件要求，主动公开政府信息100%。", {}),
    ("咨询电话0591-83926179，依申请公开工作有序开展。", {}),
    ("区县已入驻审批服务部门13个，开设窗口26个，共受理申请121510件。", {}),
    ("共办理政府信息公开申请30件。", {}),
    ("依法答复政府信息公开申请30件。", {}),
    ("在已经答复的9件申请中，其它公开答复数2条。", {}),
    ("2013年用于税收宣传等产生的政府信息公开费用1万元。", {}),
    ("行政事业性收费0元。", {}),
    ("目前，没有行政事业性收费项目，没有制作和公开新的规章和规范性文件。", {}),
    ("局门户网全年共发布信息503条，其中政务动态信息360条。", {}),
    ("一、本年新收政府信息公开申请数量 58 7 0 0 1 0 66", {}),
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
def test_sentences_saying_nothing_happened_are_zero(text: str, expected: dict[str, float]) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize(("text", "expected"), NEVER, ids=[t for t, _ in NEVER])
def test_figures_that_are_not_the_metric_publish_nothing(
    text: str, expected: dict[str, float]
) -> None:
    assert figures(text) == expected


def test_a_total_comes_before_its_breakdown() -> None:
    text = (
        "2024年，全市共受理政府信息公开申请3119件。\n"
        "其中市政府办公室受理政府信息公开申请30件。\n"
        "2016年全区主动公开政府信息3460条。\n其中，各乡镇主动公开政府信息1638条。"
    )
    assert figures(text) == {R: 3119, P: 3460}


def test_none_and_some_of_one_metric_publish_nothing_for_it() -> None:
    text = "本年度未收到政府信息公开申请。\n全年受理政府信息公开申请2件。\n行政复议0件。"
    assert figures(text) == {AR: 0}


def test_a_second_yearly_total_leaves_the_proactive_figure_out() -> None:
    text = "通过门户网站公开政府信息3636条。\n2012年主动公开政府信息1913条。"
    assert figures(text) == {}


def test_the_evidence_is_the_whole_sentence() -> None:
    sentence = "2024年，全市共受理政府信息公开申请3119件，答复3050件（含上年度结转申请34件）。"
    (figure,) = find_headline_figures(normalise_text(sentence).text)
    assert figure.evidence == normalise_text(sentence).text
    assert (figure.unit, figure.value) == ("件", 3119)


def test_a_sentence_wrapped_over_lines_is_read_whole() -> None:
    text = "2023年，我区在政府网站平台主动公开\n政府信息1136条。\n二、主动公开政府信息情况"
    assert figures(text) == {P: 1136}


def test_a_heading_is_not_part_of_the_sentence_after_it() -> None:
    text = (
        "二、依申请公开政府信息和不予以公开政府信息的情况\n"
        "2016年度未收到公众要求公开政府信息内容的申请\n"
        "四、信息公开收费及减免情况\n没有收到过相关申请。"
    )
    # The heading's 不予以公开 does not make the first sentence narrower; the second says
    # nothing of disclosure once its heading is cut off (相关申请: related to what?).
    assert figures(text) == {R: 0}


def test_table_rows_are_not_sentences() -> None:
    text = "行政复议 | 3 | 0\n主动公开政府信息 | 22\n"
    assert figures(text) == {}
