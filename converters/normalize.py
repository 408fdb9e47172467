"""Unicode normalisation that never changes meaning: the first cleaning stage."""

from __future__ import annotations

import re
import unicodedata

# Full-width digits and Latin letters → ASCII (２０２３年 → 2023年); full-width punctuation stays.
_FULLWIDTH_ALNUM = {
    **{0xFF10 + i: ord("0") + i for i in range(10)},
    **{0xFF21 + i: ord("A") + i for i in range(26)},
    **{0xFF41 + i: ord("a") + i for i in range(26)},
}
# Spaces of every kind become one ASCII space; zero-width characters vanish.
_SPACES = {c: " " for c in (0x00A0, 0x2002, 0x2003, 0x2009, 0x202F, 0x205F, 0x3000, 0x0009, 0x000B, 0x000C)}
_ZERO_WIDTH = dict.fromkeys((0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD))
# Kangxi radicals (⼀ ⼈ ⽇), which broken PDF fonts and OCR put for the ideographs they look
# like, as those ideographs (their compatibility decomposition); compatibility ideographs go
# to the unified ones by NFC below.
_KANGXI = {k: unicodedata.normalize("NFKC", chr(k)) for k in range(0x2F00, 0x2FD6)}
_TABLE = {**_FULLWIDTH_ALNUM, **_SPACES, **{k: "" for k in _ZERO_WIDTH}, **_KANGXI}
_TABLE = {k: (chr(v) if isinstance(v, int) else v) for k, v in _TABLE.items()}
_TO_CHANGE = re.compile("[" + "".join(re.escape(chr(k)) for k in sorted(_TABLE)) + "]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def normalize_text(text: str) -> str:
    """NFC, unified line ends and spaces, ASCII digits, Kangxi radicals as ideographs; control characters dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    # One regex pass that touches only the characters to change: they are rare.
    text = _TO_CHANGE.sub(lambda m: _TABLE[ord(m.group())], text)
    # NFC last: removing a zero-width or control character, or narrowing a full-width
    # letter, can bring a base letter and its combining mark together.
    return unicodedata.normalize("NFC", _CONTROL.sub("", text))
