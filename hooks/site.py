"""What the hook generates: the archive model read from the converted Markdown, the data of the
index, year, issuer and about pages, of the timeline strip and of the notice page header, and
the Atom feeds.

Everything here is plain functions of the converted notices, so two builds of the same notices
give the same bytes. The pages' markup is in overrides/partials/archive/ (templates rendered with
autoescaping, see hooks/archive.py): this module hands them raw text, ISO dates and URLs. Notice
metadata is raw text (a notice title may be `<img src=x onerror=alert(1)>`): what does not go
through a template (the Markdown headings) goes through `esc()`.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from html import escape
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

from hooks.text import LANG, OTHER, SCRIPTS, T, cn_date, localized, standard, t

FEED_SIZE = 50
T_KEYS = set(T["hans"])
UNKNOWN = "unknown"


def esc(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


# --------------------------------------------------------------------------- model


@dataclass
class Entry:
    """One converted notice in one script, as read from its generated Markdown front matter."""

    id: str
    script: str
    src_uri: str  # e.g. "hans/notices/<id>.md"
    meta: dict
    issuer_key: str = UNKNOWN

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.id)

    @property
    def issuer(self) -> str | None:
        return self.meta.get("issuer") or None

    @property
    def date(self) -> str | None:
        """The notice's date: signing date, else publication date, else the period start."""
        for value in (self.meta.get("signed_date"), self.meta.get("published")):
            if value and _iso(str(value)[:10]):
                return str(value)[:10]
        period = self.period
        return period["start"] if period else None

    @property
    def year(self) -> str:
        return self.date[:4] if self.date else UNKNOWN

    @property
    def period(self) -> dict | None:
        period = self.meta.get("period")
        if isinstance(period, dict) and _iso(period.get("start")) and _iso(period.get("end")):
            return period
        return None

    @property
    def url(self) -> str:
        return self.src_uri[:-3] + ".html"


@dataclass
class Archive:
    """Both scripts' notices, newest first, plus the converter report's problems.

    Entries are fixed once loaded, so lookups and groupings are computed once: pages ask for
    them thousands of times (a dict or a filter over every notice per page is O(N²))."""

    entries: dict[str, list[Entry]] = field(default_factory=dict)
    problems: list[tuple[str, object]] = field(default_factory=list)
    raw_files: list[Path] = field(default_factory=list)
    # Raw file ("notices/x.pdf") → where the site publishes it (see raw_copies).
    raw: dict[str, RawCopy] = field(default_factory=dict)
    # src_uri → Markdown of a notice page without its front matter, and that front matter:
    # parsed here once, not again by MkDocs (hooks/archive.py, on_page_read_source).
    bodies: dict[str, str] = field(default_factory=dict, repr=False)
    front_matter: dict[str, dict] = field(default_factory=dict, repr=False)
    # src_uri → SHA-256 of a notice page's Markdown file as read here (its page's reuse key).
    digests: dict[str, bytes] = field(default_factory=dict, repr=False)
    _cache: dict[tuple[str, str], dict] = field(default_factory=dict, repr=False)

    def _grouped(self, script: str, how: str) -> dict:
        key = (script, how)
        if key not in self._cache:
            entries = self.entries.get(script, [])
            if how == "id":
                self._cache[key] = {e.id: e for e in entries}
            else:
                groups: dict[str, list[Entry]] = {}
                for e in entries:
                    groups.setdefault(e.year if how == "year" else e.issuer_key, []).append(e)
                self._cache[key] = groups
        return self._cache[key]

    def by_id(self, script: str) -> dict[str, Entry]:
        return self._grouped(script, "id")

    def by_year(self, script: str) -> dict[str, list[Entry]]:
        """Year → its notices, newest first."""
        return self._grouped(script, "year")

    def by_issuer(self, script: str) -> dict[str, list[Entry]]:
        """Issuer key → its notices, newest first."""
        return self._grouped(script, "issuer")

    @property
    def newest_date(self) -> str | None:
        dates = [e.date for es in self.entries.values() for e in es if e.date]
        return max(dates) if dates else None

    def years(self, script: str) -> list[str]:
        years = sorted((y for y in self.by_year(script) if y != UNKNOWN), reverse=True)
        if UNKNOWN in self.by_year(script):
            years.append(UNKNOWN)
        return years

    def issuers(self, script: str) -> list[tuple[str, str | None, int]]:
        """(key, name in this script, count), most notices first, then by name."""
        rows = [(k, es[0].issuer, len(es)) for k, es in self.by_issuer(script).items()]
        return sorted(rows, key=lambda r: (r[0] == UNKNOWN, -r[2], r[1] or ""))


def _iso(value: object) -> bool:
    try:
        date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return False
    return True


