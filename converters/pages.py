"""Page furniture of extracted PDF text: page numbers, running headers and footers.

PDF extractors separate pages with a form feed (pdftotext, and pypdfium2 as the archive
joins its pages). Furniture stands at a page's edges: the first or last few lines of a page.
A line there is furniture when it is a page number ("— 1 —", "-1-", "第 1 页 共 6 页", "2/5")
or when the same line, digits aside, stands at the edge of most pages (a running header
or footer, whatever it says). Text without form feeds is split at its page-number lines.

The pages are then joined with no blank line between them: a paragraph cut by a page
break is one paragraph again, and the unwrap stage decides from widths and punctuation,
as for any line, whether the last line of a page goes on on the next one. Everything
removed is returned, in order, for the notice's list of removed furniture.

This stage runs before normalisation (which turns a form feed into a space), so it
compares lines in a normalised form of its own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

FORM_FEED = "\x0c"
EDGE = 3  # furniture lines at the top or the bottom of a page
MAX_FURNITURE = 40  # characters: a running header or footer is one short line
RUNNING_SHARE = 0.5  # a running line stands at the edge of at least this share of the pages

_DASH = r"[-—－–―~～]"
PAGE_NUMBER = re.compile(
    rf"^(?:{_DASH}+\s*\d{{1,4}}\s*{_DASH}+"
    r"|第\s*\d{1,4}\s*[页頁](?:\s*[,，/]?\s*共\s*\d{1,4}\s*[页頁])?"
    r"|共\s*\d{1,4}\s*[页頁]\s*第\s*\d{1,4}\s*[页頁]"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$")
# Page numbers that cannot be anything else, even away from a form feed (not "2/5", which a table may hold).
_PAGE_BREAK = re.compile(rf"^(?:{_DASH}+\s*\d{{1,4}}\s*{_DASH}+|第\s*\d{{1,4}}\s*[页頁]\s*[,，/]?\s*共\s*\d{{1,4}}\s*[页頁])$")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


@dataclass
class Pages:
    """Text with its pages joined and their furniture removed; what was removed."""

    text: str
    removed: list[str] = field(default_factory=list)
    pages: int = 1


def _norm(line: str) -> str:
    return unicodedata.normalize("NFKC", line).strip()


def _key(line: str) -> str:
    """A line as a running header or footer repeats: digits (page numbers) and spaces aside."""
    return _DIGITS.sub("#", _SPACE.sub("", _norm(line)))


# A page number is short and holds a digit (ASCII or full-width): other lines are never
# normalised and matched (this stage sees every line of every notice).
_MAYBE_NUMBER = re.compile(r"^[^\n]{0,30}[0-9０-９]")


def _matches(pattern: re.Pattern[str], line: str) -> bool:
    return len(line) <= 40 and bool(_MAYBE_NUMBER.match(line)) and bool(pattern.match(_norm(line)))


def _page_break(line: str) -> bool:
    return _matches(_PAGE_BREAK, line)


def is_page_number(line: str) -> bool:
    """A page number in one of its usual forms ("— 1 —", "-1-", "第1页共6页", "2/5")."""
    return _matches(PAGE_NUMBER, line)


def split_pages(text: str) -> list[list[str]]:
    """Pages as lists of lines: at form feeds, else at lines that can only be page numbers."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if FORM_FEED in text:
        pages = [p.split("\n") for p in text.split(FORM_FEED)]
        if len(pages) > 1 and not "".join(pages[-1]).strip():
            pages.pop()  # the form feed after the last page
        return pages
    lines = text.split("\n")
    # The cheap tests inline: this runs on every line of every notice.
    breaks = [i for i, x in enumerate(lines)
              if len(x) <= 40 and _MAYBE_NUMBER.match(x) and _PAGE_BREAK.match(_norm(x))]
    pages, start = [], 0
    for i in breaks:
        pages.append(lines[start : i + 1])
        start = i + 1
    if "".join(lines[start:]).strip() or not pages:
        pages.append(lines[start:])
    return pages


def _edges(lines: list[str]) -> list[int]:
    """Indexes of the first and last EDGE non-blank lines of a page."""
    nonblank = [i for i, x in enumerate(lines) if x.strip()]
    return sorted(set(nonblank[:EDGE] + nonblank[-EDGE:]))


def _running(pages: list[list[str]]) -> set[str]:
    """Keys of lines that stand at the edge of most pages: running headers and footers."""
    if len(pages) < 2:
        return set()
    counts: dict[str, int] = {}
    for lines in pages:
        for key in {_key(lines[i]) for i in _edges(lines) if len(_norm(lines[i])) <= MAX_FURNITURE}:
            counts[key] = counts.get(key, 0) + 1
    need = max(2, -(-len(pages) * RUNNING_SHARE // 1))
    # A line of digits alone is a page number or a table cell, never a running header.
    return {k for k, n in counts.items() if n >= need and k.strip("#")}


def strip_pages(text: str) -> Pages:
    """Remove page furniture and join the pages (see the module docstring)."""
    pages = split_pages(text)
    # One page without a form feed: a page break could only be its last line.
    if len(pages) == 1 and FORM_FEED not in text and not _page_break(pages[0][-1]):
        return Pages(text)  # no page structure at all: web text stays as it is
    running = _running(pages)
    removed: list[str] = []
    kept: list[str] = []
    for lines in pages:
        furniture = {i for i in _edges(lines) if is_page_number(lines[i]) or _key(lines[i]) in running}
        removed += [lines[i].strip() for i in sorted(furniture)]
        body = [x for i, x in enumerate(lines) if i not in furniture]
        while body and not body[0].strip():
            body.pop(0)
        while body and not body[-1].strip():
            body.pop()
        kept += body
    return Pages("\n".join(kept) + "\n", removed, len(pages))
