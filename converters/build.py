"""Convert a whole archive: `notices/` → `docs/{hans,hant}/notices/<id>.md`.

Conversion results are cached under a key made of the raw bytes, the file name, the sidecar's
bytes and the converter's version (a hash of its source and data files and of the versions of
the libraries that shape its output), so a rebuild
converts exactly the notices whose input or converter changed. Files are written only
when their content changes, so `mkdocs serve` and file timestamps stay quiet, and always
through a temporary file and a rename, so a killed or failed build leaves no half of one.

The cache is a speed-up only (`_store`, `_load`): an entry holds the notice, never Markdown
(rendered again on read, so nothing from the cache becomes markup), under a checksum of its
key and content; an entry failing it is discarded and rebuilt, and a cache folder that
cannot be written is a warning, not a failed build.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import multiprocessing
import os
import re
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .atomic import die_with_parent, remove_leftovers, write_atomic
from .markdown import render_markdown
from .notice import Issue, Notice, Period, block_from_dict
from .readers import suffixes
from .scripts import DEFAULT_STANDARD, check_standard
from .sidecar import sidecar_path
from .text import skeleton

# Text and saved pages, and every kind a reader claims (`readers.KINDS`: .pdf, …).
RAW_SUFFIXES = (".txt", ".html", ".htm", *suffixes())
SCRIPTS = ("hans", "hant")
DEFAULT_CACHE = Path(".cache/converters")
# Not under "mkdocs": a cache problem is printed as a warning but does not fail a strict build.
log = logging.getLogger("converters.build")
# Small chunks (2 workers: 1000 notices in chunks of 15, a tenth of a second of work each):
# a worker left alone with a big last chunk costs more than the extra messages do.
CHUNKS_PER_WORKER = 32
# From this many cache hits on, the workers read them (and render their Markdown) too.
LOADS_FOR_POOL = 64


@dataclass
class BuildReport:
    notices: list[Notice] = field(default_factory=list)
    problems: list[tuple[str, Issue]] = field(default_factory=list)
    converted: int = 0
    written: int = 0
    published: set[str] = field(default_factory=set)  # file names (relative to notices/) published

    @property
    def errors(self) -> list[tuple[str, Issue]]:
        return [(n, i) for n, i in self.problems if i.severity == "error"]

    @property
    def refused(self) -> list[str]:
        """Files with an error that were not published: each makes the build exit 1."""
        return sorted({n for n, _ in self.errors if n not in self.published})


# Libraries whose data or behaviour shape the output (OpenCC's dictionaries, jieba's and
# pypinyin's, the HTML and charset detection), and Python's Unicode tables.
OUTPUT_DEPENDENCIES = ("OpenCC", "jieba", "pypinyin", "beautifulsoup4", "charset-normalizer", "PyYAML", "pypdfium2",
                       "lxml")


def dependency_versions() -> str:
    """"name==version" of each output dependency and the Unicode version, one per line."""
    from importlib.metadata import PackageNotFoundError, version

    lines = []
    for name in OUTPUT_DEPENDENCIES:
        try:
            lines.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            lines.append(f"{name} missing")
    import unicodedata

    lines.append(f"unicode=={unicodedata.unidata_version}")
    lines.append(_libreoffice())
    return "\n".join(lines)


def _libreoffice() -> str:
    """Which LibreOffice converts .doc and .wps files (its program and when it was installed),
    without starting it: installing, upgrading or removing it reconverts them."""
    from .office_convert import soffice

    program = soffice()
    if program is None:
        return "libreoffice missing"
    real = Path(program).resolve()
    try:
        return f"libreoffice=={real}@{int(real.stat().st_mtime)}"
    except OSError:
        return f"libreoffice=={real}"


@lru_cache(maxsize=1)
def converter_version() -> str:
    """Hash of the converter's code and data and of the versions of the libraries it relies on:
    a change to any of them reconverts everything (an upgraded OpenCC may convert differently)."""
    root = Path(__file__).parent
    digest = hashlib.sha256(dependency_versions().encode())
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".tsv", ".txt", ".yml")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def settings_version(standard: str = DEFAULT_STANDARD) -> str:
    """The converter's version under the archivist's settings (the Traditional standard):
    changing a setting reconverts everything, like changing the code."""
    return hashlib.sha256(f"{converter_version()}\0traditional={check_standard(standard)}".encode()).hexdigest()[:16]


def cache_key(raw: Path, name: str, standard: str = DEFAULT_STANDARD) -> str | None:
    """Key of a conversion result: converter and settings, the file's name (its id, its source
    path and whether it is HTML come from it), its bytes and its sidecar's; None if unreadable."""
    digest = hashlib.sha256(settings_version(standard).encode())
    digest.update(b"\0name\0" + name.encode("utf-8", "surrogateescape") + b"\0")
    try:
        with raw.open("rb") as fh:
            digest.update(hashlib.file_digest(fh, "sha256").digest())
        side = sidecar_path(raw)
        if side.exists() or side.is_symlink():
            digest.update(b"\0sidecar\0" + (side.read_bytes() if side.is_file() else b"<not a file>"))
    except OSError:
        return None
    return digest.hexdigest()