def read_page(path: Path, text: str | None = None) -> tuple[str, dict]:
    """Markdown and front matter of a page (`text`: its content, already read), parsed as MkDocs
    does; front matter that is JSON (the converter's, converters.markdown.dump_front_matter) by
    the JSON parser, which gives what the YAML one would, twenty times faster."""
    from mkdocs.utils.meta import YAML_RE, get_data

    text = path.read_text(encoding="utf-8-sig") if text is None else text
    m = YAML_RE.match(text)
    if m and m.group(1).startswith("{"):
        try:
            data = json.loads(m.group(1))
        except ValueError:
            data = None
        if isinstance(data, dict):
            return text[m.end():].lstrip("\n"), data
    body, data = get_data(text)
    return body, data if isinstance(data, dict) else {}


def issuer_key(name: str | None) -> str:
    """A stable, script-independent file name for an issuer (hash of its Simplified form)."""
    if not name:
        return UNKNOWN
    return "i" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def load_archive(docs_dir: Path, problems: list | None = None, raw_files: list[Path] | None = None) -> Archive:
    archive = Archive(problems=list(problems or []), raw_files=sorted(raw_files or []))
    for script in SCRIPTS:
        entries = []
        for path in sorted((docs_dir / script / "notices").glob("*.md")):
            src_uri = f"{script}/notices/{path.name}"
            data = path.read_bytes()
            archive.digests[src_uri] = hashlib.sha256(data).digest()
            text = data.decode("utf-8-sig")
            body, meta = read_page(path, None if "\r" in text else text)  # read_text's newlines, if any
            # MkDocs looks for MultiMarkdown metadata in a page without front matter: a body that
            # starts with a heading has none. Any other page MkDocs reads (and parses) itself.
            if meta and body.startswith("# "):
                archive.bodies[src_uri], archive.front_matter[src_uri] = body, meta
            entries.append(Entry(str(meta.get("notice_id") or path.stem), script, src_uri, meta))
        entries.sort(key=lambda e: (e.date or "", e.id), reverse=True)
        archive.entries[script] = entries
    # Issuer pages share a file name in both scripts: key on the Simplified name.
    hans = {e.id: e for e in archive.entries["hans"]}
    for script in SCRIPTS:
        for e in archive.entries[script]:
            base = hans.get(e.id, e)
            name = base.issuer
            if name and base is e and script == "hant":
                from converters.scripts import to_script

                name = to_script(name, "hans")
            e.issuer_key = issuer_key(name)
    archive.raw = raw_copies([(str(e.meta["raw"]), e.meta.get("read_by"))
                              for es in archive.entries.values() for e in es if e.meta.get("raw")])
    return archive


# --------------------------------------------------------------------------- links


def rel(from_src: str, to_src: str) -> str:
    """Relative URL from the page built from `from_src` to the output of `to_src` (both .md or not).

    Both are normalised paths inside the site (no "..", no leading "/"), so this is
    posixpath.relpath without its abspath calls: index pages make one per notice link."""
    start = posixpath.dirname(from_src).split("/") if "/" in from_src else []
    target = (to_src[:-3] + ".html" if to_src.endswith(".md") else to_src).split("/")
    common = 0
    while common < min(len(start), len(target)) and start[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + target[common:]) or "."


# How the text of a notice was read (Notice.read_by) → the reader kind whose files it read
# (converters/readers.py KINDS). Only these publish the original under its own suffix: the
# reader parsed the bytes as that format, so the browser's type for the suffix is the truth.
BINARY_KINDS = {"pdf-text": "pdf", "ocr": "pdf", "docx": "docx", "word": "word", "ofd": "ofd"}
# The type the link announces (the server's own type comes from the suffix).
MIME = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docm": "application/vnd.ms-word.document.macroEnabled.12",
    ".dotx": "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
    ".dotm": "application/vnd.ms-word.template.macroEnabled.12",
    ".doc": "application/msword",
    ".dot": "application/msword",
    ".wps": "application/vnd.ms-works",
    ".wpt": "application/vnd.ms-works",
    ".ofd": "application/ofd",
}


@dataclass(frozen=True)
class RawCopy:
    """Where a raw notice file is published: `original` (byte-exact) and, for text notices,
    `reading` (a UTF-8 copy); `suffix` is the original's format (".pdf"), "" for text."""

    original: str
    reading: str | None = None
    suffix: str = ""

    @property
    def mime(self) -> str:
        return MIME.get(self.suffix, "text/plain")


def raw_suffixes(read_by: str | None) -> tuple[str, ...]:
    """The suffixes a binary original of this reading keeps (the first is added to any other
    name); () for text and saved pages, which are published as .txt."""
    from converters.readers import KINDS

    kind = BINARY_KINDS.get(str(read_by or ""))
    return next((k.suffixes for k in KINDS if k.name == kind), ())


