"""The notice data model: what every pipeline stage after structuring hands on."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

BlockKind = Literal["heading", "para", "signature", "date", "byline"]
Script = Literal["hans", "hant"]


@dataclass(frozen=True)
class Block:
    """One body block in reading order; `level` is only meaningful for headings."""

    kind: BlockKind
    text: str
    level: int = 0


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
        data["blocks"] = [dict(vars(b)) for b in self.blocks]
        data["period"] = dict(vars(self.period)) if self.period else None
        data["removed"] = list(self.removed)
        data["warnings"] = [dict(vars(w)) for w in self.warnings]
        return data
