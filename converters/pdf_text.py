"""Read a PDF's text layer with its layout: characters with their boxes, sizes and faces →
printed lines per page (`layout.TextLine`), ruling lines → `layout.Rule`.

pypdfium2 (PDFium, Apache-2.0/BSD) reads the file; it is permissively licensed, unlike
PyMuPDF (AGPL). Lines are built from the characters' own geometry, not from the extractor's
text: a line ends where the baseline moves, where the text goes back to the left, where a
gap wider than a few characters opens (columns, table cells) or where a vertical rule
passes between two characters (the border of a table cell).

A page whose text layer is missing (an image only) or garbled (U+FFFD, private-use
characters, `(cid:…)`, a page of Kangxi radicals) is handed to OCR (`converters.ocr`,
imported only then). Bad files never raise: an encrypted, truncated or corrupt PDF, one
with too many pages, a page of absurd size or one that takes too long become error issues
that name the file.
"""

from __future__ import annotations

import bisect
import ctypes
import itertools
import math
import re
import statistics
import time
import unicodedata
from dataclasses import dataclass

from .isolate import IsolationError, run_isolated
from .layout import Page, Rule, TextLine
from .notice import Issue
from .readers import Read

MAX_PAGES = 200  # a notice with its attachments is a few dozen pages at most
MAX_SECONDS = 60.0  # reading time for one file, checked between pages
GRACE = 10.0  # then the child reading it is killed, wherever it is
MAX_MEMORY = 1 << 30  # bytes of address space the reading child may add to what it inherits
MAX_CHARS = 60_000  # characters on one page (a dense A4 page holds about 3,000)
MAX_SIDE = 14_400.0  # points: the largest page the PDF specification allows (200 in)
MIN_SIDE = 36.0  # points: half an inch; anything smaller is no page of text
SPLIT_GAP = 2.5  # a gap wider than this many characters ends a printed line (columns, cells)
SPACE_GAP = 0.8  # a gap wider than this many characters reads as a space
GARBLED_SHARE = 0.3  # a page whose characters are this much garbage has a broken text layer
MIN_TEXT = 10  # a page with fewer characters than this and an image is a scan

_BOLD_FACE = re.compile(r"bold|black|heavy|semibold|demibold|extrabold|ultrabold|[-,_ ]bd\b", re.I)
_CID = re.compile(r"\(cid:\d+\)")


@dataclass(frozen=True)
class _Char:
    ch: str
    x0: float
    x1: float
    top: float  # of the font's box, from the page's top
    bottom: float
    base: float  # the baseline, from the page's top
    size: float
    font: str
    bold: bool


def read_pdf(data: bytes, name: str) -> Read:
    """The pages of a PDF as placed lines and rules; scanned pages through OCR.

    The text layer is read in a child process (`isolate`): a file that hangs PDFium, eats
    memory or crashes it costs that child, never the build.
    """
    try:
        read, scanned = run_isolated(read_text_layer, data, name, timeout=MAX_SECONDS + GRACE, memory=MAX_MEMORY)
    except IsolationError as err:
        what = {"timeout": f"读取超过 {MAX_SECONDS + GRACE:.0f} 秒，已中止", "memory": "读取所需内存超过上限，已中止",
                "crashed": f"PDF 阅读器崩溃（{err.detail}）"}.get(err.reason, f"读取出错（{err.detail}）")
        return Read("pdf-text", encoding="pdf", issues=[Issue(f"pdf-{err.reason}", f"{name}: {what}", severity="error")])
    if scanned:
        _ocr(data, scanned, name, read)
    if any(i.severity == "error" for i in read.issues) and not any(p.lines for p in read.pages):
        read.pages = []
    return read


def read_text_layer(data: bytes, name: str) -> tuple[Read, list[int]]:
    """The text layer of every page, and the pages that have none worth reading (for OCR)."""
    import pypdfium2 as pdfium

    read = Read("pdf-text", encoding="pdf")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        read.issues.append(_open_error(err, name))
        return read, []
    try:
        return read, _read_pages(pdf, name, read)
    finally:
        pdf.close()


