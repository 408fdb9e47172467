"""Corrected versions of a notice: `NAME.txt` and `NAME.v2.txt` (`.v3` …) are versions of one
notice, the highest number the current text. Both stay published; the current one's page carries
a visible 已更正 note, and a page per script compares it with the version before it character by
character (`<script>/versions/NAME.v2.html`, partials/archive/compare.html).

The note is read from the notice's own id (the file name says which version it is), never from
its siblings, so the incremental build can still reuse a notice page whose own Markdown did not
change (hooks/incremental.py); the comparison pages are generated pages, rebuilt every time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

VERSION = re.compile(r"^(?P<base>.+)\.v(?P<n>[2-9]|[1-9][0-9]+)$")
# Beyond this many characters of changed text in one run, the run is shown as deleted then
# inserted whole: SequenceMatcher is quadratic in the worst case.
CHAR_DIFF_LIMIT = 20_000


@dataclass(frozen=True)
class Version:
    base: str  # the id of the first version (NAME)
    n: int  # this version's number, 2 or more

    @property
    def previous(self) -> str:
        return self.base if self.n == 2 else f"{self.base}.v{self.n - 1}"


def version_of(notice_id: str) -> Version | None:
    """NAME.v2 → Version("NAME", 2); a notice without a version suffix (or .v1, .v0) → None."""
    m = VERSION.match(notice_id)
    return Version(m["base"], int(m["n"])) if m else None


def diff(old: str, new: str) -> list[tuple[str, str]]:
    """(op, text) runs, op "equal", "delete" or "insert", that turn `old` into `new`: paragraphs
    (lines) matched first, so an unchanged paragraph is never cut up by a chance match of
    characters in another; the characters of changed paragraphs compared next. Deterministic
    (no junk heuristic)."""
    a, b = _lines(old), _lines(new)
    out: list[tuple[str, str]] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))

    lines = SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in lines.get_opcodes():
        left, right = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            add("equal", left)
        elif op == "replace" and len(left) + len(right) <= CHAR_DIFF_LIMIT:
            chars = SequenceMatcher(None, left, right, autojunk=False)
            for cop, c1, c2, d1, d2 in chars.get_opcodes():
                if cop == "equal":
                    add("equal", left[c1:c2])
                else:
                    add("delete", left[c1:c2])
                    add("insert", right[d1:d2])
        else:
            add("delete", left)
            add("insert", right)
    return out


def _lines(text: str) -> list[str]:
    """Lines with their line break (the last one has none, as in the text)."""
    return text.splitlines(keepends=True) if text else []


def counts(runs: list[tuple[str, str]]) -> tuple[int, int]:
    """Characters deleted and inserted (line breaks not counted)."""
    deleted = sum(len(text.replace("\n", "")) for op, text in runs if op == "delete")
    inserted = sum(len(text.replace("\n", "")) for op, text in runs if op == "insert")
    return deleted, inserted


def raw_stem(raw: object) -> str:
    """The raw file's name without its suffix ("notices/award.v2.txt" → "award.v2"): the version
    is in the file's name, which the page id (converters.pipeline.notice_id) does not keep."""
    return Path(str(raw or "")).stem


def notice_note(meta: dict, script: str, page_src: str) -> dict | None:
    """The 已更正 note of a notice page (partials/notice-version.html): links to the comparison
    page and the previous version, from the notice's own raw file name and id."""
    from converters.pipeline import notice_id
    from hooks.site import rel

    version = version_of(raw_stem(meta.get("raw")))
    own = str(meta.get("notice_id") or Path(page_src).stem)
    if version is None:
        return None
    return {"n": version.n, "previous_n": version.n - 1,
            "compare": rel(page_src, f"{script}/versions/{own}.md"),
            "previous": rel(page_src, f"{script}/notices/{notice_id(version.previous)}.md")}


def compare_pages(archive) -> dict:
    """src_uri → the comparison page of every notice version whose previous version is published."""
    from hooks.search_index import plain_text
    from hooks.site import Part, _h, _interface_meta, _page, rel
    from hooks.text import t

    pages = {}
    for script in ("hans", "hant"):
        by_stem = {}
        for entry in sorted(archive.entries[script], key=lambda e: e.id):
            by_stem.setdefault(raw_stem(entry.meta.get("raw")), entry)
        for stem, entry in sorted(by_stem.items()):
            version = version_of(stem)
            old = by_stem.get(version.previous) if version else None
            if old is None:
                continue
            src = f"{script}/versions/{entry.id}.md"
            runs = diff(plain_text(archive.bodies.get(old.src_uri, "")),
                        plain_text(archive.bodies.get(entry.src_uri, "")))
            deleted, inserted = counts(runs)
            title = t(script, "compare_title", title=entry.title)
            data = {"runs": runs, "deleted": deleted, "inserted": inserted, "old_n": version.n - 1,
                    "new_n": version.n, "old_title": old.title, "new_title": entry.title,
                    "old_href": rel(src, old.src_uri), "new_href": rel(src, entry.src_uri)}
            pages[src] = _page(_interface_meta(script, title), _h(1, title), Part("compare", data))
    return pages
