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
    size: float  # font size in points (for OCR: the height of the line's box)
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
