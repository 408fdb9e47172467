"""The conversion pipeline: raw bytes → decoded text → cleaned lines → blocks → Notice.

Every stage is a pure function from its own module; this module only wires them in
order and gathers what they report. I/O stays in `convert_file` and the build.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .dates import DateError, find_period, make_date, parse_date
from .decode import decode, size_refusal
from .furniture import Furniture, strip_furniture
from .layout import Flow
from .mojibake import excerpt, find_spans, may_have_spans
from .normalize import normalize_text
from .notice import Issue, Notice, Period
from .pages import strip_pages
from .pinyin import strip_pinyin
from .punctuation import fix_punctuation
from .readers import Read, kind_of, suffixes
from .scripts import detect_script
from .sidecar import load_sidecar, sidecar_path
from .spacing import fix_spacing
from .structure import Hint, Structure, derive_title, recover
from .text import TABLE_END, TABLE_MARKS, is_table_line, map_cells, skeleton, table_line
from .text_tables import find_tables
from .unwrap import unwrap_report

_MESSAGES = {
    "mojibake": "原文此处有无法恢复的乱码",
    "lost-character": "原文此处有字符丢失（显示为“?”）",
}


def notice_id(name: str) -> str:
    """A URL- and file-safe id from a file name: ASCII letters, digits, - and _ kept."""
    stem = Path(name).name
    for suffix in (".txt", ".html", ".htm", ".md", *suffixes()):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    ascii_part = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_part).strip("-_").lower()
    if slug == stem and slug:
        return slug
    digest = hashlib.sha1(stem.encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{digest}" if slug else f"notice-{digest}"


@dataclass
class Cleaned:
    """Logical, cleaned lines and what the cleaning stages reported on the way."""

    lines: list[str]
    furniture: Furniture
    pinyin: list[str]
    hard_wrapped: bool
    # What a reader's layout says each line is (parallel to `lines`), or None for plain text.
    hints: list[Hint] | None = None
    # Wrapped lines joined to the next on no evidence either way (see unwrap.unwrap_report).
    weak_breaks: list[str] = field(default_factory=list)


def _clean(line: str) -> str:
    return fix_spacing(fix_punctuation(fix_spacing(line)))


def clean_lines(text: str) -> Cleaned:
    """Decoded text → logical, cleaned lines (one per block)."""
    paged = strip_pages(text)  # before normalize, which turns the form feeds between pages into spaces
    text = normalize_text(paged.text)
    text, pinyin_removed = strip_pinyin(text)
    furniture = strip_furniture(text.split("\n"))
    furniture.removed[:0] = paged.removed
    unwrapped = unwrap_report(find_tables(furniture.lines))
    lines = []
    for line in unwrapped.lines:
        if line == TABLE_END:
            lines.append(line)
            continue
        cleaned = map_cells(line, _clean) if is_table_line(line) else _clean(line)
        if cleaned:
            lines.append(cleaned)
    return Cleaned(lines, furniture, pinyin_removed, unwrapped.wrapped, weak_breaks=unwrapped.weak)


def convert_text(text: str, name: str, encoding: str = "utf-8", sidecar: dict | None = None,
                 issues: list[Issue] | None = None) -> Notice:
    """Convert a decoded notice; `sidecar` holds an archivist's metadata corrections."""
    cleaned = clean_lines(text)
    notice = _assemble(cleaned, name, encoding, list(issues or []), "text" if "html" not in encoding else "html")
    if not notice.blocks:
        notice.warnings.append(Issue("no-text", "去除网页杂项后没有正文", text[:60], "error"))
    return apply_sidecar(notice, sidecar or {})


def clean_paragraphs(flow: Flow) -> Cleaned:
    """Logical lines from a reader (a PDF's layout, a Word document's paragraphs) → cleaned lines.

    The reader already knows where paragraphs, tables and page furniture are, so the stages
    that guess them from plain text (pages, text tables, unwrap) are skipped; every line still
    goes through normalisation, pinyin, web furniture, spacing and punctuation, and keeps the
    layout's hint through them.
    """
    raw: list[str] = []
    hints: list[Hint] = []
    pinyin: list[str] = []
    for para in flow.paragraphs:
        if para.is_table:
            for k, row in enumerate(para.rows):
                spans = {c: (r, w) for (i, c, r, w) in para.spans if i == k}
                cells = [normalize_text(cell) for cell in row]
                raw.append(table_line(cells, [spans.get(c, (1, 1)) for c in range(len(cells))]))
                hints.append(Hint())
            raw.append(TABLE_END)
            hints.append(Hint())
            continue
        # The table marks are the converters' own (converters.text): a document may not carry them.
        text, removed = strip_pinyin(normalize_text(para.text.translate(_NO_MARKS)))
        pinyin += removed
        for line in text.split("\n"):  # a reader may hand on a paragraph with a line break in it
            raw.append(line)
            hints.append(Hint(para.role, para.level))
    furniture = strip_furniture(raw)
    furniture.removed[:0] = flow.removed
    lines: list[str] = []
    kept_hints: list[Hint] = []
    for line, hint in _kept(raw, hints, furniture.lines):
        cleaned = line if line == TABLE_END else map_cells(line, _clean) if is_table_line(line) else _clean(line)
        if cleaned:
            lines.append(cleaned)
            kept_hints.append(hint)
    return Cleaned(lines, furniture, pinyin, False, kept_hints)


