"""Character classes and small text helpers shared by the cleaning stages."""

from __future__ import annotations

import re
import unicodedata

# CJK ideographs (BMP, Extension A, compatibility) — what "Chinese context" means here.
CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width punctuation that may stand next to Chinese text.
CJK_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff1f\uff3b-\uff40\uff5b-\uff65\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
CJK_RE = re.compile(f"[{CJK}]")
CJK_OR_PUNCT = f"{CJK}{CJK_PUNCT}"

# A paragraph or sentence may end with these (closing quotes/brackets may follow).
TERMINAL = "。！？；…!?;"
CLOSERS = "”’」』）)》〉】"

DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def is_cjk(ch: str) -> bool:
    return bool(CJK_RE.match(ch))


def cjk_count(text: str) -> int:
    return len(CJK_RE.findall(text))


def width(text: str) -> int:
    """Display width in cells: wide/full-width characters count two, others one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def ends_sentence(text: str) -> bool:
    """True when the text ends with terminal punctuation, ignoring closing quotes."""
    t = text.rstrip().rstrip(CLOSERS)
    return bool(t) and t[-1] in TERMINAL


def skeleton(text: str) -> str:
    """Letters and digits only: what the lossless accounting counts."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if c.isalnum())