def raw_target(raw: str, read_by: str | None = None) -> RawCopy:
    """Site paths of raw file `notices/x`, before any clash with another file is settled.

    Text (and saved pages) always end in .txt, so every server (and file://) shows them as plain
    text: a raw notice full of <script> is displayed, never run. A binary original read as PDF,
    Word or OFD keeps its own suffix (or gets its format's), so the browser opens a PDF in its
    viewer and offers the others for download."""
    name = _raw_name(raw)
    kept = raw_suffixes(read_by)
    if kept:
        suffix = posixpath.splitext(name)[1].lower()
        if suffix not in kept:
            suffix = kept[0]
            name += suffix
        return RawCopy(f"raw/{name}", None, suffix)
    safe = name if name.endswith(".txt") else name + ".txt"
    return RawCopy(f"raw/{safe}", f"raw/utf8/{safe}")


def raw_copies(raws: list[tuple[str, str | None]]) -> dict[str, RawCopy]:
    """Site paths of every raw file (`(raw, read_by)` pairs), no two the same.

    Names clash when a suffix is added (`a.html` → `a.html.txt`, the name of another raw file)
    or a raw folder is called `utf8`. An original published under its own name keeps it, and its
    UTF-8 copy the plain name too; any other path already taken gets a hash of its raw path
    before its suffix."""
    wanted = {raw: raw_target(raw, read_by) for raw, read_by in sorted(set(raws), key=lambda r: r[0])}
    own: dict[str, str] = {}
    taken: set[str] = set()  # case-folded: `A.txt` and `a.txt` are one file on many disks
    for raw, copy in wanted.items():
        if copy.original == "raw/" + _raw_name(raw) and copy.original.casefold() not in taken:
            own[raw] = copy.original
            taken.add(copy.original.casefold())
    out = {}
    # Files under their own name first, so that their UTF-8 copies keep the plain name too.
    for raw, copy in sorted(wanted.items(), key=lambda item: (item[0] not in own, item[0])):
        original = copy.original if raw in own else _free(raw, copy.original, taken)
        reading = _free(raw, copy.reading, taken) if copy.reading else None
        out[raw] = RawCopy(original, reading, copy.suffix)
    return dict(sorted(out.items()))


def _raw_name(raw: str) -> str:
    return raw.split("/", 1)[1] if raw.startswith("notices/") else posixpath.basename(raw)


def _free(raw: str, path: str, taken: set[str]) -> str:
    """`path`, or if another file has it, `path` with a hash of `raw` before its suffix."""
    digest = hashlib.sha1(raw.encode("utf-8")).hexdigest()
    stem, suffix = posixpath.splitext(path)
    for candidate in [path] + [f"{stem}~{digest[:n]}{suffix}" for n in range(8, 41)]:
        if candidate.casefold() not in taken:
            taken.add(candidate.casefold())
            return candidate
    raise ValueError(f"no free site path for {raw}")  # pragma: no cover - every hash length taken


# --------------------------------------------------------------------------- views
# What the templates under overrides/partials/archive/ show, as plain data: text, ISO dates,
# relative URLs. The templates escape every value (they render in `{% autoescape true %}`),
# format the interface strings (`archive_t`) and the dates (`cn_date`): restyling the archive is
# overriding a template, never editing this module.


@dataclass(frozen=True)
class Link:
    href: str
    label: str


@dataclass(frozen=True)
class Period:
    """A publication period (partials/archive/period.html): ISO dates, its length in days and
    the period as the notice writes it."""

    start: str
    end: str
    days: int
    text: str = ""


@dataclass(frozen=True)
class Item:
    """One notice in a list (partials/archive/notice-item.html); `date` None: undated."""

    link: Link
    year: str
    issuer_key: str
    issuer: Link  # the issuer's page, labelled with its name (or "unknown issuer")
    date: str | None
    period: Period | None


@dataclass(frozen=True)
class Month:
    """One cell of the timeline: notices open in the month, notices dated in it without a
    period, and its shade (0: none … TIMELINE_LEVELS: the busiest month)."""

    month: date
    open: int
    dated: int
    level: int


@dataclass(frozen=True)
class Timeline:
    """The timeline strip (partials/archive/timeline.html): months, the years above them as
    (year, number of months), the busiest month's count, notices left out for lack of a date."""

    months: list[Month]
    years: list[tuple[int, int]]
    peak: int
    undated: int
    levels: int = 0  # set from TIMELINE_LEVELS


@dataclass(frozen=True)
class Option:
    """A filter choice: value, label, how many notices it selects and the page listing them all."""

    value: str
    label: str
    count: int
    href: str


@dataclass(frozen=True)
class Problem:
    """A row of the about page's conversion report."""

    file: str
    severity: str  # "error" or "warning"
    code: str
    message: str


