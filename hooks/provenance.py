"""A notice page's provenance block and its citation (overrides/partials/notice-provenance.html,
notice-cite.html): plain data from the page's own front matter, escaped by the templates.

Everything here is a function of one notice's front matter and the site's configuration (its
`site_url`), never of another notice, so an unchanged notice page can be reused by the
incremental build (hooks/incremental.py)."""

from __future__ import annotations

from dataclasses import dataclass

from hooks.text import cn_date, t


@dataclass(frozen=True)
class Provenance:
    """Rows of the provenance block; None (or 0) where the notice has no value: no row."""

    source_url: str | None
    archive_url: str | None
    retrieved: str | None  # YYYY-MM-DD
    sha256: str | None
    size: str | None  # "12,345 字节（12 KB）", "286 字节"


@dataclass(frozen=True)
class Citation:
    """The citation of a notice, as (kind, text) parts ("text": the interface's; "notice": the
    notice's own words; "url": the page's address); `text` is what the copy button copies.
    Where the site has no `site_url`, `url_relative` says the address is the page's path from the
    site root, and archive.js writes the address the reader opened it at (over http(s))."""

    parts: tuple[tuple[str, str], ...]
    key: str | None  # the document number, the citation key where the notice has one
    url: str
    url_relative: bool

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.parts)


def _url(value: object) -> str | None:
    # Validated by the converter (converters/sidecar): http(s) with a host, or null.
    text = str(value) if value else ""
    return text if text.startswith(("http://", "https://")) else None


def human_size(n: int) -> str:
    """1024-based, one decimal under 10 units: what a file manager would show."""
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            if unit == "B":
                return f"{n} B"
            return f"{size:.1f} {unit}" if size < 10 else f"{size:.0f} {unit}"
        size /= 1024
    return f"{n} B"  # pragma: no cover


def provenance(meta: dict, script: str) -> Provenance:
    sha = str(meta.get("raw_sha256") or "")
    raw_bytes = meta.get("raw_bytes")
    size = None
    if isinstance(raw_bytes, int) and not isinstance(raw_bytes, bool) and raw_bytes >= 0:
        size = (t(script, "size_bytes", n=f"{raw_bytes:,}", human=human_size(raw_bytes)) if raw_bytes >= 1024
                else t(script, "size_bytes_short", n=raw_bytes))
    retrieved = str(meta.get("retrieved") or "") or None
    return Provenance(_url(meta.get("source_url")), _url(meta.get("archive_url")), retrieved,
                      sha if len(sha) == 64 else None, size)


def notice_date(meta: dict) -> str | None:
    """The date a citation gives: the signing date, else the day of publication."""
    for key in ("signed_date", "published"):
        value = str(meta.get(key) or "")
        if len(value) >= 10:
            return value[:10]
    return None


def page_url(site_url: str, page_path: str) -> tuple[str, bool]:
    """The page's address: absolute under `site_url`, else its path from the site root
    (`hans/notices/x.html`), which holds wherever the archive is published."""
    if site_url:
        return site_url.rstrip("/") + "/" + page_path.lstrip("/"), False
    return page_path.lstrip("/"), True


def citation(meta: dict, script: str, site_url: str, page_path: str) -> Citation:
    """发布机关《标题》（发文字号），日期。政府公告档案，网址（采集日期：…；存档副本：…）。

    Each part only where the notice has it; all strings in the page's script (hooks/text.py)."""
    title = str(meta.get("title") or "")
    issuer = str(meta.get("issuer") or "")
    key = str(meta.get("doc_number") or "") or None
    url, relative = page_url(site_url, page_path)
    parts: list[tuple[str, str]] = []
    if issuer:
        parts.append(("notice", issuer))
    parts += [("text", "《"), ("notice", title), ("text", "》")]
    if key:
        parts += [("text", "（"), ("notice", key), ("text", "）")]
    day = notice_date(meta)
    if day:
        parts.append(("text", f"，{cn_date(day)}"))
    parts += [("text", f"。{t(script, 'site_name')}，"), ("url", url)]
    notes: list[list[tuple[str, str]]] = []
    if meta.get("retrieved"):
        notes.append([("text", t(script, "cite_retrieved", d=cn_date(str(meta["retrieved"]))))])
    archive = _url(meta.get("archive_url"))
    if archive:  # the address as written (it may hold Chinese): not an interface string
        notes.append([("text", t(script, "cite_archive")), ("notice", archive)])
    for i, note in enumerate(notes):
        parts.append(("text", "（" if i == 0 else "；"))
        parts += note
    if notes:
        parts.append(("text", "）"))
    parts.append(("text", "。"))
    return Citation(tuple(parts), key, url, relative)