def _open_error(err: Exception, name: str) -> Issue:
    text = str(err).lower()
    if "password" in text or "security" in text:
        return Issue("pdf-encrypted", f"{name}: 加密的 PDF（需要密码），无法读取", severity="error")
    if "format" in text or "file" in text:
        return Issue("pdf-corrupt", f"{name}: PDF 文件损坏或被截断，无法读取（{err}）", severity="error")
    return Issue("pdf-corrupt", f"{name}: 无法打开 PDF（{err}）", severity="error")


def _read_pages(pdf, name: str, read: Read) -> list[int]:
    """Fill `read` with the pages; the indexes of the pages that need OCR."""
    count = len(pdf)
    if count == 0:
        read.issues.append(Issue("pdf-empty", f"{name}: PDF 没有页面", severity="error"))
        return []
    if count > MAX_PAGES:
        read.issues.append(Issue("pdf-too-long", f"{name}: PDF 有 {count} 页，超过 {MAX_PAGES} 页的上限，未读取",
                                 severity="error"))
        return []
    started = time.monotonic()
    scanned: list[int] = []
    for index in range(count):
        if time.monotonic() - started > MAX_SECONDS:
            read.issues.append(Issue("pdf-too-slow", f"{name}: 读取超过 {MAX_SECONDS:.0f} 秒，在第 {index + 1} 页停止",
                                     severity="error"))
            read.pages = []
            return []
        try:
            page = pdf[index]
        except Exception as err:  # PDFium raises on a page it cannot load
            read.issues.append(Issue("pdf-corrupt", f"{name}: 第 {index + 1} 页无法读取（{err}）", severity="error"))
            read.pages.append(Page(0, 0))
            continue
        try:
            placed, needs_ocr = _read_page(page, index, name, read)
        finally:
            page.close()
        read.pages.append(placed)
        if needs_ocr:
            scanned.append(index)
    return scanned


def _read_page(page, index: int, name: str, read: Read) -> tuple[Page, bool]:
    width, height = page.get_size()
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE) or not all(map(math.isfinite, (width, height))):
        read.issues.append(Issue("pdf-page-size", f"{name}: 第 {index + 1} 页尺寸异常（{width:.0f}×{height:.0f} pt），未读取",
                                 severity="error"))
        return Page(0, 0), False
    textpage = page.get_textpage()
    try:
        chars, truncated = _chars(textpage, height)
    finally:
        textpage.close()
    if truncated:
        read.issues.append(Issue("pdf-page-dense", f"{name}: 第 {index + 1} 页字符超过 {MAX_CHARS} 个，只读取前面部分",
                                 severity="error"))
    rules, images = _graphics(page, height)
    if _needs_ocr(chars, images):
        return Page(width, height, rules=rules), True
    return Page(width, height, _lines(chars, rules), rules), False


