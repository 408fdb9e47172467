"""Recover a notice's structure from its logical lines: title, body blocks, and the
signature, date and byline that close it."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from .dates import BARE_DATE, FULL_DATE
from .notice import Block
from .text import (
    CJK,
    DOCUMENT_KIND_END,
    TABLE_END,
    ends_sentence,
    heading_level,
    is_table_line,
    prose,
    skeleton,
    table_rows,
)

# A document number standing alone: 国办函〔2018〕74号, 琼府[2005]9号.
_DOC_NUMBER = re.compile(r"^[^\s，。：:]{1,20}[〔［\[【(（﹝]\s*(?:19|20)\d{2}\s*[〕］\]】)）﹞]\s*第?\s*\d{1,4}\s*号$")
# The same on the line a report to a higher body prints it on, with its signer ("签发人：张三").
_DOC_NUMBER_LINE = re.compile(rf"^(?P<number>{_DOC_NUMBER.pattern[1:-1]})(?:\s+(?:签发人|簽發人)\s*[:：]\s*\S.{{0,20}})?$")
DOC_NUMBER_WINDOW = 8  # the document number stands in the first lines, above or under the title
_NO_SENTENCE = re.compile(r"[。！？；!?;]")
BYLINE = re.compile(r"^[（(]\s*[^（）()\s]{0,8}?(?:记者|記者|通讯员|通訊員|作者|撰稿)\s*[^（）()]{1,60}[）)]$")


def byline_value(line: str) -> str:
    """A byline as metadata: the names, without the brackets the page sets them in
    ("（记者 张三 李四）" → "记者 张三 李四"); the block keeps the line as printed."""
    inner = line.strip()
    if inner[:1] in "（(" and inner[-1:] in "）)":
        inner = inner[1:-1].strip()
    return inner or line
_ORG_SUFFIX = (r"(?:党组|黨組|党委|黨委|委员会|委員會|工委|人民政府|政府|办公厅|辦公廳|办公室|辦公室|局|厅|廳|部|组|組|"
               r"委|院|会|會|办|辦|中心|公司|法院|检察院|檢察院|政协|政協)")
_TITLE_ISSUER = re.compile(rf"^(?P<org>.{{2,40}}?{_ORG_SUFFIX})(?:关于|關於|印发|印發|转发|轉發|行政处罚|行政處罰)")
# "某某新闻发言人 张三": the issuing office, then the person speaking for it.
_SIGNATORY = re.compile(r"^(?P<office>\S{4,30})\s+[\u4e00-\u9fff]{2,4}$")
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
    # Lines that are neither title nor body (a repeated title, a document number, a stored-twice body).
    removed: list[str] = field(default_factory=list)
    doc_number: str | None = None  # 发文字号, also kept as the paragraph it is in the text


@dataclass(frozen=True)
class Hint:
    """What a reader's layout says a line is (`layout.Paragraph.role`); "" leaves it to the text rules."""

    role: str = ""
    level: int = 0


def doc_number(lines: list[str]) -> str | None:
    """The 发文字号 (国办发〔2018〕15号): a line of its own among the first lines of a notice."""
    for line in lines[:DOC_NUMBER_WINDOW]:
        if not is_table_line(line) and (m := _DOC_NUMBER_LINE.match(line.strip())):
            return m["number"]
    return None


_DATED_NOTE = re.compile(r"^[（(].*\d{4}\s*年.*[）)]$|^[（(].*[〇○零一二三四五六七八九]{4}年.*[）)]$")


def _title_like(line: str) -> bool:
    # "（2024年5月20日）" or "（…会议通过）" under a title is a note, not more title. A title may
    # hold a comma or an exclamation mark, never a full stop, and does not end as a sentence does.
    # Markup written out in the text ("<b>…</b>", "&amp;") is judged by the words it holds:
    # its semicolons and length are syntax, not the title's.
    line = prose(line)
    return (bool(line.strip()) and len(line) <= MAX_TITLE_LINE and not is_table_line(line) and not _DATED_NOTE.match(line)
            and not re.search(r"[。；;]", line) and not line.endswith(("：", ":", "，", ",", "？", "?", "！", "!"))
            and heading_level(line) == 0 and not FULL_DATE.fullmatch(line) and not _DOC_NUMBER.match(line))


