"""Remove pinyin annotations glued after characters (全國(guó) → 全國).

Some sites print the reading of every "difficult" character in parentheses. An annotation
is removed only where the syllable really is a reading of the character before it, so
ordinary parentheses such as (市) or (記者 …) are never touched.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .text import CJK, PINYIN_LETTERS, TONED

ANNOTATED_PAGE = 3
_STRAY = re.compile(rf"(?<=[^\s(（{CJK}])[(]([a-zü]*[{TONED}][a-zü]*)[)]")
# The bracket after a character and the reading in it (the character itself is looked at,
# not matched: a pattern that opens with the bracket lets re skip to brackets in C).
_ANNOTATION = re.compile(rf"[(（](?<=[{CJK}][(（])([{PINYIN_LETTERS}]{{1,7}})[)）]")


def _fold(syllable: str) -> str:
    """Compare readings without caring how ü or the tone marks are composed."""
    return unicodedata.normalize("NFC", syllable.replace("v", "ü"))


@lru_cache(maxsize=20000)
def readings(char: str) -> frozenset[str]:
    """All readings pypinyin knows for a character, with tone marks and without."""
    from pypinyin import Style, pinyin  # its tables take longer to import than most notices to convert

    found = pinyin(char, style=Style.TONE, heteronym=True, errors="ignore")
    toned = {_fold(r) for group in found for r in group}
    plain = {_fold(r) for group in pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
             for r in group}
    return frozenset(toned | plain)


def strip_pinyin(text: str) -> tuple[str, list[str]]:
    """Return the text without reading annotations, and the annotations removed."""
    removed: list[str] = []

    def repl(m: re.Match[str]) -> str:
        char, syllable = m.string[m.start() - 1], m.group(1)
        if _fold(syllable) in readings(char):
            removed.append(m.group(0))
            return ""
        return m.group(0)

    text = _ANNOTATION.sub(repl, text)
    if len(removed) >= ANNOTATED_PAGE:
        # On a page that annotates readings throughout, a toned syllable in parentheses
        # after a garbled character ("?yún)f(xié)") is an annotation too.
        def stray(m: re.Match[str]) -> str:
            removed.append(m.group(0))
            return ""

        text = _STRAY.sub(stray, text)
    return text, removed
