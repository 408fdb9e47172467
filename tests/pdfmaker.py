"""Small PDFs made at test time with reportlab, in its built-in CID font (no font file needed).

`typeset` lays out a notice as a government PDF does, in a column of its own measure: a
title set larger and centred, paragraphs with a first-line indent wrapped where the line is
full, headings in bold, signature and date right-aligned, page numbers and a running header
on every page, ruled tables. Each test chooses the measures, so no rule of the reader can
lean on one layout's numbers. `canvas_pdf` draws whatever a test places by hand.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
A4 = (595.0, 842.0)


@dataclass(frozen=True)
class Text:
    """A string placed with its left end at x and its top at y (from the page's top)."""

    text: str
    x: float
    y: float
    size: float = 12.0
    bold: bool = False
    spacing: float = 0.0  # extra space after every character (letter spacing)


@dataclass(frozen=True)
class Line:
    x0: float
    y0: float
    x1: float
    y1: float


def width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


def canvas_pdf(pages: list[list[Text | Line]], pagesize: tuple[float, float] = A4, encrypt: str | None = None) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=pagesize, encrypt=encrypt, invariant=1)
    height = pagesize[1]
    for items in pages:
        for item in items:
            if isinstance(item, Line):
                c.setLineWidth(0.75)
                c.line(item.x0, height - item.y0, item.x1, height - item.y1)
                continue
            c.saveState()  # the text render mode is graphics state: it must not leak into the next text
            t = c.beginText(item.x, height - item.y - item.size * 0.88)
            t.setFont(FONT, item.size)
            t.setTextRenderMode(2 if item.bold else 0)  # bold as a font without a bold face gets it
            t.setCharSpace(item.spacing)
            t.textOut(item.text)
            c.drawText(t)
            c.restoreState()
        c.showPage()
    c.save()
    return buf.getvalue()


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Table:
    rows: list[list[str]]
    widths: list[float]  # column widths in points
    merged: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # (row, col) → (rowspan, colspan)


@dataclass
class Measure:
    """The layout's own numbers: every test picks them."""

    size: float = 14.0
    title_size: float = 20.0
    left: float = 80.0
    right: float = 515.0
    top: float = 100.0
    bottom: float = 740.0
    leading: float = 1.75  # line pitch in sizes
    indent: int = 2  # characters
    header: str | None = None  # running header on every page, small, above the column
    footer: str | None = "— {n} —"  # page number under the column
    right_indent: int = 2  # characters the signature block stands in from the right edge
    title_spacing: float = 0.0  # letter spacing of the title, in sizes


def _wrap(text: str, size: float, first: float, rest: float) -> list[str]:
    """Lines of a paragraph, broken where the next character would not fit."""
    lines, line, room = [], "", first
    for ch in text:
        if line and width(line + ch, size) > room:
            lines.append(line)
            line, room = "", rest
        line += ch
    return [*lines, line] if line else lines


def typeset(title: list[str], body: list[str | Heading | Table], closing: list[str], m: Measure | None = None,
            leading_lines: list[str] = ()) -> bytes:
    """A notice as a page-based document: see the module docstring."""
    m = m or Measure()
    pages: list[list[Text | Line]] = [[]]
    y = m.top
    pitch = m.size * m.leading
    column = m.right - m.left

    def room(height: float) -> None:
        nonlocal y
        if y + height > m.bottom:
            pages.append([])
            y = m.top

    def put(text: str, x: float, size: float = m.size, bold: bool = False, spacing: float = 0.0) -> None:
        nonlocal y
        room(size)
        pages[-1].append(Text(text, x, y, size, bold, spacing))
        y += size * m.leading

    for line in leading_lines:
        put(line, m.left)
    for line in title:
        spacing = m.title_spacing * m.title_size
        wide = width(line, m.title_size) + spacing * (len(line) - 1)
        put(line, m.left + (column - wide) / 2, m.title_size, bold=True, spacing=spacing)
    y += pitch / 2
    for item in body:
        if isinstance(item, Heading):
            put(item.text, m.left + m.indent * m.size, bold=True)
        elif isinstance(item, Table):
            y = _table(item, pages, y, m, room)
        else:
            indent = m.indent * m.size
            for k, line in enumerate(_wrap(item, m.size, column - indent, column)):
                put(line, m.left + (indent if k == 0 else 0))
    y += pitch
    edge = m.right - m.right_indent * m.size
    for line in closing:
        put(line, edge - width(line, m.size))
    for n, items in enumerate(pages, 1):
        if m.footer:
            label = m.footer.format(n=n, total=len(pages))
            items.append(Text(label, m.left + (column - width(label, m.size * 0.7)) / 2, m.bottom + 3 * m.size, m.size * 0.7))
        if m.header:
            items.append(Text(m.header, m.left + (column - width(m.header, m.size * 0.6)) / 2, m.top - 3 * m.size,
                              m.size * 0.6))
    return canvas_pdf(pages)


def _table(table: Table, pages: list[list[Text | Line]], y: float, m: Measure, room) -> float:
    """A ruled table: every cell's borders drawn, merged cells without the borders inside them;
    rows that do not fit go on on the next page."""
    size = m.size * 0.8
    row_height = size * 2.2
    xs = [m.left]
    for w in table.widths:
        xs.append(xs[-1] + w)
    covered: set[tuple[int, int]] = set()
    for (r, c), (rs, cs) in table.merged.items():
        covered |= {(r + i, c + j) for i in range(rs) for j in range(cs)} - {(r, c)}
    for r, row in enumerate(table.rows):
        span = max((rs for (rr, _), (rs, _) in table.merged.items() if rr == r), default=1)
        if y + row_height * span > m.bottom:
            pages.append([])
            y = m.top
        items = pages[-1]
        col = 0
        for text in row:
            while (r, col) in covered:
                col += 1
            rs, cs = table.merged.get((r, col), (1, 1))
            x0, x1 = xs[col], xs[col + cs]
            y0, y1 = y, y + rs * row_height
            items += [Line(x0, y0, x1, y0), Line(x0, y1, x1, y1), Line(x0, y0, x0, y1), Line(x1, y0, x1, y1)]
            items.append(Text(text, x0 + 3, (y0 + y1) / 2 - size / 2, size))
            col += cs
        y += row_height
    return y + m.size * m.leading
