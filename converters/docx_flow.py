"""A Word document's paragraphs → logical lines with roles (`layout.Paragraph`), the same
hand-over the page layout stage makes for PDFs, so structure reads both alike.

The roles rest on what the document's own formatting says, measured against the document
itself (its body size and face are the ones most characters are set in):

- title: paragraphs in the Title style at the top, else the largest text among the first
  paragraphs, set larger than the body and centred (where none is larger: bold and centred).
  Under the issuing organ's mark of a red-letterhead document (GB/T 9704: the organ's name,
  then the document number), the title is the large text after the number, not the mark;
- heading: a paragraph with an outline level or a heading style, or one set apart by weight,
  size or face (the text still decides whether it can be a heading);
- signature and date: the closing date (a date standing alone) and up to two short
  paragraphs over it, when they stand right of the column's middle (right-aligned, or pushed
  there by indent or spaces);
- para: every other paragraph set like the body: its numbering alone can make it a heading;
  the closing date and the short lines over it (or the short lines that end the document)
  are left to the text rules where their formatting does not show a signature.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from dataclasses import replace
from pathlib import PurePath

from .dates import BARE_DATE, FULL_DATE
from .docx_text import CFB_MAGIC, DocxText, Paragraph, Table, is_encrypted_ooxml, read_docx
from .isolate import IsolationError, run_isolated
from .layout import Paragraph as Line
from .notice import Issue
from .office_convert import to_docx
from .readers import Read
from .structure import DOC_NUMBER_WINDOW, doc_number

TITLE_SIZE = 1.15  # as for PDFs: a title is set at least this much larger than the body
TITLE_WINDOW = 6  # paragraphs at the top where a title may stand
RIGHT_SIDE = 0.45  # a signature starts right of this share of the column's width
DEFAULT_WIDTH = 442.0  # points: the text column of GB/T 9704 (156 mm), where a document states none
CLOSING_WINDOW = 8  # the closing date stands among the last paragraphs (attachments may follow)
MAX_SIGNATURE_LINES = 2
MAX_SIGNATURE = 30  # characters


MAX_SECONDS = 60.0
MAX_MEMORY = 1 << 30  # bytes of address space the reading child may add (lxml trees of big parts)


def read_word(data: bytes, name: str) -> Read:
    """Registry entry for .docx/.docm: the document's logical lines with their roles."""
    return _isolated(data, name, "docx")


def _isolated(data: bytes, name: str, read_by: str) -> Read:
    """The package read in a child bounded in time and memory (the size checks bound the XML a
    reader inflates, not the tree lxml builds from it or the time a walk over it takes)."""
    try:
        return run_isolated(_read, data, name, read_by, timeout=MAX_SECONDS, memory=MAX_MEMORY)
    except IsolationError as err:
        what = {"timeout": f"读取超过 {MAX_SECONDS:.0f} 秒",
                "memory": "读取所需内存超过上限"}.get(err.reason, f"读取出错（{err}）")
        code = {"timeout": "too-slow", "memory": "too-large"}.get(err.reason, "converter-failed")
        return Read(read_by, issues=[Issue(code, f"{name}: {what}，未读取", severity="error")], encoding=read_by)


def _read(data: bytes, name: str, read_by: str) -> Read:
    return flow_read(read_docx(data, name), read_by)


def read_legacy(data: bytes, name: str) -> Read:
    """Registry entry for .doc and Kingsoft .wps: converted to DOCX by LibreOffice, then read as one.

    An encrypted DOCX is a compound file too (its package inside, encrypted): reported, never
    handed to LibreOffice, which would wait for a password.
    """
    if is_encrypted_ooxml(data):
        return Read("docx", issues=[Issue("encrypted", f"{name}: 文档已加密（需要密码），无法读取", severity="error")],
                    encoding="docx")
    suffix = PurePath(name).suffix.lower()
    # A compound file with a Word document stream is Word 97 (as Kingsoft's .wps is); other
    # .wps files (Microsoft Works, early Kingsoft) are left to LibreOffice's detection.
    word97 = data.startswith(CFB_MAGIC) and _STREAMS[0] in data
    converted, issue = to_docx(data, name, suffix if suffix in (".doc", ".wps", ".dot", ".wpt") else ".doc",
                               infilter="MS Word 97" if word97 else None)
    if converted is None:
        return Read("word", issues=[issue] if issue else [], encoding="word")
    return _isolated(converted, name, "word")


def flow_read(doc: DocxText, read_by: str) -> Read:
    return Read(read_by, paragraphs=roles(doc), removed=list(doc.removed), issues=list(doc.issues), encoding=read_by)


