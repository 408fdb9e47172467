"""An OFD document (GB/T 33190, China's fixed-layout format) → placed lines per page.

An OFD file is a zip of XML: OFD.xml names each document's Document.xml, which lists its
pages (Pages/Page_N/Content.xml) and the page templates they draw on; a page's layers hold
TextObjects (a Boundary box in mm, a font size, a CTM) whose TextCodes place characters at
X/Y (the baseline) with DeltaX/DeltaY steps between them. Each character is placed from
that geometry, and lines are made from the characters as the PDF text layer's are (a line
ends where the baseline moves or a gap of several characters opens), then sorted into
reading order: producers emit objects in any order (a header last, one object per glyph).
The result is `layout.Page`s in points with the origin at the top-left (OFD's own origin;
its unit is the millimetre), so the layout stage that reads PDFs reads these too.

Ruling lines (PathObjects) become `layout.Rule`s for tables. Parsed with `safe_xml` (no DTD,
no entities, no network) inside a size-checked `zipped` container; easyofd was not used: it
renders to PDF through PyMuPDF (AGPL) and reportlab, far more than reading the text needs.
"""

from __future__ import annotations

import itertools
import math
import posixpath
import re
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from .isolate import IsolationError, run_isolated
from .layout import Page, Rule, TextLine
from .notice import Issue
from .readers import Read
from .safe_xml import XmlRefused, parse
from .zipped import Container, ZipRefused, open_zip

MM = 72 / 25.4  # points per millimetre
MAX_PAGES = 200
MAX_SECONDS = 60.0
MAX_CHARS = 60_000  # characters on one page
MAX_SIDE = 5080.0  # mm: the largest page PDF allows (200 in); an OFD page beyond it is absurd
MIN_SIDE = 12.7  # mm: half an inch
SPLIT_GAP = 2.5  # a gap wider than this many characters ends a printed line (as for PDF text)
SPACE_GAP = 0.8  # a gap wider than this many characters reads as a space
ASCENT, DESCENT = 0.88, 0.12  # of the em box, for a character's box from its baseline
_BOLD_FACE = re.compile(r"bold|black|heavy|semibold|demibold|extrabold|[-,_ ]bd\b|粗", re.I)


@dataclass(frozen=True)
class _Glyph:
    ch: str
    x0: float  # mm from the page's left edge
    x1: float
    base: float  # the baseline, mm from the page's top
    size: float  # mm
    font: str
    bold: bool