def _is_date_line(line: str) -> bool:
    """A closing date line: a full date standing alone (a full stop may follow), or a bare YYYYMMDD."""
    s = line.strip().rstrip("。.")
    return bool(FULL_DATE.fullmatch(s) or BARE_DATE.fullmatch(s))


def _signature_like(line: str) -> bool:
    return (len(line) <= MAX_SIGNATURE and not re.search(r"[，。；：！？,;:!?]", line)
            and heading_level(line) == 0 and not is_table_line(line))


def _title_group(lines: list[str]) -> int:
    """How many of the first lines make one title (0 if the text does not open with one).

    A title is one to three title-like lines; it ends once it names a kind of document
    (…的通知, even where the last character wrapped alone onto a line), and before a line that
    opens as the first one does (the title again, written out in full).
    """
    n = 0
    while n < min(3, len(lines) - 1) and _title_like(lines[n]):
        if n and lines[n][:6] == lines[0][:6]:
            break
        n += 1
        if DOCUMENT_KIND_END.search(prose("".join(lines[:n]))):
            break
    if n == 0 or sum(len(prose(x)) for x in lines[:n]) > 2 * MAX_TITLE_LINE:
        return 0
    return n


def split_title(lines: list[str]) -> tuple[str | None, list[str]]:
    """A one- to three-line title at the top, joined; the rest of the lines."""
    title, rest, _ = _split_title(lines)
    return title, rest


def _split_title(lines: list[str]) -> tuple[str | None, list[str], list[str]]:
    """Title, the rest, and what stood between them and is neither (a repeat of the title).

    The document number under a title (国函〔2018〕145号) is the document's own text and stays.

    A page often prints its headline twice (page title, then the document's own title block)
    or an abridged headline before the full one: a group that repeats the title, or extends
    what it abridged ("…村镇等"), is the same headline and the fuller form is kept.
    """
    # An attachment printed as a document of its own opens with its label ("附件2"), then its title.
    lead = lines[:1] if len(lines) > 2 and _ATTACHMENT_LABEL.match(lines[0]) else []
    n = _title_group(lines[len(lead):])
    if not n:
        return None, lines, []
    title, rest, removed = "".join(lines[len(lead):len(lead) + n]), lines[len(lead) + n:], []
    while k := _title_group(rest):
        again = "".join(rest[:k])
        short = skeleton(title).removesuffix("等")
        if skeleton(again) == skeleton(title):
            removed += rest[:k]
        elif skeleton(again).startswith(short) and len(again) > len(title):
            removed.append(title)
            title = again
        else:
            break
        rest = rest[k:]
    title, prefix = _strip_site_prefix(title)
    return title, lead + rest, removed + prefix


_ATTACHMENT_LABEL = re.compile(r"^附件\s*\d{0,2}$")
_SITE_SEP = re.compile(rf"(?<=[{CJK}])\s*_\s*(?=[{CJK}])")
_TAG_PREFIX = re.compile(rf"^(?P<tag>[{CJK}]{{2,5}})[:：](?=.{{20}})")


def _strip_site_prefix(title: str) -> tuple[str, list[str]]:
    """A hosting site's words glued to the headline ("站名_标题", "热文:标题") are not the title.

    Only where a notice title could not have them: an underscore never stands in one, and a
    short tag before a colon that names no kind of document (unlike "通知：…") is a site label.
    """
    parts = _SITE_SEP.split(title)
    if len(parts) > 1:
        keep = max(parts, key=len)
        return keep, [p for p in parts if p is not keep and p]
    if (m := _TAG_PREFIX.match(title)) and not DOCUMENT_KIND_END.search(m["tag"]):
        return title[m.end():], [m.group(0)]
    return title, []


