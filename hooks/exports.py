"""The archive as data: site/data/notices.json, notices.csv and notices.jsonl (README "Exports").

Plain functions of the converted notices (their front matter in both scripts, the converter's
problems and the pages' text), so two builds of the same notices write the same bytes:
notices sorted by id, keys in a fixed order, no clock. The values are raw text: JSON and CSV
quote them; nothing here is ever HTML.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from hooks.search_index import plain_text
from hooks.site import Archive, Entry
from hooks.text import SCRIPTS

FORMAT = "notice-archive-export"
VERSION = 1
DATA_DIR = "data"
# Characters a JSON string may hold raw that line-splitting readers take for line ends
# (Python's str.splitlines, JavaScript before ES2019): escaped, so each JSONL record is one line.
# A regex pass, not str.translate, which looks up every character of the text.
_LINE_ENDS = re.compile("[\x85\u2028\u2029]")
# A spreadsheet reads a cell that starts with one of these as a formula (OWASP "CSV injection"),
# the full-width forms included (an IME types them; some spreadsheets fold them).
FORMULA_START = tuple("=+-@\t\r\n＝＋－＠")
_CSV_CONTROL = {c: "\ufffd" for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]}
PAIR_FIELDS = ("title", "issuer", "doc_number", "source", "editor", "byline")


def site_link(path: str, site_url: str, up: str) -> str:
    """A site path ("hans/notices/x.html") as a link: absolute under `site_url` when it is set,
    else relative to the file holding the link (`up` leads from that file to the site root)."""
    quoted = quote(path, safe="/~")
    return site_url.rstrip("/") + "/" + quoted if site_url else up + quoted


def _pair(hans: Entry, hant: Entry | None, key: str) -> dict[str, object]:
    return {"hans": hans.meta.get(key), "hant": (hant or hans).meta.get(key)}


def notice_record(archive: Archive, hans: Entry, hant: Entry | None, site_url: str, up: str = "../",
                  problems: dict[str, list] | None = None) -> dict:
    """One notice's metadata, both scripts side by side (the schema in the README); `problems`
    are the build's problems by file name (grouped once for all notices)."""
    meta = hans.meta
    raw = str(meta.get("raw") or "")
    copy = archive.raw.get(raw)
    period = None
    if hans.period:
        text = _pair(hans, hant, "period")
        period = {"start": hans.period["start"], "end": hans.period["end"], "days": hans.period.get("days"),
                  "text": {s: (v or {}).get("text") if isinstance(v, dict) else None for s, v in text.items()}}
    name = raw.split("/", 1)[1] if raw.startswith("notices/") else raw
    problems = _problems(archive) if problems is None else problems
    warnings = [{"code": issue.code, "severity": issue.severity, "message": issue.message, "excerpt": issue.excerpt}
                for issue in problems.get(name, [])]
    return {
        "id": hans.id,
        "original_script": meta.get("original_script"),
        **{key: _pair(hans, hant, key) for key in PAIR_FIELDS[:3]},
        "title_derived": bool(meta.get("title_derived")),
        "date": hans.date,
        "signed_date": meta.get("signed_date"),
        "published": meta.get("published"),
        "period": period,
        **{key: _pair(hans, hant, key) for key in PAIR_FIELDS[3:]},
        "read_by": meta.get("read_by"),
        "pages": {"hans": site_link(hans.url, site_url, up),
                  "hant": site_link(hant.url if hant else "hant/" + hans.url.split("/", 1)[1], site_url, up)},
        "raw": {
            "path": raw or None,
            "url": site_link(copy.original, site_url, up) if copy else None,
            "utf8_url": site_link(copy.reading, site_url, up) if copy and copy.reading else None,
            "sha256": meta.get("raw_sha256"),
            "bytes": meta.get("raw_bytes"),
            "encoding": meta.get("encoding") or None,
        },
        "provenance": {key: meta.get(key) for key in ("source_url", "retrieved", "archive_url")},
        "warnings": warnings,
    }


def _problems(archive: Archive) -> dict[str, list]:
    """The build's problems by file name (relative to notices/), in the order reported."""
    grouped: dict[str, list] = {}
    for name, issue in archive.problems:
        grouped.setdefault(name, []).append(issue)
    return grouped


def records(archive: Archive, site_url: str, up: str = "../") -> list[dict]:
    """Every published notice, sorted by id."""
    hant = archive.by_id("hant")
    problems = _problems(archive)
    return [notice_record(archive, e, hant.get(e.id), site_url, up, problems)
            for e in sorted(archive.entries.get("hans", []), key=lambda e: e.id)]


