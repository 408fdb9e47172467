"""Unicode normalisation that never changes meaning: the first cleaning stage."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .text import contains_any

# Full-width digits and Latin letters → ASCII (２０２３年 → 2023年); full-width punctuation stays.
_FULLWIDTH_ALNUM = {
    **{0xFF10 + i: ord("0") + i for i in range(10)},
    **{0xFF21 + i: ord("A") + i for i in range(26)},
    **{0xFF41 + i: ord("a") + i for i in range(26)},
}
# Spaces of every kind become one ASCII space; zero-width characters vanish.
_SPACES = {c: " " for c in (0x00A0, 0x2002, 0x2003, 0x2009, 0x202F, 0x205F, 0x3000, 0x0009, 0x000B, 0x000C)}
_ZERO_WIDTH = dict.fromkeys((0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD))


def _unified_ideographs() -> dict[int, str]:
    """Characters drawn as an ideograph that are not the unified ideograph: Kangxi radicals
    (U+2F00–U+2FD5) and compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F) by their
    NFKC mapping, the CJK Radicals Supplement by Unicode's equivalence table. Broken PDF fonts
    and OCR produce them; search, script conversion and the reader need the real character.
    Only these ranges: NFKC over the whole text would also narrow full-width punctuation."""
    table = {}
    for lo, hi in ((0x2F00, 0x2FD5), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)):
        for cp in range(lo, hi + 1):
            mapped = unicodedata.normalize("NFKC", chr(cp))
            if mapped != chr(cp):
                table[cp] = mapped
    for line in (Path(__file__).parent / "data" / "radicals.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            radical, ideograph = line.split("\t")[:2]
            table[ord(radical)] = ideograph
    return table


UNIFIED = _unified_ideographs()
_TABLE = {**_FULLWIDTH_ALNUM, **_SPACES, **{k: "" for k in _ZERO_WIDTH}}
_TABLE = {k: (chr(v) if isinstance(v, int) else v) for k, v in _TABLE.items()}
_TO_CHANGE = re.compile("[" + "".join(re.escape(chr(k)) for k in sorted(_TABLE)) + "]")
# By ranges: a character class of a thousand single ideographs makes every search slow.
_TO_UNIFY = re.compile("[\u2e80-\u2eff\u2f00-\u2fd5\uf900-\ufaff\U0002f800-\U0002fa1f]")
_CONTROL_CHARS = "".join(map(chr, [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F]))
_CONTROL = re.compile(f"[{re.escape(_CONTROL_CHARS)}]")


def unify_ideographs(text: str) -> str:
    """Kangxi radicals, radical supplements and compatibility ideographs as unified ideographs."""
    return _TO_UNIFY.sub(lambda m: UNIFIED.get(ord(m.group()), m.group()), text)


def normalize_text(text: str) -> str:
    """NFC, unified line ends and spaces, ASCII digits, unified ideographs; control characters dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    # One regex pass that touches only the characters to change: they are rare.
    text = _TO_CHANGE.sub(lambda m: _TABLE[ord(m.group())], text)
    text = unify_ideographs(text)
    # NFC last: removing a zero-width or control character, or narrowing a full-width
    # letter, can bring a base letter and its combining mark together.
    if contains_any(_CONTROL_CHARS, text):
        text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)