def classify(text: str, subheads: bool = True) -> Block:
    """Heading (with its level) or paragraph, from the text of one logical line.

    Unnumbered sub-heads are recognised only where `subheads` is set: in a document that
    numbers its sections (一、（一）), a short unnumbered line is a list item or a name, not a head.
    A line that goes on after a colon ("联系电话：…", "1.先进个人：张三") is an entry, not a head.
    """
    if _DOC_NUMBER_LINE.match(text):
        return Block("para", text)  # a document number heads nothing
    level = heading_level(text)
    sentence_free = not _NO_SENTENCE.search(text) and not _LABELLED.search(text)
    if level and sentence_free and len(text) <= MAX_HEADING:
        return Block("heading", text, level)
    if (subheads and not level and sentence_free and 4 <= len(text) <= MAX_SUBHEAD
            and not text.endswith(("：", ":", "，", "、", "——", "…", "—"))
            and not (text.startswith(("（", "(")) and text.endswith(("）", ")")))):  # a note in brackets
        return Block("heading", text, 2)
    return Block("para", text)


_LABELLED = re.compile(r"[：:]\s*\S")
_GLUED_DATE = re.compile(rf"^(?P<body>.*[。！？!?])\s*(?P<date>{FULL_DATE.pattern})$")
_GLUED_SIGNATURE = re.compile(r"^(?P<body>.*[。！？])\s*(?P<org>[（(][^（）()]{2,30}[）)])$")
_NOTE = re.compile(r"^[（(][^（）()]{1,30}[）)]$")
_ATTACHMENT = re.compile(r"^(?:附件|附表|附：|附:)")
CLOSING_WINDOW = 8


def _closing_date(body: list[str]) -> int | None:
    """Index of the closing date line: the last date line followed only by notes in brackets
    ("（此件公开发布）"), or followed by an attachment section however long. A notice that
    forwards a document (转发…) closes at its own signature and date, above the forwarded
    document's title: the first date under a signature that a document title follows."""
    for i in range(1, len(body) - 1):
        if _is_date_line(body[i]) and _signature_like(body[i - 1]) and not _is_date_line(body[i - 1]):
            rest = [x for x in body[i + 1:] if not _NOTE.match(x)]
            if _document_title(rest) and not _ATTACHMENT.match(rest[0]):
                return i
    first_after: str | None = None  # the first line after position i that is not a note
    for i in range(len(body) - 1, -1, -1):
        line = body[i]
        if _is_date_line(line):
            if first_after is None:
                if i >= len(body) - 1 - CLOSING_WINDOW:
                    return i
            elif _ATTACHMENT.match(first_after):
                return i
        if not _NOTE.match(line):
            first_after = line
    return None


def _document_title(lines: list[str]) -> int:
    """Lines (up to three) at the top of `lines` that make a document's title naming its kind."""
    n = 0
    while n < min(3, len(lines)) and _title_like(lines[n]):
        n += 1
        if DOCUMENT_KIND_END.search(prose("".join(lines[:n]))):
            return n
    return 0


def _unbracket(line: str) -> str:
    return line[1:-1].strip() if _NOTE.match(line) else line


def _org_name(line: str) -> bool:
    return bool(_SIGNATURE_ORG.fullmatch(line)) and _signature_like(line)


_SIGNATURE_ORG = re.compile(rf"[^\s，。：:]{{2,28}}{_ORG_SUFFIX}")