def _chars(textpage, height: float) -> tuple[list[_Char], bool]:
    import pypdfium2.raw as raw

    count = textpage.count_chars()
    textpage = textpage.raw  # the bare handle: ctypes takes it without a property lookup per call
    truncated = count > MAX_CHARS
    rect = raw.FS_RECTF()
    matrix = raw.FS_MATRIX()
    x, y = ctypes.c_double(), ctypes.c_double()
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    fonts: dict[bytes, tuple[str, bool]] = {}
    modes: dict[int, bool] = {}
    out: list[_Char] = []
    for i in range(min(count, MAX_CHARS)):
        code = raw.FPDFText_GetUnicode(textpage, i)
        if raw.FPDFText_IsGenerated(textpage, i) or code in (0x0D, 0x0A, 0xFFFE, 0xFEFF, 0x02) or code > 0x10FFFF:
            continue
        if not raw.FPDFText_GetLooseCharBox(textpage, i, rect) or not raw.FPDFText_GetCharOrigin(textpage, i, x, y):
            continue
        raw.FPDFText_GetMatrix(textpage, i, matrix)
        scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c)) or 1.0
        size = raw.FPDFText_GetFontSize(textpage, i) * scale
        raw.FPDFText_GetFontInfo(textpage, i, buf, len(buf), ctypes.byref(flags))
        key = buf.value
        if key not in fonts:
            face = key.decode("latin-1").split("+", 1)[-1]
            fonts[key] = (face, bool(_BOLD_FACE.search(face)) or bool(flags.value & (1 << 18)))
        face, bold = fonts[key]
        bold = bold or raw.FPDFText_GetFontWeight(textpage, i) >= 600 or _stroked(raw, textpage, i, modes)
        top, bottom = sorted((height - rect.top, height - rect.bottom))
        if not (math.isfinite(size) and math.isfinite(top) and math.isfinite(rect.left)):
            continue
        out.append(_Char(chr(code), rect.left, max(rect.right, rect.left), top, bottom, height - y.value, size, face, bold))
    return out, truncated


def _stroked(raw, textpage, i: int, modes: dict[int, bool]) -> bool:
    """Text filled and stroked: the bold a font without a bold face is given (宋体 加粗)."""
    obj = raw.FPDFText_GetTextObject(textpage, i)
    key = ctypes.cast(obj, ctypes.c_void_p).value or 0
    if key not in modes:
        modes[key] = bool(obj) and raw.FPDFTextObj_GetTextRenderMode(obj) == raw.FPDF_TEXTRENDERMODE_FILL_STROKE
    return modes[key]


def _graphics(page, height: float) -> tuple[list[Rule], int]:
    """Ruling lines (thin paths, the edges of stroked rectangles) and the number of images."""
    import pypdfium2.raw as raw

    rules: list[Rule] = []
    images = 0
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for obj in page.get_objects(max_depth=2):
        if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
            images += 1
            continue
        if obj.type != raw.FPDF_PAGEOBJ_PATH or len(rules) > 20_000:
            continue
        try:
            left, bottom, right, top = obj.get_bounds()
        except Exception:  # a path with no bounds draws nothing
            continue
        x0, x1, y0, y1 = left, right, height - top, height - bottom
        w, h = x1 - x0, y1 - y0
        thin = 3.0
        if min(w, h) <= thin:
            rules.append(Rule(x0, y0 + h / 2, x1, y0 + h / 2) if w >= h else Rule(x0 + w / 2, y0, x0 + w / 2, y1))
            continue
        raw.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke))
        if stroke.value and raw.FPDFPath_CountSegments(obj.raw) in (4, 5, 6):  # a stroked rectangle: its four edges
            rules += [Rule(x0, y0, x1, y0), Rule(x0, y1, x1, y1), Rule(x0, y0, x0, y1), Rule(x1, y0, x1, y1)]
    return rules, images


def _bad(ch: str) -> bool:
    o = ord(ch)
    return o == 0xFFFD or 0xE000 <= o <= 0xF8FF or 0x2F00 <= o <= 0x2FDF or o >= 0xF0000


def _needs_ocr(chars: list[_Char], images: int) -> bool:
    """No text layer over an image, or a text layer that is mostly garbage."""
    visible = [c.ch for c in chars if not c.ch.isspace()]
    if len(visible) < MIN_TEXT:
        return images > 0
    text = "".join(visible)
    bad = sum(map(_bad, visible)) + sum(len(m) for m in _CID.findall(text))
    return bad > GARBLED_SHARE * len(visible)


def _unify(ch: str) -> str:
    """Kangxi radicals and compatibility ideographs as the unified ideographs they stand for."""
    o = ord(ch)
    if 0x2F00 <= o <= 0x2FDF or 0xF900 <= o <= 0xFAFF or 0x2F800 <= o <= 0x2FA1F:
        return unicodedata.normalize("NFKC", ch)
    return ch


