"""Tables in extracted PDF text, recognised by the shape of the text alone.

A PDF extractor writes a table in one of two ways:

- **one cell per paragraph** (pdftotext's default mode): short blank-separated groups of
  lines with no sentence punctuation, a cell's wrapped pieces forming one group;
- **one row per line** (pypdfium2): cells separated by spaces, the pieces of a cell that
  wrapped inside its column on the following lines.

Either shape is only taken for a table on evidence of rows: serial numbers 1, 2, 3… opening
consecutive rows, or columns whose cells are numbers in every row under a header without
numbers. The number of columns comes from the rows themselves (the commonest row length,
or the period that makes every column consistent). A row whose cells cannot be told apart
(the extractor merged or reordered them) is kept as one cell spanning the table, in the
extractor's reading order: nothing is invented or dropped, and the lines never turn into a
run of one-line paragraphs or headings.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from .text import TABLE_END, table_line
from .unwrap import cell_width

MIN_GROUPS = 8  # cells in a one-cell-per-paragraph run before it can be a table
MAX_CELL_LINES, MAX_CELL_WIDTH, MAX_CELL_CHARS = 8, 30, 80
MIN_ROWS = 2  # data rows under the header
MAX_COLUMNS = 12
_SENTENCE = re.compile(r"[。；！？;!?]|[，,、：:]$")
_NUMBER = re.compile(r"[-+]?\d[\d,.]*\s*[%％‰]?")
_GAP = re.compile(r"\s+")
_GLUE = 6  # a continuation piece this narrow (cells) belongs to the cell it follows


def _join_pieces(pieces: list[str]) -> str:
    """A cell wrapped inside its column: pieces glued, a space only between two words."""
    out = ""
    for piece in pieces:
        if out and out[-1].isascii() and out[-1].isalpha() and piece[:1].isascii() and piece[:1].isalpha():
            out += " "
        out += piece
    return out


@dataclass
class _Group:
    lines: list[str]  # stripped, non-empty
    start: int  # index of its first line in the input
    end: int  # index after its last line

    @property
    def text(self) -> str:
        return _join_pieces(self.lines)


def _cell_like(group: _Group) -> bool:
    if len(group.lines) > MAX_CELL_LINES or sum(map(len, group.lines)) > MAX_CELL_CHARS:
        return False  # the cheap tests first: most paragraphs of a text fail them
    # Width first: a line is at least a cell per character, and most lines are too wide.
    return all(len(x) <= MAX_CELL_WIDTH and cell_width(x) <= MAX_CELL_WIDTH and not _SENTENCE.search(x)
               for x in group.lines)


def _cell_tail(group: _Group) -> _Group | None:
    """The trailing pieces of a paragraph that could be a cell (no sentence, cell-narrow)."""
    keep = len(group.lines)
    while keep and cell_width(group.lines[keep - 1]) <= MAX_CELL_WIDTH and not _SENTENCE.search(group.lines[keep - 1]):
        keep -= 1
    if keep == len(group.lines):
        return None
    return _Group(group.lines[keep:], group.start + keep, group.end)


def _is_number(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text.strip()))


def find_tables(lines: list[str]) -> list[str]:
    """The lines with each recognised table replaced by its table lines (and a TABLE_END)."""
    return _row_lines(_paragraph_cells(lines))


# ---------------------------------------------------------------- one cell per paragraph


def _groups(lines: list[str]) -> list[_Group]:
    groups: list[_Group] = []
    current: list[str] = []
    start = 0
    for i, line in enumerate(lines):
        s = line.strip()
        if s:
            if not current:
                start = i
            current.append(s)
        elif current:
            groups.append(_Group(current, start, i))
            current = []
    if current:
        groups.append(_Group(current, start, len(lines)))
    return groups


@dataclass
class _Table:
    first: int  # index of the first group (the header) in the run
    header: list[_Group]
    rows: list[list[_Group]]
    columns: int
    lead: list[str]  # lines of the first header group that are a caption, not a cell
    start: int = 0  # input line where the table's text (its caption included) begins


def _paragraph_cells(lines: list[str]) -> list[str]:
    if sum(1 for x in lines if not x.strip()) < MIN_GROUPS:
        return lines  # too few blank lines to separate a table's cells
    groups = _groups(lines)
    blank_separated = sum(1 for g in groups if len(g.lines) <= 2) >= MIN_GROUPS
    if not blank_separated:
        return lines
    out: list[str] = []
    pos = 0  # next input line to copy
    like = [_cell_like(g) for g in groups]
    k = 0
    while k < len(groups):
        if not like[k]:
            k += 1
            continue
        end = k
        while end < len(groups) and like[end]:
            end += 1
        run = groups[k:end]
        if k and (head := _cell_tail(groups[k - 1])):
            run.insert(0, head)  # a header cell printed right under a caption or a sentence
        table = (_serial_table(_split_at_serials(run)) or _numeric_table(run)) if len(run) >= MIN_GROUPS else None
        if table is None:
            k = end
            continue
        last = table.rows[-1][-1]
        out += lines[pos:table.start]
        out += table.lead
        out += _emit(table)
        pos = last.end
        k = next((j for j in range(k, len(groups)) if groups[j].start >= pos), len(groups))
    return out + lines[pos:]


def _split_at_serials(run: list[_Group]) -> list[_Group]:
    """A page break joins the cell before it and the one after into one paragraph: where the
    next serial number stands as a piece of its own inside a group, the group is split there."""
    out: list[_Group] = []
    serial = 0
    for group in run:
        cut = 0
        for j, piece in enumerate(group.lines):
            if piece in (str(serial + 1), str(serial + 2)) and (serial or piece == "1"):
                if j > cut:
                    out.append(_Group(group.lines[cut:j], group.start + cut, group.start + j))
                cut = j
                serial = int(piece)
        out.append(_Group(group.lines[cut:], group.start + cut, group.end) if cut else group)
    return out


def _serial_table(run: list[_Group]) -> _Table | None:
    """Rows opened by the serial numbers 1, 2, 3… standing as cells of their own."""
    starts: list[int] = []
    serial = 0
    for i, group in enumerate(run):
        # The next serial, or the one after where the extractor merged a serial into a cell.
        if group.text not in (str(serial + 1), str(serial + 2)) or not (serial or group.text == "1"):
            continue
        width = starts[0] if starts else 0  # cells in the header: the row length to expect
        if starts and i - starts[-1] < width and starts[-1] + width < len(run) \
                and run[starts[-1] + width].text == group.text:
            continue  # a number in a cell (人数 2), with the serial one row length further on
        starts.append(i)
        serial = int(group.text)
    if len(starts) < MIN_ROWS + 1:
        return None
    lengths = Counter(b - a for a, b in pairwise(starts))
    columns = max(lengths, key=lambda n: (lengths[n], n))
    # The header's cells, where some row has as many, give the count: merged or displaced
    # cells make rows shorter more often than not.
    if starts[0] in lengths:
        columns = starts[0]
    if not 2 <= columns <= MAX_COLUMNS:
        return None
    bounds = [*starts, min(starts[-1] + columns, len(run))]
    rows = [run[a:b] for a, b in pairwise(bounds)]
    first = max(0, starts[0] - columns)
    header = run[first:starts[0]]
    return _with_caption(_Table(first, header, rows, columns, []))


def _numeric_table(run: list[_Group]) -> _Table | None:
    """Rows of `columns` cells where some column holds a number in every data row."""
    best: _Table | None = None
    for columns in range(2, MAX_COLUMNS + 1):
        for first in range(columns):
            chunks = [run[i:i + columns] for i in range(first, len(run) - columns + 1, columns)]
            rows = []
            for chunk in chunks[1:]:
                if not _consistent(chunks[1], chunk):
                    break
                rows.append(chunk)
            header = chunks[0] if chunks else []
            if (len(rows) >= MIN_ROWS + 1 and not any(_is_number(g.text) for g in header)
                    and any(_is_number(g.text) for g in rows[0])
                    and (best is None or len(rows) * columns > len(best.rows) * best.columns)):
                best = _Table(first, header, rows, columns, [])
        if best:
            break
    return _with_caption(best) if best else None


def _consistent(model: list[_Group], row: list[_Group]) -> bool:
    return all(_is_number(a.text) == _is_number(b.text) for a, b in zip(model, row, strict=True))


def _with_caption(table: _Table) -> _Table:
    """A caption printed right above the header shares its first cell's paragraph: the
    header cell is only the trailing pieces no wider than the table's other cells."""
    table.start = (table.header or table.rows[0])[0].start
    if not table.header:
        return table
    widest = max((cell_width(x) for g in table.header[1:] + table.rows[0] for x in g.lines), default=0)
    head = table.header[0]
    keep = len(head.lines)
    while keep > 0 and cell_width(head.lines[keep - 1]) <= widest:
        keep -= 1
    if keep:
        table.lead = head.lines[:keep]
        table.header = [_Group(head.lines[keep:], head.start + keep, head.end), *table.header[1:]]
        if not table.header[0].lines:  # the whole paragraph was caption: the next group heads the table
            table.header = table.header[1:]
    return table


