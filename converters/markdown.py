"""Render a Notice as Markdown with YAML front matter, in either script.

Notice text is data, never markup: every character that Markdown, HTML or the site's
Markdown extensions could read as syntax is written as a numeric character reference,
so a notice containing `<script>`, `**`, `#` or `1. ` at a line start shows exactly
those characters. Front matter is JSON, one field per line, which is also YAML (MkDocs' front
matter format): the site reads it with a JSON parser, twenty times faster than YAML's
(`dump_front_matter`, `hooks.site.read_page`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import asdict

from .notice import Block, Notice
from .scripts import DEFAULT_STANDARD, to_page, to_script, to_script_all
from .text import LEVELS
from .wordconv import names_in

# Characters that are syntax somewhere in Markdown, HTML or a common extension.
_SPECIAL = "\\`*_[]{}<>&|~^=:$!#"
_ENTITIES = {c: f"&#{ord(c)};" for c in _SPECIAL}
_SPECIAL_CHAR = re.compile(f"[{re.escape(_SPECIAL)}]")
_DIGITS = re.compile(r"\d*")
# Control characters cannot be shown in HTML, and STX/ETX are Python-Markdown's own
# placeholder delimiters: they are written as U+FFFD (after whitespace is collapsed).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Characters a YAML reader refuses or takes for a line break even inside a quoted string
# (JSON writes them as they are): written as \u escapes, which both read alike.
_NOT_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_TAIL_CLASS = {"signature": "notice-signature", "date": "notice-date", "byline": "notice-byline"}
# Official numbering styles, outermost first (第一章 › 第一节 › 一、 › （一） › 1. › （1）): the
# first alternative that matches names the style of a heading.
_STYLES = re.compile("|".join(f"({pattern.pattern})" for pattern, _ in LEVELS))


def escape(text: str) -> str:
    """Text → Markdown that renders as exactly this text (control characters as U+FFFD)."""
    text = " ".join(text.split())
    if not text.isprintable():  # control characters are not printable, and most texts have none
        text = _CONTROL.sub("\ufffd", text)
    # One regex pass that touches only the (rare) special characters: str.translate looks
    # up every character of the text in a dict.
    out = _SPECIAL_CHAR.sub(_entity, text)
    # A line may not open a list, quote, heading or rule: escape the marker character.
    m = _DIGITS.match(out)
    n = m.end() if m else 0
    if n < len(out) and ((n == 0 and out[0] in "-+.>") or (n > 0 and out[n] in ".)")):
        out = out[:n] + f"&#{ord(out[n])};" + out[n + 1 :]
    return out


def _entity(m: re.Match[str]) -> str:
    return _ENTITIES[m.group()]


# A name as a table cell or a name list's item: 2-4 Han characters (spaces inside are
# alignment, "余  红"); a name list is a paragraph of at least three such items.
_NAME_ITEM = re.compile(r"[\u4e00-\u9fff](?: *[\u4e00-\u9fff]){1,3}")
_LIST_SEPARATOR = re.compile(r"[、，,；;]\s*|\s+")
# Five characters with no separator between them: an item too long for a name, so not a name
# list (searched first, it spares splitting every paragraph).
_LONG_ITEM = re.compile(r"[^、，,；;\s]{5}")
MIN_LIST_ITEMS = 3


def notice_names(notice: Notice) -> frozenset[str]:
    """Personal names the notice lists where names are written: editor, byline, signature,
    table cells that hold a name and nothing else, and paragraphs that are lists of names."""
    tails = [b.text for b in notice.blocks if b.kind in ("signature", "byline")]
    items = [cell for b in notice.blocks if b.kind == "table" for row in b.rows for cell in row]
    for b in notice.blocks:
        if b.kind != "para" or _LONG_ITEM.search(text := b.text.strip(" 。")):
            continue
        if len(parts := [x for x in _LIST_SEPARATOR.split(text) if x]) >= MIN_LIST_ITEMS \
                and all(_NAME_ITEM.fullmatch(x) for x in parts):
            items += parts
    named = [x.replace(" ", "") for x in items if _NAME_ITEM.fullmatch(x.strip())]
    return names_in([notice.editor, notice.byline, *tails, *named])


def front_matter(notice: Notice, script: str, standard: str = DEFAULT_STANDARD,
                 names: frozenset[str] | None = None) -> dict:
    """Metadata for the page, all text in `script` (Traditional in `standard`); read by the
    site's templates."""
    names = notice_names(notice) if names is None else names

    def conv(text: str | None) -> str | None:
        """The notice's own words: as written on the page of its own script."""
        return to_page(text, notice.script, script, standard, names) if text else text

    other = "hant" if script == "hans" else "hans"
    period = None
    if notice.period:
        period = {"start": notice.period.start, "end": notice.period.end,
                  "text": conv(notice.period.text), "days": notice.period.days}
    return {
        "title": conv(notice.title),
        "notice_id": notice.id,
        "script": script,
        "original_script": notice.script,
        "alternate": f"../../{other}/notices/{notice.id}.md",
        "issuer": conv(notice.issuer),
        "signed_date": notice.signed_date,
        "published": notice.published,
        "period": period,
        "source": conv(notice.source),
        "editor": conv(notice.editor),
        "byline": conv(notice.byline),
        "title_derived": notice.title_derived,
        "doc_number": conv(notice.doc_number),
        "read_by": notice.read_by,
        "raw": notice.source_path,
        "encoding": notice.encoding,
        # Provenance (README "Adding a notice"): URLs and dates as the sidecar gave them, never
        # converted; the raw file's SHA-256 and size, computed once per conversion.
        "source_url": notice.source_url,
        "retrieved": notice.retrieved,
        "archive_url": notice.archive_url,
        "raw_sha256": notice.raw_sha256,
        "raw_bytes": notice.raw_bytes,
        "warnings": [{**asdict(w), "message": to_script(w.message, script, standard), "excerpt": conv(w.excerpt)}
                     for w in notice.warnings],
    }