@dataclass(frozen=True)
class NoticeHeader:
    """What overrides/partials/notice-header.html shows under a notice's title, before the rows
    of notice_source: links to its issuer and year, its dates and other metadata, its period,
    the converter's warnings (dicts with severity, message, excerpt)."""

    issuer: Link | None
    signed: str | None
    signed_href: str
    published: str | None
    fields: list[tuple[str, str]]  # (interface string key, value): source, editor, byline
    period: Period | None
    title_derived: bool
    warnings: list[dict]


def period_view(period: dict | None) -> Period | None:
    if not period:
        return None
    days = period.get("days")
    if not isinstance(days, int):
        days = (date.fromisoformat(period["end"]) - date.fromisoformat(period["start"])).days + 1
    return Period(str(period["start"]), str(period["end"]), days, str(period.get("text") or ""))


def item_view(e: Entry, page_src: str) -> Item:
    issuer = Link(rel(page_src, f"{e.script}/issuers/{e.issuer_key}.md"), e.issuer or t(e.script, "issuer_unknown"))
    return Item(Link(rel(page_src, e.src_uri), e.title), e.year, e.issuer_key, issuer, e.date, period_view(e.period))


def notice_list(entries: list[Entry], page_src: str, start: int | None = None) -> Part:
    """Notices, newest first; `start`: the number of the first (a listing's later pages)."""
    return Part("notice-list", {"items": [item_view(e, page_src) for e in entries], "start": start})


TIMELINE_LEVELS = 4  # shades of a month cell above "none"


def _months(lo: date, hi: date) -> list[date]:
    """First days of the months from lo's to hi's, both included."""
    out, d = [], lo.replace(day=1)
    while d <= hi:
        out.append(d)
        d = (d + timedelta(days=32)).replace(day=1)
    return out


def timeline_months(entries: list[Entry]) -> list[tuple[date, int, int]]:
    """(month, notices whose period is open in it, notices dated in it without a period) for
    every month from the earliest to the latest date of the archive: what the strip draws, one
    cell per month whatever the number of notices."""
    open_in: dict[date, int] = {}
    dated_in: dict[date, int] = {}
    points: list[date] = []
    for e in entries:
        if e.period:
            start, end = date.fromisoformat(e.period["start"]), date.fromisoformat(e.period["end"])
            points += [start, end]
            for m in _months(start, end):
                open_in[m] = open_in.get(m, 0) + 1
        elif e.date:
            d = date.fromisoformat(e.date).replace(day=1)
            points.append(d)
            dated_in[d] = dated_in.get(d, 0) + 1
    if not points:
        return []
    return [(m, open_in.get(m, 0), dated_in.get(m, 0)) for m in _months(min(points), max(points))]


def timeline_view(entries: list[Entry]) -> Timeline | None:
    """Publication periods per month, shaded by how many notices are open (or, without a period,
    dated) in the month. One cell per month whatever the archive's size; None: nothing dated."""
    counts = timeline_months(entries)
    if not counts:
        return None
    peak = max(n + d for _, n, d in counts) or 1
    years: list[tuple[int, int]] = []
    for m, _, _ in counts:
        if years and years[-1][0] == m.year:
            years[-1] = (m.year, years[-1][1] + 1)
        else:
            years.append((m.year, 1))
    months = [Month(m, n, d, 0 if not n + d else max(1, round(TIMELINE_LEVELS * (n + d) / peak)))
              for m, n, d in counts]
    return Timeline(months, years, peak, sum(1 for e in entries if not e.date), TIMELINE_LEVELS)


def notice_header(meta: dict, script: str, page_src: str, issuer_page: str, year_page: str) -> NoticeHeader:
    """The data of a notice's header (raw front matter values: the template escapes them)."""
    issuer = meta.get("issuer")
    return NoticeHeader(
        issuer=Link(rel(page_src, issuer_page), str(issuer)) if issuer else None,
        signed=str(meta["signed_date"]) if meta.get("signed_date") else None,
        signed_href=rel(page_src, year_page),
        published=str(meta["published"]) if meta.get("published") else None,
        fields=[(key, str(meta[key])) for key in ("source", "editor", "byline") if meta.get(key)],
        period=period_view(meta.get("period") if isinstance(meta.get("period"), dict) else None),
        title_derived=bool(meta.get("title_derived")),
        warnings=[w for w in meta.get("warnings") or [] if isinstance(w, dict)],
    )