def _dedupe_body(lines: list[str]) -> tuple[list[str], list[str]]:
    """A body stored twice in a row ("A B C A B C"): the second copy is not text of its own."""
    if len(lines) >= 6:
        first = lines[0]
        for k in range(3, len(lines) // 2 + 1):
            if lines[k] == first and lines[k:2 * k] == lines[:k]:
                return lines[:k] + lines[2 * k:], lines[k:2 * k]
    return lines, []


# Where paragraph breaks were lost, a line still shows where its parts begin: an attachment
# list ("…。附件：1、…2、…"), a closing formula ("特此通知。"), a signature glued to its date.
_ATTACHMENT_INLINE = re.compile(r"(?<=[。！？\d])(?=附件\s*[:：])")
_CLOSING_FORMULA = re.compile(r"(?<=。)(?=特此[^，。]{1,4}。$)")
_ITEM = re.compile(r"(?<![\d.])(?P<n>\d{1,2})\s*[,，]?\s*(?:、|[.．](?!\d))")
_GLUED_SIGNED = re.compile(rf"^(?P<body>.*[^\s。！？；，、：:\d])(?P<date>{FULL_DATE.pattern})[。.]?$")
_REPEAT = 4


def _split_items(line: str) -> list[str]:
    """An attachment line listing "1、A 2、B" on one line: a break before each next number."""
    cuts, want = [], 1
    for m in _ITEM.finditer(line):
        if int(m["n"]) == want:
            if want > 1:
                cuts.append(m.start())
            want += 1
    bounds = [0, *cuts, len(line)]
    return [line[a:b] for a, b in itertools.pairwise(bounds) if line[a:b]]


def _glued_signature(text: str, before: str) -> int | None:
    """Where an issuer's name glued to the date at the end of `text` starts.

    The name is found by repetition: going left from its end, each four characters of it
    occur earlier in the notice (a body names its own issuer); the first that do not mark the
    end of what precedes it.
    """
    m = _SIGNATURE_TAIL.search(text)
    if not m:
        return None
    start = None
    for p in range(m.end() - _REPEAT, max(-1, m.end() - MAX_SIGNATURE - 1), -1):
        if text[p:p + _REPEAT] in before:
            start = p
        elif start is not None:
            break
    return start if start is not None and m.end() - start >= 6 else None


_SIGNATURE_TAIL = re.compile(rf"{_ORG_SUFFIX}$")


def _split_glued(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        parts = []
        # The patterns open with a lookbehind, tried at every position: look for their words first.
        for piece in _ATTACHMENT_INLINE.split(line) if "附件" in line else (line,):
            for part in _CLOSING_FORMULA.split(piece) if "特此" in piece else (piece,):
                parts += _split_items(part) if _ATTACHMENT.match(part) else [part]
        out += parts
    if out and (m := _GLUED_SIGNED.match(out[-1])):
        body = m["body"]
        start = _glued_signature(body, "\n".join(out[:-1]) + body[: max(0, len(body) - MAX_SIGNATURE)])
        if start is not None:
            out[-1:] = [x for x in (body[:start], body[start:], m["date"] + out[-1][m.end("date"):]) if x]
    return out


def recover(lines: list[str], hints: list[Hint] | None = None) -> Structure:
    """Title, blocks and closing lines of a notice whose lines are already clean.

    `hints`, parallel to `lines`, carry a reader's layout evidence (see `recover_laid_out`);
    plain text has none and everything is read from the text.
    """
    laid_out = hints is not None and any(h.role for h in hints)
    result = recover_laid_out(lines, hints) if hints and laid_out else _recover_text(lines)
    result.doc_number = doc_number(lines)
    return result


def _recover_text(lines: list[str]) -> Structure:
    title, body, removed = _split_title(lines)
    body, twice = _dedupe_body(_split_glued(body))
    result = Structure(title=title, removed=removed + twice)
    if body and (m := _GLUED_DATE.match(body[-1])) and len(body[-1]) > len(m["date"]):
        body = [*body[:-1], m["body"], m["date"]]  # "…更大贡献。 二○○五年二月七日"
    if body and (m := _GLUED_SIGNATURE.match(body[-1])) and _org_name(m["org"][1:-1].strip()):
        body = [*body[:-1], m["body"], m["org"]]  # "…为41.77%。（某某县统计局）"
    tail: list[Block] = []
    end = len(body)
    if end and BYLINE.match(body[end - 1]):
        result.byline = byline_value(body[end - 1])
        tail.insert(0, Block("byline", body[end - 1]))
        end -= 1
    closing = _closing_date(body[:end])
    if closing is not None:
        rest = body[closing + 1:end]
        notes = next((k for k, x in enumerate(rest) if not _NOTE.match(x)), len(rest))
        head: list[Block] = []
        if rest[notes:] and not _ATTACHMENT.match(rest[notes]) and (n := _document_title(rest[notes:])):
            # a forwarded document's own title
            head = [Block("para", x) for x in rest[:notes]] + [Block("heading", "".join(rest[notes:notes + n]), 2)]
            rest = rest[notes + n:]
        after = head + body_blocks(rest, subheads=False)  # attachments, notes, their tables
        result.date_line = body[closing]
        tail[:0] = [Block("date", body[closing]), *after]
        end = closing
        signature: list[str] = []
        while end and len(signature) < 2 and _signature_like(body[end - 1]) and end > 1:
            signature.insert(0, body[end - 1])
            end -= 1
        if signature:
            orgs = [x for x in signature if _org_name(x)]
            result.issuer = " ".join(orgs) if len(orgs) == len(signature) > 1 else signature[0]
            tail[:0] = [Block("signature", x) for x in signature]
    elif end > 2 and _org_name(_unbracket(body[end - 1])) and not _org_name(body[end - 2]):
        # A notice signed with its issuer's name, maybe in brackets, and no date line.
        result.issuer = _unbracket(body[end - 1])
        tail.insert(0, Block("signature", body[end - 1]))
        end -= 1
    if end and not result.byline and BYLINE.match(body[end - 1]):
        result.byline = byline_value(body[end - 1])
        tail.insert(0, Block("byline", body[end - 1]))
        end -= 1
    head: list[Block] = []
    start = 0
    if not result.date_line and (opening := _opening_date(body[:end])):
        start, result.date_line, signature = opening
        head = [Block("date", result.date_line), Block("signature", signature)]
        if result.issuer is None:
            m = _SIGNATORY.match(signature)
            result.issuer = m["office"] if m else signature
    numbered = any(heading_level(x) in (2, 3) and not _NO_SENTENCE.search(x) for x in body[start:end])
    result.blocks = body_blocks(body[start:end], subheads=not numbered)
    # The last block of a notice is text (or the cut-off end of it), not a heading waiting for its section.
    if result.blocks and result.blocks[-1].kind == "heading":
        result.blocks[-1] = Block("para", result.blocks[-1].text)
    result.blocks = head + result.blocks + tail
    if result.issuer is None and title and (m := _TITLE_ISSUER.match(prose(title))):
        result.issuer = m["org"]
    if result.issuer is None:
        result.issuer = publisher_in_text(result.blocks)
    return result


def recover_laid_out(lines: list[str], hints: list[Hint]) -> Structure:
    """Structure where a reader's layout says what lines are.

    The title is the group of lines the layout found by size and place at the top; the
    signature and date are the lines it found right-aligned at the end (the first such date
    under a signature closes the notice: what follows is attachments, notes or a forwarded
    document); every other line is classified from its text, the layout deciding only where
    the text cannot (an unnumbered line is a heading when the layout set it apart, a
    paragraph when it did not). Where the layout found no title or no date, the text rules do.
    """
    top = next((i for i, h in enumerate(hints[:DOC_NUMBER_WINDOW]) if h.role == "title"), None)
    if top is not None:
        end = top
        while end < len(lines) and hints[end].role == "title":
            end += 1
        title: str | None = "".join(lines[top:end])
        body, marks = lines[:top] + lines[end:], hints[:top] + hints[end:]
        removed: list[str] = []
    else:
        title, rest, removed = _split_title(lines)
        skipped = len(lines) - len(rest)
        body, marks = rest, hints[skipped:] if rest == lines[skipped:] else [Hint()] * len(rest)
    result = Structure(title=title, removed=removed)
    tail: list[Block] = []
    end = len(body)
    if end and BYLINE.match(body[end - 1]):
        result.byline = byline_value(body[end - 1])
        tail.insert(0, Block("byline", body[end - 1]))
        end -= 1
    closing = _laid_out_closing(body[:end], marks[:end])
    if closing is not None:
        rest, rest_marks = body[closing + 1:end], marks[closing + 1:end]
        notes = next((k for k, x in enumerate(rest) if not _NOTE.match(x)), len(rest))
        head: list[Block] = []
        if rest[notes:] and not _ATTACHMENT.match(rest[notes]) and (n := _document_title(rest[notes:])):
            head = [Block("para", x) for x in rest[:notes]] + [Block("heading", "".join(rest[notes:notes + n]), 2)]
            rest, rest_marks = rest[notes + n:], rest_marks[notes + n:]
        result.date_line = body[closing]
        tail[:0] = [Block("date", body[closing]), *head, *_hinted_blocks(rest, rest_marks)]
        end = closing
        signature: list[str] = []
        while (end > 1 and len(signature) < 3 and not is_table_line(body[end - 1])
               and (marks[end - 1].role == "signature" or (marks[end - 1].role == "" and _signature_like(body[end - 1])))):
            signature.insert(0, body[end - 1])
            end -= 1
        if signature:
            orgs = [x for x in signature if _org_name(x)]
            result.issuer = " ".join(orgs) if len(orgs) == len(signature) > 1 else signature[0]
            tail[:0] = [Block("signature", x) for x in signature]
    elif end > 2 and marks[end - 1].role == "signature" and _org_name(_unbracket(body[end - 1])):
        result.issuer = _unbracket(body[end - 1])  # signed with the issuer's name and no date
        tail.insert(0, Block("signature", body[end - 1]))
        end -= 1
    result.blocks = _hinted_blocks(body[:end], marks[:end])
    if result.blocks and result.blocks[-1].kind == "heading":
        result.blocks[-1] = Block("para", result.blocks[-1].text)
    result.blocks += tail
    if result.issuer is None and title and (m := _TITLE_ISSUER.match(prose(title))):
        result.issuer = m["org"]
    if result.issuer is None:
        result.issuer = publisher_in_text(result.blocks)
    return result


def _laid_out_closing(body: list[str], marks: list[Hint]) -> int | None:
    """The closing date: the first date line the layout set right under a signature, else the
    last date line it set apart, else what the text rules find."""
    dates = [i for i, h in enumerate(marks) if h.role == "date" and _is_date_line(body[i])]
    for i in dates:
        if i and marks[i - 1].role == "signature":
            return i
    if dates:
        return dates[-1]
    return _closing_date(body)


def _hinted_blocks(lines: list[str], hints: list[Hint]) -> list[Block]:
    """Body blocks of laid-out lines: tables as in `body_blocks`, every other line classified
    from its text with the layout's word where the text leaves it open."""
    blocks: list[Block] = []
    rows: list[str] = []
    listing = False
    for line, hint in zip(lines, hints, strict=True):
        if is_table_line(line):
            if line == TABLE_END:
                cells, spans = table_rows(rows)
                if any(any(row) for row in cells):
                    blocks.append(Block.table(cells, spans))
                rows.clear()
            else:
                rows.append(line)
            continue
        if rows:
            cells, spans = table_rows(rows)
            blocks.append(Block.table(cells, spans))
            rows.clear()
        block = _classify_hinted(line, hint)
        if listing and heading_level(line):
            block = Block("para", line)
        else:
            listing = bool(_ATTACHMENT_LEAD.match(line))
        blocks.append(block)
    if rows:
        cells, spans = table_rows(rows)
        blocks.append(Block.table(cells, spans))
    return _lists_are_not_heads(blocks)


def _lists_are_not_heads(blocks: list[Block]) -> list[Block]:
    """Numbered lines of one level straight after one another, with nothing under any of them,
    are a list (of names, of files), not heads of sections: a head has something to head."""
    out = list(blocks)
    i = 0
    while i < len(out):
        j = i
        while j + 1 < len(out) and out[i].kind == out[j + 1].kind == "heading" and out[j + 1].level == out[i].level:
            j += 1
        if j > i and heading_level(out[i].text):
            out[i:j + 1] = [Block("para", b.text) for b in out[i:j + 1]]
        i = j + 1
    return out


def _classify_hinted(text: str, hint: Hint) -> Block:
    if _is_date_line(text):
        return Block("para", text)  # set apart, and still not a heading
    if hint.role in ("title", "heading"):
        # Set apart by the layout (a larger or bolder line, a title further down such as an
        # attachment's): a heading if its text can be one.
        block = classify(text, subheads=True)
        return block if block.kind == "heading" else Block("para", text)
    if hint.role:
        # The layout says it is body text: only its numbering can make it a heading.
        return classify(text, subheads=False)
    return classify(text, subheads=True)


_PUBLISHES = re.compile(r"(?:现|現)?(?:予以|进行|進行|予)公示|公示如下")
_CLAUSE = re.compile(r"[，,；;]")
# A clause that opens with a preposition or a relative name ("市文明办") has no named subject.
_NOT_SUBJECT = tuple("经經由在对對为為从從向与與和及并並据據按根以依于於市县縣省区區本我该該各其拟擬现現请請如将將提")
# The subject's name ends as an organisation's does; 会 alone is left out (社会, 大会 end too many words).
_BODY_SUFFIX = _ORG_SUFFIX.replace("|会|會", "").replace("|组|組", "")
# A name may go on with a further unit ("国务院" + "办公厅"); only words that cannot begin a verb phrase.
_MORE_UNIT = r"(?:办公厅|辦公廳|办公室|辦公室|委员会|委員會|党组|黨組|党委|黨委)"
_SUBJECT = re.compile(rf"(?P<org>[^\s，。、“”《》（）()的]{{2,24}}?{_BODY_SUFFIX}{_MORE_UNIT}*)(?=[^\s，。、])")


def publisher_in_text(blocks: list[Block]) -> str | None:
    """The body that publishes, where the text names it as the subject of the sentence that
    publishes ("文化和旅游部……提出……名单，现予以公示"); None when no clause of that sentence opens
    with a full name."""
    for block in blocks:
        if block.kind != "para" or not _PUBLISHES.search(block.text):
            continue
        for sentence in re.split(r"[。！？]", block.text):
            if not _PUBLISHES.search(sentence):
                continue
            for clause in _CLAUSE.split(sentence):
                clause = clause.strip()
                if clause.startswith(_NOT_SUBJECT):
                    continue
                if m := _SUBJECT.match(clause):
                    return m["org"]
    return None


def _opening_date(body: list[str]) -> tuple[int, str, str] | None:
    """A statement that opens with its date line and signer (as a press statement does):
    (lines used, date line, signature), when no date line closes it."""
    skip = 0
    while skip < len(body) and body[skip] == TABLE_END:  # a boundary line after the title
        skip += 1
    if len(body) - skip < 4:
        return None
    first, second = body[skip], body[skip + 1]
    if _is_date_line(first) and _signature_like(second):
        return skip + 2, first, second
    if _is_date_line(second) and _signature_like(first):
        return skip + 2, second, first
    return None


def body_blocks(lines: list[str], subheads: bool) -> list[Block]:
    """Blocks of the body: a run of table lines is one table, every other line one block."""
    blocks: list[Block] = []
    rows: list[str] = []

    def flush() -> None:
        cells, spans = table_rows(rows)
        if any(any(row) for row in cells):
            blocks.append(Block.table(cells, spans))
        rows.clear()

    listing = False  # inside the numbered list under "附件：": its items are entries, not heads
    for line in _join_entry_wraps(lines):
        if is_table_line(line):
            if line == TABLE_END:
                flush()
            else:
                rows.append(line)
            continue
        if rows:  # a table also ends where ordinary text starts
            flush()
        block = classify(line, subheads)
        if listing and heading_level(line):
            block = Block("para", line)
        else:
            listing = bool(_ATTACHMENT_LEAD.match(line))
        blocks.append(block)
    if rows:
        flush()
    return blocks


_ATTACHMENT_LEAD = re.compile(r"^(?:附件|附表)\s*[:：]$")
_ENTRY = re.compile(r"^[^：:。；]{1,12}[：:]\s*\S")
MAX_ENTRY_WRAP = 20


def _join_entry_wraps(lines: list[str]) -> list[str]:
    """In a run of entries ("地址：…", "邮编：…"), a short line with no label of its own between
    two of them is the previous value wrapped onto the next line."""
    out: list[str] = []
    for i, line in enumerate(lines):
        if (out and i + 1 < len(lines) and _ENTRY.match(out[-1]) and _ENTRY.match(lines[i + 1])
                and not is_table_line(line) and not is_table_line(out[-1]) and len(line) <= MAX_ENTRY_WRAP
                and not re.search(r"[：:。；！？，]", line) and not heading_level(line) and not heading_level(out[-1])
                and not ends_sentence(out[-1])):
            out[-1] += line
            continue
        out.append(line)
    return out


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
