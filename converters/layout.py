"""What a fixed-layout reader (PDF text layer, OCR, OFD) hands on: placed lines per page.

Every reader of a page-based format produces the same thing, so that one stage
(`layout_blocks`, from placed lines to logical lines and hints) recovers titles, paragraphs,
signatures, page furniture and tables for all of them from positions and sizes alone.

Coordinates are in points (1/72 inch), origin at the page's top-left corner, y growing
downwards, whatever the source format's own convention.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ReadBy = Literal["text", "html", "pdf-text", "ocr", "docx", "word", "ofd"]


@dataclass(frozen=True)
class TextLine:
    """One printed line: its text in reading order and the box it occupies."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float  # font size in points (for OCR: measured from the line's character pitch)
    bold: bool = False
    font: str = ""  # the font's name where the format says it ("" for OCR): a change of face is evidence too


@dataclass(frozen=True)
class Rule:
    """A ruling line or the edge of a filled rectangle (table borders)."""

    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Page:
    width: float
    height: float
    lines: list[TextLine] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)


# What a reader's layout says a logical line is; "" where it has no evidence (the text rules decide).
Role = Literal["", "title", "heading", "para", "signature", "date"]


@dataclass(frozen=True)
class Paragraph:
    """One logical line (a paragraph, a heading, a title, a table) handed to the text stages.

    `layout_blocks` makes these from placed lines; a flow reader (DOCX) makes them from its
    paragraphs. `role` is the layout's verdict where it has one (the title by size and place,
    a signature by right alignment, a heading by weight); the text stages still clean the
    text (spacing, punctuation, dates) and decide where the layout said nothing. A table has
    `rows` (cells in reading order) and optionally `spans` (row, cell, rowspan, colspan), and
    no text of its own. The style fields are evidence a flow reader may pass on as it found it.
    """

    text: str
    role: Role = ""
    level: int = 0
    rows: tuple[tuple[str, ...], ...] = ()
    spans: tuple[tuple[int, int, int, int], ...] = ()
    style: str = ""  # the source's own style name ("Title", "Heading 2")
    align: str = ""  # "left", "center", "right", "justify" or ""
    bold: bool = False
    size: float = 0.0
    indent: float = 0.0  # first-line indent in points

    @property
    def is_table(self) -> bool:
        return bool(self.rows)


@dataclass
class Flow:
    """A document as logical lines, and the page furniture its reader removed (listed, never lost)."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