def notice_source(meta: dict, script: str, page_src: str, copy: RawCopy | None) -> dict:
    """What overrides/partials/notice-source.html shows of a notice's origin, as plain text
    (the template escapes it): its document number, how its text was read, the original's links.
    A label is only given for a reading the site knows how to name."""
    read_by = str(meta.get("read_by") or "")
    label_key = f"read_by_{read_by.replace('-', '_')}"
    info: dict = {
        "doc_number": str(meta.get("doc_number") or ""),
        "read_by": read_by,
        "read_by_label": t(script, label_key) if label_key in T_KEYS else "",
        "ocr": read_by == "ocr",
        "name": str(meta.get("raw") or "").removeprefix("notices/"),
        "encoding": "",
        "original": None,
        "reading": None,
    }
    if copy is None:
        return info
    link = {"href": quote(rel(page_src, copy.original), safe="/.-_~"), "type": copy.mime}
    if copy.reading:  # a text notice: its UTF-8 copy to read, its bytes as they came
        info["reading"] = {"href": quote(rel(page_src, copy.reading), safe="/.-_~"), "type": "text/plain",
                           "label": t(script, "raw_text")}
        info["original"] = {**link, "label": t(script, "raw_bytes")}
        info["encoding"] = str(meta.get("encoding") or "")
    else:
        info["original"] = {**link, "label": t(script, "raw_original", format=copy.suffix[1:].upper())}
    return info


def source_strings(script: str) -> dict[str, str]:
    """The interface strings overrides/partials/notice-source.html reads."""
    return {key: t(script, key) for key in ("doc_number", "read_by", "raw", "encoding", "ocr_title", "ocr_note",
                                            "ocr_link")}


# --------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class Part:
    """A section of a generated page: overrides/partials/archive/<name>.html rendered with `data`
    (a dict of views) by hooks/archive.py once the theme's templates are loaded."""

    name: str
    data: dict

    @property
    def template(self) -> str:
        return f"partials/archive/{self.name}.html"


@dataclass
class Generated:
    """A page the hook adds: its front matter and its blocks, Markdown (headings) or Parts.

    The Markdown gives the headings their ids, permalinks and table of contents as on every other
    page; each Part reaches MkDocs as a placeholder comment that hooks/archive.py replaces by its
    rendered template (`fill`). Python-Markdown never parses the parts' HTML (its raw-HTML parser
    takes ~0.3 s for an index of 1,000 notices) and the meta never goes through YAML."""

    meta: dict
    blocks: list[str | Part]

    @property
    def markdown(self) -> str:
        return "\n\n".join(_slot(i) if isinstance(b, Part) else b for i, b in enumerate(self.blocks)) + "\n"

    def fill(self, html: str, render: Callable[[Part], str]) -> str:
        """The rendered page with each placeholder replaced by its rendered Part (one pass)."""
        return SLOT.sub(lambda m: render(self.blocks[int(m[1])]), html)


SLOT = re.compile(r"<!--archive-html-(\d+)-->")


def _slot(i: int) -> str:
    return f"<!--archive-html-{i}-->"


def _page(meta: dict, *blocks: str | Part) -> Generated:
    return Generated(meta, list(blocks))


def _h(level: int, text: str) -> str:
    """A Markdown heading (toc ids and permalinks), its text escaped."""
    return f"{'#' * level} {esc(text)}"


def _interface_meta(script: str, title: str, *, toc: bool = False) -> dict:
    hide = [] if toc else ["toc"]
    return {"title": title, "script": script, "search": {"exclude": True}, "hide": hide}


# The index page lists the newest notices only: at 10,000 notices a page listing all of them
# has 150,000 elements and takes seconds to open. The year and issuer pages list every notice,
# and the index's filters say where the rest of a selection is (mkdocs.yml extra.index_limit).
INDEX_LIMIT = 300
# Of the issuers, the index names and its filter offers those with the most notices; the issuers
# page lists all (an archive of 10,000 notices may have thousands of issuers).
BROWSE_ISSUERS, FILTER_ISSUERS = 20, 100


def _year_label(script: str, year: str) -> str:
    return year if year != UNKNOWN else t(script, "year_unknown")


def index_page(archive: Archive, script: str) -> Generated:
    src = f"{script}/index.md"
    entries = archive.entries[script]
    by_year = archive.by_year(script)
    issuers = archive.issuers(script)
    link = partial(rel, src)
    years = [Option(y, _year_label(script, y), len(by_year[y]), link(f"{script}/years/{y}.md"))
             for y in archive.years(script)]
    issuer_options = [Option(k, name or t(script, "issuer_unknown"), n, link(f"{script}/issuers/{k}.md"))
                      for k, name, n in issuers]
    pages = {"years": link(f"{script}/years.md"), "issuers": link(f"{script}/issuers.md"),
             "feed": link(f"{script}/feed.xml"), "calendar": link(f"{script}/periods.ics")}
    return _page(
        _interface_meta(script, t(script, "index_title")),
        _h(1, t(script, "index_title")),
        Part("index-now", {}),
        Part("index-lead", {"total": len(entries), "years": years, "issuers": issuer_options[:BROWSE_ISSUERS],
                            "all_issuers": len(issuers), "pages": pages}),
        _h(2, t(script, "timeline")),
        Part("timeline", {"timeline": timeline_view(entries)}),
        _h(2, t(script, "list")),
        Part("index-list", {"total": len(entries), "limit": INDEX_LIMIT, "years": years,
                            "issuers": issuer_options[:FILTER_ISSUERS], "pages": pages,
                            "items": [item_view(e, src) for e in entries[:INDEX_LIMIT]]}),
    )


