"""Notice pages the previous build rendered from the same inputs are not rendered again.

A notice page's HTML depends on its own Markdown (front matter included) and on what every page
shares: the configuration, the templates, hooks, converters and assets, the navigation and the
versions of the libraries that render it; never on another notice (tests/test_incremental.py
adds, edits, deletes and renames notices and compares the site with a clean build byte for
byte). So each notice page gets a key, a hash of that shared signature and its Markdown, and
the build records the keys of the pages it wrote. Before MkDocs empties the site folder, the
previous build's notice pages are moved aside (into a hidden folder of the site, which MkDocs
leaves alone); a page whose key is the one recorded for it is then written again from those
bytes: no Markdown, no template. Everything else is built as usual, and a page is dropped from
the site when its notice is, since the folder is emptied as on any build.

What is reused is the site's own output, never a cache entry: the record only says which page
needs no new rendering. It is removed when a build starts and written when one succeeds, so a
failed or killed build leaves pages that the next build renders again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from contextlib import suppress
from pathlib import Path

PREVIOUS = ".previous-pages-"  # + pid: the folder of the site that holds the previous pages
SCRIPTS = ("hans", "hant")
FOLDERS = ("notices", "years", "issuers")  # of each script: the pages that may be reused
RECORDS = 8  # site folders whose pages are remembered
# Libraries whose versions shape a rendered page.
RENDERERS = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "Jinja2", "MarkupSafe", "Pygments")


class PageReuse:
    """The previous build's notice pages and their keys, and this build's keys."""

    def __init__(self, site_dir: Path, record: Path) -> None:
        self.site_dir, self.record = site_dir, record
        self.previous = site_dir / f"{PREVIOUS}{os.getpid()}"
        self.keys: dict[str, str] = {}  # src_uri → key recorded by the previous build
        self.written: dict[str, str] = {}  # src_uri → key of the page this build wrote
        self.reused: dict[str, Path] = {}  # src_uri → previous page to write again
        self.signature = ""
        self.made: set[Path] = set()  # folders known to exist
        self.file_keys: dict[str, str] = {}  # site path of a raw copy → key recorded by the previous build
        self.files: dict[str, str] = {}  # site path → key of the raw copy this build has
        self.restored = 0

    def prepare(self) -> None:
        """Read and remove the previous record; move the previous notice pages and raw copies aside."""
        remove_leftovers(self.site_dir)

        def strings(value: object) -> dict[str, str]:
            items = value.items() if isinstance(value, dict) else ()
            return {k: v for k, v in items if isinstance(k, str) and isinstance(v, str)}

        try:
            data = json.loads(self.record.read_text(encoding="utf-8"))
            data = data if isinstance(data, dict) else {}
            self.keys, self.file_keys = strings(data.get("pages")), strings(data.get("files"))
        except (OSError, ValueError):
            self.keys, self.file_keys = {}, {}
        self.record.unlink(missing_ok=True)
        folders = [(script, name) for script in SCRIPTS for name in FOLDERS] if self.keys else []
        for parts in folders + ([("raw",)] if self.file_keys else []):
            folder = self.site_dir.joinpath(*parts)
            if folder.is_dir() and not folder.is_symlink():
                (self.previous / folder.relative_to(self.site_dir)).parent.mkdir(parents=True, exist_ok=True)
                os.replace(folder, self.previous / folder.relative_to(self.site_dir))

    def restore_file(self, path: str, key: str) -> bool:
        """A file the site publishes as it is (a raw copy, `path` in the site) made from what `key`
        says: moved back from the previous build if it made it from the same, else False (and
        the build writes it). Either way this build records it."""
        self.files[path] = key
        old = self.previous / path
        if self.file_keys.get(path) != key or not old.is_file():
            return False
        dest = self.site_dir / path
        try:
            if dest.parent not in self.made:
                dest.parent.mkdir(parents=True, exist_ok=True)
                self.made.add(dest.parent)
            os.replace(old, dest)
        except OSError:
            return False
        self.restored += 1
        return True

    def set_signature(self, config, nav) -> None:
        self.signature = signature(config, nav)

    def key(self, src_uri: str, source: Path | bytes) -> str:
        digest = hashlib.sha256(f"{self.signature}\0{src_uri}\0".encode())
        digest.update(source if isinstance(source, bytes) else source.read_bytes())
        return digest.hexdigest()

    def consider(self, src_uri: str, source: Path | bytes, dest_uri: str) -> bool:
        """Whether the page can be written again from the previous build (and remember its key).
        `source`: the page's Markdown file, or for a generated page the bytes of its data."""
        try:
            key = self.key(src_uri, source)
        except OSError:
            return False
        self.written[src_uri] = key
        old = self.previous / dest_uri
        if self.keys.get(src_uri) == key and old.is_file():
            self.reused[src_uri] = old
            return True
        return False

    def restore(self, src_uri: str, dest: Path) -> None:
        """Move the previous page's file to `dest`: no read, no write (on a busy disk every open
        costs a fraction of a millisecond, thousands of pages a second or more)."""
        if dest.parent not in self.made:
            dest.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(dest.parent)
        os.replace(self.reused[src_uri], dest)

    def finish(self, ok: bool) -> None:
        """Drop the previous pages; on success, record this build's keys."""
        shutil.rmtree(self.previous, ignore_errors=True)
        if not ok:
            return
        from converters.atomic import save_cache

        self.record.parent.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"pages": dict(sorted(self.written.items())), "files": dict(sorted(self.files.items()))},
                          ensure_ascii=False, indent=0)
        save_cache(self.record, body.encode("utf-8"))
        _prune(self.record.parent)


