"""Remove stray spaces from Chinese text while keeping the intended ones.

Stray: between a character and a digit ("2021 年 10 月"), next to full-width
punctuation ("510031 ；"), between the letters of a letter-spaced title ("通 知"), and
inside a word where PDF extraction split it ("邮政编 码", "工业 和建筑业").
Intended: a wide gap (two spaces or more) between two fields ("张三  李四", kept as two), between names
in a byline or a list of names, between the two halves of a slogan (“修好三门课 改革当先锋”),
around Latin words.

A single space between two characters is never part of Chinese prose: in a line that reads
as a sentence (it has a comma or a full stop) such a space is removed, except inside
quotation or book-title marks, where a slogan's halves may stand. Elsewhere (titles, heads,
short lines) it is removed only when jieba reads a word across it.
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
# Three or more single characters separated by single spaces: a letter-spaced title or head.
_SPACED_LETTERS = re.compile(rf"(?<![{CJK}])[{CJK}](?: [{CJK}]){{2,}}(?![{CJK}])")
# A wide gap between two characters separates fields; it is kept (as two spaces, so that
# cleaning the cleaned line again still sees it).
_WIDE_GAP = re.compile(rf"(?<=[{CJK}]) {{2,}}(?=[{CJK}])")
_SENTENCE_MARK = re.compile(r"[，。；！？]")
_QUOTED = re.compile(r"(“[^”]*”|《[^》]*》|「[^」]*」|『[^』]*』)")
_CJK_GAP = re.compile(rf"(?<=[{CJK}]) (?=[{CJK}])")
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
    if _WIDE_GAP.search(text):
        return "  ".join(_fix_part(part) for part in _WIDE_GAP.split(text))
    return _fix_part(text)


def _outside_quotes(text: str) -> str:
    """Single spaces between characters removed, except inside quotation and book-title marks."""
    parts = _QUOTED.split(text)
    return "".join(p if k % 2 else _CJK_GAP.sub("", p) for k, p in enumerate(parts))


def _fix_part(text: str) -> str:
    text = text.strip()
    if " " not in text:
        return text
    text = _MULTI.sub(" ", text)
    text = _CJK_DIGIT.sub("", text)
    text = _BEFORE_PUNCT.sub("", text)
    text = _AFTER_PUNCT.sub("", text)

    if BYLINE.match(text) or _NAME_LIST.search(text):
        return text  # names separated by spaces: every space is intended
    text = _SPACED_LETTERS.sub(lambda m: m.group(0).replace(" ", ""), text)
    if _SENTENCE_MARK.search(text):
        text = _outside_quotes(text)

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
