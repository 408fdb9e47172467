"""Tables of a page from its ruling lines: the grid they draw, merged cells where a border is
missing, and the page's text lines placed into the cells they stand in.

A table is a set of horizontal and vertical rules that cross one another (a component of
the crossing graph) drawing at least two cells; a frame around a paragraph (one cell) is
not a table. Rules are matched to grid lines within a tolerance that is a share of the
body size, so the half-point offsets of a renderer's borders do not matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .layout import Page, Rule, TextLine

MAX_RULES = 4_000  # rules on a page beyond which it is a drawing, not a table
MIN_CELLS = 2


@dataclass
class Table:
    page: int
    xs: list[float]  # column boundaries, left to right
    ys: list[float]  # row boundaries, top to bottom
    horizontal: list[Rule]
    vertical: list[Rule]
    tol: float
    lines: list[TextLine] = field(default_factory=list)
    # Rows carried over from the part of the table on earlier pages (see `joined`).
    before: list[tuple[list[str], list[tuple[int, int, int, int]]]] = field(default_factory=list)

    @property
    def top(self) -> float:
        return self.ys[0] if self.ys else 0.0

    @property
    def y0(self) -> float:
        return self.top

    def holds(self, line: TextLine) -> bool:
        cx, cy = (line.x0 + line.x1) / 2, (line.y0 + line.y1) / 2
        return bool(self.ys) and self.xs[0] <= cx <= self.xs[-1] and self.ys[0] <= cy <= self.ys[-1]

    def fill(self, lines: list[TextLine]) -> None:
        self.lines = list(lines)

    def _has_vertical(self, x: float, y0: float, y1: float) -> bool:
        mid = (y0 + y1) / 2
        return any(abs(r.x0 - x) <= self.tol and r.y0 - self.tol <= mid <= r.y1 + self.tol for r in self.vertical)

    def _has_horizontal(self, y: float, x0: float, x1: float) -> bool:
        mid = (x0 + x1) / 2
        return any(abs(r.y0 - y) <= self.tol and r.x0 - self.tol <= mid <= r.x1 + self.tol for r in self.horizontal)

    def _regions(self) -> list[tuple[int, int, int, int]]:
        """Cells as (row, col, rowspan, colspan): grid cells joined where no border parts them."""
        nr, nc = len(self.ys) - 1, len(self.xs) - 1
        parent = list(range(nr * nc))

        def find(a: int) -> int:
            while parent[a] != a:
                parent[a] = parent[parent[a]]
                a = parent[a]
            return a

        for r in range(nr):
            for c in range(nc):
                if c + 1 < nc and not self._has_vertical(self.xs[c + 1], self.ys[r], self.ys[r + 1]):
                    parent[find(r * nc + c + 1)] = find(r * nc + c)
                if r + 1 < nr and not self._has_horizontal(self.ys[r + 1], self.xs[c], self.xs[c + 1]):
                    parent[find((r + 1) * nc + c)] = find(r * nc + c)
        groups: dict[int, list[tuple[int, int]]] = {}
        for r in range(nr):
            for c in range(nc):
                groups.setdefault(find(r * nc + c), []).append((r, c))
        regions = []
        for cells in groups.values():
            rows = [r for r, _ in cells]
            cols = [c for _, c in cells]
            regions.append((min(rows), min(cols), max(rows) - min(rows) + 1, max(cols) - min(cols) + 1))
        return sorted(regions)

    def cells(self) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
        """Rows of cell texts in reading order, and the merged cells (row, cell, rowspan, colspan)."""
        rows: list[list[str]] = [list(r) for r, _ in self.before]
        spans: list[tuple[int, int, int, int]] = []
        for k, (_, s) in enumerate(self.before):
            spans += [(k, i, rs, cs) for (_, i, rs, cs) in s]
        own: dict[int, list[tuple[int, str, int, int]]] = {}
        for r, c, rs, cs in self._regions():
            x0, x1, y0, y1 = self.xs[c], self.xs[c + cs], self.ys[r], self.ys[r + rs]
            inside = [ln for ln in self.lines
                      if x0 <= (ln.x0 + ln.x1) / 2 <= x1 and y0 <= (ln.y0 + ln.y1) / 2 <= y1]
            inside.sort(key=lambda ln: (round(ln.y0), ln.x0))
            own.setdefault(r, []).append((c, _join_cell(inside), rs, cs))
        for r in sorted(own):
            cells = sorted(own[r])
            if not any(text for _, text, _, _ in cells) and all(rs == cs == 1 for _, _, rs, cs in cells):
                continue  # an empty ruled row draws nothing worth a row
            for i, (_, _, rs, cs) in enumerate(cells):
                if rs > 1 or cs > 1:
                    spans.append((len(rows), i, rs, cs))
            rows.append([text for _, text, _, _ in cells])
        return rows, spans

    def continued_by(self, other: Table) -> bool:
        """Is `other` the same table going on at the top of the next page (the same columns)?"""
        return (other.page == self.page + 1 and len(other.xs) == len(self.xs)
                and all(abs(a - b) <= 2 * self.tol for a, b in zip(self.xs, other.xs, strict=True)))

    def joined(self, other: Table) -> Table:
        """One table of this one and its continuation; a header row the next page repeats is dropped."""
        rows, spans = self.cells()
        more, more_spans = other.cells()
        skip = 1 if rows and more and more[0] == rows[0] else 0
        carried = [(row, [s for s in spans if s[0] == k]) for k, row in enumerate(rows)]
        carried += [(row, [(0, i, rs, cs) for (r, i, rs, cs) in more_spans if r == k + skip])
                    for k, row in enumerate(more[skip:])]
        return Table(other.page, other.xs, [], [], [], self.tol, [], carried)


def _join_cell(lines: list[TextLine]) -> str:
    """A cell's lines as one text: a wrapped cell's parts join with nothing between them
    (a space only between two Latin words or numbers)."""
    text = ""
    for ln in lines:
        part = ln.text.strip()
        if text and part and text[-1].isascii() and part[0].isascii() and text[-1].isalpha() and part[0].isalpha():
            text += " "
        text += part
    return text


def _cluster(values: list[float], tol: float) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def tables_of_page(page: Page, size: float, index: int = 0) -> list[Table]:
    """The ruled tables of a page, top to bottom."""
    if not page.rules or len(page.rules) > MAX_RULES:
        return []
    tol = max(1.5, 0.25 * size)
    horizontal = [r for r in page.rules if abs(r.y1 - r.y0) <= 1.0 and r.x1 - r.x0 > tol]
    vertical = [r for r in page.rules if abs(r.x1 - r.x0) <= 1.0 and r.y1 - r.y0 > tol]
    if len(horizontal) < 2 or len(vertical) < 2:
        return []
    rules = horizontal + vertical
    parent = list(range(len(rules)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    n = len(horizontal)
    for i, h in enumerate(horizontal):
        for j, v in enumerate(vertical):
            if h.x0 - tol <= v.x0 <= h.x1 + tol and v.y0 - tol <= h.y0 <= v.y1 + tol:
                parent[find(n + j)] = find(i)
    groups: dict[int, list[int]] = {}
    for k in range(len(rules)):
        groups.setdefault(find(k), []).append(k)
    tables = []
    for members in groups.values():
        hs = [horizontal[k] for k in members if k < n]
        vs = [vertical[k - n] for k in members if k >= n]
        if len(hs) < 2 or len(vs) < 2:
            continue
        xs = _cluster([v.x0 for v in vs], tol)
        ys = _cluster([h.y0 for h in hs], tol)
        if len(xs) < 2 or len(ys) < 2 or (len(xs) - 1) * (len(ys) - 1) < MIN_CELLS:
            continue
        tables.append(Table(index, xs, ys, hs, vs, tol))
    return sorted(tables, key=lambda t: t.top)
