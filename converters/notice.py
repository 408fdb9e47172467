"""The notice data model: what every pipeline stage after structuring hands on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

BlockKind = Literal["heading", "para", "table", "signature", "date", "byline"]
Script = Literal["hans", "hant"]


@dataclass(frozen=True)
class Block:
    """One body block in reading order; `level` is only meaningful for headings.

    A table keeps its cells in `rows` (one tuple per row, cells in reading order, rows of
    different lengths where cells are merged); its `text` is all cells joined, which is what
    the lossless accounting, the fingerprint and the scorer read.
    """

    kind: BlockKind
    text: str
    level: int = 0
    rows: tuple[tuple[str, ...], ...] = ()
    # Merged cells of a table: (row, index of the cell in its row, rowspan, colspan).
    spans: tuple[tuple[int, int, int, int], ...] = ()

    @classmethod
    def table(cls, rows: Sequence[Sequence[str]], spans: Sequence[Sequence[int]] = ()) -> Block:
        cells = tuple(tuple(row) for row in rows)
        merged = tuple(tuple(s) for s in spans if s[2] > 1 or s[3] > 1)
        return cls("table", "".join("".join(row) for row in cells), rows=cells, spans=merged)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Period:
    """A publication period (公开期限/公示期…), dates as ISO strings, wording kept."""

    start: str
    end: str
    text: str

    @property
    def days(self) -> int:
        return (date.fromisoformat(self.end) - date.fromisoformat(self.start)).days + 1


@dataclass(frozen=True)
class Issue:
    """A problem found in a notice: `error` stops publication, `warning` is shown."""

    code: str
    message: str
    excerpt: str = ""
    severity: Literal["warning", "error"] = "warning"


@dataclass
class Notice:
    """A converted notice in its original script."""

    id: str
    source_path: str
    encoding: str
    script: Script
    blocks: list[Block]
    title: str = ""
    title_derived: bool = False
    issuer: str | None = None
    signed_date: str | None = None
    published: str | None = None
    period: Period | None = None
    source: str | None = None
    editor: str | None = None
    byline: str | None = None
    # 发文字号 (e.g. 国办发〔2018〕15号), read from the text or a sidecar.
    doc_number: str | None = None
    # How the text was read: plain text, a saved page, a PDF's text layer, OCR, Word, OFD.
    read_by: str = "text"
    # Provenance from the sidecar: where the notice was published, when it was captured
    # (YYYY-MM-DD), a web-archive copy.
    source_url: str | None = None
    retrieved: str | None = None
    archive_url: str | None = None
    # The raw file as archived: SHA-256 (hex) and size in bytes, the proof a citation rests on.
    raw_sha256: str | None = None
    raw_bytes: int | None = None
    removed: list[str] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [w for w in self.warnings if w.severity == "error"]

    def to_dict(self) -> dict:
        """The JSON form documented in the README (without the Markdown).

        Built one level deep by hand: `dataclasses.asdict` deep-copies every string.
        """
        data = dict(vars(self))
        data["blocks"] = [_block_dict(b) for b in self.blocks]
        data["period"] = dict(vars(self.period)) if self.period else None
        data["removed"] = list(self.removed)
        data["warnings"] = [dict(vars(w)) for w in self.warnings]
        return data


def _block_dict(block: Block) -> dict:
    """A block as JSON: `rows` (lists of cells) only on tables."""
    data = {"kind": block.kind, "text": block.text, "level": block.level}
    if block.kind == "table":
        data["rows"] = [list(row) for row in block.rows]
        if block.spans:
            data["spans"] = [list(span) for span in block.spans]
    return data


def block_from_dict(data: dict) -> Block:
    rows = tuple(tuple(str(c) for c in row) for row in data.get("rows") or ())
    spans = tuple(tuple(int(n) for n in span) for span in data.get("spans") or ())
    return Block(data["kind"], data["text"], int(data.get("level") or 0), rows, spans)  # type: ignore[arg-type]
