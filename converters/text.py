"""Character classes and small text helpers shared by the cleaning stages."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import numpy

# CJK ideographs (BMP, Extension A, compatibility) — what "Chinese context" means here.
CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width punctuation that may stand next to Chinese text.
CJK_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff1f\uff3b-\uff40\uff5b-\uff65\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
CJK_OR_PUNCT = f"{CJK}{CJK_PUNCT}"

# Latin letters of pinyin, with the tone-marked vowels (for reading annotations and their remnants).
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
PINYIN_LETTERS = f"a-zü{TONED}"

# A table travels through the line-based cleaning stages as one line per row: TABLE_ROW, then
# the cells joined by TABLE_CELL; a TABLE_END line closes it (two tables may follow each other).
# These are private-use characters: decode drops them from raw text, so only the readers that
# recognise a table (HTML <table>, columns in extracted text) can write them.
# A merged cell opens with one ROW_SPAN per extra row it covers and one COL_SPAN per extra column.
TABLE_ROW, TABLE_CELL, TABLE_END, ROW_SPAN, COL_SPAN = "\ue000", "\ue001", "\ue002", "\ue003", "\ue004"
TABLE_MARKS = TABLE_ROW + TABLE_CELL + TABLE_END + ROW_SPAN + COL_SPAN


# The kinds of document a title names at its end ("…的通知", "…办法（试行）"), in both scripts.
DOCUMENT_KIND_END = re.compile(
    r"(?:通知|通告|公告|公示|公报|公報|通报|通報|决定|決定|决议|決議|意见|意見|报告|報告|批复|批復|批覆|请示|請示|函|"
    r"办法|辦法|规定|規定|细则|細則|条例|條例|方案|规划|規劃|要点|要點|纪要|紀要|答复|答復|答覆|启事|啟事|说明|說明|"
    r"名单|名單)"
    r"(?:[（(][^（）()]{1,12}[）)])?$")


def contains_any(chars: str, text: str) -> bool:
    """Does any of a few characters occur in the text? A substring search for each is many
    times faster than a pattern scanning a whole text for a class that is rarely there."""
    return any(c in text for c in chars)


def is_table_line(line: str) -> bool:
    """A row of a table or the end of one: never joined, split or taken for a title or heading."""
    return line.startswith((TABLE_ROW, TABLE_END))


def table_line(cells: list[str], spans: list[tuple[int, int]] | None = None) -> str:
    """One table row as a line; `spans` gives each cell's (rowspan, colspan) where merged."""
    spans = spans or [(1, 1)] * len(cells)
    return TABLE_ROW + TABLE_CELL.join(
        ROW_SPAN * (r - 1) + COL_SPAN * (c - 1) + " ".join(cell.translate(_NO_MARKS).split())
        for cell, (r, c) in zip(cells, spans, strict=True))


def table_rows(lines: list[str]) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """The rows of a table from its lines, and its merged cells (row, cell, rowspan, colspan)."""
    rows: list[list[str]] = []
    spans: list[tuple[int, int, int, int]] = []
    for line in lines:
        row = []
        for k, cell in enumerate(line[len(TABLE_ROW):].split(TABLE_CELL)):
            text = cell.lstrip(ROW_SPAN + COL_SPAN)
            marks = cell[: len(cell) - len(text)]
            if marks:
                spans.append((len(rows), k, 1 + marks.count(ROW_SPAN), 1 + marks.count(COL_SPAN)))
            row.append(text.strip())
        rows.append(row)
    return rows, spans


def map_cells(line: str, fn: Callable[[str], str]) -> str:
    """A table line with `fn` applied to each cell's text, its span marks kept."""
    cells = []
    for cell in line[len(TABLE_ROW):].split(TABLE_CELL):
        text = cell.lstrip(ROW_SPAN + COL_SPAN)
        cells.append(cell[: len(cell) - len(text)] + fn(text).translate(_NO_MARKS))
    return TABLE_ROW + TABLE_CELL.join(cells)


_NO_MARKS = dict.fromkeys(map(ord, TABLE_MARKS))


# Official numbering and the heading level it gives: 一、→2, （一）→3, 1.→4, （1）→5.
_NUM = "一二三四五六七八九十百"
LEVELS: list[tuple[re.Pattern[str], int]] = [
    (re.compile(rf"^第[{_NUM}零〇\d]+[章部分篇](?:\s|$|[^，。])"), 2),
    (re.compile(rf"^第[{_NUM}零〇\d]+节"), 3),
    (re.compile(rf"^[{_NUM}]+[、．.]"), 2),
    (re.compile(rf"^[（(][{_NUM}]+[）)]"), 3),
    (re.compile(r"^\d{1,3}[.．、](?!\d)"), 4),
    (re.compile(r"^[（(]\d{1,3}[）)]"), 5),
]
# Openers that start a new block without giving a heading level: articles, circled numbers, dashes.
BLOCK_OPENERS = re.compile(rf"^(?:第[{_NUM}零〇\d]+[條条]|[①-⑳]|——)")


