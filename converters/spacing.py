"""Remove stray spaces from Chinese text while keeping the intended ones.

Stray: between a character and a digit ("2021 年 10 月"), next to full-width
punctuation ("510031 ；"), and inside a word where PDF extraction split it ("邮政编 码").
Intended: between names in a byline or a list of names, between the two halves of a
slogan (“修好三门课 改革当先锋”), around Latin words. A space between two characters is
removed only when jieba reads a word across it.
"""

from __future__ import annotations

import re

from .scripts import to_script
from .text import CJK, CJK_OR_PUNCT
from .words import tokenizer

_OPENERS = "（《「『“‘【〔"
_CLOSERS_PUNCT = "，。；：！？、）》」』”’】〕…"
_MULTI = re.compile(r" {2,}")
_CJK_DIGIT = re.compile(rf"(?<=[{CJK_OR_PUNCT}]) +(?=[0-9])|(?<=[0-9]) +(?=[{CJK_OR_PUNCT}])")
_BEFORE_PUNCT = re.compile(rf" +(?=[{_CLOSERS_PUNCT}])")
_AFTER_PUNCT = re.compile(rf"(?<=[{_OPENERS}{_CLOSERS_PUNCT}]) +")
# Matches start where a run of characters starts: from inside a run the match could only
# fail again, after rescanning the rest of the run (quadratic in a long line).
_CJK_CJK = re.compile(rf"(?<![{CJK}])([{CJK}]+) ([{CJK}]+)")
# Three or more short groups separated by single spaces: a list of names (公示名单).
_NAME_LIST = re.compile(rf"(?:^|[^{CJK}])[{CJK}]{{2,4}}(?: [{CJK}]{{2,4}}){{2,}}(?:$|[^{CJK}])")
# Bylines list names separated by spaces: those spaces are always intended.
BYLINE = re.compile(r"^[（(]?\s*(记者|記者|通讯员|通訊員|作者|撰稿|摄影|攝影)[ ：:]")


def _crosses_word(left: str, right: str) -> bool:
    """Does jieba read a word across the join of `left` and `right`?"""
    a, b = left[-4:], right[:4]
    joined = to_script(a + b, "hans")
    if len(joined) != len(a) + len(b):
        return False
    pos = 0
    for word in tokenizer().cut(joined, HMM=False):
        if pos < len(a) < pos + len(word):
            return True
        pos += len(word)
    return False


def fix_spacing(line: str) -> str:
    """Return the line with stray spaces removed; leading indentation is not this stage's."""
    text = line.strip()
    if " " not in text:
        return text
    text = _MULTI.sub(" ", text)
    text = _CJK_DIGIT.sub("", text)
    text = _BEFORE_PUNCT.sub("", text)
    text = _AFTER_PUNCT.sub("", text)

    if BYLINE.match(text) or _NAME_LIST.search(text):
        return text  # names separated by spaces: every space is intended

    def join(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        if _crosses_word(left, right):
            return left + right
        return m.group(0)

    # Overlapping matches: repeat until stable (each pass joins at most every other gap,
    # and a pass that changes anything removes a space, so this ends).
    while True:
        new = _CJK_CJK.sub(join, text)
        if new == text:
            break
        text = new
    return text