def is_ofd(data: bytes) -> bool:
    """A zip holding OFD.xml at its root."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return any(n.lstrip("/").lower() == "ofd.xml" for n in z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


MAX_MEMORY = 1 << 30  # bytes of address space the reading child may add


def read(data: bytes, name: str) -> Read:
    """Registry entry for .ofd: its pages of placed lines for the layout stage, read in a child
    bounded in time and memory (lxml's trees and the walk over them are not bounded otherwise)."""
    try:
        pages, issues = run_isolated(read_ofd, data, name, timeout=MAX_SECONDS + 5, memory=MAX_MEMORY)
    except IsolationError as err:
        code = {"timeout": "too-slow", "memory": "too-large"}.get(err.reason, "converter-failed")
        return Read("ofd", issues=[Issue(code, f"{name}: 读取失败（{err}），未读取", severity="error")], encoding="ofd")
    return Read("ofd", pages=pages, issues=issues, encoding="ofd")


def read_ofd(data: bytes, name: str) -> tuple[list[Page], list[Issue]]:
    """Pages of placed lines and the problems met; never raises."""
    issues: list[Issue] = []
    try:
        pages = _Document(open_zip(data, name), issues).pages()
    except (ZipRefused, XmlRefused) as err:
        return [], [err.issue]
    return pages, issues


def _local(el: etree._Element) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _kids(el: etree._Element, name: str) -> Iterator[etree._Element]:
    """Children by local name: producers differ in namespace and prefix."""
    return (c for c in el if _local(c) == name)


def _kid(el: etree._Element | None, *path: str) -> etree._Element | None:
    for name in path:
        if el is None:
            return None
        el = next(_kids(el, name), None)
    return el


def _numbers(text: str | None) -> list[float]:
    out = []
    for token in (text or "").split():
        try:
            value = float(token)
        except ValueError:
            continue
        if math.isfinite(value):
            out.append(value)
    return out


def _deltas(text: str | None) -> list[float]:
    """DeltaX/DeltaY: numbers, where "g N d" stands for N times d."""
    tokens = (text or "").split()
    out: list[float] = []
    i = 0
    while i < len(tokens) and len(out) < MAX_CHARS:
        if tokens[i] == "g" and i + 2 < len(tokens):
            n, d = _numbers(tokens[i + 1]), _numbers(tokens[i + 2])
            if n and d:
                out += [d[0]] * max(0, min(int(n[0]), MAX_CHARS - len(out)))
            i += 3
            continue
        out += _numbers(tokens[i])
        i += 1
    return out


def _box(text: str | None) -> tuple[float, float, float, float] | None:
    values = _numbers(text)
    return (values[0], values[1], values[2], values[3]) if len(values) >= 4 else None


class _Document:
    def __init__(self, container: Container, issues: list[Issue]):
        self.zip = container
        self.name = container.name
        self.issues = issues
        self.started = time.monotonic()
        self.members = {m.lower(): m for m in container.members}

    def _member(self, path: str, base: str) -> str | None:
        """The zip member a location names: absolute, or relative to `base`'s folder
        (producers write both, and vary in case)."""
        path = path.strip().replace("\\", "/")
        tries = [path.lstrip("/")] if path.startswith("/") else [posixpath.normpath(posixpath.join(base, path)), path]
        for candidate in tries:
            if (found := self.members.get(candidate.lower())) is not None:
                return found
        return None

    def xml(self, member: str) -> etree._Element:
        return parse(self.zip.read(member), f"{self.name}: {member}")

    def _error(self, code: str, message: str) -> ZipRefused:
        return ZipRefused(Issue(code, f"{self.name}: {message}", severity="error"))

    def pages(self) -> list[Page]:
        root_member = self.members.get("ofd.xml")
        if root_member is None:
            raise self._error("corrupt", "缺少 OFD.xml，不是 OFD 文件或文件不完整")
        ofd = self.xml(root_member)
        bodies = list(_kids(ofd, "DocBody"))
        if any(_kid(b, "Encryptions") is not None for b in bodies) or "encryptions.xml" in {
                posixpath.basename(m) for m in self.members}:
            raise self._error("encrypted", "文档已加密，无法读取")
        pages: list[Page] = []
        for body in bodies:
            loc = _kid(body, "DocRoot")
            doc_member = self._member(loc.text or "", "") if loc is not None and loc.text else None
            if doc_member is None:
                raise self._error("corrupt", "OFD.xml 指向的 Document.xml 不存在")
            pages += self._document(doc_member)
        return pages

    def _document(self, member: str) -> list[Page]:
        doc = self.xml(member)
        base = posixpath.dirname(member)
        common = _kid(doc, "CommonData")
        default_box = _box(_kid(common, "PageArea", "PhysicalBox").text if _kid(common, "PageArea", "PhysicalBox")
                           is not None else None) or (0.0, 0.0, 210.0, 297.0)
        fonts = self._fonts(common, base)
        templates = {}
        for tpl in _kids(common, "TemplatePage") if common is not None else ():
            if (loc := self._member(tpl.get("BaseLoc", ""), base)) is not None:
                templates[tpl.get("ID", "")] = loc
        entries = list(_kids(_kid(doc, "Pages"), "Page")) if _kid(doc, "Pages") is not None else []
        if len(entries) > MAX_PAGES:
            raise self._error("too-many-pages", f"有 {len(entries)} 页，超过 {MAX_PAGES} 页的上限，未读取")
        pages = []
        for n, entry in enumerate(entries, 1):
            if time.monotonic() - self.started > MAX_SECONDS:
                raise self._error("too-slow", f"读取超过 {MAX_SECONDS:.0f} 秒，在第 {n} 页停止")
            loc = self._member(entry.get("BaseLoc", ""), base)
            if loc is None:
                self.issues.append(Issue("corrupt", f"{self.name}: 第 {n} 页的内容缺失", severity="warning"))
                continue
            page = self.xml(loc)
            box = _box(_kid(page, "Area", "PhysicalBox").text if _kid(page, "Area", "PhysicalBox") is not None
                       else None) or default_box
            if not (MIN_SIDE <= box[2] <= MAX_SIDE and MIN_SIDE <= box[3] <= MAX_SIDE):
                self.issues.append(Issue("absurd-page", f"{self.name}: 第 {n} 页尺寸 {box[2]:g}×{box[3]:g} 毫米不合常理，已跳过",
                                         severity="warning"))
                continue
            layers = [page]
            for tpl in _kids(page, "Template"):
                if (tpl_member := templates.get(tpl.get("TemplateID", ""))) is not None:
                    layers.append(self.xml(tpl_member))
            glyphs: list[_Glyph] = []
            rules: list[Rule] = []
            for layer in layers:
                for el in layer.iter():
                    kind = _local(el)
                    if kind == "TextObject":
                        glyphs += _text_object(el, fonts)
                    elif kind == "PathObject":
                        rules += _rules(el)
                if len(glyphs) > MAX_CHARS:
                    raise self._error("too-large", f"第 {n} 页有超过 {MAX_CHARS} 个字符，不是一页正文")
            x, y = box[0], box[1]
            shifted = [_Glyph(g.ch, g.x0 - x, g.x1 - x, g.base - y, g.size, g.font, g.bold) for g in glyphs]
            pages.append(Page(box[2] * MM, box[3] * MM, _lines(shifted, rules),
                              [Rule((r.x0 - x) * MM, (r.y0 - y) * MM, (r.x1 - x) * MM, (r.y1 - y) * MM) for r in rules]))
        return pages

    def _fonts(self, common: etree._Element | None, base: str) -> dict[str, tuple[str, bool]]:
        """Font id → (name, bold) from the public and document resources."""
        fonts: dict[str, tuple[str, bool]] = {}
        for kind in ("PublicRes", "DocumentRes"):
            for loc in _kids(common, kind) if common is not None else ():
                member = self._member(loc.text or "", base) if loc.text else None
                if member is None:
                    continue
                for font in self.xml(member).iter():
                    if _local(font) == "Font":
                        name = font.get("FontName") or font.get("FamilyName") or ""
                        bold = font.get("Bold", "").lower() == "true" or bool(_BOLD_FACE.search(name))
                        fonts[font.get("ID", "")] = (name, bold)
        return fonts


def _ctm(el: etree._Element) -> tuple[float, float, float, float, float, float]:
    values = _numbers(el.get("CTM"))
    return (values[0], values[1], values[2], values[3], values[4], values[5]) if len(values) == 6 else (1, 0, 0, 1, 0, 0)


def _text_object(obj: etree._Element, fonts: dict[str, tuple[str, bool]]) -> list[_Glyph]:
    """The characters of one TextObject placed on the page (mm, from the page's top-left)."""
    boundary = _box(obj.get("Boundary")) or (0.0, 0.0, 0.0, 0.0)
    a, b, c, d, e, f = _ctm(obj)
    scale = math.sqrt(abs(a * d - b * c)) or 1.0
    sizes = _numbers(obj.get("Size"))
    size = (sizes[0] if sizes else 3.53) * scale  # 3.53 mm: 10 points
    if not 0.1 <= size <= 500:
        return []
    font, bold = fonts.get(obj.get("Font", ""), ("", False))
    weights = _numbers(obj.get("Weight"))
    bold = bold or bool(weights and weights[0] >= 600)
    glyphs: list[_Glyph] = []
    x = y = 0.0
    for code in _kids(obj, "TextCode"):
        text = code.text or ""
        xs, ys = _numbers(code.get("X")), _numbers(code.get("Y"))
        x = xs[0] if xs else x  # a TextCode without X/Y goes on where the last one ended
        y = ys[0] if ys else y
        dx, dy = _deltas(code.get("DeltaX")), _deltas(code.get("DeltaY"))
        # Past the last step given, the last one goes on; with no steps at all, one em.
        step_x = dx[-1] if dx else (0.0 if dy else size / scale)
        step_y = dy[-1] if dy else 0.0
        for i, ch in enumerate(text[:MAX_CHARS]):
            advance = dx[i] if i < len(dx) else step_x
            if not ch.isspace():
                px, py = a * x + c * y + e + boundary[0], b * x + d * y + f + boundary[1]
                # The glyph's own box, not its advance: a letter-spaced title keeps its gaps.
                width = size if unicodedata.east_asian_width(ch) in "WF" else 0.5 * size
                if advance > 0:
                    width = min(width, abs(a) * advance or width)
                glyphs.append(_Glyph(ch, px, px + width, py, size, font, bold))
            x += advance
            y += dy[i] if i < len(dy) else step_y
    return glyphs


def _path_points(data: str) -> list[list[tuple[float, float]]]:
    """Polylines of an AbbreviatedData path (M, L, Z; curves reduced to their end points)."""
    tokens = data.split()
    lines: list[list[tuple[float, float]]] = []
    arity = {"M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0, "Z": 0, "S": 2}
    i = 0
    while i < len(tokens):
        op = tokens[i]
        n = arity.get(op)
        if n is None:
            i += 1
            continue
        args = _numbers(" ".join(tokens[i + 1:i + 1 + n]))
        i += 1 + n
        if op in ("C", "Z"):
            if lines and lines[-1]:
                lines[-1].append(lines[-1][0])
            continue
        if len(args) < 2:
            continue
        point = (args[-2], args[-1])
        if op in ("M", "S") or not lines:
            lines.append([point])
        else:
            lines[-1].append(point)
    return lines


def _rules(obj: etree._Element) -> list[Rule]:
    """Horizontal and vertical segments of a stroked path or a thin filled box (mm)."""
    boundary = _box(obj.get("Boundary"))
    if boundary is None:
        return []
    bx, by, bw, bh = boundary
    if bw < 1.0 or bh < 1.0:  # a hairline box: itself a rule
        return [Rule(bx, by + bh / 2, bx + bw, by + bh / 2)] if bh < 1.0 else [Rule(bx + bw / 2, by, bx + bw / 2, by + bh)]
    data = _kid(obj, "AbbreviatedData")
    if data is None or not data.text:
        return []
    a, b, c, d, e, f = _ctm(obj)
    rules = []
    for line in _path_points(data.text[:200_000]):
        points = [(a * x + c * y + e + bx, b * x + d * y + f + by) for x, y in line]
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            if (abs(y1 - y0) < 0.2 and abs(x1 - x0) > 1.0) or (abs(x1 - x0) < 0.2 and abs(y1 - y0) > 1.0):
                rules.append(Rule(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
    return rules


def _lines(glyphs: list[_Glyph], rules: list[Rule]) -> list[TextLine]:
    """Printed lines in reading order: rows by baseline, top to bottom; within a row, left to
    right, split where a wide gap opens or a vertical rule passes (table cells, columns)."""
    walls = [r for r in rules if abs(r.x1 - r.x0) < 0.5 and r.y1 - r.y0 > 1.0]
    rows: list[list[_Glyph]] = []
    for g in sorted(glyphs, key=lambda g: (g.base, g.x0)):
        if rows and abs(g.base - rows[-1][0].base) <= 0.3 * max(g.size, rows[-1][0].size):
            rows[-1].append(g)
        else:
            rows.append([g])
    lines: list[TextLine] = []
    for row in rows:
        row.sort(key=lambda g: g.x0)
        run: list[_Glyph] = []
        for g in row:
            if run:
                prev = run[-1]
                em = max(prev.size, g.size)
                if g.ch == prev.ch and abs(g.x0 - prev.x0) < 0.2 * em:
                    continue  # the same character printed twice over itself (simulated bold)
                if g.x0 - prev.x1 > SPLIT_GAP * em or _wall_between(prev, g, walls):
                    lines.append(_line(run))
                    run = []
            run.append(g)
        if run:
            lines.append(_line(run))
    return lines


def _wall_between(a: _Glyph, b: _Glyph, walls: list[Rule]) -> bool:
    mid = a.base - a.size * (ASCENT - DESCENT) / 2
    return any(a.x1 - 0.1 * a.size <= w.x0 <= b.x0 + 0.1 * b.size and w.y0 <= mid <= w.y1 for w in walls)


def _line(run: list[_Glyph]) -> TextLine:
    parts = [run[0].ch]
    for prev, g in itertools.pairwise(run):
        if g.x0 - prev.x1 > SPACE_GAP * max(prev.size, g.size):
            parts.append(" ")
        parts.append(g.ch)
    sizes = sorted(g.size for g in run)
    size = sizes[len(sizes) // 2]
    fonts = [g.font for g in run]
    return TextLine(
        "".join(parts),
        round(min(g.x0 for g in run) * MM, 2),
        round(min(g.base - g.size * ASCENT for g in run) * MM, 2),
        round(max(g.x1 for g in run) * MM, 2),
        round(max(g.base + g.size * DESCENT for g in run) * MM, 2),
        round(size * MM, 2),
        sum(g.bold for g in run) * 2 > len(run),
        max(set(fonts), key=fonts.count),
    )