def notice_from_dict(data: dict) -> Notice:
    data = dict(data)
    data["blocks"] = [block_from_dict(b) for b in data["blocks"]]
    data["warnings"] = [Issue(**w) for w in data["warnings"]]
    data["period"] = Period(**data["period"]) if data.get("period") else None
    return Notice(**data)


def fingerprint(notice: Notice) -> str | None:
    """What two copies of one notice share: a hash of its letters and digits, title included
    (notices with one stock body under different titles are not copies); None if it has none."""
    body = skeleton(notice.title + "".join(b.text for b in notice.blocks))
    return hashlib.sha1(body.encode()).hexdigest() if body else None


def _convert_one(args: tuple[str, str, str | None, str]) -> dict:
    """Worker: convert one raw file (path, root, cache entry or None, Traditional standard);
    returns the notice, its Markdown (UTF-8) and its fingerprint.

    Everything the build would otherwise do per notice in its one process happens here, in
    parallel: the fingerprint, the cache entry (written by the worker when `args` names one,
    the JSON serialisation being a good part of the work) and the Markdown's encoding. The
    notice travels as the object itself: rebuilding it from its JSON form costs more.
    """
    from .pipeline import convert_file

    path, root, cache, standard = args
    try:
        notice = convert_file(Path(path), Path(root))
        markdown = {s: render_markdown(notice, s, standard) for s in SCRIPTS}
        result = {"notice": notice.to_dict(), "markdown": markdown, "fingerprint": fingerprint(notice)}
        unstored = _store(Path(cache), result) if cache else None
        out = {"notice": notice, "markdown": {s: md.encode() for s, md in markdown.items()},
               "fingerprint": result["fingerprint"]}
        return {**out, "unstored": unstored} if unstored else out
    except Exception as err:  # one bad file must never break the archive: report it instead
        from .pipeline import notice_id

        rel = Path(path).relative_to(Path(root).parent).as_posix()
        reason = f"{err.strerror}" if isinstance(err, OSError) and err.strerror else f"{type(err).__name__}: {err}"
        code, what = ("unreadable", "无法读取") if isinstance(err, OSError) else ("converter-failed", "转换程序出错")
        issue = Issue(code, f"{rel}: {what}（{reason}），未发布", severity="error")
        notice = Notice(id=notice_id(rel), source_path=rel, encoding="", script="hans", blocks=[],
                        title=Path(path).name, title_derived=True, warnings=[issue])
        # An unreadable file or a crash is not cached: it is retried next time.
        return {"notice": notice, "markdown": {}, "fingerprint": None, "failed": True}


# A folder's description, whatever its format: README, README.md, readme.txt, ReadMe.rst.
_README = re.compile(r"readme(?:\.[A-Za-z0-9]{1,8})?", re.I)


