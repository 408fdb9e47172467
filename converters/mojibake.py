"""Detect garbled spans (mojibake) and lost characters; report them, never guess a fix.

Three signals, all local to the text: U+FFFD replacement characters, a "?" standing
where a character was lost inside Chinese text, and dense runs of characters that are
rare in real Chinese prose (what a byte-shifted or wrongly decoded span looks like).
Character rarity comes from jieba's dictionary, so no list is written by hand here.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .scripts import to_script_all
from .text import CJK, PINYIN_LETTERS

RARE_RANK = 3500  # characters beyond this frequency rank count as rare
WINDOW = 6  # ...and this many rare ones within a window
RARE_IN_WINDOW = 3
CONTEXT = 8
MERGE_GAP = 3  # detections this close together are one garbled span

_PINYIN_REMNANT = rf"[{PINYIN_LETTERS}]{{1,7}}\)"
_ODD = r"\u2460-\u24ff\ue000-\uf8ff"  # enclosed alphanumerics and private use: no prose has them in words
# "?" where a character was lost, with the remnant of its reading annotation if any.
# Patterns open with the character they look for, not a lookbehind, so re skips to it in C.
_LOST = re.compile(rf"\?(?<=[{CJK}]\?)(?:{_PINYIN_REMNANT})?(?=[{CJK}{PINYIN_LETTERS}])|\ufffd+")
_ENCLOSED = re.compile(rf"[{_ODD}](?:(?<=[{CJK}][{_ODD}])|(?=[{CJK}]))")
_RUN_CHARS = rf"{CJK}{_ODD}"  # all in the Basic Multilingual Plane
_CJK_RUN = re.compile(rf"[{_RUN_CHARS}]{{{WINDOW},}}")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # "lost-character" or "mojibake"


COMMON_PATH = Path(__file__).parent / "data" / "common_chars.txt"


def rank_characters() -> list[str]:
    """Characters by frequency (Simplified), summed over jieba's dictionary words.

    Used to (re)write data/common_chars.txt: `python -m converters.mojibake`.
    """
    import jieba

    counts: dict[str, int] = {}
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            word, freq, _ = line.split(" ", 2)
            n = int(freq)
            for ch in word:
                counts[ch] = counts.get(ch, 0) + n
    return sorted(counts, key=lambda c: (-counts[c], c))


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    """The RARE_RANK most frequent characters, shipped as data so workers start fast."""
    return frozenset(COMMON_PATH.read_text(encoding="utf-8").strip()[:RARE_RANK + 1])


@lru_cache(maxsize=1)
def _rare_chars() -> re.Pattern[str]:
    """Every rare character a run can hold (rare in Simplified prose, judged by its Simplified
    form) as one character class: text is then searched in C, not judged char by char."""
    chars = re.findall(f"[{_RUN_CHARS}]", "".join(map(chr, range(0x10000))))
    common = _common()
    simplified = to_script_all(chars, "hans")
    rare = [ord(c) for c, s in zip(chars, simplified, strict=True) if c not in common and s not in common]
    return re.compile(f"[{char_ranges(rare)}]")


def char_ranges(codes: list[int]) -> str:
    """The inside of a regex character class for sorted code points, runs written as
    ranges: a class of tens of thousands of single characters is slow to compile."""
    runs: list[list[int]] = []
    for code in codes:
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in runs)


def find_spans(text: str) -> list[Span]:
    """Garbled spans in reading order, overlapping detections merged."""
    spans = [Span(m.start(), m.end(), "lost-character") for m in _LOST.finditer(text)]
    spans += [Span(m.start(), m.end(), "mojibake") for m in _ENCLOSED.finditer(text)]
    rare = [m.start() for m in _rare_chars().finditer(text)]
    # Any RARE_IN_WINDOW rare characters within WINDOW positions of one run make a garbled
    # span; most text has no such cluster at all, and then no run needs to be looked at.
    if any(b - a < WINDOW for a, b in zip(rare, rare[RARE_IN_WINDOW - 1 :], strict=False)):
        for run in _CJK_RUN.finditer(text):
            inside = rare[bisect_left(rare, run.start()) : bisect_left(rare, run.end())]
            for a, b in zip(inside, inside[RARE_IN_WINDOW - 1 :], strict=False):
                if b - a < WINDOW:
                    spans.append(Span(a, b + 1, "mojibake"))
    return _merge(spans)


def may_have_spans(text: str) -> bool:
    """False when no part of `text` between line ends can hold a garbled span.

    One scan of a whole notice (its blocks joined by "\n", which no detection spans)
    instead of one per block: a block's span is always found, or a rare-character
    cluster suspected, at the same place in the whole.
    """
    # _LOST opens with "?" or U+FFFD: a substring search rules most texts out faster.
    if (("?" in text or "\ufffd" in text) and _LOST.search(text)) or _ENCLOSED.search(text):
        return True
    rare = [m.start() for m in _rare_chars().finditer(text)]
    return any(b - a < WINDOW for a, b in zip(rare, rare[RARE_IN_WINDOW - 1 :], strict=False))


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, s.end)):
        if merged and s.start <= merged[-1].end + MERGE_GAP:
            last = merged[-1]
            kind = "mojibake" if "mojibake" in (last.kind, s.kind) else last.kind
            merged[-1] = Span(last.start, max(last.end, s.end), kind)
        else:
            merged.append(s)
    return merged


def excerpt(text: str, span: Span) -> str:
    return text[max(0, span.start - CONTEXT) : span.end + CONTEXT]


if __name__ == "__main__":
    COMMON_PATH.write_text("".join(rank_characters()[: RARE_RANK + 1]) + "\n", encoding="utf-8")