def _prune(folder: Path) -> None:
    """Keep the records of the RECORDS site folders built last (the offline bundle builds into
    a new temporary folder each time)."""
    def age(path: Path) -> float:
        try:
            return -path.stat().st_mtime
        except OSError:
            return 0.0

    for old in sorted(folder.glob("*.json"), key=age)[RECORDS:]:
        with suppress(OSError):
            old.unlink()


def record_path(cache_dir: Path, site_dir: Path) -> Path:
    """The record of the pages built into `site_dir` (one per site folder)."""
    name = hashlib.sha1(str(site_dir.resolve()).encode()).hexdigest()[:16]
    return cache_dir / "pages" / f"{name}.json"


def signature(config, nav) -> str:
    """A hash of what every page's HTML shares: versions, the project's templates, hooks,
    converters and assets, the configuration and the navigation."""
    from importlib.metadata import PackageNotFoundError, version

    from converters.build import converter_version

    digest = hashlib.sha256(sys.version.encode())
    for name in RENDERERS:
        try:
            digest.update(f"\0{name}=={version(name)}".encode())
        except PackageNotFoundError:
            digest.update(f"\0{name}".encode())
    digest.update(f"\0converters={converter_version()}".encode())
    root = Path(config.config_file_path).resolve().parent
    folders = [root / "hooks", Path(config.theme.custom_dir or root / "overrides"), Path(config.docs_dir) / "assets"]
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"\0{path.relative_to(folder).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    digest.update(Path(config.config_file_path).read_bytes())
    settings = {
        "site_url": config.site_url, "site_name": config.site_name, "use_directory_urls": config.use_directory_urls,
        "extra": config.extra, "theme": dict(config.theme.items()) if hasattr(config.theme, "items") else {},
        "markdown_extensions": config.markdown_extensions, "mdx_configs": config.mdx_configs,
        "plugins": {name: dict(plugin.config) if getattr(plugin, "config", None) else {}
                    for name, plugin in config.plugins.items()},
        "nav": _nav(nav.items) if nav is not None else [],
    }
    digest.update(json.dumps(settings, sort_keys=True, default=_stable, ensure_ascii=False).encode())
    return digest.hexdigest()


def _stable(value: object) -> object:
    """A value JSON cannot write, as the same text in every process (a repr may hold an address)."""
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(map(str, value)) if isinstance(value, (set, frozenset)) else list(value)
    if hasattr(value, "items"):
        return {str(k): v for k, v in value.items()}
    kind = type(value)
    text = repr(value)
    return f"{kind.__module__}.{kind.__qualname__}" if " at 0x" in text else text


def _nav(items) -> list:
    return [[getattr(i, "title", None), getattr(i, "url", None), _nav(getattr(i, "children", None) or [])]
            for i in items]


def remove_leftovers(site_dir: Path, prefix: str = PREVIOUS) -> None:
    """Folders of previous output (`prefix` + pid) that builds no longer running left in the site."""
    from converters.atomic import _alive

    if not site_dir.is_dir():
        return
    for entry in site_dir.iterdir():
        pid = entry.name.removeprefix(prefix)
        if entry.name.startswith(prefix) and pid.isdigit() and (int(pid) == os.getpid() or not _alive(int(pid))):
            shutil.rmtree(entry, ignore_errors=True)


def data_bytes(meta: dict, blocks: list) -> bytes:
    """A generated page's data as bytes, the same in every process (its key's input)."""
    return json.dumps([meta, blocks], sort_keys=True, default=_data, ensure_ascii=False).encode()


def _data(value: object) -> object:
    """A dataclass as its name and fields, one level at a time (json calls this again for the
    dataclasses inside: dataclasses.asdict would copy every level first, a third of the time)."""
    from dataclasses import fields, is_dataclass

    if is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, {f.name: getattr(value, f.name) for f in fields(value)}]
    return _stable(value)