def _cells(groups: list[_Group], columns: int) -> list[str] | None:
    texts = [g.text for g in groups]
    if len(texts) != columns:
        split = [part for t in texts for part in _GAP.split(t)]
        texts = split if len(split) == columns else None
    return texts


def _emit(table: _Table) -> list[str]:
    out = []
    for groups in [table.header, *table.rows]:
        cells = _cells(groups, table.columns)
        if cells is None and groups is table.header and len(groups) < table.columns:
            cells = [g.text for g in groups]  # a header cell the extractor put elsewhere
        if cells is None:
            out.append(table_line([" ".join(g.text for g in groups)], [(1, table.columns)]))
        else:
            out.append(table_line(cells))
    return [*out, TABLE_END]


# ---------------------------------------------------------------- one row per line


def _tokens(line: str) -> list[str]:
    return _GAP.split(line.strip())


def _row_lines(lines: list[str]) -> list[str]:
    """Runs of lines whose cells are separated by spaces, with wrapped pieces in between."""
    out: list[str] = []
    i = 0
    free = 0  # lines before this one already belong to a table
    while i < len(lines):
        table = _space_table(lines, i) if " " in lines[i].strip() else None
        if table is None:
            out.append(lines[i])
            i += 1
            continue
        rows, columns, end = table
        top = _header_top(lines, i, free)
        if top < i:  # the pieces of a merged header above its last line: one spanning row
            del out[len(out) - (i - top):]
            out.append(table_line([" ".join(x.strip() for x in lines[top:i])], [(1, columns)]))
        for row in rows:
            out.append(table_line(row) if len(row) == columns else table_line([" ".join(row)], [(1, columns)]))
        out.append(TABLE_END)
        i = free = end
    return out


