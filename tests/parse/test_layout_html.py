"""Word-HTML tables (MsoNormal paragraphs, `<o:p>`, `mso-` styles, `&nbsp;` padding, merged
cells): each `<td>` is one cell however many `<p>`/`<br>`/`<span>` it is split into, a cell of
only `&nbsp;` is a blank cell, and a page-number row inside the table is no row.

Expected lines were read from the markup below.
"""

from __future__ import annotations

from xxgk.parse.flatten import flatten_cells
from xxgk.parse.formats.html import html_to_text

_P = "<p class=MsoNormal align=center style='text-align:center;mso-line-height-rule:exactly'>"
WORD_TABLE = f"""<html xmlns:o="urn:schemas-microsoft-com:office:office"><body>
<div class=WordSection1>
<p class=MsoNormal><b><span style='font-family:黑体'>三、收到和处理政府信息公开申请情况
<o:p></o:p></span></b></p>
<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0>
<tr><td colspan=3 rowspan=3>{_P}<span>（本列数据的勾稽关系为：第一项加第二项之和，</span></p>
{_P}<span>等于第三项加第四项之和）<o:p></o:p></span></p></td>
<td colspan=7>{_P}<span>申请人情况<o:p></o:p></span></p></td></tr>
<tr><td rowspan=2>{_P}<span>自然人<o:p></o:p></span></p></td>
<td colspan=5>{_P}<span>法人或其他组织<o:p></o:p></span></p></td>
<td rowspan=2>{_P}<span>总计<o:p></o:p></span></p></td></tr>
<tr><td>{_P}<span>商业<br>企业</span></p></td><td>{_P}科研<br>机构</p></td>
<td>{_P}社会公益组织</p></td><td>{_P}法律服务机构</p></td><td>{_P}其他</p></td></tr>
<tr><td colspan=3>{_P}<span>一、本年新收政府信息公开申请数量<o:p></o:p></span></p></td>
<td>{_P}<span lang=EN-US>1</span><span lang=EN-US>2<o:p></o:p></span></p></td>
<td>{_P}<span lang=EN-US>3<o:p></o:p></span></p></td>
<td>{_P}<span lang=EN-US><o:p>&nbsp;</o:p></span></p></td>
<td>{_P}<span lang=EN-US>0<o:p></o:p></span></p></td>
<td>{_P}<span lang=EN-US>&nbsp;0&nbsp;<o:p></o:p></span></p></td>
<td>{_P}<span lang=EN-US>0</span></p></td>
<td>{_P}<span lang=EN-US>15<o:p></o:p></span></p></td></tr>
<tr><td colspan=10>{_P}<span>- 2 -</span></p></td></tr>
<tr><td rowspan=2>{_P}三、本年度</p>{_P}办理结果</p></td>
<td colspan=2>{_P}（一）予以公开</p></td>
<td>{_P}9</p></td><td>{_P}2</p></td><td>{_P}&nbsp;</p></td><td>{_P}0</p></td>
<td>{_P}0</p></td><td>{_P}0</p></td><td>{_P}11</p></td></tr>
</table></div></body></html>"""


def test_word_html_table_rows_are_one_line_each() -> None:
    lines = html_to_text(WORD_TABLE).split("\n")
    assert lines == [
        "三、收到和处理政府信息公开申请情况",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |",
        "自然人 | 法人或其他组织 | 总计 |",
        "商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |",
        "一、本年新收政府信息公开申请数量 | 12 | 3 |  | 0 | 0 | 0 | 15 |",
        "三、本年度办理结果 | （一）予以公开 | 9 | 2 |  | 0 | 0 | 0 | 11 |",
    ]


def test_blank_word_cells_stay_blank_cells() -> None:
    text = "\n".join(html_to_text(WORD_TABLE).split("\n")[4:])
    cells = flatten_cells(text).cells
    assert cells == [
        "一、本年新收政府信息公开申请数量", "12", "3", "", "0", "0", "0", "15",
        "三、本年度办理结果", "（一）予以公开", "9", "2", "", "0", "0", "0", "11", "",
    ]  # fmt: skip