def years_page(archive: Archive, script: str) -> Generated:
    src = f"{script}/years.md"
    rows = [(Link(rel(src, f"{script}/years/{y}.md"), f"{y}年" if y != UNKNOWN else t(script, "year_unknown")),
             len(archive.by_year(script)[y])) for y in archive.years(script)]
    return _page(_interface_meta(script, t(script, "years_title")), _h(1, t(script, "years_title")),
                 Part("browse-list", {"rows": rows}))


# A year's or an issuer's notices, this many to a page (mkdocs.yml extra.list_page_size): a page
# of the archive stays the same size at any N; the rest are on pages -2, -3… with a pager.
LIST_PAGE = 200


def listing_pages(script: str, base: str, title: str, entries: list[Entry]) -> dict[str, Generated]:
    """`base`.md (its first notices) and `base`-2.md… (the rest), each with a pager when there
    are several."""
    chunks = [entries[i:i + LIST_PAGE] for i in range(0, len(entries), LIST_PAGE)] or [[]]
    srcs = [f"{base}.md" if k == 0 else f"{base}-{k + 1}.md" for k in range(len(chunks))]
    pages = {}
    for k, (src, chunk) in enumerate(zip(srcs, chunks, strict=True)):
        heading = title if k == 0 else t(script, "page_title", title=title, n=k + 1)
        blocks: list[str | Part] = [_h(1, heading), notice_list(chunk, src, len(entries) - k * LIST_PAGE)]
        if len(chunks) > 1:
            links = [Link(rel(src, other), str(n + 1)) for n, other in enumerate(srcs)]
            blocks.append(Part("pager", {"links": links, "current": k}))
        pages[src] = _page(_interface_meta(script, heading), *blocks)
    return pages


def year_pages(archive: Archive, script: str, year: str) -> dict[str, Generated]:
    title = t(script, "year_title", year=year) if year != UNKNOWN else t(script, "year_unknown_title")
    return listing_pages(script, f"{script}/years/{year}", title, archive.by_year(script)[year])


def year_page(archive: Archive, script: str, year: str) -> Generated:
    return year_pages(archive, script, year)[f"{script}/years/{year}.md"]


def issuers_page(archive: Archive, script: str) -> Generated:
    src = f"{script}/issuers.md"
    rows = [(Link(rel(src, f"{script}/issuers/{k}.md"), name or t(script, "issuer_unknown")), n)
            for k, name, n in archive.issuers(script)]
    return _page(_interface_meta(script, t(script, "issuers_title")), _h(1, t(script, "issuers_title")),
                 Part("browse-list", {"rows": rows}))


def issuer_pages(archive: Archive, script: str, key: str) -> dict[str, Generated]:
    entries = archive.by_issuer(script)[key]
    name = entries[0].issuer
    title = t(script, "issuer_title", issuer=name) if name else t(script, "issuer_unknown")
    return listing_pages(script, f"{script}/issuers/{key}", title, entries)


def issuer_page(archive: Archive, script: str, key: str) -> Generated:
    return issuer_pages(archive, script, key)[f"{script}/issuers/{key}.md"]


