"""A Word document (.docx, .docm) → its paragraphs and tables in reading order, with hints.

Read straight from the package's XML (lxml, hardened: see `safe_xml`) rather than through
python-docx, which refuses .docm packages, drops the runs of tracked insertions, and knows
neither automatic numbering nor text boxes; python-docx builds the test documents instead.

What the document says about itself is kept as hints for structure: numbering rendered as
text (structure recognises headings by their enumerators), the outline level and style,
bold, size and alignment (a right-aligned closing is a signature or a date). Headers and
footers are page furniture: listed as removed, never body. Tracked changes are read as
accepted (insertions kept, deletions dropped) and reported; macros are never run.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from lxml import etree

from .notice import Issue
from .numbering import Numbering
from .safe_xml import XmlRefused, parse
from .zipped import Container, ZipRefused, open_zip

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
MATH_T = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"
# ISO 29500 Strict names the same elements in other namespaces: read as the transitional ones.
_STRICT = ((b"http://purl.oclc.org/ooxml/wordprocessingml/main", W_NS.encode()),
           (b"http://purl.oclc.org/ooxml/officeDocument/relationships", R_NS.encode()))

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")

Align = Literal["left", "center", "right", "justify"]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph: its text (numbering label included) and what its formatting says."""

    text: str
    style: str = ""  # the style's name, lower-case ("heading 1", "title", "normal")
    outline: int | None = None  # outline level 0-8 (paragraph or style), None for body text
    bold: bool = False  # every character of the text bold
    size: float = 0.0  # font size in points, weighted by characters
    align: Align = "left"
    label: str = ""  # the numbering label Word draws in front of the text ("一、")
    font: str = ""  # the East Asian face most characters are set in
    indent: float = 0.0  # where the first line starts, in points from the text column's left edge

    @property
    def title_style(self) -> bool:
        return self.style in ("title", "subtitle")


@dataclass(frozen=True)
class Table:
    """A table's rows (cells in reading order, covered cells absent) and merged cells
    as (row, index of the cell in its row, rowspan, colspan)."""

    rows: tuple[tuple[str, ...], ...]
    spans: tuple[tuple[int, int, int, int], ...] = ()


Part = Paragraph | Table


@dataclass
class DocxText:
    parts: list[Part] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # headers, footers, comments
    issues: list[Issue] = field(default_factory=list)
    width: float = 0.0  # the text column's width in points (page width less margins), 0 if unknown


def is_encrypted_ooxml(data: bytes) -> bool:
    """An encrypted OOXML file is a compound (CFB) file holding an EncryptionInfo stream."""
    return data.startswith(CFB_MAGIC) and _ENCRYPTION_INFO in data


def read_docx(data: bytes, name: str) -> DocxText:
    """Paragraphs, tables, furniture and problems of a Word package; never raises."""
    if is_encrypted_ooxml(data):
        return DocxText(issues=[Issue("encrypted", f"{name}: 文档已加密（需要密码），无法读取", severity="error")])
    try:
        return _Package(open_zip(data, name)).read()
    except (ZipRefused, XmlRefused) as err:
        return DocxText(issues=[err.issue])