_NO_MARKS = dict.fromkeys(map(ord, TABLE_MARKS))


def _kept(raw: list[str], hints: list[Hint], kept: list[str]) -> list[tuple[str, Hint]]:
    """The lines furniture kept, each with its hint: kept lines are the raw ones in order, some
    dropped and some shortened at their start (a page footer glued to a line)."""
    out = []
    j = 0
    for line, hint in zip(raw, hints, strict=True):
        if j < len(kept) and (kept[j] == line or (kept[j] and line.strip().endswith(kept[j].strip()))):
            out.append((kept[j], hint))
            j += 1
    return out


def convert_read(read: Read, name: str, sidecar: dict | None = None, issues: list[Issue] | None = None) -> Notice:
    """Convert what a reader of a page-based or flow document produced."""
    warnings = list(read.issues) + list(issues or [])
    if read.paragraphs is not None:
        flow = Flow(list(read.paragraphs), list(read.removed))
    else:
        from .layout_blocks import flow_of_pages

        flow = flow_of_pages(read.pages)
        flow.removed[:0] = read.removed
    if not any(p.text.strip() or p.rows for p in flow.paragraphs):
        if not any(i.severity == "error" for i in warnings):
            warnings.append(Issue("no-text", f"{name}: 文件中没有可读的文字", severity="error"))
        notice = _unreadable(name, read.encoding, warnings)
        notice.read_by = read.read_by
        return notice
    notice = _assemble(clean_paragraphs(flow), name, read.encoding, warnings, read.read_by)
    if not notice.blocks:
        notice.warnings.append(Issue("no-text", f"{name}: 文件中没有正文", severity="error"))
    return apply_sidecar(notice, sidecar or {})


MAX_WEAK_BREAKS = 5  # named one by one; more are counted in the last warning


def weak_break_issues(lines: list[str]) -> list[Issue]:
    """Warnings that name the wrapped lines whose joining was a guess, so a reader can check them."""
    message = "此行排满且以句末标点结束，下一行也排满，原文又无段首缩进可依：已按段内换行接续，可能应为分段"
    issues = [Issue("weak-line-break", message, line[-40:]) for line in lines[:MAX_WEAK_BREAKS]]
    if len(lines) > MAX_WEAK_BREAKS:
        issues[-1] = Issue("weak-line-break", f"{message}（另有 {len(lines) - MAX_WEAK_BREAKS} 处同类断行）",
                           lines[MAX_WEAK_BREAKS - 1][-40:])
    return issues


def _assemble(cleaned: Cleaned, name: str, encoding: str, warnings: list[Issue], read_by: str) -> Notice:
    """The notice from cleaned lines: structure, metadata, and what was found wrong on the way."""
    furniture = cleaned.furniture
    structure: Structure = recover(cleaned.lines, cleaned.hints)
    blocks = structure.blocks

    body = "\n".join(b.text for b in blocks)
    for block in blocks if may_have_spans(body) else []:
        for span in find_spans(block.text):
            warnings.append(Issue(span.kind, _MESSAGES[span.kind], excerpt(block.text, span)))

    warnings += weak_break_issues(cleaned.weak_breaks)
    period = None
    try:
        found = find_period(body)
        if found:
            period = Period(found.start.isoformat(), found.end.isoformat(), " ".join(found.text.split()))
    except DateError as err:
        warnings.append(Issue("impossible-date", f"公开期限中的日期无效：{err}", err.excerpt))
    signed_date = None
    if structure.date_line:
        try:
            d = parse_date(structure.date_line)
            signed_date = d.isoformat() if d else None
        except DateError as err:
            warnings.append(Issue("impossible-date", f"落款日期无效：{err}", structure.date_line))
    if period and period.end < period.start:
        warnings.append(Issue("period-reversed", "公开期限的结束日期早于开始日期", period.text))
        period = None

    removed = list(furniture.removed) + structure.removed
    if cleaned.pinyin:
        removed.append("拼音注音：" + "".join(cleaned.pinyin))
    title = structure.title
    return Notice(
        id=notice_id(name),
        source_path=name,
        encoding=encoding,
        script=detect_script(body or "\n".join(cleaned.lines)),  # type: ignore[arg-type]
        blocks=blocks,
        title=title or derive_title(blocks, structure.issuer),
        title_derived=title is None,
        issuer=structure.issuer or furniture.issuer,
        signed_date=signed_date,
        published=furniture.published,
        period=period,
        source=furniture.source,
        editor=furniture.editor,
        byline=structure.byline,
        doc_number=structure.doc_number,
        read_by=read_by,
        removed=removed,
        warnings=warnings,
    )