# The about page's Markdown, one paragraph or list item per entry (a line break inside a Chinese
# paragraph would show as a space).
ABOUT = {
    "hans": "\n".join([
        (
            "本档案收录中国政府机关发布的公告、通报等文件。每件公告由原始文件（`notices/` 目录中的"
            "文本、网页、PDF、Word 或 OFD 文件）自动转换而来：识别编码、去除网页残留、合并被断开"
            "的行、识别标题、发布机关、日期和公开期限，并生成简体、繁体两种文本。"
        ),
        (
            ""
        ),
        (
            "- **两种文字**：每个页面右上角的“繁體 / 简体”按钮打开同一页面的另一种文字版本。"
        ),
        (
            "- **公开期限**：公告页面顶部显示公开期限（公示期）；“公示中 / 已结束 / 未开始”按您"
            "浏览时的日期计算。"
        ),
        (
            "- **原始文件**：每件公告都附有原始文件：PDF、Word、OFD 文件原样提供，可在浏览器"
            "中直接打开或下载；文本文件附逐字节副本和便于阅读的 UTF-8 文本。公告页面注明文字的读取方式"
            "；由扫描件经光学字符识别（OCR）读出的文字可能有误，请以原始文件为准。"
        ),
        (
            "- **检索**：顶部搜索框逐字检索全文，不依赖分词，简体、繁体输入均可，结果以所在页面的文字显"
            "示，标点可以省略。用空格分开的几个词须同时出现。结果按相关程度排列：检索词出现在标题或文号中的在前，"
            "其次看正文中出现的次数以及各词是否相连，日期只在相关程度相同时决定先后。整句在全文中找不到时，结果"
            "列表会说明并改为检索其中的各个词语，也可改回严格检索。结果可按年份、发布机关和公示状态筛选，离线版同样可用。"
        ),
        (
            "- **订阅**：[Atom 订阅源](feed.xml)列出最新的公告。"
        ),
        (
            "- **数据下载**：全部公告的元数据（标题、发布机关、发文字号、日期、公开期限、原始文件的 SHA-256、"
            "来源与存档网址）可下载为 [JSON](../data/notices.json)、[CSV](../data/notices.csv)（UTF-8，"
            "可用 Excel 直接打开）和 [JSON Lines](../data/notices.jsonl)（每行一件公告，附简体、繁体全文）。"
        ),
        (
            "- **公开期限日历**：[periods.ics](periods.ics)（iCalendar）为每件公告的公开期限列出一个全天事件，"
            "附公告链接；在日历软件中按网址订阅，即可看到各公示的截止日期。"
        ),
        (
            "- **离线版**：`./archive offline` 生成可离线浏览的压缩包，解压后直接打"
            "开 `index.html` 即可，检索功能可用。"
        ),
    ]),
    "hant": "\n".join([
        (
            "本檔案收錄中國政府機關發布的公告、通報等文件。每件公告由原始文件（`notices/` 目錄中的"
            "文本、網頁、PDF、Word 或 OFD 文件）自動轉換而來：識別編碼、去除網頁殘留、合併被斷開"
            "的行、識別標題、發布機關、日期和公開期限，並生成簡體、繁體兩種文本。"
        ),
        (
            ""
        ),
        (
            "- **兩種文字**：每個頁面右上角的「繁體 / 简体」按鈕打開同一頁面的另一種文字版本。"
        ),
        (
            "- **公開期限**：公告頁面頂部顯示公開期限（公示期）；「公示中 / 已結束 / 未開始」按您"
            "瀏覽時的日期計算。"
        ),
        (
            "- **原始文件**：每件公告都附有原始文件：PDF、Word、OFD 文件原樣提供，可在瀏覽器"
            "中直接開啟或下載；文本文件附逐位元組副本和便於閱讀的 UTF-8 文本。公告頁面註明文字的讀取方"
            "式；由掃描件經光學字元辨識（OCR）讀出的文字可能有誤，請以原始文件為準。"
        ),
        (
            "- **檢索**：頂部搜尋框逐字檢索全文，不依賴分詞，簡體、繁體輸入均可，結果以所在頁面的文字顯"
            "示，標點可以省略。用空格分開的幾個詞須同時出現。結果按相關程度排列：檢索詞出現在標題或文號中的在前，"
            "其次看正文中出現的次數以及各詞是否相連，日期只在相關程度相同時決定先後。整句在全文中找不到時，結果"
            "列表會說明並改為檢索其中的各個詞語，也可改回嚴格檢索。結果可按年份、發布機關和公示狀態篩選，離線版同樣可用。"
        ),
        (
            "- **訂閱**：[Atom 訂閱源](feed.xml)列出最新的公告。"
        ),
        (
            "- **資料下載**：全部公告的元資料（標題、發布機關、發文字號、日期、公開期限、原始文件的 SHA-256、"
            "來源與存檔網址）可下載為 [JSON](../data/notices.json)、[CSV](../data/notices.csv)（UTF-8，"
            "可用 Excel 直接開啟）和 [JSON Lines](../data/notices.jsonl)（每行一件公告，附簡體、繁體全文）。"
        ),
        (
            "- **公開期限日曆**：[periods.ics](periods.ics)（iCalendar）為每件公告的公開期限列出一個全天事件，"
            "附公告連結；在日曆軟體中按網址訂閱，即可看到各公示的截止日期。"
        ),
        (
            "- **離線版**：`./archive offline` 生成可離線瀏覽的壓縮包，解壓後直接打"
            "開 `index.html` 即可，檢索功能可用。"
        ),
    ]),
}


def about_page(archive: Archive, script: str) -> Generated:
    from converters.scripts import to_script

    problems = [Problem(str(name), "error" if getattr(issue, "severity", "warning") == "error" else "warning",
                        str(getattr(issue, "code", "")),
                        to_script(str(getattr(issue, "message", issue)), script, standard()))
                for name, issue in archive.problems]
    return _page(_interface_meta(script, t(script, "about_title"), toc=True), _h(1, t(script, "about_title")),
                 Part("about", {"prose": _about_html(script)}), _h(2, t(script, "problems")),
                 Part("problems", {"problems": problems}))


