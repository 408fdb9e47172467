"""Repair hard line wraps (PDF extraction) into logical lines, one per block.

Hard-wrapped text is recognised from the text alone: most lines share one width (the
column), and many lines end mid-sentence. Lines are then joined unless a paragraph
ends there: a line shorter than the column (a last line, a heading, a title), a sentence
end followed by a shorter, indented first line, or a next line opening with an
enumerator (一、（一）1.（1）). A title at the top ends where it names its kind of document
(…的通知, …的通报) or where a salutation (各有关单位：) follows, whatever its width: a title
line may be as wide as the column or a few cells short of it, like an indented first line.
Web text, where every line already is a paragraph, is left as it is.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from itertools import pairwise

from .text import ends_sentence, is_table_line, opens_block

MIN_LINES = 6
INDENT = "  "  # two spaces: what an ideographic-space paragraph indent becomes after normalize
INDENT_SHARE = (0.15, 0.7)  # share of indented lines when indents open paragraphs
COLUMN_SHARE = 0.4
COLUMN_SHARE_INDENTED = 0.3  # indents already say "wrapped"; the column needs less support
MAX_COLUMN = 120  # cells: wider "columns" are web paragraphs, not a page
OVERFLOW, MAX_WIDER = 4, 0.1  # few lines may run past the column (digits, Latin)
FULL_SLACK = 2  # a full line may fall this many cells short of the column
INDENT_MIN, INDENT_MAX = 3, 8  # an indented first line falls this many cells short
TITLE_LINES, MAX_TITLE = 3, 120  # a title at the top: at most this many lines and characters

# The kind of document a title names at its end ("…的通知", "…办法（试行）"), in both scripts.
_TITLE_END = re.compile(
    r"(?:通知|通告|公告|公示|公报|公報|通报|通報|决定|決定|决议|決議|意见|意見|报告|報告|批复|批復|批覆|请示|請示|函|"
    r"办法|辦法|规定|規定|细则|細則|条例|條例|方案|规划|規劃|要点|要點|纪要|紀要|答复|答復|答覆)"
    r"(?:[（(][^（）()]{1,12}[）)])?$")
# A title holds no clause or sentence marks; a salutation is one short clause ending with a colon.
_CLAUSE = re.compile(r"[，。；：！？,;:!?]")
_SALUTATION = re.compile(r"^[^。；！？;!?]{2,40}[：:]$")


# ASCII is always narrow and counted at once; everything else outside the always-wide CJK
# and full-width blocks and the ambiguous (wide) marks of Chinese prose (·—‘’“”…) is
# looked up one by one.
_MAYBE_NARROW = re.compile("[^\x00-\x7f\u00b7\u2014\u2018\u2019\u201c\u201d\u2026\u2e80-\u303e\u3041-\u4dbf"
                           "\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff01-\uff60\uffe0-\uffe6]")


@lru_cache(maxsize=1 << 14)  # a wrapped line is measured for the column and again at its join
def cell_width(text: str) -> int:
    """Width in cells, counting ambiguous characters (“ ” …) as wide, as Chinese fonts do."""
    text = text.strip()
    narrow = len(text.encode("ascii", "ignore"))
    narrow += sum(1 for c in _MAYBE_NARROW.findall(text) if unicodedata.east_asian_width(c) not in "WFA")
    return 2 * len(text) - narrow


def _indented(line: str) -> bool:
    return line.startswith(INDENT)


def column_width(lines: list[str]) -> int | None:
    """The shared width of a hard-wrapped text's lines, or None for web text.

    Where paragraphs open with an indent, only the other lines (continuations, mostly
    full) are measured: with short paragraphs the indented first lines would hide the column.
    """
    nonblank = [x for x in lines if x.strip() and not is_table_line(x)]
    indents = indent_marks_paragraphs(nonblank)
    if indents:
        nonblank = [x for x in nonblank if not _indented(x)]
    widths = [cell_width(x) for x in nonblank]
    if len(widths) < (MIN_LINES // 2 if indents else MIN_LINES):
        return None
    share = COLUMN_SHARE_INDENTED if indents else COLUMN_SHARE
    counts = Counter(widths)
    best = max(counts, key=lambda w: (counts[w], w))
    near = sum(counts[v] for v in range(best - FULL_SLACK, best + 2))
    wider = sum(1 for w in widths if w > best + OVERFLOW)
    if best > MAX_COLUMN or near / len(widths) < share or wider / len(widths) > MAX_WIDER:
        return None  # a page's column is the widest line; text that spills past it is not wrapped
    mid_sentence = sum(1 for x in nonblank if not ends_sentence(x))
    return best if mid_sentence / len(widths) >= 0.3 else None


def indent_marks_paragraphs(lines: list[str]) -> bool:
    """Do indented lines open paragraphs whose other lines are not indented (PDF text)?"""
    nonblank = [x for x in lines if x.strip()]
    indented = sum(1 for x in nonblank if _indented(x))
    return len(nonblank) >= MIN_LINES and INDENT_SHARE[0] <= indented / len(nonblank) <= INDENT_SHARE[1]


def _join(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return f"{a} {b}"
    return a + b


def unwrap(lines: list[str]) -> tuple[list[str], bool]:
    """Logical lines (stripped, non-empty) and whether the text was hard-wrapped."""
    column = column_width(lines)
    if column is None:
        return [x.strip() for x in lines if x.strip()], False
    nonblank = [i for i, x in enumerate(lines) if x.strip()]
    gaps = sum(1 for a, b in pairwise(nonblank) if b > a + 1)
    blank_breaks = gaps < 0.7 * max(len(nonblank) - 1, 1)  # blanks only between paragraphs
    indents = indent_marks_paragraphs(lines)

    stripped = [lines[i].strip() for i in nonblank]
    out: list[str] = []
    current = ""
    starts_block = True
    for k, i in enumerate(nonblank):
        line = stripped[k]
        nxt = stripped[k + 1] if k + 1 < len(nonblank) else None
        if is_table_line(line) or (nxt is not None and is_table_line(nxt)):
            # A table row is a line of its own, and a paragraph ends where a table starts.
            if is_table_line(line):
                out.extend(x for x in (current, line) if x)
            else:
                out.append(_join(current, line))
            current = ""
            starts_block = True
            continue
        current = _join(current, line)
        blank_after = blank_breaks and nxt is not None and nonblank[k + 1] > i + 1
        indent_next = indents and nxt is not None and _indented(lines[nonblank[k + 1]])
        end = (blank_after or indent_next or _ends_paragraph(line, nxt, column, starts_block)
               or (k < TITLE_LINES and _ends_title(current, line, nxt)))
        if end:
            out.append(current)
            current = ""
        starts_block = end
    return out, True


def _ends_title(current: str, line: str, nxt: str | None) -> bool:
    """Does a title at the top end after this line (the title so far being `current`)?

    Only width-blind evidence counts here: the kind of document the line ends with, or a
    salutation on the next line. The title's lines are rejoined by the structure stage.
    """
    if len(current) > MAX_TITLE or _CLAUSE.search(current):
        return False
    return bool(_TITLE_END.search(line) or (nxt is not None and _SALUTATION.match(nxt)))


def _ends_paragraph(line: str, nxt: str | None, column: int, starts_block: bool) -> bool:
    """Does a paragraph (or heading, or title line) end after this wrapped line?"""
    if nxt is None:
        return True
    w = cell_width(line)
    full = w >= column - FULL_SLACK
    if opens_block(nxt) and (ends_sentence(line) or not full):
        return True
    if not full:
        # A short line ends its paragraph, unless it is an indented first line or the
        # sentence visibly goes on (it ends with a comma or colon).
        indented_first = starts_block and column - INDENT_MAX <= w <= column - INDENT_MIN
        return not ((indented_first and not ends_sentence(line)) or line[-1] in "，、：,:")
    # A full line ends a paragraph only at a sentence end followed by a shorter line.
    return ends_sentence(line) and cell_width(nxt) < column - FULL_SLACK