def list_raw(notices_dir: Path) -> tuple[list[Path], list[tuple[str, Issue]]]:
    """Raw notice files, and a problem for every other file: each file under notices/ is
    published or reported.

    Not published, with a warning: a folder's README (README, README.md, readme.txt…: it
    describes the folder, it is not a notice), hidden files and folders, sidecars without a notice, a
    symlink to a notice published under its own name (published once), a linked folder (its
    files are published where they are). Refused: links out of notices/, non-files, unknown
    types. Names that differ only in case are both published, with a warning: they would
    overwrite each other on a case-insensitive disk."""
    raws: list[Path] = []
    problems: list[tuple[str, Issue]] = []
    sidecars: list[Path] = []
    root = notices_dir.resolve()
    paths = sorted(notices_dir.rglob("*"))
    regular = {p.resolve(): p for p in paths if not p.is_symlink() and p.is_file()
               and not any(part.startswith(".") for part in p.relative_to(notices_dir).parts)}
    for path in paths:
        rel = path.relative_to(notices_dir).as_posix()
        parts = path.relative_to(notices_dir).parts
        inside = not path.is_symlink() or path.resolve().is_relative_to(root)
        if path.is_dir() and not path.is_symlink():
            continue
        if any(part.startswith(".") for part in parts):
            problems.append((rel, Issue("hidden", "隐藏的文件或文件夹（名称以 . 开头），未发布", rel)))
        elif not inside:
            problems.append((rel, Issue("outside", "链接指向 notices/ 之外，未处理", rel, "error")))
        elif path.is_dir():
            target = path.resolve().relative_to(root).as_posix()
            problems.append((rel, Issue("linked-folder", f"链接到文件夹 {target}/，未跟随（其中的文件按原路径发布）", rel)))
        elif path.name.endswith(".meta.yml"):
            sidecars.append(path)
        elif _README.fullmatch(path.name):
            problems.append((rel, Issue("not-a-notice", "说明文件（README），不是公告，未发布", rel)))
        elif not path.is_file():
            problems.append((rel, Issue("unreadable", "不是普通文件（断开的链接或设备文件），未处理", rel, "error")))
        elif path.is_symlink() and path.resolve() in regular:
            target = regular[path.resolve()].relative_to(notices_dir).as_posix()
            problems.append((rel, Issue("symlink", f"链接到 {target}，已按 {target} 发布（只发布一次）", rel)))
        elif path.suffix.lower() in RAW_SUFFIXES:
            raws.append(path)
        else:
            problems.append((rel, Issue("unsupported", f"不支持的文件类型 {path.suffix or '（无扩展名）'}，未处理",
                                        rel, "error")))
    used = {sidecar_path(raw) for raw in raws}
    for side in sidecars:
        if side not in used:
            rel = side.relative_to(notices_dir).as_posix()
            stem = side.name.removesuffix(".meta.yml")
            problems.append((rel, Issue("sidecar-orphan", f"没有对应的公告文件（{stem}.txt 等），未使用", rel)))
    folded: dict[str, str] = {}
    for raw in raws:
        rel = raw.relative_to(notices_dir).as_posix()
        if (other := folded.setdefault(rel.casefold(), rel)) != rel:
            problems.append((rel, Issue("case-collision", f"与 {other} 仅大小写不同：在不区分大小写的磁盘上会相互覆盖",
                                        rel)))
    return raws, problems


def convert_all(raws: list[Path], root: Path, cache_dir: Path | None, jobs: int | None,
                progress: Callable[[int, int], None] | None = None,
                standard: str = DEFAULT_STANDARD, docs_dir: Path | None = None) -> tuple[Iterator[dict], int]:
    """Results for every raw file, in order, and how many are cache misses to convert.

    Results come as they are ready, so the build writes pages while the workers still
    convert; each converted result goes to the cache as soon as it arrives.
    """
    keys = [cache_key(p, p.relative_to(root).as_posix(), standard) for p in raws]
    cached = [cache_dir / f"{key}.json" if cache_dir and key else None for key in keys]
    todo = [i for i, c in enumerate(cached) if not (c and _exists(c))]
    if cache_dir and todo:
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            remove_leftovers(cache_dir)
        except OSError as err:
            _cache_unusable(cache_dir, err)
            cached = [None] * len(cached)
    elif cache_dir and cache_dir.is_dir():  # a killed build's half-written entries, even when all is cached
        with suppress(OSError):
            remove_leftovers(cache_dir)
    return _results(raws, root, cached, todo, jobs, progress, standard, docs_dir), len(todo)


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # an unreadable cache folder: convert
        return False


