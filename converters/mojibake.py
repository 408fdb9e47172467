"""Detect garbled spans (mojibake) and lost characters; report them, never guess a fix.

Three signals, all local to the text: U+FFFD replacement characters, a "?" standing
where a character was lost inside Chinese text, and dense runs of characters that are
rare in real Chinese prose (what a byte-shifted or wrongly decoded span looks like).
Character rarity comes from jieba's dictionary, so no list is written by hand here.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

from .text import CJK

RARE_RANK = 3500  # characters beyond this frequency rank count as rare
WINDOW = 6  # ...and this many rare ones within a window
RARE_IN_WINDOW = 3
CONTEXT = 8
MERGE_GAP = 3  # detections this close together are one garbled span

_PINYIN_REMNANT = "[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]{1,7}\\)"
# "?" where a character was lost, with the remnant of its reading annotation if any.
_LOST = re.compile(rf"(?<=[{CJK}])\?(?:{_PINYIN_REMNANT})?(?=[{CJK}a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])|\ufffd+")
_ENCLOSED = re.compile(rf"(?<=[{CJK}])[\u2460-\u24ff\ue000-\uf8ff]|[\u2460-\u24ff\ue000-\uf8ff](?=[{CJK}])")
_CJK_RUN = re.compile(rf"[{CJK}\u2460-\u24ff\ue000-\uf8ff]{{{WINDOW},}}")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # "lost-character" or "mojibake"


@lru_cache(maxsize=1)
def _rank() -> dict[str, int]:
    """Character frequency rank (Simplified) summed over jieba's dictionary words."""
    import jieba

    counts: dict[str, int] = {}
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            word, freq, _ = line.split(" ", 2)
            n = int(freq)
            for ch in word:
                counts[ch] = counts.get(ch, 0) + n
    ordered = sorted(counts, key=lambda c: (-counts[c], c))
    return {c: i for i, c in enumerate(ordered)}


@lru_cache(maxsize=1)
def _simplify():
    from .scripts import converter

    return converter("hant", "hans")


def _rare(ch: str) -> bool:
    return _rank().get(ch, RARE_RANK + 1) > RARE_RANK


def find_spans(text: str) -> list[Span]:
    """Garbled spans in reading order, overlapping detections merged."""
    spans = [Span(m.start(), m.end(), "lost-character") for m in _LOST.finditer(text)]
    spans += [Span(m.start(), m.end(), "mojibake") for m in _ENCLOSED.finditer(text)]
    for run in _CJK_RUN.finditer(text):
        simple = _simplify()(run.group(0))
        if len(simple) != len(run.group(0)):
            simple = run.group(0)
        flags = [_rare(c) for c in simple]
        for i in range(len(flags) - WINDOW + 1):
            if sum(flags[i : i + WINDOW]) >= RARE_IN_WINDOW:
                first = i + flags[i : i + WINDOW].index(True)
                last = i + WINDOW - 1 - flags[i : i + WINDOW][::-1].index(True)
                spans.append(Span(run.start() + first, run.start() + last + 1, "mojibake"))
    return _merge(spans)


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