def _about_html(script: str) -> Markup:
    """ABOUT, hand-written Markdown, in full Markdown (the site's pages have no inline syntax:
    hooks/markdown_text.py); the Markdown library's output, never notice text."""
    import markdown

    return Markup(markdown.markdown(localized(script, ABOUT[script].strip())))


def root_page() -> Generated:
    meta = _interface_meta("hans", t("hans", "site_name"))
    meta["root"] = True
    return _page(meta, _h(1, f"{t('hans', 'site_name')} · {t('hant', 'site_name')}"),
                 Part("script-choice", {"scripts": [(s, LANG[s]) for s in SCRIPTS]}))


@dataclass(frozen=True)
class FeedEntry:
    """One notice of an Atom feed (partials/archive/feed.html): its name-based UUID, title, URL,
    date, issuer and a one-line summary (issuer, date, period), all plain text."""

    id: str
    title: str
    href: str
    date: str
    author: str
    summary: str


def feed_data(archive: Archive, script: str, site_url: str) -> dict:
    """What the Atom feed of the newest notices says (rendered by partials/archive/feed.html):
    ids are name-based UUIDs, `updated` the newest notice date, links absolute under `site_url`
    (else relative to the feed)."""
    entries = [e for e in archive.entries[script] if e.date][:FEED_SIZE]
    base = site_url.rstrip("/") + "/" if site_url else ""

    def link(src: str) -> str:
        out = src[:-3] + ".html" if src.endswith(".md") else src
        return base + out if base else posixpath.relpath(out, script)

    items = []
    for e in entries:
        summary = [e.issuer or t(script, "issuer_unknown"), cn_date(e.date)]
        if e.period:
            summary.append(f"{t(script, 'period')} {cn_date(e.period['start'])} 至 {cn_date(e.period['end'])}")
        items.append(FeedEntry(str(uuid.uuid5(uuid.NAMESPACE_URL, f"notice-archive:{e.id}:{script}")), e.title,
                               link(e.src_uri), str(e.date), e.issuer or t(script, "issuer_unknown"),
                               " · ".join(summary)))
    return {
        "lang": LANG[script],
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, "notice-archive:feed:" + script)),
        "title": t(script, "site_name"),
        "updated": entries[0].date if entries else "1970-01-01",
        "self_href": link(f"{script}/feed.xml"),
        "home_href": link(f"{script}/index.md"),
        "entries": items,
    }


def generated_pages(archive: Archive) -> dict[str, Generated]:
    """src_uri → every page the hook adds to the site."""
    pages = {"index.md": root_page()}
    for script in SCRIPTS:
        pages[f"{script}/index.md"] = index_page(archive, script)
        pages[f"{script}/years.md"] = years_page(archive, script)
        pages[f"{script}/issuers.md"] = issuers_page(archive, script)
        pages[f"{script}/about.md"] = about_page(archive, script)
        for year in archive.years(script):
            pages.update(year_pages(archive, script, year))
        for key, _, _ in archive.issuers(script):
            pages.update(issuer_pages(archive, script, key))
    from hooks.versions import compare_pages

    pages.update(compare_pages(archive))
    return pages


def alternate_src(src_uri: str, meta: dict) -> str:
    """The same page in the other script: front matter `alternate` for notices, else the mirror path."""
    alt = meta.get("alternate")
    if alt and src_uri.count("/") >= 1:
        return posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), str(alt)))
    script = src_uri.split("/", 1)[0]
    if script in OTHER:
        return OTHER[script] + src_uri[len(script):]
    return "hant/index.md"


def breadcrumbs(e: Entry, script: str, page_src: str) -> list[Link]:
    """Home, year and issuer of a notice (partials/archive/crumbs.html)."""
    year = t(script, "year_unknown") if e.year == UNKNOWN else f"{e.year}年"
    return [
        Link(rel(page_src, f"{script}/index.md"), t(script, "home")),
        Link(rel(page_src, f"{script}/years/{e.year}.md"), year),
        Link(rel(page_src, f"{script}/issuers/{e.issuer_key}.md"), e.issuer or t(script, "issuer_unknown")),
    ]


class Fragments(dict[str, str]):
    """Template output that is the same on many pages, rendered once per build: the sidebar of a
    notice is that of every other page in its folder (overrides/partials/nav.html)."""

    def keep(self, key: str | None, html: str) -> str:
        """Remember `html` under `key` (None: not shared) and return it."""
        if key is not None:
            self[key] = html
        return html


def page_strings(script: str) -> dict[str, str]:
    """Interface values the templates read from page.meta (all plain text, escaped there)."""
    other = OTHER[script]
    return {
        "site_title": t(script, "site_name"),
        "switch_label": t(script, "switch"),
        "switch_title": t(script, "switch_title"),
        "alt_lang": LANG[other],
        "home_url": f"{script}/index.html",
        "feed_url": f"{script}/feed.xml",
        "feed_title": t(script, "feed"),
    }