def dump_front_matter(meta: dict) -> str:
    """Front matter as JSON, one field per line (a YAML flow mapping too), ending in a newline."""
    text = json.dumps(meta, ensure_ascii=False, indent=0)
    return _NOT_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def render_markdown(notice: Notice, script: str, standard: str = DEFAULT_STANDARD) -> str:
    """The notice as a Markdown page in `script` ("hans" or "hant"), Traditional in `standard`.

    The page of the notice's own script shows its cleaned text character for character.
    """
    names = notice_names(notice) if script != notice.script else frozenset()
    meta = dump_front_matter(front_matter(notice, script, standard, names))
    # The body in one conversion (block texts, then table cells); as written in its own script.
    cells = [cell for b in notice.blocks for row in b.rows for cell in row]
    originals = [b.text for b in notice.blocks] + cells
    converted_all = originals if script == notice.script else to_script_all(originals, script, standard, names)
    texts, cell_texts = converted_all[: len(notice.blocks)], iter(converted_all[len(notice.blocks):])
    parts = [f"---\n{meta}---\n", f"# {escape(to_page(notice.title, notice.script, script, standard, names))}\n"]
    depths = iter(heading_depths([b for b in notice.blocks if b.kind == "heading"]))
    for block, converted in zip(notice.blocks, texts, strict=True):
        if block.kind == "table":
            parts.append(_table(block, cell_texts))
            continue
        text = escape(converted)
        if block.kind == "heading":
            parts.append(f"{'#' * min(1 + next(depths), 6)} {text}\n")
        elif block.kind == "para":
            parts.append(f"{text}\n")
        else:
            parts.append(f'<p class="{_TAIL_CLASS[block.kind]}">{text}</p>\n')
    return "\n".join(parts)


def heading_depths(headings: list[Block]) -> list[int]:
    """How deep each heading lies in the document's own outline (1: a top section), so that
    Markdown's levels and the table of contents nest as the document does.

    The official numbering styles rank outermost first (LEVELS: 第一章 › 第一节 › 一、 › （一） ›
    1. › （1）); an unnumbered head (or a Word outline level) ranks with the numbered style of its
    block level. A heading closes the open sections of its rank or below and opens one under
    those that rank above it: the document's outermost style is depth 1 whichever it is,
    （一） goes under 二、 and 一、 under 第一部分, though 第一部分 and 一、 both have level 2."""
    depths: list[int] = []
    open_ranks: list[int] = []  # strictly increasing: the sections enclosing the next heading
    for block in headings:
        m = _STYLES.match(block.text)
        rank = m.lastindex - 1 if m and m.lastindex else _rank_of_level(block.level)
        while open_ranks and open_ranks[-1] >= rank:
            open_ranks.pop()
        open_ranks.append(rank)
        depths.append(len(open_ranks))
    return depths


def _rank_of_level(level: int) -> int:
    """The rank of the innermost numbered style of this level (一、 for 2, （一） for 3…); a
    level no style has ranks past the deepest (or, below 2, above the outermost)."""
    ranks = [k for k, (_, lv) in enumerate(LEVELS) if lv == level]
    if ranks:
        return ranks[-1]
    return len(LEVELS) + level - 6 if level > 5 else -1


def _table(block: Block, cells: Iterator[str]) -> str:
    """A table as an HTML block, one cell per line (search reads a line per cell), text escaped.

    Markdown's pipe tables cannot merge cells; HTML can, and Python-Markdown passes a raw
    HTML block through as it stands.
    """
    spans = {(r, k): (rs, cs) for r, k, rs, cs in block.spans}
    lines = ['<div class="notice-table-wrap">', '<table class="notice-table">']
    for r, row in enumerate(block.rows):
        lines.append("<tr>")
        for k in range(len(row)):
            rs, cs = spans.get((r, k), (1, 1))
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            lines.append(f"<td{attrs}>{escape(next(cells))}</td>")
        lines.append("</tr>")
    lines += ["</table>", "</div>"]
    return "\n".join(lines) + "\n"
