"""Placed lines (`layout.Page`) → logical lines with the layout's hints (`layout.Flow`).

Every measure is the document's own: its body size (the size most characters are set in),
its text column (where most body lines start and end), its line pitch. From them:

- page furniture: lines at the top or bottom edge of a page, outside the text column's run
  of lines, that are page numbers or that repeat on most pages (digits aside), or that a
  rule separates from the text; removed and listed;
- tables: a grid of ruling lines (see `tables_of_page`); its text lines become cells;
- the title: the lines at the top of the first page set larger than the body (or bold and
  centred), joined, letter spacing dropped; further lines set like it (an attachment's title)
  are marked as titles too and become headings;
- paragraphs: a line opens one where it is indented from the column's left edge, where the
  line before it did not reach the right edge, where the spacing grows, where the face or
  size changes, or where a numbered line follows a full stop; a paragraph cut by a page break
  goes on on the next page;
- headings: a paragraph set apart by weight, face or size (the text decides whether it can
  be a heading);
- the signature and date: short lines right of the column's middle at the end of the text.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, replace

from .dates import BARE_DATE, FULL_DATE
from .layout import Flow, Page, Paragraph, TextLine
from .layout_tables import Table, tables_of_page
from .pages import is_page_number
from .text import CJK, TERMINAL, opens_block
from .unwrap import first_unit

EDGE_LINES = 2  # furniture lines a page may have at its top and at its bottom
RUNNING_SHARE = 0.5  # a running header or footer stands on at least this share of the pages
RUNNING_DRIFT = 1.5  # body sizes a running line's height may vary by from page to page
MAX_FURNITURE = 40  # characters
SMALLER = 0.9  # a running header or footer is set at most this size of the body's
MARGIN_BAND = 0.12  # share of the page's height at its top and bottom where they stand
TITLE_SIZE = 1.15  # a title is set at least this much larger than the body
INDENT_MIN, INDENT_MAX = 0.8, 4.5  # a first-line indent, in body characters
CENTRED_MARGIN = 2.5  # characters: a centred line stands further in than a first-line indent
SHORT_LINE = 3.0  # a line ending this many characters short of the column's right edge is not full
GAP_BREAK = 1.35  # a gap between lines this many pitches wide ends a paragraph
RIGHT_SIDE = 0.45  # a signature starts right of this share of the column's width
HANG = 1.5  # characters a line may stick out past the column's right edge

_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_CJK_SPACE = re.compile(rf"(?<=[{CJK}\u3000-\u303f\uff00-\uffef])\s+(?=[{CJK}\u3000-\u303f\uff00-\uffef])")


@dataclass
class _Row:
    """A printed line of body text (the lines of one baseline joined) and where it stands."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    bold: bool
    font: str
    page: int

    @property
    def mid(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class _Geometry:
    """The document's own measures."""

    size: float  # body size
    font: str  # body face
    left: float
    right: float
    pitch: float
    indents: bool  # paragraphs open with a first-line indent (so a flush line goes on with one)

    @property
    def width(self) -> float:
        return max(self.right - self.left, self.size)


def flow_of_pages(pages: list[Page]) -> Flow:
    """Logical lines of a document, its page furniture removed and listed."""
    lines = [ln for page in pages for ln in page.lines if ln.text.strip()]
    if not lines:
        return Flow()
    size = _body_size(lines)
    removed: list[str] = []
    furniture = _furniture(pages, size)
    items: list[_Row | Table] = []
    for index, page in enumerate(pages):
        tables = tables_of_page(page, size, index)
        body = [ln for k, ln in enumerate(page.lines) if (index, k) not in furniture and ln.text.strip()]
        removed += [page.lines[k].text.strip() for (i, k) in sorted(furniture) if i == index]
        free = [ln for ln in body if not any(t.holds(ln) for t in tables)]
        for t in tables:
            t.fill([ln for ln in body if t.holds(ln)])
        rows = _rows(free, index)
        items += _in_order(rows, tables)
    items = _join_tables(items)
    rows = [x for x in items if isinstance(x, _Row)]
    if not rows:
        return Flow([_table_paragraph(t) for t in items if isinstance(t, Table)], removed)
    geometry = _geometry(rows)
    return Flow(_paragraphs(items, geometry), removed)


def _body_size(lines: list[TextLine]) -> float:
    """The size most characters are set in."""
    weights: Counter[float] = Counter()
    for ln in lines:
        weights[round(ln.size * 2) / 2] += len(ln.text)
    return weights.most_common(1)[0][0] or 1.0


def _key(text: str) -> str:
    """A line as a running header or footer repeats: digits (page numbers) and spaces aside."""
    return _DIGITS.sub("#", _SPACES.sub("", text))


def _edge_lines(page: Page) -> list[int]:
    """Indexes of the lines at the top and the bottom of a page (by position, not content order)."""
    order = sorted((k for k, ln in enumerate(page.lines) if ln.text.strip()), key=lambda k: page.lines[k].y0)
    return sorted(set(order[:EDGE_LINES] + order[-EDGE_LINES:]))


def _furniture(pages: list[Page], size: float) -> set[tuple[int, int]]:
    """(page, line) of page numbers and running headers and footers.

    A running line stands at the same edge of most pages, at the same height (within a line),
    saying the same thing digits aside; a page number needs only its form and its place.
    """
    edges = {i: _edge_lines(p) for i, p in enumerate(pages)}
    places: dict[tuple[str, bool], list[float]] = {}
    for i, page in enumerate(pages):
        seen = set()
        for k in edges[i]:
            line = page.lines[k]
            key = (_key(line.text), line.y0 < page.height / 2)
            if len(line.text.strip()) <= MAX_FURNITURE and key not in seen:
                seen.add(key)
                places.setdefault(key, []).append(line.y0)
    need = max(2, -(-len(pages) * RUNNING_SHARE // 1))
    running = {key for key, ys in places.items()
               if len(ys) >= need and key[0].strip("#") and max(ys) - min(ys) <= RUNNING_DRIFT * size}
    found: set[tuple[int, int]] = set()
    for i, page in enumerate(pages):
        for k in edges[i]:
            line = page.lines[k]
            text = line.text.strip()
            if len(text) > MAX_FURNITURE:
                continue
            repeated = (_key(text), line.y0 < page.height / 2) in running
            alone = len(pages) == 1 and _apart(page, line, size)
            if (is_page_number(text) or repeated or alone) and _outside(page, line):
                found.add((i, k))
    return found


def _outside(page: Page, line: TextLine) -> bool:
    """Is the line above or below every other line of its page (a page's margin, not its text)?"""
    others = [ln for ln in page.lines if ln is not line and ln.text.strip()]
    if not others:
        return True
    return line.y1 <= min(ln.y0 for ln in others) + 1 or line.y0 >= max(ln.y1 for ln in others) - 1


def _apart(page: Page, line: TextLine, size: float) -> bool:
    """On a one-page document, where repetition cannot show it, a running header or footer
    by its place and size: set smaller than the body, above everything at the page's top, or
    below everything and well clear of it at the page's bottom."""
    if line.size >= size * SMALLER:
        return False
    others = [ln for ln in page.lines if ln is not line and ln.text.strip()]
    if not others:
        return False
    top, bottom = min(ln.y0 for ln in others), max(ln.y1 for ln in others)
    if line.y1 <= top + 1:
        return line.y0 < page.height * MARGIN_BAND
    if line.y0 >= bottom - 1:
        return line.y0 - bottom > 2 * size and line.y1 > page.height * (1 - MARGIN_BAND)
    return False


def _rows(lines: list[TextLine], page: int) -> list[_Row]:
    """Printed lines of one page, top to bottom: the pieces of one baseline (a line split at a
    wide gap, or drawn in pieces out of order) joined left to right."""
    rows: list[_Row] = []
    group: list[TextLine] = []
    for ln in sorted(lines, key=lambda ln: (ln.y0 + ln.y1) / 2):
        if group:
            mid = sum((g.y0 + g.y1) / 2 for g in group) / len(group)
            if abs((ln.y0 + ln.y1) / 2 - mid) >= 0.4 * max(ln.size, group[0].size):
                rows.append(_row_of(group, page))
                group = []
        group.append(ln)
    if group:
        rows.append(_row_of(group, page))
    return rows


def _row_of(pieces: list[TextLine], page: int) -> _Row:
    pieces = sorted(pieces, key=lambda ln: ln.x0)
    text = " ".join(ln.text.strip() for ln in pieces)
    main = max(pieces, key=lambda ln: len(ln.text))
    return _Row(text, pieces[0].x0, min(ln.y0 for ln in pieces), max(ln.x1 for ln in pieces),
                max(ln.y1 for ln in pieces), main.size, all(ln.bold for ln in pieces), main.font, page)


def _in_order(rows: list[_Row], tables: list[Table]) -> list[_Row | Table]:
    items: list[_Row | Table] = [*rows, *tables]
    return sorted(items, key=lambda x: x.y0 if isinstance(x, _Row) else x.top)


def _join_tables(items: list[_Row | Table]) -> list[_Row | Table]:
    """A table cut by a page break (nothing between its parts, the same columns) is one table."""
    out: list[_Row | Table] = []
    for item in items:
        if isinstance(item, Table) and out and isinstance(out[-1], Table) and out[-1].continued_by(item):
            out[-1] = out[-1].joined(item)
            continue
        out.append(item)
    return out


def _geometry(rows: list[_Row]) -> _Geometry:
    size = _body_size([TextLine(r.text, r.x0, r.y0, r.x1, r.y1, r.size) for r in rows])
    body = [r for r in rows if abs(r.size - size) < 0.1 * size] or rows
    fonts: Counter[str] = Counter()
    for r in body:
        fonts[r.font] += len(r.text)
    # Nothing stands left of the column, however many lines stand indented; on the right, a
    # line may stick out by a character (a Latin word, punctuation hung in the margin), so the
    # edge is where most of the lines that come that close to the furthest one end.
    left = min(r.x0 for r in body)
    furthest = max(r.x1 for r in body)
    right = statistics.median(r.x1 for r in body if r.x1 >= furthest - HANG * size)
    pitches = [b.y0 - a.y0 for a, b in itertools.pairwise(body)
               if a.page == b.page and 0.9 * size < b.y0 - a.y0 < 3 * size]
    pitch = statistics.median(pitches) if pitches else 1.5 * size
    indented = sum(INDENT_MIN <= (r.x0 - left) / size <= INDENT_MAX for r in body)
    return _Geometry(size, fonts.most_common(1)[0][0], left, right, pitch, indented >= max(2, 0.1 * len(body)))


def _table_paragraph(table: Table) -> Paragraph:
    rows, spans = table.cells()
    return Paragraph("", rows=tuple(tuple(r) for r in rows), spans=tuple(spans))


def _paragraphs(items: list[_Row | Table], g: _Geometry) -> list[Paragraph]:
    """Rows joined into paragraphs, each with the role its layout gives it."""
    groups: list[list[_Row] | Table] = []
    prev: _Row | None = None
    for item in items:
        if isinstance(item, Table):
            groups.append(item)
            prev = None
            continue
        if prev is not None and isinstance(groups[-1], list) and not _starts(item, prev, g):
            groups[-1].append(item)
        else:
            groups.append([item])
        prev = item
    title_size = _title_size(groups, g)
    out: list[Paragraph] = []
    for group in groups:
        if isinstance(group, Table):
            out.append(_table_paragraph(group))
            continue
        out.append(_paragraph(group, g, title_size))
    return _closing(out, groups, g)


def _starts(row: _Row, prev: _Row, g: _Geometry) -> bool:
    """Does `row` open a new paragraph after `prev`?"""
    em = g.size
    if _style(row, g) != _style(prev, g) or abs(row.size - prev.size) > 0.1 * em:
        return True
    if _centred(row, g) or _centred(prev, g) or _right_side(row, g) or _right_side(prev, g):
        return not _title_run(row, prev, g)
    if row.page == prev.page and row.y0 - prev.y0 > GAP_BREAK * g.pitch * max(1.0, row.size / em):
        return True
    if (row.x0 - g.left) / em >= INDENT_MIN:
        return True  # indented, or further in than any continuation line stands
    room = g.right - prev.x1
    ends = prev.text.rstrip()[-1:] in TERMINAL + "：:"
    if room < (max(first_unit(row.text), 2) / 2 + 0.6) * em:
        # Full: the next line's first unbreakable unit would not have fitted. Where paragraphs
        # are not indented, only a numbered line after a full stop opens one (a colon at the
        # end of a full line is as often "其中：" going on).
        return not g.indents and ends and opens_block(row.text)
    return ends or room > SHORT_LINE * em or not g.indents


def _title_run(row: _Row, prev: _Row, g: _Geometry) -> bool:
    """Two lines of one title: larger than the body, the same size and face, one under the other."""
    return row.size > g.size * TITLE_SIZE and abs(row.size - prev.size) < 0.05 * row.size and row.page == prev.page \
        and row.y0 - prev.y1 < row.size


def _style(row: _Row, g: _Geometry) -> tuple[bool, bool]:
    return row.bold, row.font != g.font and not _same_family(row.font, g.font)


def _same_family(a: str, b: str) -> bool:
    return a.split("-")[0] == b.split("-")[0] and a.replace("Bold", "") == b.replace("Bold", "")


def _centred(row: _Row, g: _Geometry) -> bool:
    """Both margins wider than a paragraph's indent, and about equal."""
    before, after = row.x0 - g.left, g.right - row.x1
    return min(before, after) > CENTRED_MARGIN * g.size and abs(before - after) < g.size


def _right_side(row: _Row, g: _Geometry) -> bool:
    return row.x0 > g.left + RIGHT_SIDE * g.width and not _centred(row, g)


def _title_size(groups: list[list[_Row] | Table], g: _Geometry) -> float | None:
    """The size of the title: the largest text at the top of the first page, larger than the body."""
    first = [grp for grp in groups[:6] if isinstance(grp, list) and grp[0].page == 0]
    sizes = [grp[0].size for grp in first if grp[0].size > g.size * TITLE_SIZE]
    return max(sizes) if sizes else None


def _join(rows: list[_Row]) -> str:
    text = rows[0].text
    for row in rows[1:]:
        a, b = text[-1:], row.text[:1]
        sep = " " if a.isascii() and b.isascii() and a.isalnum() and b.isalnum() else ""
        text += sep + row.text
    return text


def _paragraph(rows: list[_Row], g: _Geometry, title_size: float | None) -> Paragraph:
    text = _join(rows)
    first = rows[0]
    bold = sum(r.bold for r in rows) * 2 > len(rows)
    if title_size and abs(first.size - title_size) < 0.05 * title_size:
        return Paragraph(_CJK_SPACE.sub("", text), "title", size=first.size, bold=bold)
    apart = bold or first.size > g.size * TITLE_SIZE or _style(first, g)[1]
    return Paragraph(text, "heading" if apart else "para", size=first.size, bold=bold,
                     indent=first.x0 - g.left, align="center" if _centred(first, g) else "")


def _is_date(text: str) -> bool:
    s = text.strip().rstrip("。.")
    return bool(FULL_DATE.fullmatch(s) or BARE_DATE.fullmatch(s))


MAX_SIGNATURE_LINES = 3


def _closing(out: list[Paragraph], groups: list[list[_Row] | Table], g: _Geometry) -> list[Paragraph]:
    """Signature and date lines: a date standing alone right of the column's middle, and the
    lines right above it that end where it ends or are centred over it (the issuer)."""
    result = list(out)
    last = len(groups) - 1
    if last >= 0 and isinstance(groups[last], list) and len(groups[last]) == 1 and _right_side(groups[last][0], g) \
            and not _is_date(groups[last][0].text):
        result[last] = replace(result[last], role="signature", align="right")  # signed, not dated
    for k, group in enumerate(groups):
        if isinstance(group, Table) or len(group) != 1 or not _right_side(group[0], g) or not _is_date(group[0].text):
            continue
        date = group[0]
        result[k] = replace(result[k], role="date", align="right")
        j = k - 1
        while j >= 0 and k - j <= MAX_SIGNATURE_LINES and _signs(groups[j], date, g):
            result[j] = replace(result[j], role="signature", align="right")
            j -= 1
    return result


def _signs(group: list[_Row] | Table, date: _Row, g: _Geometry) -> bool:
    """A single line over the date, well right of a paragraph's indent, aligned with the date."""
    if isinstance(group, Table) or len(group) != 1 or _is_date(group[0].text):
        return False
    row = group[0]
    em = g.size
    aligned = abs(row.x1 - date.x1) < 1.5 * em or abs(row.mid - date.mid) < 1.5 * em
    return row.x0 > g.left + INDENT_MAX * em and aligned
