"""Archivist corrections: an optional NAME.meta.yml next to NAME.txt overrides metadata.

A sidecar is written by hand, so every mistake in it is reported (as a warning naming
the file and field: the notice is still published) while its valid fields still apply.
It is parsed with limits on size, nesting depth and aliases (and the size the aliases
expand to), so a YAML "billion laughs" is refused at once instead of filling the memory.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import reprlib
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from converters.notice import Issue

MAX_SIDECAR_BYTES = 64 * 1024
# No field nests deeper than a period (mapping in a mapping) or needs aliases: generous limits.
MAX_DEPTH = 8
MAX_ALIASES = 32
MAX_NODES = 2000  # the document's nodes with every alias expanded
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})")
_PERIOD_KEYS = ("start", "end", "text")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
MAX_URL_CHARS = 2048  # what browsers and servers reliably accept
# Characters RFC 3986 allows nowhere in a URI (written %XX when meant): space, quotes, angle
# brackets (markup), braces, backslash (browsers read it as "/", other parsers do not), ^ ` |.
_NOT_IN_URL = re.compile(r'[\s"<>\\^`{|}]')
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# A capture date: from the first web page's year to the sidecar's year limit.
RETRIEVED_RANGE = ("1991-01-01", "2100-12-31")


class _Invalid(ValueError):
    """A field value that cannot be used; the message says why."""


class _Loader(yaml.SafeLoader):
    """safe_load without implicit timestamps (a bad date must not sink the whole file)
    and with duplicate keys recorded instead of silently overwritten."""

    duplicates: list[str]
    aliases = 0
    depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _TooComplex(f"more than {MAX_ALIASES} aliases (*name)")
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _TooComplex(f"nested deeper than {MAX_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _TooComplex(Exception):
    """A sidecar beyond the parsing limits; the message says which."""


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """Nodes in the document with every alias expanded (shared nodes counted each time),
    computed once per distinct node, so it costs what the document's text does."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(min(_expanded_size(item, sizes), MAX_NODES + 1) for item in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(min(_expanded_size(k, sizes) + _expanded_size(v, sizes), MAX_NODES + 1)
                    for k, v in node.value)
    sizes[id(node)] = size = min(size, MAX_NODES + 1)
    return size


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> dict:
    loader.flatten_mapping(node)  # resolve `<<` merge keys first, as construct_mapping does
    keys = [loader.construct_object(key) for key, _ in node.value]
    loader.duplicates.extend(str(k) for i, k in enumerate(keys) if k in keys[:i])
    return loader.construct_mapping(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def sidecar_path(notice_path: Path) -> Path:
    """NAME.meta.yml beside NAME.txt (or NAME.html…)."""
    return notice_path.with_name(f"{notice_path.stem}.meta.yml")


def load_sidecar(notice_path: Path, root: Path) -> tuple[dict, list[Issue]]:
    """The notice's sidecar metadata, normalised; ({}, []) when it has none.

    Symlinks and files resolving outside `root` are refused: a sidecar must not pull
    in content from elsewhere on the machine.
    """
    path = sidecar_path(notice_path)
    if not path.is_symlink() and not path.exists():
        return {}, []
    name = path.name
    if path.is_symlink():
        return {}, [_error("sidecar-outside", f"{name} is a symlink; sidecars must be regular files")]
    if not path.resolve().is_relative_to(root.resolve()):
        return {}, [_error("sidecar-outside", f"{name} resolves outside the archive root {root}")]
    if not path.is_file():
        return {}, [_error("sidecar-unreadable", f"{name} is not a regular file")]
    size = path.stat().st_size
    if size > MAX_SIDECAR_BYTES:
        return {}, [_error("sidecar-too-large", f"{name} is {size} bytes; the limit is {MAX_SIDECAR_BYTES}")]
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return {}, [_error("sidecar-unreadable", f"{name} is not UTF-8 (byte {err.start})")]
    except OSError as err:
        return {}, [_error("sidecar-unreadable", f"{name} cannot be read: {err.strerror}")]
    return parse_sidecar_text(text, name)


def parse_sidecar_text(text: str, name: str) -> tuple[dict, list[Issue]]:
    """Validate a sidecar's YAML; return its valid fields (dates as ISO strings) and the errors."""
    loader = _Loader(text)
    loader.duplicates = []
    try:
        node = loader.get_single_node()
        if node is not None and _expanded_size(node, {}) > MAX_NODES:
            raise _TooComplex(f"expands to more than {MAX_NODES} values (aliases)")
        data = loader.construct_document(node) if node is not None else None
    except _TooComplex as err:
        return {}, [_error("sidecar-too-complex", f"{name}: not read, {err}")]
    except RecursionError:
        return {}, [_error("sidecar-too-complex", f"{name}: not read, nested too deeply")]
    except yaml.YAMLError as err:
        where = getattr(err, "problem_mark", None)
        at = f" (line {where.line + 1}, column {where.column + 1})" if where else ""
        problem = getattr(err, "problem", None) or str(err)
        return {}, [_error("sidecar-yaml", f"{name}: not valid YAML{at}: {problem}")]
    finally:
        loader.dispose()
    if data is None:
        return {}, [Issue("sidecar-empty", f"{name} is empty; delete it or add fields")]
    if not isinstance(data, dict):
        kind = type(data).__name__
        return {}, [_error("sidecar-not-mapping", f"{name} must be a mapping of field: value, not a {kind}")]

    duplicates = dict.fromkeys(loader.duplicates)
    issues = [
        _error("sidecar-duplicate", f"{name}: key '{_show(key)}' is given more than once; which one is meant?")
        for key in duplicates
    ]
    result: dict = {}
    for key, value in data.items():
        check = _FIELDS.get(key) if isinstance(key, str) else None
        if check is None:
            close = difflib.get_close_matches(_show(key), _FIELDS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            known = ", ".join(_FIELDS)
            issues.append(_error("sidecar-unknown-field", f"{name}: unknown field '{_show(key)}'{hint}; known: {known}"))
            continue
        if key in duplicates:
            continue
        try:
            result[key] = check(value)
        except _Invalid as err:
            issues.append(_error("sidecar-invalid", f"{name}: field '{key}': {err}", _show(value)))
    return result, issues


def _one_line(value: Any) -> str:
    if not isinstance(value, str):
        raise _Invalid(f"must be text, not {_kind(value)} (quote it)")
    text = value.strip()
    if not text:
        raise _Invalid("is empty")
    if "\n" in text or "\r" in text:
        raise _Invalid("must be a single line")
    if bad := _CONTROL.search(text):
        raise _Invalid(f"contains the control character U+{ord(bad.group()):04X}")
    return text


def _date(value: Any) -> str:
    if isinstance(value, dt.datetime):  # an explicit !!timestamp tag
        raise _Invalid("must be a date YYYY-MM-DD without a time")
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str) or not _DATE.fullmatch(value.strip()):
        raise _Invalid(f"{_show(value)} is not a date YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError as err:
        raise _Invalid(f"{value.strip()} is not a real date ({err})") from None


def _published(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, str) and (match := _DATETIME.fullmatch(value.strip())):
        day, hour, minute = match.group(1), int(match.group(2)), int(match.group(3))
        if hour > 23 or minute > 59:
            raise _Invalid(f"{value.strip()} is not a real time of day")
        return f"{_date(day)}T{hour:02d}:{minute:02d}"
    try:
        return _date(value)
    except _Invalid:
        raise _Invalid(f"{_show(value)} is not YYYY-MM-DD or YYYY-MM-DDTHH:MM") from None


def _period(value: Any) -> dict:
    if not isinstance(value, dict):
        raise _Invalid(f"must be a mapping with start, end (and optional text), not {_kind(value)}")
    unknown = [str(k) for k in value if k not in _PERIOD_KEYS]
    if unknown:
        raise _Invalid(f"unknown key(s) {_show(', '.join(unknown))}; allowed: start, end, text")
    missing = [k for k in ("start", "end") if k not in value]
    if missing:
        raise _Invalid(f"missing {' and '.join(missing)}")
    try:
        start, end = _date(value["start"]), _date(value["end"])
    except _Invalid as err:
        raise _Invalid(f"period date {err}") from None
    if end < start:
        raise _Invalid(f"ends ({end}) before it starts ({start})")
    text = _one_line(value["text"]) if "text" in value else ""
    return {"start": start, "end": end, "text": text}


def _url(value: Any) -> str:
    """An absolute http(s) URL as the archivist copied it from the address bar: checked, not
    rewritten (non-ASCII paths and hosts are kept; `check-links` encodes them to request)."""
    if not isinstance(value, str):
        raise _Invalid(f"must be text, not {_kind(value)}")
    text = value.strip()
    if not text:
        raise _Invalid("is empty")
    if len(text) > MAX_URL_CHARS:
        raise _Invalid(f"is {len(text)} characters long; the limit is {MAX_URL_CHARS}")
    if bad := _CONTROL.search(text):
        raise _Invalid(f"contains the control character U+{ord(bad.group()):04X}")
    if bad := next((c for c in text if unicodedata.category(c) in ("Cf", "Zl", "Zp", "Zs")), None):
        what = "a space" if unicodedata.category(bad) == "Zs" else "an invisible character"
        raise _Invalid(f"contains {what} (U+{ord(bad):04X}); write it as %XX")
    if bad := _NOT_IN_URL.search(text):
        raise _Invalid(f"contains {bad.group()!r}, which a URL cannot hold; write it as %XX")
    if _BAD_PERCENT.search(text):
        raise _Invalid("has a % not followed by two hexadecimal digits")
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https"):
        raise _Invalid(f"must start with http:// or https://, not {_show(parts.scheme + ':') if parts.scheme else 'a path'}")
    if not parts.netloc or not parts.hostname:
        raise _Invalid("has no host name (http://host/path)")
    if "@" in parts.netloc:
        raise _Invalid("holds a user name or password (user@host); it would be published")
    try:
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number 0..65535
    except ValueError:
        raise _Invalid("has a port that is not a number from 0 to 65535") from None
    return text


def _retrieved(value: Any) -> str:
    """The capture date. Not compared with today: the conversion (and its cache) must not
    depend on the day it runs; `check-links` reports a date in the future instead."""
    day = _date(value)
    low, high = RETRIEVED_RANGE
    if not low <= day <= high:
        raise _Invalid(f"{day} is outside {low}..{high}")
    return day


def _script(value: Any) -> str:
    if not isinstance(value, str) or value.strip().lower() not in ("hans", "hant"):
        raise _Invalid(f"{_show(value)} is not 'hans' (Simplified) or 'hant' (Traditional)")
    return value.strip().lower()


def _year(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Invalid(f"must be a whole number, not {_kind(value)}")
    if not 1949 <= value <= 2100:
        raise _Invalid(f"{value} is outside 1949..2100")
    return value


_FIELDS: dict[str, Callable[[Any], Any]] = {
    "title": _one_line,
    "issuer": _one_line,
    "signed_date": _date,
    "published": _published,
    "period": _period,
    "source": _one_line,
    "editor": _one_line,
    "byline": _one_line,
    "doc_number": _one_line,
    "script": _script,
    "year": _year,
    "source_url": _url,
    "retrieved": _retrieved,
    "archive_url": _url,
}


def _kind(value: Any) -> str:
    return "nothing" if value is None else type(value).__name__


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 2, 4, 4, 60, 60


def _show(value: Any) -> str:
    """A value as messages show it: at most 60 characters, whatever its size (a bounded repr,
    never the whole of a large or deeply shared value)."""
    text = _REPR.repr(value) if not isinstance(value, str) else value[:61]
    return text if len(text) <= 60 else text[:57] + "…"


def _error(code: str, message: str, excerpt: str = "") -> Issue:
    """A sidecar problem: a warning, since the notice is published with its other fields."""
    return Issue(code, message, excerpt, "warning")
