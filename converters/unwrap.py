"""Repair hard line wraps (PDF extraction) into logical lines, one per block.

Hard-wrapped text is recognised from the text alone. Its column is the widest width that
several lines share (a page's full lines; a few lines with Latin or digits may run a
little past it), and most of the lines at that width end mid-sentence. Web text, where
every line already is a paragraph, has no such width and is left as it is.

A line is *full* when the next line's first unbreakable unit (a character with the
punctuation that may not open a line, a number such as "3.99%，", a Latin word) would not
have fitted after it: a full line goes on on the next line unless the next line opens a
block (一、（一）1.（1）第一条). A line that is not full ends its paragraph (a last line, a
heading, a label such as "说明：", a signature) unless it ends with a comma. A full line
that ends a sentence is a paragraph end only with evidence from the next line: it stands
on its own (short, with no closing punctuation: a heading, a signature, a date), or, where
the text indents paragraphs, it is as wide as an indented first line and no wider.

Paragraph indents are measured, not assumed: the first lines of paragraphs (after a clear
paragraph end) fall short of the column by the indent. Lines that open with spaces
(an ideographic-space indent kept by the extractor) open paragraphs where they are a
minority. Blank lines separate paragraphs unless they stand between (nearly) every line,
when they carry no information. A title at the top ends where it names its kind of
document (…的通知, …的通报) or where a salutation (各有关单位：) follows, whatever its width.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from .text import DOCUMENT_KIND_END, ends_sentence, is_table_line, opens_block

MIN_LINES = 4
FULL_SLACK = 2  # justification and punctuation compression: a full line may be this much shorter
INDENT = "  "  # two spaces: what an ideographic-space paragraph indent becomes after normalize
MAX_INDENTED = 0.7  # where more lines than this are indented, indents mark no paragraphs
SUPPORT, MIN_SUPPORT, MAX_SUPPORT = 0.08, 2, 2  # the column is a width this share of lines have (2-4 lines)
# Cells: a column narrower than 20 is a list (its full lines may fall a unit short of it), a
# wider "column" is web paragraphs.
MIN_COLUMN, MAX_COLUMN = 20 - FULL_SLACK, 120
MID_SENTENCE = 0.5  # share of the lines at (or an indent short of) the column that end mid-sentence
OVERFLOW, MAX_WIDER = 4, 0.1  # few lines may run past the column (digits, Latin)
_UNMEASURED = MAX_COLUMN + OVERFLOW + 2  # characters: a line longer than this runs past any column
SHORT = 8  # cells short of the column (with the next unit): certainly not a full line
INDENT_MIN, INDENT_MAX = 3, 8  # an indented first line falls this many cells short
USUAL_INDENT = 4  # two characters (GB/T 9704): what a first line is assumed to lose where the text does not show it
TITLE_LINES, MAX_TITLE = 3, 120  # a title at the top: at most this many lines and characters

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


# The first unit of a line that could not be broken: opening marks, then a run of Latin
# letters and digits (with their decimal points, signs, units), or one other character; a
# quotation mark binds what stands on either side of it (line breaking treats “ ” as
# ambiguous quotes); then the closing marks that may not open a line.
_PIECE = r"(?:[A-Za-z0-9][A-Za-z0-9.,:/%‰+·\-]*|[^“”‘’\"'])"
_FIRST_UNIT = re.compile(rf"[（《「『“‘【〔(\[]*{_PIECE}(?:[“”‘’\"']+{_PIECE}?)*"
                         r"[，。、；：！？）》」』”’】〕%‰…,.;:!?)\]]*")
_HANGING = "，。、；：！？）》」』”’"  # closing marks that a typesetter may let hang past the column
_CLOSING = re.compile(r"[，。、；：！？,.;:!?）)》」』”’]$")


def _indented(line: str) -> bool:
    return line.startswith(INDENT)


@lru_cache(maxsize=1 << 14)
def printed_width(line: str) -> int:
    """Width of a line as printed: a visible paragraph indent (leading spaces, at most
    INDENT_MAX cells) takes room on the line; wider leading space is centring or alignment."""
    lead = len(line) - len(line.lstrip())
    return cell_width(line) + (lead if lead <= INDENT_MAX else 0)


@lru_cache(maxsize=1 << 14)
def first_unit(line: str) -> int:
    """Width of the first unbreakable unit of a line: what had to fit on the line before it."""
    m = _FIRST_UNIT.match(line.strip())
    return cell_width(m.group()) if m else 0


_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1 << 14)  # asked of a line for the column, the indent and its paragraph end
def _opens_block(line: str) -> bool:
    """An enumerator opens the line, even where extraction spaced it out ("第 7 條")."""
    return opens_block(_SPACE.sub("", line[:12]))


@lru_cache(maxsize=1 << 14)
def _ends_clause(line: str) -> bool:
    """A sentence end or a colon: where a paragraph may end."""
    return ends_sentence(line) or line.rstrip()[-1:] in "：:"


def column_width(lines: list[str]) -> int | None:
    """The column of a hard-wrapped text in cells, or None for web text (see the module docstring)."""
    nonblank = [x.rstrip() for x in lines if x.strip() and not is_table_line(x)]
    if len(nonblank) < MIN_LINES:
        return None
    # A visible indent takes room on its line; a closing mark may hang past the column. A line
    # is at least a cell per character: one too long to reach the column (a web paragraph) is
    # only counted as wider than it, at that bound, and not measured.
    widths = [printed_width(x) - (2 if x[-1] in _HANGING else 0) if len(x.lstrip()) <= _UNMEASURED
              else len(x.lstrip()) - 2 for x in nonblank]
    counts = Counter(widths)
    need = min(max(MIN_SUPPORT, round(SUPPORT * len(widths))), MAX_SUPPORT)
    # Lines within FULL_SLACK below a width support it (justified lines differ a little). Lines
    # with spaced-out digits may reach past the column: it is the narrowest width near the widest
    # supported one that few of the lines near it exceed.
    shared = [w for w in counts if MIN_COLUMN <= w <= MAX_COLUMN
              and sum(counts[v] for v in range(w - FULL_SLACK, w + 1)) >= need]
    if not shared:
        return None
    top = max(shared)
    near = sorted(w for w in widths if top - SHORT <= w <= top)
    column = min(c for c in range(top - SHORT, top + 1) if len(near) - bisect_right(near, c) <= MAX_WIDER * len(near))
    if sum(1 for w in widths if w > column + OVERFLOW) > MAX_WIDER * len(widths):
        return None  # a page's column is the widest line; text that spills past it is not wrapped
    # Lines that had no room left for the next line's first unit (allowing for an indent the
    # text does not show).
    at_column = [a for a, b in pairwise(nonblank)
                 if column - printed_width(a) - first_unit(b) < FULL_SLACK + (0 if _indented(a) else USUAL_INDENT)]
    mid = sum(1 for x in at_column if not _ends_clause(x))
    return column if mid >= MIN_SUPPORT and mid >= MID_SENTENCE * len(at_column) else None


def indent_marks_paragraphs(lines: list[str]) -> bool:
    """Do indented lines open paragraphs whose other lines are not indented (PDF text)?"""
    nonblank = [x for x in lines if x.strip()]
    indented = sum(1 for x in nonblank if _indented(x))
    return len(nonblank) >= MIN_LINES and MIN_SUPPORT <= indented <= MAX_INDENTED * len(nonblank)


def measured_indent(lines: list[str], column: int) -> int | None:
    """How much less room the first lines of paragraphs have than other lines (0: no indent, None: unknown).

    Room is the column less a line's width and the next line's first unit. A line that goes
    on mid-sentence inside a paragraph is full (its room is below FULL_SLACK); one that goes
    on with room to spare can only be the first line of an indented paragraph, and the unit
    that did not fit after it bounds the indent: it is more than that room. Lines that go on
    and are all full show that the text has no indent; a single one that is not tells nothing.
    """
    room = [column - printed_width(a) - first_unit(b) for a, b in pairwise(lines)]
    goes_on = [room[k] for k in range(len(room)) if not _ends_clause(lines[k]) and not _opens_block(lines[k + 1])]
    short = [r for r in goes_on if FULL_SLACK <= r < SHORT]
    # A first line that ended where one more character did not fit leaves the indent less a
    # character; a short line that ends without a mark (a heading) may leave any room. The
    # indent is read from the most common room, where at least two lines agree.
    if short:
        counts = Counter(short)
        common = min(counts, key=lambda r: (-counts[r], r))
        if counts[common - 1] + counts[common] + counts[common + 1] >= MIN_SUPPORT:
            indent = common + 2
            return indent if INDENT_MIN <= indent <= INDENT_MAX else 0
    return 0 if not short and len(goes_on) >= 2 * MIN_SUPPORT else None


def _join(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return f"{a} {b}"
    return a + b


@dataclass
class Unwrapped:
    """Logical lines, whether the text was hard-wrapped, and the lines whose break was a guess."""

    lines: list[str]
    wrapped: bool
    weak: list[str] = field(default_factory=list)


def unwrap(lines: list[str]) -> tuple[list[str], bool]:
    """Logical lines (stripped, non-empty) and whether the text was hard-wrapped."""
    done = unwrap_report(lines)
    return done.lines, done.wrapped


def unwrap_report(lines: list[str]) -> Unwrapped:
    """As `unwrap`, and which joined lines nothing in the text told apart from a paragraph end:
    a full line at a sentence end, followed by a full line, where paragraphs are not indented."""
    column = column_width(lines)
    if column is None:
        return Unwrapped([x.strip() for x in lines if x.strip()], False)
    nonblank = [i for i, x in enumerate(lines) if x.strip()]
    gaps = sum(1 for a, b in pairwise(nonblank) if b > a + 1)
    blank_breaks = gaps < 0.7 * max(len(nonblank) - 1, 1)  # blanks only between paragraphs
    indents = indent_marks_paragraphs(lines)

    stripped = [lines[i].strip() for i in nonblank]
    printed = [lines[i].rstrip() for i in nonblank]  # the layout measures lines with their indent
    text_lines = [x for x in printed if not is_table_line(x)]
    layout = _Layout(column, measured_indent(text_lines, column))
    out: list[str] = []
    current = ""
    starts_block = True
    for k, i in enumerate(nonblank):
        line, raw = stripped[k], printed[k]
        nxt = printed[k + 1] if k + 1 < len(nonblank) else None
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
        after = printed[k + 2] if k + 2 < len(nonblank) else None
        end = (blank_after or indent_next or layout.ends_paragraph(raw, nxt, after, starts_block)
               or (k < TITLE_LINES and _ends_title(current, line, nxt and nxt.strip())))
        if end:
            out.append(current)
            current = ""
        starts_block = end
    return Unwrapped(out, True, layout.weak)


def _ends_title(current: str, line: str, nxt: str | None) -> bool:
    """Does a title at the top end after this line (the title so far being `current`)?

    Only width-blind evidence counts here: the kind of document the line ends with, or a
    salutation on the next line. The title's lines are rejoined by the structure stage.
    """
    if len(current) > MAX_TITLE or _CLAUSE.search(current):
        return False
    return bool(DOCUMENT_KIND_END.search(line) or (nxt is not None and _SALUTATION.match(nxt)))


class _Layout:
    """A page's column and paragraph indent, and the paragraph ends they imply."""

    def __init__(self, column: int, indent: int | None) -> None:
        self.column, self.indent = column, indent
        self.weak: list[str] = []  # lines joined to the next on no evidence either way

    def full_first(self, line: str, nxt: str | None) -> bool:
        """Is a paragraph's first line full? Where the indent is unknown, the usual one would do."""
        if self.indent is None:
            return not _ends_clause(line) and self.room(line, nxt, False) < USUAL_INDENT
        return self.full(line, nxt, True)

    def room(self, line: str, nxt: str | None, first: bool) -> int:
        """Cells left on the line once the next line's first unit would be on it (< 0: it did not fit)."""
        width = self.column - (self.indent or 0 if first else 0)
        return width - printed_width(line) - (first_unit(nxt) if nxt and not is_table_line(nxt) else 2)

    def full(self, line: str, nxt: str | None, first: bool) -> bool:
        return self.room(line, nxt, first) < FULL_SLACK

    def ends_paragraph(self, line: str, nxt: str | None, after: str | None, starts_block: bool) -> bool:
        """Does a paragraph (or heading, or title line) end after this wrapped line?"""
        if nxt is None:
            return True
        if _opens_block(nxt):  # a block opens unless this line visibly had no room left for it
            measured_first = starts_block and self.indent is not None and self.full(line, nxt, True)
            return _ends_clause(line) or not (self.full(line, nxt, False) or measured_first)
        full = self.full(line, nxt, False)
        if not full and starts_block and self.full_first(line, nxt):
            # Full only as an indented first line: unless the next line is a first line too
            # (it goes on, although not full).
            full = not (FULL_SLACK <= self.room(nxt, after, False) < SHORT and not _CLOSING.search(nxt)
                        and after is not None and not _opens_block(after))
        if not full:
            return line[-1] not in "，、,"  # a short line ends its paragraph unless visibly going on
        if not _ends_clause(line):
            return False
        # A full line at a sentence end: only the next line can tell.
        if self.room(nxt, after, False) >= FULL_SLACK and not _CLOSING.search(nxt):
            # It stands on its own (a heading, a signature, a date) or, going on although not
            # full, opens an indented paragraph: either way this one ends.
            return True
        if not self.indent:  # no indent to tell a first line by: joined, as most such lines go on
            self.weak.append(line.strip())
            return False
        # As wide as an indented first line, and no wider.
        return bool(after is not None and not self.full(nxt, after, False) and self.full_first(nxt, after))
