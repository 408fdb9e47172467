"""OCR of scanned PDF pages: rendered page images → placed lines and ruling lines per page.

The engine is RapidOCR with the PP-OCR models that ship inside its wheel (detection and
recognition; nothing is downloaded, the model files are passed by path so the package's
download code never runs). Its recogniser's alphabet holds Traditional and Simplified
characters alike, so Traditional text stays Traditional (Tesseract's chi_sim would
rewrite it). The model is loaded once per process and reused for every page.

What this module adds to the engine, each from the page's own evidence:

- Skew: a scan is rotated by a fraction of a degree. The angle is read from the text boxes
  the detector found (their long edges run along the printed lines), and every coordinate is
  turned back by it, so a paragraph's left edge is one x from the top of the page to the
  bottom and indents, right alignment and centring can be measured. Recognition itself works
  on each box's own rotated crop and needs no deskewed image.
- Lines: the detector's boxes that share a printed line are joined left to right, unless a
  wide gap (columns, table cells) or a vertical rule parts them, as the text-layer reader
  does with characters.
- Rules: table borders and other ruling lines are found in the image (long thin runs of ink,
  long against the page's own text height) and handed on as `layout.Rule`, so tables in scans
  go through the same grid stage as tables in born-digital PDFs.

Pages are rendered with pypdfium2 at `DPI`, capped in pixels, so an absurd page size costs
no more than an A3 page; every page that cannot be read is reported, never raised.
"""

from __future__ import annotations

import itertools
import math
import multiprocessing
import os
import re
import statistics
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .layout import Page, Rule, TextLine
from .notice import Issue
from .unwrap import cell_width

DPI = 200.0  # render resolution (see benchmarks/ocr.py for accuracy against resolution)
DET_SIDE = 960  # the detector sees the page at most this many pixels on its long side
REC_BATCH = 1  # lines per recogniser call: batches pad every line to the widest, costing time and memory
MAX_SIDE_PX = 4_000  # the rendered page's long side at most (A3 at 240 dpi)
MAX_PIXELS = 12_000_000  # and its area at most (A4 at 200 dpi is 3.9 million)
MIN_DPI = 72.0  # a page so large that the cap leaves less than this is reported as unreadable
MAX_SECONDS = 240.0  # OCR time for one document, checked between pages
SPLIT_GAP = 2.5  # a gap wider than this many line heights parts two boxes (columns, cells)
SPACE_GAP = 0.8  # a gap wider than this many line heights reads as a space
MAX_SKEW = 5.0  # degrees: beyond this the boxes' angles are not a scanner's skew
MAX_RULES = 4_000
MIN_EMS = 1.0  # a line's type size is measured from its pitch where its ink spans at least this many ems
DEFAULT_BOX_PAD, MAX_BOX_PAD = 0.3, 1.0  # ems the detector's box adds to a line (see box_pad)
RELIABLE_EMS = 8.0  # a line this long measures its size to a few per cent
JUSTIFY, PITCH_ERROR = 0.03, 0.25  # a pitch's error: justification (relative), box ends and bearings (ems)

_MODELS = {"Det": "PP-OCRv6_det_small.onnx", "Rec": "PP-OCRv6_rec_small.onnx", "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx"}
_engine_lock = threading.Lock()
_ENGINE = None


class OcrUnavailable(RuntimeError):
    """The OCR engine or its bundled models are not installed."""


def _threads() -> int:
    """One thread in a worker process (the build runs one worker per core), else a few."""
    if multiprocessing.parent_process() is not None:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, 4))


def engine():
    """The process's one RapidOCR engine, built on first use from the wheel's own models."""
    global _ENGINE
    if _ENGINE is None:
        with _engine_lock:
            if _ENGINE is None:
                _ENGINE = _build_engine()
    return _ENGINE