def _cache_unusable(where: Path, err: OSError) -> None:
    log.warning("warning: conversion cache %s not writable (%s): building without storing results",
                where, err.strerror or err)


# A short notice that makes the converter load all it loads on first use: the modules, OpenCC
# both ways, jieba's dictionary (a title with a space inside a word), pypinyin's (a reading
# annotation), the rare-character table.
_WARM_UP = ("关于做好邮政编 码工作的通知\n各有关单位：\n為做好全國(guó)工作，现将有关事项通知如下。\n"
            "一、总体要求\n请认真贯彻执行。\n某某市人民政府\n2024年1月2日\n")


def _warm_up(standard: str) -> None:
    """Load in this process what every worker would otherwise load for itself: workers
    forked from it start with it loaded (a second or more of CPU per build on two cores).
    Then keep the garbage collector off it: collections would otherwise walk the
    dictionaries' objects again and again (3 % of the time), and in a forked worker touch,
    and so copy, every page of them."""
    from .pipeline import convert_text

    notice = convert_text(_WARM_UP, "warm-up.txt")
    for script in SCRIPTS:
        render_markdown(notice, script, standard)
    gc.freeze()


def _results(raws: list[Path], root: Path, cached: list[Path | None], todo: list[int], jobs: int | None,
             progress: Callable[[int, int], None] | None, standard: str, docs_dir: Path | None) -> Iterator[dict]:
    args = [(str(raws[i]), str(root), str(cached[i]) if cached[i] else None, standard) for i in todo]
    pending = set(todo)
    hits = [path for i, path in enumerate(cached) if i not in pending]
    # Reading an entry renders its Markdown (a few ms): many are read by the workers too.
    loading = len(hits) >= LOADS_FOR_POOL
    workers = min(jobs or os.cpu_count() or 1, max(len(todo) + (len(hits) if loading else 0), 1))
    with ExitStack() as stack:
        if workers > 1 and (len(todo) > 1 or loading):
            if len(todo) > 1 and multiprocessing.get_start_method() == "fork":
                _warm_up(standard)
            pool = stack.enter_context(ProcessPoolExecutor(workers, initializer=die_with_parent,
                                                           initargs=(os.getpid(),)))
            outs = pool.map(_convert_one, args, chunksize=max(1, len(todo) // (workers * CHUNKS_PER_WORKER)))
            loads = pool.map(_load, hits, [standard] * len(hits), [docs_dir] * len(hits),
                             chunksize=max(1, len(hits) // (workers * CHUNKS_PER_WORKER))) \
                if loading else map(_load, hits, [standard] * len(hits), [docs_dir] * len(hits))
        else:
            outs, loads = map(_convert_one, args), map(_load, hits, [standard] * len(hits), [docs_dir] * len(hits))
        done = 0
        storing = True
        for i, path in enumerate(cached):
            if i not in pending:
                result = next(loads)
                if "discarded" in result:  # converted again, here
                    _discard(path, result["discarded"])  # type: ignore[arg-type]
                    result = _convert_one((str(raws[i]), str(root), str(path) if storing else None, standard))
                    storing = _stored(result, path, storing)
                yield result
                continue
            result = next(outs)
            done += 1
            if progress:
                progress(done, len(todo))
            storing = _stored(result, path, storing)
            yield result


def _stored(result: dict, path: Path | None, storing: bool) -> bool:
    """Whether the cache is still written to, after this result's entry (written by the
    worker) did or did not go in: a cache that cannot be written is said once."""
    reason = result.pop("unstored", None)
    if reason and storing and path:
        _cache_unusable(path.parent, OSError(reason))
        return False
    return storing


# A cache entry: this header line, then the JSON of the notice and its fingerprint. The
# checksum covers the key the entry was stored under (its file name) and the JSON, so an
# entry truncated, emptied, edited or moved to another key fails it. The Markdown is never
# stored: it is rendered again from the notice on read, so nothing from the cache is markup,
# unless the page in docs/ already holds what the entry says it was rendered as (its SHA-256):
# then the build's own output stays as it is, and nothing is rendered.
CACHE_MAGIC = "archive-cache 1"


def _store(path: Path, result: dict) -> str | None:
    """Write a cache entry (`result` with the notice as a dict) atomically: a crashed build
    leaves no half-written entry. Why the cache cannot be written, or None."""
    rendered = {s: hashlib.sha256(md.encode("utf-8", "surrogatepass")).hexdigest() for s, md in result["markdown"].items()}
    payload = json.dumps({"notice": result["notice"], "fingerprint": result["fingerprint"], "rendered": rendered},
                         ensure_ascii=False)
    try:
        write_atomic(path, f"{CACHE_MAGIC} {_checksum(path.stem, payload)}\n{payload}")
    except OSError as err:
        return err.strerror or str(err)
    return None


def _checksum(key: str, payload: str) -> str:
    return hashlib.sha256(f"{key}\0{payload}".encode("utf-8", "surrogatepass")).hexdigest()


def _discard(path: Path, reason: str) -> None:
    log.warning("warning: cache entry %s failed its integrity check (%s): discarded and rebuilt", path.name, reason)
    with suppress(OSError):
        path.unlink()


def _load(path: Path, standard: str, docs_dir: Path | None = None) -> dict:
    """A cache entry that passes its integrity check, its Markdown rendered anew from the
    notice (None for a script whose page in `docs_dir` is already what it renders as); for any
    other, {"discarded": why} (the parent says so: this may run in a worker)."""
    try:
        header, payload = path.read_text(encoding="utf-8").split("\n", 1)
        magic, _, digest = header.rpartition(" ")
        if magic != CACHE_MAGIC or digest != _checksum(path.stem, payload):
            raise ValueError("checksum mismatch")
        data = json.loads(payload)
        notice = notice_from_dict(data["notice"])
        fingerprint = data["fingerprint"]
        if fingerprint is not None and not isinstance(fingerprint, str):
            raise ValueError("bad fingerprint")
        rendered = data.get("rendered") if isinstance(data.get("rendered"), dict) else {}
        markdown = {s: None if docs_dir and _holds(docs_dir / s / "notices" / f"{notice.id}.md", rendered.get(s))
                    else render_markdown(notice, s, standard).encode() for s in SCRIPTS}
    except Exception as err:  # whatever an entry holds, it is only ever a speed-up
        reason = "not UTF-8" if isinstance(err, UnicodeDecodeError) else (
            "truncated" if isinstance(err, ValueError) and "unpack" in str(err) else f"{type(err).__name__}: {err}")
        return {"discarded": reason[:120]}
    return {"notice": notice, "markdown": markdown, "fingerprint": fingerprint}


def _holds(page: Path, digest: object) -> bool:
    """Does the page exist with this SHA-256?"""
    try:
        return isinstance(digest, str) and hashlib.sha256(page.read_bytes()).hexdigest() == digest
    except OSError:
        return False


def _sizes(folder: Path) -> dict[str, int]:
    """Size of each file in a folder, by name (none if it does not exist): one directory read
    tells which pages are new and which may be unchanged, instead of an open per page."""
    try:
        with os.scandir(folder) as entries:
            return {e.name: e.stat().st_size for e in entries if e.is_file()}
    except (FileNotFoundError, NotADirectoryError):
        return {}


def _write_if_changed(path: Path, data: bytes, size: int | None, made: set[Path]) -> bool:
    """Write a page unless it holds these bytes already; `size` is its size, None if it does
    not exist; `made` holds the folders known to exist."""
    if size == len(data) and path.read_bytes() == data:
        return False
    if size is None and path.parent not in made:
        path.parent.mkdir(parents=True, exist_ok=True)
        made.add(path.parent)
    write_atomic(path, data)  # a killed build leaves the old page or the new one, never half of one
    return True


def build_archive(notices_dir: Path, docs_dir: Path, cache_dir: Path | None = DEFAULT_CACHE,
                  jobs: int | None = None, progress: Callable[[int, int], None] | None = None,
                  standard: str = DEFAULT_STANDARD) -> BuildReport:
    """Convert every raw notice and write its Markdown in both scripts (Traditional in
    `standard`: s2tw, s2hk or s2t)."""
    notices_dir, docs_dir = Path(notices_dir), Path(docs_dir)
    check_standard(standard)
    report = BuildReport()
    raws, report.problems = list_raw(notices_dir)
    results, report.converted = convert_all(raws, notices_dir, cache_dir, jobs, progress, standard, docs_dir)

    used: dict[str, str] = {}
    seen_text: dict[str, str] = {}  # fingerprint → the first notice with it
    wanted: set[Path] = set()
    folders = {script: docs_dir / script / "notices" for script in SCRIPTS}
    sizes = {script: _sizes(folder) for script, folder in folders.items()}
    made: set[Path] = set()
    for raw, result in zip(raws, results, strict=True):
        notice: Notice = result["notice"]
        markdown: dict[str, bytes | None] = result["markdown"]  # None: its page is already this
        name = raw.relative_to(notices_dir).as_posix()
        if notice.id in used:
            base, n = notice.id, 2
            while f"{base}-{n}" in used:
                n += 1
            notice.id = f"{base}-{n}"
            report.problems.append((name, Issue("id-collision", f"编号与 {used[base]} 冲突，改用 {notice.id}", name)))
            markdown = {s: render_markdown(notice, s, standard).encode() for s in SCRIPTS}
        used[notice.id] = name
        for issue in notice.warnings:
            report.problems.append((name, issue))
        if notice.errors and not notice.blocks:
            continue  # nothing readable: reported, not published
        copy = result.get("fingerprint")
        if copy in seen_text:
            report.problems.append((name, Issue("duplicate", f"与 {seen_text[copy]} 内容相同", name)))
        elif copy:
            seen_text[copy] = name
        report.notices.append(notice)
        report.published.add(name)
        for script, folder in folders.items():
            page = f"{notice.id}.md"
            target = folder / page
            wanted.add(target)
            data = markdown[script]
            if data is not None and _write_if_changed(target, data, sizes[script].get(page), made):
                report.written += 1
                sizes[script][page] = len(data)
    for folder in folders.values():
        if folder.exists():
            remove_leftovers(folder)
            for stale in folder.glob("*.md"):
                if stale not in wanted:
                    stale.unlink()
    return report


def format_problems(report: BuildReport) -> str:
    """One line per problem, grouped by file: what the build prints at the end."""
    return "\n".join(format_problem(name, issue)
                     for name, issue in sorted(report.problems, key=lambda p: (p[0], p[1].severity != "error")))


def format_problem(name: str, issue: Issue) -> str:
    """`file: 错误|警告 [code] reason「excerpt」` on one line."""
    label = "错误" if issue.severity == "error" else "警告"
    excerpt = f"「{_one_line(issue.excerpt)}」" if issue.excerpt and issue.excerpt != name else ""
    return f"{name}: {label} [{issue.code}] {_one_line(issue.message)}{excerpt}"


def _one_line(text: str) -> str:
    """A problem is one line of the report, whatever the excerpt or the YAML error holds."""
    return " ".join(text.split())


def tty_progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        end = "\n" if done == total else ""
        sys.stderr.write(f"\rconverting {done}/{total}{end}")
        sys.stderr.flush()

