"""Write ASCII punctuation as full-width where it stands in Chinese context.

"公开期限:2023年" → "公开期限：2023年", "(一)" → "（一）"; times (8:30), URLs, e-mail
addresses, phone numbers, decimals and thousands separators are left as they are, and so is
technical text written out in a notice (text.technical_spans: "&lt;", "<p style='a:b;'>",
"http://x.cn/?a=1;b=2"), whatever Chinese stands next to it.
A "?" between two characters is a lost character, not a question mark: it is left for
the mojibake report.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .text import CJK, CJK_OR_PUNCT, PINYIN_LETTERS, technical_spans

_C = f"[{CJK_OR_PUNCT}]"
# Each pattern opens with its mark and looks behind from there, so re skips to the mark in C.
_COMMA = re.compile(rf",(?:(?<={_C},)|(?={_C})|(?<=[{CJK}\w”’）],)(?=[{CJK}“‘（]))")
_SEMI = re.compile(rf";(?:(?<={_C};)|(?={_C}))")
_COLON = re.compile(rf":(?<=[{CJK_OR_PUNCT}]:)(?!//)")
_BANG = re.compile(rf"!(?<={_C}!)")
_QUESTION = re.compile(rf"\?(?<={_C}\?)(?![{CJK}{PINYIN_LETTERS}])")
_ASCII_MARKS = re.compile(r"[,;:()!?]")
_PARENS = re.compile(r"\(([^()\n]{0,200})\)")
_URLISH = re.compile(r"[A-Za-z0-9.-]+\.(?:com|cn|gov|org|net|edu)|https?://|www\.", re.I)


def _parens(m: re.Match[str]) -> str:
    inner = m.group(1)
    text = m.string
    before = text[m.start() - 1] if m.start() else ""
    after = text[m.end()] if m.end() < len(text) else ""
    chinese = re.search(f"[{CJK}]", inner) or re.match(_C, before or " ") or re.match(_C, after or " ")
    if chinese and not _URLISH.search(inner):
        return f"（{inner}）"
    return m.group(0)


# In the order they apply: each ASCII mark, its pattern, and what replaces it.
_RULES: list[tuple[str, re.Pattern[str], Callable[[re.Match[str]], str] | str]] = [
    ("(", _PARENS, _parens), (",", _COMMA, "，"), (";", _SEMI, "；"), (":", _COLON, "："), ("!", _BANG, "！"),
    ("?", _QUESTION, "？"),
]


def fix_punctuation(line: str) -> str:
    """Full-width , ; : ( ) ! ? next to Chinese text; everything technical untouched."""
    # Each full-width mark made is Chinese context for its neighbours ("中:," → "中：，",
    # "((中))" → "（（中））"), so repeat until nothing changes; every pass that changes
    # something replaces at least one ASCII mark, so this ends.
    if not _ASCII_MARKS.search(line):
        return line
    # Every rule replaces a mark by one character, so the spans found once hold in every pass.
    rules = _RULES if not (spans := technical_spans(line)) else [
        (mark, pattern, _outside(spans, repl)) for mark, pattern, repl in _RULES]
    text = line
    while True:
        new = text
        for mark, pattern, repl in rules:
            if mark in new:  # most lines hold one or two of the marks: skip the other passes
                new = pattern.sub(repl, new)
        if new == text:
            return text
        text = new


def _outside(spans: list[tuple[int, int]], repl: Callable[[re.Match[str]], str] | str) -> Callable[[re.Match[str]], str]:
    """`repl` for a match that touches no technical span; the match itself, unchanged, for one that does."""
    def guarded(m: re.Match[str]) -> str:
        if any(start < m.end() and m.start() < end for start, end in spans):
            return m.group(0)
        return repl(m) if callable(repl) else repl
    return guarded
