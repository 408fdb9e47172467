"""Which reader a raw file needs: by its bytes first, then by its name.

A file kind is known by its magic bytes (a PDF renamed `.txt` is still a PDF), and where the
magic is shared (a zip is a DOCX or an OFD) by a look inside (`sniff`) or, failing that, by
the suffix. Files no reader claims go to the text path (`decode`: text and saved pages).

A reader takes the bytes and the file's name and returns a `Read`: either pages of placed
lines (`layout.Page`, for PDF text layers, OCR and OFD; `layout_blocks` turns them into
logical lines) or logical lines already (`layout.Paragraph`, for flow documents such as
DOCX), plus how the text was read and what went wrong. Readers are imported only when a
file of their kind turns up, so a text-only archive never loads a PDF library.

To add a kind: one `Kind` in `KINDS` (the build lists its suffixes as raw notices).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath

from .layout import Page, Paragraph
from .notice import Issue


@dataclass
class Read:
    """What a reader hands on: pages or paragraphs, how it read them, and its problems."""

    read_by: str
    pages: list[Page] = field(default_factory=list)
    paragraphs: list[Paragraph] | None = None  # set by flow readers; page readers leave it None
    removed: list[str] = field(default_factory=list)  # furniture the reader itself dropped
    issues: list[Issue] = field(default_factory=list)
    encoding: str = ""  # what the notice's `encoding` field says ("pdf", "docx")


Reader = Callable[[bytes, str], Read]


@dataclass(frozen=True)
class Kind:
    """A file kind: its suffixes, its magic bytes, and the reader ("module:function", imported lazily).

    `sniff`, where magic bytes are shared, tells this kind from the others by a look inside
    ("module:function" taking the bytes and returning a bool).
    """

    name: str
    suffixes: tuple[str, ...]
    magic: tuple[bytes, ...]
    reader: str
    sniff: str | None = None

    def read(self, data: bytes, name: str) -> Read:
        return _load(self.reader)(data, name)

    def claims(self, data: bytes) -> bool:
        """Do the bytes say this kind (the magic, and the sniff where there is one)?"""
        head = data[:1024]
        if not any(head.startswith(m) or (m == b"%PDF-" and m in head) for m in self.magic):
            return False
        return self.sniff is None or bool(_load(self.sniff)(data))


def _load(ref: str) -> Callable:
    module, _, attr = ref.partition(":")
    return getattr(importlib.import_module(module), attr)


ZIP = b"PK\x03\x04"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Other readers join here (DOCX and OFD share the zip magic and tell themselves apart by a sniff).
KINDS: list[Kind] = [
    Kind("pdf", (".pdf",), (b"%PDF-",), "converters.pdf_text:read_pdf"),
]


def kind_of(data: bytes, name: str) -> Kind | None:
    """The kind of a raw file: the one its bytes claim, else the one its suffix names, else None."""
    for kind in KINDS:
        if kind.claims(data):
            return kind
    suffix = PurePath(name).suffix.lower()
    return next((k for k in KINDS if suffix in k.suffixes), None)


def suffixes() -> tuple[str, ...]:
    """Every suffix a reader claims (the build lists these as raw notices)."""
    return tuple(s for k in KINDS for s in k.suffixes)