class _Package:
    def __init__(self, container: Container):
        self.zip = container
        self.name = container.name

    def xml(self, member: str) -> etree._Element:
        data = self.zip.read(member)
        for strict, transitional in _STRICT:
            data = data.replace(strict, transitional)
        try:
            return parse(data, f"{self.name}: {member}")
        except XmlRefused as err:
            raise XmlRefused(err.issue) from None

    def rels(self, part: str) -> list[tuple[str, str]]:
        """(type, target member) of a part's internal relationships; the type is its last word."""
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if not self.zip.has(rels):
            return []
        out = []
        for rel in self.xml(rels).iter(f"{PKG_REL}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out.append((rel.get("Type", "").rsplit("/", 1)[-1], member))
        return out

    def read(self) -> DocxText:
        result = DocxText()
        main = next((m for kind, m in self.rels("") if kind == "officeDocument"), "word/document.xml")
        if self.zip.has("[Content_Types].xml"):
            types = self.xml("[Content_Types].xml")
            kinds = [o.get("ContentType", "") for o in types.iter(f"{CT}Override", f"{CT}Default")]
        else:
            kinds = []
        part_rels = self.rels(main)
        if (any("vbaProject" in k or "macroEnabled" in k for k in kinds)
                or any(kind in ("vbaProject", "wordVbaData") for kind, _ in part_rels)
                or any(m.lower().endswith("vbaproject.bin") for m in self.zip.members)):
            result.issues.append(Issue("macros", f"{self.name}: 文档含宏（VBA），宏未运行，已忽略"))
        targets: dict[str, list[str]] = {}
        for kind, member in part_rels:
            targets.setdefault(kind, []).append(member)

        def optional(kind: str) -> etree._Element | None:
            member = next((m for m in targets.get(kind, []) if self.zip.has(m)), None)
            return self.xml(member) if member else None

        doc = self.xml(main)
        body = doc.find(f"{W}body")
        if body is None:
            raise XmlRefused(Issue("corrupt", f"{self.name}: {main} 没有正文（w:body）", severity="error"))
        reader = _Reader(_Styles(optional("styles")), Numbering(optional("numbering")))
        result.parts = list(reader.content(body))
        result.width = _column_width(body)
        for kind in ("footnotes", "endnotes"):
            notes = optional(kind)
            for note in notes.iter(f"{W}footnote", f"{W}endnote") if notes is not None else ():
                if note.get(f"{W}type") in (None, "normal"):
                    result.parts += reader.content(note)
        if reader.revisions:
            result.issues.append(Issue("tracked-changes",
                                       f"{self.name}: 文档含修订记录，已按接受全部修订读取（保留插入，删除的文字已去除）"))
        for kind, label in (("header", "页眉"), ("footer", "页脚"), ("comments", "批注")):
            for member in targets.get(kind, []):
                if not self.zip.has(member):
                    continue
                for part in _Reader(reader.styles, Numbering(None)).content(self.xml(member)):
                    text = part.text if isinstance(part, Paragraph) else " ".join(" ".join(r) for r in part.rows)
                    entry = f"{label}：{' '.join(text.split())}"
                    if text.strip() and entry not in result.removed:
                        result.removed.append(entry)
        return result


def _on(el: etree._Element | None) -> bool | None:
    """An on/off property (w:b): None when absent."""
    if el is None:
        return None
    return el.get(f"{W}val", "true") not in ("0", "false", "off", "none")


def _half_points(el: etree._Element | None) -> float | None:
    try:
        return int(el.get(f"{W}val", "")) / 2 if el is not None else None
    except ValueError:
        return None


@dataclass
class _Style:
    name: str
    based_on: str | None
    ppr: etree._Element | None
    rpr: etree._Element | None


class _Styles:
    """Paragraph and character styles with their inheritance (basedOn) resolved on demand."""

    def __init__(self, root: etree._Element | None):
        self.styles: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        self.default_rpr: etree._Element | None = None
        self._rpr: dict[tuple[tuple[str | None, ...], str], etree._Element | None] = {}
        if root is None:
            return
        for style in root.iter(f"{W}style"):
            sid = style.get(f"{W}styleId", "")
            name_el = style.find(f"{W}name")
            based = style.find(f"{W}basedOn")
            self.styles[sid] = _Style((name_el.get(f"{W}val", sid) if name_el is not None else sid).lower(),
                                      based.get(f"{W}val") if based is not None else None,
                                      style.find(f"{W}pPr"), style.find(f"{W}rPr"))
            if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") in ("1", "true", "on"):
                self.default_paragraph = sid
        self.default_rpr = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")

    def chain(self, sid: str | None) -> Iterator[_Style]:
        seen = set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            style = self.styles[sid]
            yield style
            sid = style.based_on

    def ppr(self, sid: str | None, tag: str) -> etree._Element | None:
        """The first definition of a paragraph property along the style's inheritance."""
        for style in self.chain(sid):
            if style.ppr is not None and (el := style.ppr.find(f"{W}{tag}")) is not None:
                return el
        return None

    def rpr(self, sids: tuple[str | None, ...], tag: str) -> etree._Element | None:
        """The first definition of a run property along the styles' inheritance (cached: every
        run of a style asks the same question)."""
        key = (sids, tag)
        if key not in self._rpr:
            self._rpr[key] = self._find_rpr(sids, tag)
        return self._rpr[key]

    def _find_rpr(self, sids: tuple[str | None, ...], tag: str) -> etree._Element | None:
        for sid in sids:
            for style in self.chain(sid):
                if style.rpr is not None and (el := style.rpr.find(f"{W}{tag}")) is not None:
                    return el
        return self.default_rpr.find(f"{W}{tag}") if self.default_rpr is not None else None


# What is not text of the accepted document: deletions, field codes, the fallback copy of
# alternate content (the same text box again), properties.
_SKIP = frozenset(f"{W}{t}" for t in ("del", "moveFrom", "delText", "instrText", "delInstrText", "pPr", "rPr",
                                      "tblPr", "trPr", "tcPr", "sectPr", "footnoteReference", "endnoteReference",
                                      "commentReference", "annotationRef", "fldData")) | {MC_FALLBACK}
_REVISIONS = tuple(f"{W}{t}" for t in ("ins", "del", "moveFrom", "moveTo"))
_JC: dict[str, Align] = {"left": "left", "start": "left", "center": "center", "right": "right", "end": "right",
                         "both": "justify", "distribute": "justify", "thaiDistribute": "justify"}
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$")


class _Reader:
    def __init__(self, styles: _Styles, numbering: Numbering):
        self.styles = styles
        self.numbering = numbering
        self.revisions = False

    def content(self, container: Iterable[etree._Element]) -> Iterator[Part]:
        """Paragraphs and tables of a body, cell, text box, header or note, in order."""
        for el in container:
            tag = el.tag
            if tag == f"{W}p":
                yield from self.paragraph(el)
            elif tag == f"{W}tbl":
                yield from self.table(el)
            elif tag in (f"{W}sdt", f"{W}customXml", f"{W}sdtContent", f"{W}ins", f"{W}moveTo", f"{W}smartTag"):
                if tag in _REVISIONS:
                    self.revisions = True
                yield from self.content(el)
            elif tag in (f"{W}del", f"{W}moveFrom"):
                self.revisions = True

    # ------------------------------------------------------------------ paragraphs

    def paragraph(self, p: etree._Element) -> Iterator[Part]:
        ppr = p.find(f"{W}pPr")
        sid = ppr.find(f"{W}pStyle").get(f"{W}val") if ppr is not None and ppr.find(f"{W}pStyle") is not None else None
        sid = sid or self.styles.default_paragraph
        pieces: list[tuple[str, etree._Element | None]] = []
        boxes: list[etree._Element] = []
        self._collect(p, None, pieces, boxes)
        if ppr is not None and any(ppr.iter(*_REVISIONS)):
            self.revisions = True
        text = "".join(t for t, _ in pieces)
        label = self._label(ppr, sid) if text.strip() or boxes else ""
        if text.strip():
            yield self._hints(text, label, pieces, ppr, sid)
        for box in boxes:
            yield from self.content(box if box.tag == f"{W}txbxContent" else [box])

    def _collect(self, el: etree._Element, run: etree._Element | None,
                 pieces: list[tuple[str, etree._Element | None]], boxes: list[etree._Element]) -> None:
        for child in el:
            tag = child.tag
            if tag in _SKIP:
                if tag in (f"{W}del", f"{W}moveFrom"):
                    self.revisions = True
                continue
            if tag in (f"{W}ins", f"{W}moveTo"):
                self.revisions = True
            if tag == f"{W}t" or tag == MATH_T:
                pieces.append((child.text or "", run))
            elif tag in (f"{W}tab", f"{W}ptab"):
                pieces.append(("\t", run))
            elif tag in (f"{W}br", f"{W}cr"):
                pieces.append(("\n", run))
            elif tag == f"{W}noBreakHyphen":
                pieces.append(("-", run))
            elif tag == f"{W}sym":
                try:
                    code = int(child.get(f"{W}char", ""), 16)
                except ValueError:
                    continue
                # Symbol fonts map their glyphs to U+F0xx; the character is the low byte then.
                pieces.append((chr(code - 0xF000 if 0xF020 <= code <= 0xF0FF else code), run))
            elif tag == f"{W}txbxContent":
                boxes.append(child)
            elif tag in (f"{W}p", f"{W}tbl"):
                boxes.append(child)  # a paragraph nested where a run should be: read after this one
            else:
                self._collect(child, child if tag == f"{W}r" else run, pieces, boxes)

    def _label(self, ppr: etree._Element | None, sid: str | None) -> str:
        num = ppr.find(f"{W}numPr") if ppr is not None else None
        if num is None:
            num = self.styles.ppr(sid, "numPr")
            from_style = True
        else:
            from_style = False
        if num is None:
            return ""
        num_el, lvl_el = num.find(f"{W}numId"), num.find(f"{W}ilvl")
        if num_el is None and ppr is not None:  # only the level given here, the list by the style
            style_num = self.styles.ppr(sid, "numPr")
            num_el = style_num.find(f"{W}numId") if style_num is not None else None
        num_id = num_el.get(f"{W}val", "") if num_el is not None else ""
        if lvl_el is not None:
            ilvl = int(lvl_el.get(f"{W}val", "0")) if lvl_el.get(f"{W}val", "0").isdigit() else 0
        elif from_style and sid and (bound := self.numbering.level_for_style(num_id, sid)) is not None:
            ilvl = bound
        else:
            ilvl = 0
        return self.numbering.label(num_id, ilvl)

    def _hints(self, text: str, label: str, pieces: list[tuple[str, etree._Element | None]],
               ppr: etree._Element | None, sid: str | None) -> Paragraph:
        def prop(tag: str) -> etree._Element | None:
            el = ppr.find(f"{W}{tag}") if ppr is not None else None
            return el if el is not None else self.styles.ppr(sid, tag)

        jc = prop("jc")
        outline_el = prop("outlineLvl")
        outline = int(outline_el.get(f"{W}val", "9")) if outline_el is not None and outline_el.get(f"{W}val", "").isdigit() else 9
        style = next(iter(self.styles.chain(sid)), None)
        name = style.name if style else ""
        if outline > 8 and (m := _HEADING_STYLE.match(name)):
            outline = int(m.group(1)) - 1
        bold_chars = total = 0
        weighted = 0.0
        faces: dict[str, int] = {}
        for piece, run in pieces:
            n = len("".join(piece.split()))
            if not n:
                continue
            rpr = run.find(f"{W}rPr") if run is not None else None
            rstyle = rpr.find(f"{W}rStyle").get(f"{W}val") if rpr is not None and rpr.find(f"{W}rStyle") is not None else None

            def rprop(tag: str, rpr: etree._Element | None = rpr, rstyle: str | None = rstyle) -> etree._Element | None:
                el = rpr.find(f"{W}{tag}") if rpr is not None else None
                return el if el is not None else self.styles.rpr((rstyle, sid), tag)

            total += n
            bold_chars += n if _on(rprop("b")) else 0
            weighted += n * (_half_points(rprop("sz")) or 10.0)  # Word's default is 10 points
            face = _face(rprop("rFonts"))
            faces[face] = faces.get(face, 0) + n
        size = weighted / total if total else 0.0
        return Paragraph(
            text=label + text,
            style=name,
            outline=outline if outline <= 8 else None,
            bold=total > 0 and bold_chars == total,
            size=round(size, 1),
            align=_JC.get(jc.get(f"{W}val", "left"), "left") if jc is not None else "left",
            label=label,
            font=max(faces, key=faces.__getitem__) if faces else "",
            indent=round(_first_line(prop("ind"), size or 10.0) + _leading_space(label + text, size or 10.0), 1),
        )

    # ------------------------------------------------------------------ tables

    def table(self, tbl: etree._Element) -> Iterator[Part]:
        """A table's rows with merged cells resolved; a single-column table is a layout
        device (a boxed paragraph, a letterhead), so its paragraphs are read as text."""
        grid: list[list[tuple[int, int, str, str | None, list[Part]]]] = []  # (col, colspan, text, vmerge, parts)
        for tr in _children(tbl, "tr"):
            trpr = tr.find(f"{W}trPr")
            col = _int_val(trpr.find(f"{W}gridBefore") if trpr is not None else None, 0)
            row = []
            for tc in _children(tr, "tc"):
                tcpr = tc.find(f"{W}tcPr")
                span = max(1, _int_val(tcpr.find(f"{W}gridSpan") if tcpr is not None else None, 1))
                vm = tcpr.find(f"{W}vMerge") if tcpr is not None else None
                vmerge = None if vm is None else vm.get(f"{W}val", "continue")
                parts = list(self.content(tc))
                text = "\n".join(p.text if isinstance(p, Paragraph) else _table_text(p) for p in parts)
                row.append((col, span, text, vmerge, parts))
                col += span
            grid.append(row)
        if max((len(r) for r in grid), default=0) <= 1:
            for row in grid:
                for *_, parts in row:
                    yield from parts
            return
        # A cell that restarts a vertical merge covers the "continue" cells under it, column by column.
        covered: set[tuple[int, int]] = set()
        rowspans: dict[tuple[int, int], int] = {}
        for r, row in enumerate(grid):
            for col, _, _, vmerge, _ in row:
                if vmerge != "restart":
                    continue
                n = 1
                while r + n < len(grid) and any(c[0] == col and c[3] == "continue" for c in grid[r + n]):
                    covered.add((r + n, col))
                    n += 1
                rowspans[r, col] = n
        rows: list[list[str]] = []
        spans: list[tuple[int, int, int, int]] = []
        for r, row in enumerate(grid):
            cells: list[str] = []
            for col, span, text, _, _ in row:
                if (r, col) in covered:
                    continue
                rowspan = rowspans.get((r, col), 1)
                # Word hides text left in a covered cell; it is kept with the cell that covers it.
                hidden = [c[2] for k in range(1, rowspan) for c in grid[r + k] if c[0] == col and c[2].strip()]
                if rowspan > 1 or span > 1:
                    spans.append((len(rows), len(cells), rowspan, span))
                cells.append("\n".join([text, *hidden]))
            rows.append(cells)
        yield Table(tuple(tuple(r) for r in rows), tuple(spans))


def _twips(el: etree._Element, *names: str) -> float:
    for name in names:
        value = el.get(f"{W}{name}")
        if value is not None:
            try:
                return int(value) / 20
            except ValueError:
                return 0.0
    return 0.0


def _first_line(ind: etree._Element | None, size: float) -> float:
    """Where a paragraph's first line starts (points from the column's edge): the left indent
    plus the first-line indent, less a hanging one; in characters where the document says so."""
    if ind is None:
        return 0.0

    def chars(name: str) -> float | None:
        value = ind.get(f"{W}{name}")
        try:
            return int(value) / 100 * size if value is not None else None
        except ValueError:
            return None

    left = chars("leftChars") if chars("leftChars") is not None else _twips(ind, "left", "start")
    first = chars("firstLineChars") if chars("firstLineChars") is not None else _twips(ind, "firstLine")
    hanging = chars("hangingChars") if chars("hangingChars") is not None else _twips(ind, "hanging")
    return (left or 0.0) + (first or 0.0) - (hanging or 0.0)


def _leading_space(text: str, size: float) -> float:
    """The width of the spaces a paragraph was pushed right with (one em for U+3000, half for ASCII)."""
    width = 0.0
    for ch in text:
        if ch == "\u3000":
            width += size
        elif ch == " ":
            width += size / 2
        elif ch == "\t":
            width += 2 * size
        else:
            break
    return width


def _face(fonts: etree._Element | None) -> str:
    if fonts is None:
        return ""
    for name in ("eastAsia", "eastAsiaTheme", "ascii", "hAnsi"):
        if value := fonts.get(f"{W}{name}"):
            return value
    return ""


def _column_width(body: etree._Element) -> float:
    """The text column's width from the last section's page size and margins (points)."""
    sect = body.find(f"{W}sectPr")
    size = sect.find(f"{W}pgSz") if sect is not None else None
    margins = sect.find(f"{W}pgMar") if sect is not None else None
    if size is None:
        return 0.0
    width = _twips(size, "w") - (_twips(margins, "left") + _twips(margins, "right") if margins is not None else 0.0)
    return width if width > 0 else 0.0


def _children(el: etree._Element, local: str) -> Iterator[etree._Element]:
    """Rows of a table or cells of a row, also where a content control or revision wraps them."""
    for child in el:
        if child.tag == f"{W}{local}":
            yield child
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}ins", f"{W}moveTo"):
            yield from _children(child, local)


def _int_val(el: etree._Element | None, default: int) -> int:
    try:
        return int(el.get(f"{W}val", "")) if el is not None else default
    except ValueError:
        return default


def _table_text(table: Table) -> str:
    return "\n".join(" ".join(row) for row in table.rows)