MAX_HEADER_LINES = 4


def _header_top(lines: list[str], i: int, free: int) -> int:
    """Where a header of merged cells begins above its last line `i`: the topmost of the
    lines of several cells just above it (single pieces between them included)."""
    top = i
    k = i - 1
    while k >= max(free, i - MAX_HEADER_LINES):
        s = lines[k].strip()
        if not s or _SENTENCE.search(s) or cell_width(s) > 2 * MAX_CELL_WIDTH:
            break
        if len(_tokens(s)) >= 2:
            top = k
        k -= 1
    return top


def _header_like(line: str) -> bool:
    tokens = _tokens(line)
    return len(tokens) >= 3 and not _SENTENCE.search(line) and not any(_is_number(t) for t in tokens)


def _space_table(lines: list[str], i: int) -> tuple[list[list[str]], int, int] | None:
    """A header line of three or more cells, then rows opened by lines of several cells."""
    if not _header_like(lines[i]) or i + 1 >= len(lines):
        return None
    header = _tokens(lines[i])
    rows: list[list[str]] = [list(header)]
    j = i + 1
    while j < len(lines):
        s = lines[j].strip()
        if not s or _SENTENCE.search(s) or cell_width(s) > 2 * MAX_CELL_WIDTH * 2:
            break
        tokens = _tokens(s)
        if len(tokens) >= 3 and j + 1 < len(lines) and _header_like(s) and _tokens(s) == header:
            break  # the same header again: a new table starts
        nxt = lines[j + 1].strip() if j + 1 < len(lines) else ""
        if len(tokens) == 1 and nxt and _tokens(nxt) == header:
            break  # a caption above the next table's header
        if len(tokens) >= 3:
            rows.append(tokens)
        elif len(tokens) == 1 and cell_width(s) <= _GLUE:
            rows[-1][-1] += s  # the wrapped end of the row's last cell
        else:
            rows[-1].extend(tokens)
        j += 1
    data = rows[1:]
    if len(data) < MIN_ROWS or not any(_is_number(t) for row in data for t in row):
        return None
    lengths = Counter(len(r) for r in data)
    columns = max(lengths, key=lambda n: (lengths[n], n))
    if columns < 3 or lengths[columns] < MIN_ROWS:
        return None
    return rows, columns, j