def is_docx(data: bytes) -> bool:
    """A zip holding a WordprocessingML package (what sets it apart from an OFD or another zip)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return any(n.startswith("word/") for n in z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


_STREAMS = tuple(s.encode("utf-16-le") for s in ("WordDocument", "EncryptionInfo"))


def is_word_binary(data: bytes) -> bool:
    """A compound file holding a Word document stream (.doc, Kingsoft .wps) or an encrypted package."""
    return data.startswith(CFB_MAGIC) and any(s in data for s in _STREAMS)


def _is_date(text: str) -> bool:
    s = text.strip().rstrip("。.")
    return bool(FULL_DATE.fullmatch(s) or BARE_DATE.fullmatch(s))


def _weighted(paras: list[Paragraph], key) -> object:
    counts: Counter = Counter()
    for p in paras:
        counts[key(p)] += len(p.text)
    return counts.most_common(1)[0][0] if counts else None


def roles(doc: DocxText) -> list[Line]:
    """Every part of the document as a `layout.Paragraph`, with the role its formatting gives."""
    paras = [p for p in doc.parts if isinstance(p, Paragraph)]
    body_size = _weighted(paras, lambda p: p.size) or 0.0
    body_font = _weighted(paras, lambda p: p.font) or ""
    width = doc.width or DEFAULT_WIDTH

    out: list[Line] = []
    for part in doc.parts:
        if isinstance(part, Table):
            out.append(Line("", rows=part.rows, spans=part.spans))
            continue
        apart = (part.bold or part.size > body_size * TITLE_SIZE or (part.font != body_font and bool(part.font))
                 or part.outline is not None)
        out.append(Line(part.text, "heading" if apart else "para", level=(part.outline + 2) if part.outline is not None
                        else 0, style=part.style, align=part.align, bold=part.bold, size=part.size,
                        indent=part.indent))
    for k in _title(doc.parts, body_size):
        out[k] = replace(out[k], role="title")
    closing = _closing(doc.parts, width)
    for k in _closing_zone(doc.parts):
        if k in closing:
            out[k] = replace(out[k], role=closing[k])
        elif out[k].role == "para":
            # A short closing line set like the body: a signature or date the formatting does
            # not show (centred, or typed at the margin); the text rules decide.
            out[k] = replace(out[k], role="")
    return out


def _title(parts: list[Paragraph | Table], body_size: float) -> list[int]:
    """Indices of the title's paragraphs (see the module docstring)."""
    top = [(k, p) for k, p in enumerate(parts[:TITLE_WINDOW + DOC_NUMBER_WINDOW]) if isinstance(p, Paragraph)]
    styled = [k for k, p in top[:TITLE_WINDOW] if p.style == "title"]
    if styled:
        return _run(styled)
    # Under a letterhead's document number, the title is what follows the number.
    number_at = next((k for k, p in top if doc_number([p.text])), None)
    window = [(k, p) for k, p in top if number_at is None or k > number_at][:TITLE_WINDOW]
    centred = [(k, p) for k, p in window if p.align == "center" and not _is_date(p.text) and not doc_number([p.text])]
    large = [(k, p) for k, p in centred if p.size > body_size * TITLE_SIZE] or [(k, p) for k, p in centred if p.bold]
    if not large:
        return []
    size = max(p.size for _, p in large)
    return _run([k for k, p in large if abs(p.size - size) < 0.05 * size])


def _run(indices: list[int]) -> list[int]:
    """The first run of consecutive indices (one title, not two large lines far apart)."""
    out = indices[:1]
    for k in indices[1:]:
        if k != out[-1] + 1:
            break
        out.append(k)
    return out


def _closing_zone(parts: list[Paragraph | Table]) -> range:
    """Where a signature and date may stand: the last date line among the last paragraphs and
    the short lines right above it, or, without one, the short lines that end the document."""
    end = len(parts)
    for k in range(len(parts) - 1, max(0, len(parts) - CLOSING_WINDOW) - 1, -1):
        if isinstance(parts[k], Paragraph) and _is_date(parts[k].text):
            end = k + 1
            break
    start = end
    while (start > 0 and end - start <= MAX_SIGNATURE_LINES and isinstance(parts[start - 1], Paragraph)
           and len(parts[start - 1].text.strip()) <= MAX_SIGNATURE):
        start -= 1
    return range(start, end)


def _closing(parts: list[Paragraph | Table], width: float) -> dict[int, str]:
    """The closing date and the signature over it, where they stand right of the middle."""
    start = max(0, len(parts) - CLOSING_WINDOW)
    for k in range(len(parts) - 1, start - 1, -1):
        part = parts[k]
        if not isinstance(part, Paragraph) or not _is_date(part.text) or not _right_side(part, width):
            continue
        found = {k: "date"}
        j = k - 1
        while j >= 0 and k - j <= MAX_SIGNATURE_LINES:
            above = parts[j]
            if (not isinstance(above, Paragraph) or _is_date(above.text) or len(above.text.strip()) > MAX_SIGNATURE
                    or not _right_side(above, width)):
                break
            found[j] = "signature"
            j -= 1
        return found
    return {}


def _right_side(p: Paragraph, width: float) -> bool:
    return p.align == "right" or p.indent > RIGHT_SIDE * width
