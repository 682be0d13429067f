"""Remove text injected by hacked or mirror sites (gambling adverts glued into sentences)."""

from __future__ import annotations

import re

# Words that never occur in a government report but always in the gambling spam that hacked
# sites inject. A spam run is a chain of such fragments joined by `_` or `|`.
_SPAM_WORDS = (
    "bet",
    "365",
    "体育",
    "彩票",
    "博彩",
    "娱乐城",
    "真人",
    "棋牌",
    "百家乐",
    "赌场",
    "赌博",
    "官网",
    "正规吗",
    "苹果版",
    "安卓版",
    "服务热线",
    "网投",
    "开户",
    "下注",
    "老虎机",
    "彩金",
    "澳门",
    "葡京",
    "威尼斯人",
    "皇冠",
    "电子游戏",
    "欧洲杯",
    "世界杯",
    "足球网",
    "投注",
    "金沙城",
)
_FRAGMENT_CHARS = r"A-Za-z0-9\u4e00-\u9fff"
_MAX_FRAGMENT = 20
_FRAGMENT = rf"[{_FRAGMENT_CHARS}]{{1,{_MAX_FRAGMENT}}}"
_CHAIN = re.compile(rf"{_FRAGMENT}(?:_{_FRAGMENT})+")
#: The fragment characters right before an underscore, and the chain characters from it on.
_FRAGMENT_BEFORE = re.compile(rf"[{_FRAGMENT_CHARS}]*\Z")
_CHAIN_AFTER = re.compile(rf"[{_FRAGMENT_CHARS}_]*")
_WORDS = re.compile("|".join(re.escape(w) for w in _SPAM_WORDS), re.IGNORECASE)


def _strip_chain(match: re.Match[str]) -> str:
    """Cut the chain from its first spam word to its last: the fragments at either end are
    glued to real words of the sentence (依托365bet…正规吗政府门户网站)."""
    chain = match.group(0)
    words = list(_WORDS.finditer(chain))
    if len(words) < 2:
        return chain
    return chain[: words[0].start()] + chain[words[-1].end() :]


def remove_spam(text: str) -> str:
    """Drop `_`-joined chains of fragments carrying at least two spam words.

    A chain starts at most one fragment before an underscore and never crosses a character
    outside fragments and underscores, so only the stretches around underscores are
    searched: scanning a whole report for chains costs far more than finding its `_`s."""
    pieces: list[str] = []
    done = 0
    underscore = text.find("_")
    while underscore != -1:
        window = max(done, underscore - _MAX_FRAGMENT)
        before = _FRAGMENT_BEFORE.search(text, window, underscore)  # both match, if empty
        after = _CHAIN_AFTER.match(text, underscore)
        start = before.start() if before else underscore
        end = after.end() if after else underscore + 1
        pieces.append(text[done:start])
        pieces.append(_CHAIN.sub(_strip_chain, text[start:end]))
        done = end
        underscore = text.find("_", end)
    pieces.append(text[done:])
    cleaned = "".join(pieces)
    return _BRACKETED.sub(_strip_bracket, cleaned) if "【" in cleaned else cleaned


#: A bracketed tag such spam ends with: `-【投注官网平台】`.
_BRACKETED = re.compile(r"[-_—]?【[^】\n]{1,20}】")


def _strip_bracket(match: re.Match[str]) -> str:
    return "" if _WORDS.search(match.group(0)) else match.group(0)