# All of LEVELS in one regex (none has a group of its own): the first alternative that
# matches is the first pattern that matches, and its group number says which one it was.
_ANY_LEVEL = re.compile("|".join(f"({pattern.pattern})" for pattern, _ in LEVELS))


def heading_level(text: str) -> int:
    """The level an enumerator gives (一、→2, （一）→3, 1.→4, （1）→5), 0 if none."""
    m = _ANY_LEVEL.match(text)
    return LEVELS[m.lastindex - 1][1] if m and m.lastindex else 0


def opens_block(text: str) -> bool:
    """Does this line open a new block (any enumerator)? Used to end wrapped paragraphs."""
    return bool(heading_level(text) or BLOCK_OPENERS.match(text))


# A paragraph or sentence may end with these (closing quotes/brackets may follow).
TERMINAL = "。！？；…!?;"
CLOSERS = "”’」』）)》〉】"


def ends_sentence(text: str) -> bool:
    """True when the text ends with terminal punctuation, ignoring closing quotes."""
    t = text.rstrip().rstrip(CLOSERS)
    return bool(t) and t[-1] in TERMINAL


# re's \w is exactly str.isalnum() plus "_": so these runs are the alphanumerics, found in C
# (collecting the runs is faster than deleting what lies between them in text full of marks).
_ALNUM_RUN = re.compile(r"[^\W_]+")
# The common full-width marks and their compatibility decompositions. Decomposing them first
# does not change NFKC's result, and text without them passes its quick check: NFKC then
# returns at once instead of decomposing and recomposing everything.
_DECOMPOSE = [(c, unicodedata.normalize("NFKD", c)) for c in "，（）；：？！…"]


def skeleton(text: str) -> str:
    """Letters and digits only: what the lossless accounting counts."""
    for mark, decomposed in _DECOMPOSE:
        text = text.replace(mark, decomposed)
    if not unicodedata.is_normalized("NFKC", text):
        # The same for any other character NFKC changes (⒅, ％, Ⅱ): NFKC is NFC of the full
        # decomposition, so decomposing some characters first changes nothing but the time.
        for c in {c for c in set(text) if not unicodedata.is_normalized("NFKC", c)}:
            text = text.replace(c, unicodedata.normalize("NFKD", c))
    text = unicodedata.normalize("NFKC", text)
    if len(text) < _SHORT:
        return "".join(_ALNUM_RUN.findall(text))
    # A notice's whole text: one array lookup per code point, four times quicker than
    # collecting the runs (the fingerprint of every notice is its skeleton).
    codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    if codes.max() > 0xFFFF:  # the table covers the BMP: building it for every plane costs more
        return "".join(_ALNUM_RUN.findall(text))
    return codes[_alphanumeric()[codes]].tobytes().decode("utf-32-le", "surrogatepass")


_SHORT = 200  # characters: below this, collecting the runs is quicker


@lru_cache(maxsize=1)
def _alphanumeric() -> numpy.ndarray:
    """For each BMP code point, whether _ALNUM_RUN takes it: read off the regex itself, over
    every such code point (alphanumeric runs are ranges of code points), in a few milliseconds."""
    table = numpy.zeros(0x10000, dtype=bool)
    for m in _ALNUM_RUN.finditer("".join(map(chr, range(0x10000)))):
        table[m.start():m.end()] = True
    return table


# Technical text a notice may hold as written, whose ASCII marks are syntax, not punctuation:
# character references ("&lt;", "&#60;", "&#x3C;"), markup tags ("<span style='a:b;c'>"),
# URLs ("http://x.cn/a?b=1;c=2": RFC 3986 characters, bar a trailing sentence mark).
CHAR_REF = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
MARKUP_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?>|<!--[^\n]*?-->|<!doctype[^<>\n]*>", re.I)
_URL = r"(?:(?:https?|ftp)://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]*[A-Za-z0-9\-_~/#=&%+]"
_TECHNICAL = re.compile(f"{CHAR_REF.pattern}|{MARKUP_TAG.pattern}|{_URL}", re.I)


def technical_spans(line: str) -> list[tuple[int, int]]:
    """Where the line holds character references, markup tags or URLs: text as written,
    which no punctuation rule may rewrite (an "&lt;" is not a semicolon after "lt")."""
    if "&" not in line and "<" not in line and "://" not in line and "www." not in line.lower():
        return []
    return [m.span() for m in _TECHNICAL.finditer(line)]


# A script or style element: code, not words.
_CODE_ELEMENT = re.compile(r"<(script|style)\b[^<>\n]*>.*?</\1\s*>", re.I)


def prose(line: str) -> str:
    """The line as a reader of its words sees it: markup tags (and scripts and styles) left out
    and each character reference one character, so a title held in "<b>…</b>" is judged by its
    words alone."""
    if "<" not in line and "&" not in line:
        return line
    return CHAR_REF.sub("&", MARKUP_TAG.sub("", _CODE_ELEMENT.sub("", line)))