_DATELINE = re.compile(r"^(?P<m>\d{1,2})月(?P<d>\d{1,2})日")


def apply_sidecar(notice: Notice, sidecar: dict) -> Notice:
    """Fields from NAME.meta.yml win over what was read from the text.

    `year` completes a date the text gives without one: a closing date line or the
    dateline a news report opens with ("7月26日，…").
    """
    if (year := sidecar.get("year")) and not notice.signed_date:
        candidates = [b.text for b in notice.blocks if b.kind == "date"]
        candidates += [b.text for b in notice.blocks[:1] if b.kind == "para"]
        for text in candidates:
            if m := _DATELINE.match(text):
                try:
                    notice.signed_date = make_date(year, m["m"], m["d"]).isoformat()
                except DateError as err:
                    notice.warnings.append(Issue("impossible-date", f"日期无效：{err}", text[:20]))
                break
    for key in ("issuer", "signed_date", "published", "source", "editor", "byline", "script", "doc_number",
                "source_url", "archive_url"):
        if sidecar.get(key) is not None:
            setattr(notice, key, sidecar[key])
    if (title := sidecar.get("title")) is not None:
        _take_sidecar_title(notice, title)
    if period := sidecar.get("period"):
        notice.period = Period(period["start"], period["end"], period.get("text") or "")
    if retrieved := sidecar.get("retrieved"):
        _take_retrieved(notice, retrieved)
    return notice


def _take_retrieved(notice: Notice, retrieved: str) -> None:
    """The capture date, unless it is before every date the notice itself bears: nobody
    captured a notice before it was signed or published (a typo, most likely)."""
    known = [d[:10] for d in (notice.signed_date, notice.published) if d]
    if known and retrieved < min(known):
        notice.warnings.append(Issue(
            "sidecar-invalid",
            f"{sidecar_path(Path(notice.source_path)).name}: field 'retrieved': {retrieved} is before the notice's "
            f"own date {min(known)}; not used", retrieved, "warning"))
        return
    notice.retrieved = retrieved


def _take_sidecar_title(notice: Notice, title: str) -> None:
    """The archivist's title replaces the one read from the text, and the text's title line
    is neither kept twice (a first block that is that title) nor lost (a title read from the
    text that the new one does not contain stays listed as removed)."""
    wanted = skeleton(title)
    if notice.title_derived:
        if notice.blocks and notice.blocks[0].kind in ("heading", "para") and skeleton(notice.blocks[0].text) == wanted:
            notice.blocks = notice.blocks[1:]
    elif skeleton(notice.title) not in wanted:
        notice.removed.insert(0, "原标题：" + notice.title)
    notice.title = title
    notice.title_derived = False


def _unreadable(name: str, encoding: str, issues: list[Issue]) -> Notice:
    """A notice with no readable text: kept only to carry its errors into the report."""
    return Notice(id=notice_id(name), source_path=name, encoding=encoding, script="hans",
                  blocks=[], title=Path(name).name, title_derived=True, warnings=issues)


def convert_bytes(data: bytes, name: str, sidecar: dict | None = None,
                  sidecar_issues: list[Issue] | None = None) -> Notice:
    """Convert a raw file: a reader for its kind (PDF, …) where one claims it, else decoded as text."""
    notice = _convert_bytes(data, name, sidecar, sidecar_issues)
    notice.raw_sha256, notice.raw_bytes = hashlib.sha256(data).hexdigest(), len(data)
    return notice


def _convert_bytes(data: bytes, name: str, sidecar: dict | None, sidecar_issues: list[Issue] | None) -> Notice:
    if kind := kind_of(data, name):
        if refusal := size_refusal(len(data), name):
            return _unreadable(name, kind.name, [refusal, *(sidecar_issues or [])])
        return convert_read(kind.read(data, name), name, sidecar, sidecar_issues)
    decoded = decode(data, name)
    issues = list(decoded.issues) + list(sidecar_issues or [])
    if any(i.severity == "error" for i in decoded.issues) and not decoded.text.strip():
        return _unreadable(name, decoded.encoding, issues)
    return convert_text(decoded.text, name, decoded.encoding, sidecar, issues)


def convert_file(path: Path, root: Path | None = None) -> Notice:
    """Read a raw notice (and its sidecar) from disk and convert it."""
    root = root or path.parent
    sidecar, sidecar_issues = load_sidecar(path, root)
    # The name as the archive knows it ("notices/x.txt"), or the bare file name outside one.
    name = str(path.relative_to(root.parent)) if path.is_relative_to(root.parent) else path.name
    if refusal := size_refusal(path.stat().st_size, name):
        return _unreadable(name, "", [refusal, *sidecar_issues])
    return convert_bytes(path.read_bytes(), name, sidecar, sidecar_issues)