def dumps(data: object, indent: int | None = None) -> str:
    """JSON as UTF-8 text (not \\u escapes), with the line-end characters escaped."""
    separators = (",", ": ") if indent else (",", ":")
    text = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)
    return _LINE_ENDS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def notices_json(rows: list[dict]) -> str:
    return dumps({"format": FORMAT, "version": VERSION, "count": len(rows), "notices": rows}, indent=1) + "\n"


# --------------------------------------------------------------------------- CSV

COLUMNS = (
    "id", "original_script",
    "title_hans", "title_hant", "issuer_hans", "issuer_hant", "doc_number_hans", "doc_number_hant",
    "title_derived", "date", "signed_date", "published",
    "period_start", "period_end", "period_days", "period_text_hans", "period_text_hant",
    "source_hans", "source_hant", "editor_hans", "editor_hant", "byline_hans", "byline_hant",
    "read_by", "pages_hans", "pages_hant",
    "raw_path", "raw_url", "raw_utf8_url", "raw_sha256", "raw_bytes", "raw_encoding",
    "provenance_source_url", "provenance_retrieved", "provenance_archive_url",
    "warning_count", "warnings",
)


def flatten(record: dict) -> dict[str, object]:
    """A record as one CSV row: nested keys joined with "_", warnings as one line each."""
    flat: dict[str, object] = {}

    def walk(prefix: str, value: object) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}_{key}" if prefix else key, inner)
        else:
            flat[prefix] = value

    walk("", {k: v for k, v in record.items() if k not in ("period", "warnings")})
    walk("period", record["period"] or {"start": None, "end": None, "days": None, "text": {"hans": None, "hant": None}})
    flat["warning_count"] = len(record["warnings"])
    flat["warnings"] = "\n".join(
        f"{w['severity']} [{w['code']}] {w['message']}" + (f"「{w['excerpt']}」" if w["excerpt"] else "")
        for w in record["warnings"])
    return {column: flat.get(column) for column in COLUMNS}


def csv_cell(value: object) -> str | int:
    """A value as a spreadsheet shows it, never as a formula: text that starts like one gets a
    leading apostrophe (the spreadsheet convention for "this is text"); numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return value
    text = str(value).translate(_CSV_CONTROL)
    return "'" + text if text.startswith(FORMULA_START) else text


def notices_csv(rows: list[dict]) -> str:
    """RFC 4180 CSV (CRLF, every field quoted), UTF-8 with a BOM so that Excel reads it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for record in rows:
        writer.writerow([csv_cell(value) for value in flatten(record).values()])
    return "\ufeff" + out.getvalue()


# --------------------------------------------------------------------------- JSONL


def page_text(body: str, title: str) -> str:
    """The text a notice page shows, paragraph per line, without the title heading."""
    text = plain_text(body)
    first, _, rest = text.partition("\n")
    return rest if first == " ".join(title.split()) else text


def notices_jsonl(rows: list[dict], texts: dict[str, dict[str, str]]) -> str:
    """One notice per line: id, titles, pages, the raw file's hash and the text in both scripts."""
    lines = []
    for record in rows:
        line = {key: record[key] for key in ("id", "original_script", "title", "date", "pages")}
        line["raw_sha256"] = record["raw"]["sha256"]
        line["text"] = texts.get(record["id"], {s: "" for s in SCRIPTS})
        lines.append(dumps(line))
    return "".join(line + "\n" for line in lines)


def notice_texts(archive: Archive, bodies: dict[str, str], docs_dir: Path) -> dict[str, dict[str, str]]:
    """id → script → page text, from the bodies the build read (or the page file itself)."""
    from hooks.site import read_page

    texts: dict[str, dict[str, str]] = {}
    for script in SCRIPTS:
        for e in archive.entries.get(script, []):
            body = bodies.get(e.src_uri)
            if body is None:
                path = docs_dir / e.src_uri
                body = read_page(path)[0] if path.is_file() else ""
            texts.setdefault(e.id, {})[script] = page_text(body, e.title)
    return texts


def exports(archive: Archive, bodies: dict[str, str], docs_dir: Path, site_url: str) -> dict[str, str]:
    """Site path → content of every export file."""
    rows = records(archive, site_url)
    return {
        f"{DATA_DIR}/notices.json": notices_json(rows),
        f"{DATA_DIR}/notices.csv": notices_csv(rows),
        f"{DATA_DIR}/notices.jsonl": notices_jsonl(rows, notice_texts(archive, bodies, docs_dir)),
    }


def write_files(site_dir: Path, files: Iterable[tuple[str, str]]) -> None:
    from converters.atomic import write_atomic

    for path, content in files:
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, content.encode("utf-8"))