def _build_engine():
    try:
        import rapidocr
        from rapidocr import RapidOCR
    except ImportError as err:
        raise OcrUnavailable(f"rapidocr is not installed ({err})") from err
    models = Path(rapidocr.__file__).parent / "models"
    params: dict[str, object] = {
        "Global.log_level": "critical",
        "Global.use_cls": False,  # scans are upright; the 180° classifier costs time for nothing
        "Global.max_side_len": MAX_SIDE_PX,
        "Det.limit_type": "max",
        "Det.limit_side_len": DET_SIDE,
        "Rec.rec_batch_num": REC_BATCH,
        "EngineConfig.onnxruntime.intra_op_num_threads": _threads(),
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    }
    for stage, file in _MODELS.items():
        path = models / file
        if not path.is_file():
            raise OcrUnavailable(f"the OCR model {file} is missing from {models}")
        params[f"{stage}.model_path"] = str(path)
    return RapidOCR(params=params)


@dataclass(frozen=True)
class Piece:
    """One box the detector found, in deskewed page pixels, with its recognised text."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def ocr_pdf_pages(data: bytes, indices: list[int], issues: list[Issue] | None = None) -> list[Page]:
    """The pages `indices` (0-based) of a PDF read by OCR, one `Page` each, in points.

    A page that cannot be read comes back empty, with an issue appended to `issues`; a
    document whose time budget runs out gets empty pages for the rest (and one issue).
    """
    import pypdfium2 as pdfium

    issues = issues if issues is not None else []
    ocr = engine()
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as err:  # pypdfium2 raises PdfiumError on a damaged or encrypted file
        issues.append(Issue("ocr-unreadable", f"PDF 无法打开，未识别（{err}）", severity="error"))
        return [Page(0, 0) for _ in indices]
    pages: list[Page] = []
    started = time.monotonic()
    try:
        for n, index in enumerate(indices):
            if time.monotonic() - started > MAX_SECONDS:
                issues.append(Issue("ocr-too-slow", f"OCR 超过 {MAX_SECONDS:.0f} 秒，第 {index + 1} 页起未识别",
                                    severity="error"))
                pages += [Page(0, 0) for _ in indices[n:]]
                break
            pages.append(_ocr_page(pdf, index, ocr, issues))
    finally:
        pdf.close()
    return pages


def _ocr_page(pdf, index: int, ocr, issues: list[Issue]) -> Page:
    try:
        page = pdf[index]
    except Exception as err:  # PDFium raises on a page it cannot load
        issues.append(Issue("ocr-page-error", f"第 {index + 1} 页无法读取（{err}）", severity="error"))
        return Page(0, 0)
    try:
        width, height = page.get_size()
        scale = render_scale(width, height)
        if scale is None:
            issues.append(Issue("ocr-page-size", f"第 {index + 1} 页尺寸异常（{width:.0f}×{height:.0f} pt），未识别",
                                severity="error"))
            return Page(0, 0)
        bitmap = page.render(scale=scale, grayscale=True, may_draw_forms=False)
        try:
            image = np.array(bitmap.to_numpy(), copy=True)
        finally:
            bitmap.close()
        if image.ndim == 3:
            image = image[:, :, 0]
        return read_image(image, 1.0 / scale, ocr)
    except Exception as err:  # a page the renderer or the engine chokes on must not stop the document
        issues.append(Issue("ocr-page-error", f"第 {index + 1} 页 OCR 失败（{type(err).__name__}: {err}）", severity="error"))
        return Page(0, 0)
    finally:
        page.close()


def render_scale(width: float, height: float) -> float | None:
    """Pixels per point for a page of this size: `DPI`, less where the pixel caps demand it;
    None for a page that has no finite positive size or would fall below `MIN_DPI`."""
    if not (math.isfinite(width) and math.isfinite(height)) or width <= 0 or height <= 0:
        return None
    scale = min(DPI / 72.0, MAX_SIDE_PX / max(width, height), math.sqrt(MAX_PIXELS / (width * height)))
    if scale * 72.0 < MIN_DPI and max(width, height) > 2 * 1191:  # more than twice A3 and still too coarse
        return None
    return scale


def read_image(image: np.ndarray, points_per_px: float, ocr=None) -> Page:
    """A greyscale page image → its placed lines and rules, in points (origin top-left)."""
    ocr = ocr or engine()
    h, w = image.shape[:2]
    result = ocr(image)
    boxes = [] if result.boxes is None else [np.asarray(b, dtype=float) for b in result.boxes]
    texts = list(result.txts or ())
    angle = skew_angle(boxes)
    matrix = _rotation(w, h, angle)
    pieces = []
    for quad, text in zip(boxes, texts, strict=False):
        text = text.strip()
        if not text:
            continue
        pts = _transform(quad, matrix)
        pieces.append(Piece(text, float(pts[:, 0].min()), float(pts[:, 1].min()), float(pts[:, 0].max()),
                            float(pts[:, 1].max())))
    body = statistics.median(p.height for p in pieces) if pieces else 0.0
    rules = find_rules(image, matrix, body) if pieces else []
    lines = group_lines(pieces, rules)
    s = points_per_px
    sizes = type_sizes(lines)
    placed = []
    for ln, size in zip(lines, sizes, strict=True):
        x0, x1 = em_box(ln.text, ln.x0, ln.x1, size)
        placed.append(TextLine(fix_confusions(ln.text), x0 * s, ln.y0 * s, x1 * s, ln.y1 * s, round(size * s, 2)))
    return Page(
        width=w * s,
        height=h * s,
        lines=placed,
        rules=[Rule(r.x0 * s, r.y0 * s, r.x1 * s, r.y1 * s) for r in rules],
    )


def type_sizes(lines: list[_Line]) -> list[float]:
    """The type size of each line, from its character pitch: the box's width over the ems it
    holds (Latin and digits half an em; see `_ink_ems`).

    A detector's box height varies with the glyphs in the line (brackets, descenders) and its
    padding by a fifth and more; the pitch of a line set solid varies by a few per cent
    (justification), as the layout stage's tolerances expect. The box reaches past the ink at
    both ends (the detector's "unclip"), by an amount that depends on the scan (a clean render
    and a speckled 200 dpi scan differ several times over), so it is measured on the page
    (`box_pad`). That error, like the ink's side bearings, weighs more the shorter the line: a
    short line whose pitch is within it of a neighbouring long line's is set in that line's
    size (a paragraph's last line "下。" is body text, not a smaller size).
    """
    ems = [_ink_ems(ln.text) for ln in lines]
    pad = box_pad(lines, ems)
    sizes = [(ln.x1 - ln.x0) / (e + pad) if e >= MIN_EMS else 0.0 for ln, e in zip(lines, ems, strict=True)]
    ratios = [size / (ln.y1 - ln.y0) for ln, size, e in zip(lines, sizes, ems, strict=True)
              if e >= RELIABLE_EMS and ln.y1 > ln.y0]
    ratio = statistics.median(ratios) if ratios else 1.0
    sizes = [size or (ln.y1 - ln.y0) * ratio for ln, size in zip(lines, sizes, strict=True)]
    out = list(sizes)
    before: int | None = None  # the nearest long line above
    for k, e in enumerate(ems):
        if e >= RELIABLE_EMS:
            before = k
            continue
        after = next((j for j in range(k + 1, len(ems)) if ems[j] >= RELIABLE_EMS), None)
        near = min((sizes[j] for j in (before, after) if j is not None), key=lambda size: abs(size - sizes[k]),
                   default=None)
        if near and abs(sizes[k] - near) <= (JUSTIFY + PITCH_ERROR / max(e, 1.0)) * near:
            out[k] = near
    return out


def box_pad(lines: list[_Line], ems: list[float]) -> float:
    """Ems the detector's boxes add to a line's ink on this page, both ends together. A long
    line's pitch hardly depends on it, and the short line under a long one is most often the
    same paragraph's last line, set in its size: what that line's box holds beyond its own
    ems, in the long line's ems, is the padding. The median over the page's such pairs."""
    pads = [(b.x1 - b.x0) * ems[k - 1] / (a.x1 - a.x0) - ems[k]
            for k, (a, b) in enumerate(itertools.pairwise(lines), start=1)
            if ems[k - 1] >= RELIABLE_EMS and MIN_EMS <= ems[k] < RELIABLE_EMS and a.x1 > a.x0]
    return min(max(statistics.median(pads), 0.0), MAX_BOX_PAD) if pads else DEFAULT_BOX_PAD


def _ink_ems(text: str) -> float:
    """The ems a line's ink spans: its width in ems less the empty halves of a bracket that
    opens it and of a stop or bracket that ends it (see `em_box`)."""
    text = text.strip()
    return cell_width(text) / 2 - 0.5 * (text[:1] in _OPENS_HALF) - 0.5 * (text[-1:] in _CLOSES_HALF and len(text) > 1)


# Chinese punctuation is set in half of its em (CLREQ): an opening mark in the right half, a
# closing mark or a stop in the left half. The recogniser may write the bracket in ASCII.
_OPENS_HALF = "（《「『“‘〔【(<\\["
_CLOSES_HALF = "，。、；：！？）》」』”’〕】),;:!?]"


def em_box(text: str, x0: float, x1: float, size: float) -> tuple[float, float]:
    """The line's extent as a typesetter placed it, from its ink box: a detector's box starts
    at the first ink, half an em into a line that opens with a bracket, and ends half an em
    early on a line that ends with a stop, so both would read as an indent or a short line."""
    text = text.strip()
    if text[:1] in _OPENS_HALF:
        x0 -= size / 2
    if text[-1:] in _CLOSES_HALF:
        x1 += size / 2
    return x0, x1


def skew_angle(boxes: list[np.ndarray]) -> float:
    """The page's skew in radians (positive: lines fall to the right), from the long edges of
    the detector's boxes, weighted by length: long lines measure the angle best."""
    angles, weights = [], []
    for quad in boxes:
        top, bottom = quad[1] - quad[0], quad[2] - quad[3]
        for dx, dy in (top, bottom):
            length = math.hypot(dx, dy)
            height = float(np.linalg.norm(quad[3] - quad[0]))
            if dx > 0 and length > 4 * max(height, 1.0):  # a line of text, not a word or a stamp
                angles.append(math.atan2(dy, dx))
                weights.append(length)
    if not angles:
        return 0.0
    order = sorted(range(len(angles)), key=angles.__getitem__)
    half, acc = sum(weights) / 2, 0.0
    for i in order:  # weighted median: a few odd boxes do not pull it
        acc += weights[i]
        if acc >= half:
            angle = angles[i]
            return angle if abs(math.degrees(angle)) <= MAX_SKEW else 0.0
    return 0.0


def _rotation(w: int, h: int, angle: float) -> np.ndarray:
    """The affine matrix (2×3) that turns the page by -angle about its centre."""
    c, s = math.cos(angle), math.sin(angle)
    cx, cy = w / 2, h / 2
    return np.array([[c, s, cx - c * cx - s * cy], [-s, c, cy + s * cx - c * cy]])


def _transform(points: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    return points @ matrix[:, :2].T + matrix[:, 2]


def find_rules(image: np.ndarray, matrix: np.ndarray, body: float) -> list[Rule]:
    """Ruling lines in deskewed page pixels: runs of ink much longer than a character is
    tall (a character's longest stroke is about one line height) and a few pixels thick."""
    import cv2

    h, w = image.shape[:2]
    ink = (image < 160).astype(np.uint8) * 255
    if abs(matrix[0, 1]) > 1e-4:
        ink = cv2.warpAffine(ink, matrix, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    body = max(body, 8.0)
    thick = max(3, round(body / 6))  # a border is thin against the text it frames
    rules: list[Rule] = []
    for horizontal in (True, False):
        length = round(body * (3.0 if horizontal else 1.6))
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1) if horizontal else (1, length))
        runs = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
        count, _, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
        for x, y, bw, bh, _area in stats[1:]:
            across = bh if horizontal else bw
            if across > thick * 2:  # a filled block or a thick bar of text, not a rule
                continue
            if horizontal:
                mid = y + bh / 2
                rules.append(Rule(float(x), mid, float(x + bw), mid))
            else:
                mid = x + bw / 2
                rules.append(Rule(mid, float(y), mid, float(y + bh)))
            if len(rules) > MAX_RULES:
                return []  # a drawing or noise, not the borders of a table
        del count
    return rules


@dataclass
class _Line:
    pieces: list[Piece]
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def text(self) -> str:
        parts = [self.pieces[0].text]
        for prev, p in zip(self.pieces, self.pieces[1:], strict=False):
            if p.x0 - prev.x1 > SPACE_GAP * max(prev.height, p.height):
                parts.append(" ")
            parts.append(p.text)
        return "".join(parts)

    def add(self, p: Piece) -> None:
        self.pieces.append(p)
        self.x0, self.y0 = min(self.x0, p.x0), min(self.y0, p.y0)
        self.x1, self.y1 = max(self.x1, p.x1), max(self.y1, p.y1)


def group_lines(pieces: list[Piece], rules: list[Rule] | None = None) -> list[_Line]:
    """Boxes of one printed line joined left to right; lines top to bottom.

    Two boxes share a line when they overlap vertically by at least half the smaller one's
    height and the gap between them is no wider than `SPLIT_GAP` line heights with no
    vertical rule in it (a table's cell border, a column gap).
    """
    walls = [r for r in rules or [] if r.x0 == r.x1]
    lines: list[_Line] = []
    for p in sorted(pieces, key=lambda p: (p.x0, p.y0)):
        best, best_overlap = None, 0.0
        for line in lines:
            last = line.pieces[-1]
            overlap = min(line.y1, p.y1) - max(line.y0, p.y0)
            em = max(last.height, p.height)
            if overlap < 0.5 * min(last.height, p.height) or overlap <= best_overlap:
                continue
            if p.x0 < last.x1 - 0.25 * em or p.x0 - last.x1 > SPLIT_GAP * em:
                continue
            if _wall_between(last, p, walls):
                continue
            best, best_overlap = line, overlap
        if best is None:
            lines.append(_Line([p], p.x0, p.y0, p.x1, p.y1))
        else:
            best.add(p)
    lines.sort(key=lambda ln: ((ln.y0 + ln.y1) / 2, ln.x0))
    return lines


def _wall_between(a: Piece, b: Piece, walls: list[Rule]) -> bool:
    # Between the boxes' centres: a detector's box reaches a little past its ink, across a border.
    mid = (max(a.y0, b.y0) + min(a.y1, b.y1)) / 2
    left, right = (a.x0 + a.x1) / 2, (b.x0 + b.x1) / 2
    return any(left < w.x0 < right and w.y0 <= mid <= w.y1 for w in walls)


# The recogniser writes the brackets of a document number (国办发〔2018〕15号) as ASCII
# square brackets; a bracketed year glued to Chinese text is that number's 〔〕.
_DOC_NUMBER_YEAR = re.compile(r"(?<=[\u4e00-\u9fff])[\[［【]\s*((?:19|20)\d\d)\s*[\]］】]")


def fix_confusions(text: str) -> str:
    """Characters the recogniser confuses with look-alikes, where the context decides."""
    return _DOC_NUMBER_YEAR.sub(r"〔\1〕", text)