def _lines(chars: list[_Char], rules: list[Rule]) -> list[TextLine]:
    """Printed lines from characters in content order (see the module docstring)."""
    walls = sorted((r for r in rules if abs(r.x1 - r.x0) < 1.0 and r.y1 - r.y0 > 3.0), key=lambda r: r.x0)
    wall_xs = [w.x0 for w in walls]
    lines: list[TextLine] = []
    run: list[_Char] = []
    for c in chars:
        if run:
            prev = run[-1]
            em = max(prev.size, c.size, 1.0)
            if (abs(c.base - prev.base) > 0.5 * em or c.x0 < prev.x0 - 0.5 * em
                    or c.x0 - prev.x1 > SPLIT_GAP * em or _wall_between(prev, c, walls, wall_xs)):
                _flush(run, lines)
                run = []
        run.append(c)
    _flush(run, lines)
    return lines


def _wall_between(a: _Char, b: _Char, walls: list[Rule], xs: list[float]) -> bool:
    """Does a vertical rule (walls, sorted by x at `xs`) pass between two characters?"""
    if not walls:
        return False
    left, right = (a.x0 + a.x1) / 2, (b.x0 + b.x1) / 2
    lo, hi = bisect.bisect_right(xs, left), bisect.bisect_left(xs, right)
    if lo >= hi:
        return False
    mid = (a.top + a.bottom) / 2
    return any(w.y0 <= mid <= w.y1 for w in walls[lo:hi])


def _flush(run: list[_Char], lines: list[TextLine]) -> None:
    while run and run[-1].ch.isspace():
        run.pop()
    while run and run[0].ch.isspace():
        run.pop(0)
    if not run:
        return
    parts = [_unify(run[0].ch)]
    for prev, c in itertools.pairwise(run):
        if c.x0 - prev.x1 > SPACE_GAP * max(prev.size, c.size, 1.0) and not prev.ch.isspace() and not c.ch.isspace():
            parts.append(" ")
        parts.append(_unify(c.ch))
    visible = [c for c in run if not c.ch.isspace()] or run
    size = statistics.median(c.size for c in visible)
    fonts = [c.font for c in visible]
    font = max(set(fonts), key=fonts.count)
    bold = sum(c.bold for c in visible) * 2 > len(visible)
    lines.append(TextLine("".join(parts), min(c.x0 for c in run), min(c.top for c in run), max(c.x1 for c in run),
                          max(c.bottom for c in run), round(size, 2), bold, font))


def _ocr(data: bytes, indices: list[int], name: str, read: Read) -> None:
    """Pages without a usable text layer, read by OCR where the OCR reader is installed."""
    unavailable = Issue("ocr-unavailable", f"{name}: 扫描的 PDF（第 {'、'.join(str(i + 1) for i in indices)} 页"
                        "没有可用的文字层），OCR 不可用", severity="error")
    try:
        from .ocr import OcrUnavailable, ocr_pdf_pages
    except ImportError:  # numpy, which the OCR stage needs, is missing
        read.issues.append(unavailable)
        return
    problems: list[Issue] = []  # pages OCR could not read, each reported, the rest kept
    try:
        pages = ocr_pdf_pages(data, indices, problems)
    except OcrUnavailable as err:  # the engine or its models are not installed
        read.issues.append(Issue(unavailable.code, f"{unavailable.message}（{err}）", severity="error"))
        return
    except Exception as err:  # OCR must not break the archive either
        read.issues.append(Issue("ocr-failed", f"{name}: OCR 失败（{type(err).__name__}: {err}）", severity="error"))
        return
    read.issues += [Issue(i.code, f"{name}: {i.message}", i.excerpt, i.severity) for i in problems]
    for index, page in zip(indices, pages, strict=False):
        read.pages[index] = page
    read.read_by = "ocr"
