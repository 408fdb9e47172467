"""Remove pinyin annotations glued after characters (全國(guó) → 全國).

Some sites print the reading of every "difficult" character in parentheses. An annotation
is removed only where the syllable really is a reading of the character before it, so
ordinary parentheses such as (市) or (記者 …) are never touched.
"""

from __future__ import annotations

import marshal
import re
import tempfile
import unicodedata
from functools import lru_cache
from pathlib import Path

from .atomic import save_cache
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
    found = _reading_table().get(char)
    return frozenset(found.split(",")) if found else frozenset()


@lru_cache(maxsize=1)
def _reading_table() -> dict[str, str]:
    """Every character pypinyin has a reading for → its readings joined by commas, from a per-machine cache:
    importing pypinyin's tables costs a third of a second in every process, reading them
    back from the cache a few milliseconds."""
    from importlib.metadata import version

    path = Path(tempfile.gettempdir()) / f"converters-pinyin-2-{version('pypinyin')}.cache"
    try:
        table = marshal.loads(path.read_bytes())
        if isinstance(table, dict):
            return table
    except (OSError, ValueError, EOFError, TypeError):
        pass
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.pinyin_dict import pinyin_dict

    chars = sorted({chr(c) for c in pinyin_dict} | {w for w in phrases_dict if len(w) == 1})
    table = {c: ",".join(sorted(found)) for c in chars if (found := _readings_of(c))}
    save_cache(path, marshal.dumps(table))
    return table


def _readings_of(char: str) -> frozenset[str]:
    from pypinyin import Style, pinyin

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
