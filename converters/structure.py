"""Recover a notice's structure from its logical lines: title, body blocks, and the
signature, date and byline that close it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import FULL_DATE
from .notice import Block
from .text import TABLE_END, heading_level, is_table_line, table_rows

_NO_SENTENCE = re.compile(r"[。！？；!?;]")
BYLINE = re.compile(r"^[（(]\s*(?:记者|記者|通讯员|通訊員|作者|撰稿|本报记者|本報記者)\s*[^（）()]{1,60}[）)]$")
_ORG_SUFFIX = (r"(?:党组|黨組|党委|黨委|委员会|委員會|工委|人民政府|政府|办公厅|辦公廳|办公室|辦公室|局|厅|廳|部|"
               r"委|院|会|會|办|辦|中心|公司|法院|检察院|檢察院|政协|政協)")
_TITLE_ISSUER = re.compile(rf"^(?P<org>.{{2,40}}?{_ORG_SUFFIX})(?:关于|關於|印发|印發|转发|轉發)")
MAX_TITLE_LINE = 60
MAX_HEADING = 80
MAX_SUBHEAD = 50
MAX_SIGNATURE = 30
DERIVED_TITLE = 40


@dataclass
class Structure:
    title: str | None
    blocks: list[Block] = field(default_factory=list)
    issuer: str | None = None
    date_line: str | None = None
    byline: str | None = None


_DATED_NOTE = re.compile(r"^[（(].*\d{4}\s*年.*[）)]$|^[（(].*[〇○零一二三四五六七八九]{4}年.*[）)]$")


def _title_like(line: str) -> bool:
    # "（2024年5月20日）" or "（…会议通过）" under a title is a note, not more title.
    return (len(line) <= MAX_TITLE_LINE and not is_table_line(line) and not _DATED_NOTE.match(line)
            and not _DOC_NUMBER.match(line)
            and not re.search(r"[，。；！？,;!?]", line)
            and not line.endswith(("：", ":")) and heading_level(line) == 0
            and not FULL_DATE.fullmatch(line))


def _is_date_line(line: str) -> bool:
    return bool(FULL_DATE.fullmatch(line.strip()))


# A doc number under the title (国办函〔1996〕14号, 国发[2018]44号): a paragraph, not more title.
_DOC_NUMBER = re.compile(r"^\S{1,20}[〔［\[（(﹝]\d{4}[〕］\])）﹞]\S{0,8}?\d{1,4}号$")


def closing_date(lines: list[str]) -> int | None:
    """Index of the date line that closes the notice's own text, when more text follows it.

    A signature and a date may be followed by attachments or a note ("（此件公开发布）"): the
    first date line standing alone under a signature-like line closes the notice.
    """
    for k in range(2, len(lines) - 1):
        if _is_date_line(lines[k]) and _signature_like(lines[k - 1]) and not _is_date_line(lines[k - 1]):
            return k
    return None


def _signature_like(line: str) -> bool:
    return (len(line) <= MAX_SIGNATURE and not re.search(r"[，。；：！？,;:!?]", line)
            and heading_level(line) == 0 and not is_table_line(line))


def split_title(lines: list[str]) -> tuple[str | None, list[str]]:
    """A one- to three-line title at the top, joined; the rest of the lines."""
    n = 0
    while n < min(3, len(lines) - 1) and _title_like(lines[n]):
        n += 1
    if n == 0 or sum(len(x) for x in lines[:n]) > 2 * MAX_TITLE_LINE:
        return None, lines
    return "".join(lines[:n]), lines[n:]


def classify(text: str, subheads: bool = True) -> Block:
    """Heading (with its level) or paragraph, from the text of one logical line.

    Unnumbered sub-heads are recognised only where `subheads` is set: in a document that
    numbers its sections (一、（一）), a short unnumbered line is a list item or a name, not a head.
    """
    level = heading_level(text)
    sentence_free = not _NO_SENTENCE.search(text)
    if level and sentence_free and len(text) <= MAX_HEADING:
        return Block("heading", text, level)
    if (subheads and not level and sentence_free and 4 <= len(text) <= MAX_SUBHEAD
            and not text.endswith(("：", ":", "，", "、", "——", "…", "—"))
            and not (text.startswith(("（", "(")) and text.endswith(("）", ")")))):  # a note in brackets
        return Block("heading", text, 2)
    return Block("para", text)


def recover(lines: list[str]) -> Structure:
    """Title, blocks and closing lines of a notice whose lines are already clean."""
    title, body = split_title(lines)
    result = Structure(title=title)
    tail: list[Block] = []
    end = len(body)
    after: list[str] = []
    if not (end and _is_date_line(body[end - 1])) and (closing := closing_date(body)) is not None:
        end = closing + 1
        after = body[end:]
    if end and BYLINE.match(body[end - 1]):
        result.byline = body[end - 1]
        tail.insert(0, Block("byline", body[end - 1]))
        end -= 1
    if end and _is_date_line(body[end - 1]):
        result.date_line = body[end - 1]
        tail.insert(0, Block("date", body[end - 1]))
        end -= 1
        signature: list[str] = []
        while end and len(signature) < 2 and _signature_like(body[end - 1]) and end > 1:
            signature.insert(0, body[end - 1])
            end -= 1
        if signature:
            result.issuer = signature[0]
            tail[:0] = [Block("signature", s) for s in signature]
    if end and not result.byline and BYLINE.match(body[end - 1]):
        result.byline = body[end - 1]
        tail.insert(0, Block("byline", body[end - 1]))
        end -= 1
    numbered = any(heading_level(x) in (2, 3) and not _NO_SENTENCE.search(x) for x in body[:end])
    result.blocks = body_blocks(body[:end], subheads=not numbered)
    # The last block of a notice is text, not a sub-heading waiting for its section.
    if result.blocks and result.blocks[-1].kind == "heading" and not heading_level(result.blocks[-1].text):
        result.blocks[-1] = Block("para", result.blocks[-1].text)
    result.blocks += tail + body_blocks(after, subheads=not numbered)
    if result.issuer is None and title and (m := _TITLE_ISSUER.match(title)):
        result.issuer = m["org"]
    return result


def body_blocks(lines: list[str], subheads: bool) -> list[Block]:
    """Blocks of the body: a run of table lines is one table, every other line one block."""
    blocks: list[Block] = []
    rows: list[str] = []

    def flush() -> None:
        cells, spans = table_rows(rows)
        if any(any(row) for row in cells):
            blocks.append(Block.table(cells, spans))
        rows.clear()

    for line in lines:
        if is_table_line(line):
            if line == TABLE_END:
                flush()
            else:
                rows.append(line)
            continue
        if rows:  # a table also ends where ordinary text starts
            flush()
        blocks.append(classify(line, subheads))
    if rows:
        flush()
    return blocks


_ANNOUNCES = re.compile(r"现将(?P<what>[^，。；,;]{2,30}?)"
                        r"(?P<verb>予以公布|公布如下|予以公告|公告如下|通报如下|予以通报|予以公示|公示如下)")
_KIND = {"公布": "通报", "通报": "通报", "公告": "公告", "公示": "公示"}


def derive_title(blocks: list[Block], issuer: str | None = None) -> str:
    """A stand-in title for a notice that has none.

    An official notice says what it announces ("现将巡视整改进展情况予以公布"): with a known
    issuer that gives "<issuer>关于<what>的通报". Otherwise the first sentence, clipped.
    """
    if issuer:
        for block in blocks[:3]:
            if block.kind == "para" and (m := _ANNOUNCES.search(block.text)):
                kind = next(v for k, v in _KIND.items() if k in m["verb"])
                return f"{issuer}关于{m['what']}的{kind}"
    first = next((b.text for b in blocks if b.kind == "para"), blocks[0].text if blocks else "")
    sentence = re.split(r"(?<=[。！？!?])", first, maxsplit=1)[0].rstrip("。")
    sentence = re.sub(r"^\d{1,2}月\d{1,2}日[，,]\s*", "", sentence)
    if len(sentence) <= DERIVED_TITLE:
        return sentence
    cut = sentence.rfind("，", 0, DERIVED_TITLE)
    return (sentence[:cut] if cut > 10 else sentence[:DERIVED_TITLE]) + "…"
