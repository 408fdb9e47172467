"""The search index of a build, made from what changed since the previous build's.

hooks/search_index.py says what the index holds and how; this module builds it so that a rebuild
costs what changed, not the archive. Each build leaves a record (in .cache/search/, one per site
folder): the version of this code, each notice's digest and what it adds to the fold table (its
characters, the pairs its two scripts differ by), the postings as flat arrays, and for every
file of the index what it was made from and its digest. The next build reads every notice again
(a file read each, the cheap part) and then

- computes the grams of the notices that are new or changed, and of those whose characters the
  fold table now folds otherwise (a notice's folded text depends only on the table's entries for
  its own characters), and puts them into the previous postings, renumbered;
- writes again only the postings shards that hold a gram whose postings changed, and the text
  files of notices whose text changed; every other file is the previous build's, moved back.

The result is, byte for byte, the index a build from nothing gives (tests/test_search_index.py
builds both ways; tests/test_incremental.py compares whole sites). The record is a speed-up only:
it is removed when a build starts and written when the index is complete, and one that fails its
checksum or comes from other code is ignored (a build from nothing).
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from hooks.search_index import (
    SCRIPTS,
    SHARD_LEVEL,
    Doc,
    Flat,
    Index,
    curated_terms,
    dictionary,
    folder,
    gram_hash,
    notice_grams,
    notice_pairs,
    payload,
    postings,
    read_doc,
    sample,
    shard_count,
    table_from,
)

FORMAT = 1
MAGIC = b"archive-search-record 1 "
# Site folders whose records are kept: each is some 25 MB per 1,000 notices, and an offline
# bundle builds into a new folder each time.
RECORDS = 3
# Past this share of notices to index again, postings are built anew (as cheap, and lighter).
ANEW = 0.25


@dataclass
class Built:
    """The index, the record to keep for the next build, and the keys of the files that are the
    previous build's as they are (not in index.files: moved back into place)."""

    index: Index
    record: dict
    kept: set[str] = field(default_factory=set)
    updated: bool = False  # the previous postings were updated (not built anew)


def code_version() -> str:
    """What the record's content depends on besides the notices: this code and its libraries."""
    from importlib.metadata import PackageNotFoundError, version

    from hooks import search_index

    digest = hashlib.sha256(f"{FORMAT}\0{sys.version}".encode())
    for path in (Path(search_index.__file__), Path(__file__)):
        digest.update(path.read_bytes())
    for name in ("OpenCC", "jieba", "numpy"):
        try:
            digest.update(f"\0{name}=={version(name)}".encode())
        except PackageNotFoundError:
            digest.update(f"\0{name}".encode())
    return digest.hexdigest()


def _sha1(data: bytes | str) -> str:
    return hashlib.sha1(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data).hexdigest()


def _words_source(curated: list[str]) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        jieba = version("jieba")
    except PackageNotFoundError:
        jieba = ""
    return _sha1(json.dumps([curated, jieba], ensure_ascii=False))


def build(docs: dict[str, list[Doc]], curated: list[str] | None = None, previous: dict | None = None,
          available: set[str] | frozenset[str] = frozenset()) -> Built:
    """All index files for the notices in both scripts, from the previous build's record where
    it applies; `available`: the keys of the previous build's files that can be moved back."""
    curated = curated if curated is not None else curated_terms()
    old = previous if previous is not None and previous.get("format") == FORMAT and \
        previous.get("version") == code_version() else None
    ids = sorted({d.id for d in docs["hans"]} | {d.id for d in docs["hant"]})
    by_id = {s: {d.id: d for d in docs[s]} for s in SCRIPTS}
    # What is searched: title and text (the text files the worker loads leave the title out).
    texts = {s: [f"{by_id[s][i].title}\n{by_id[s][i].text}" if i in by_id[s] else "" for i in ids] for s in SCRIPTS}

    # Each notice: [digest, its characters, its pairs, aligned, length (-1: not known yet)].
    known: dict[str, list] = old["notices"] if old else {}
    notices: list[list] = []
    fresh: list[int] = []
    for n, i in enumerate(ids):
        a, b = texts["hans"][n], texts["hant"][n]
        digest = _sha1(f"{a}\0{b}")
        entry = known.get(i)
        if entry is not None and entry[0] == digest:
            notices.append(list(entry))
            continue
        pairs, aligned = notice_pairs(a, b)
        notices.append([digest, "".join(sorted(set(a) | set(b))), pairs, aligned, -1])
        fresh.append(n)
    table = table_from([e[2] for e in notices], set().union(*(e[1] for e in notices)), sample(texts["hans"]))
    fold = folder(table)
    if old:
        before = old["table"]
        moved = {c for c in set(before) | set(table) if before.get(c) != table.get(c)}
        if moved:
            again = set(fresh)
            fresh = sorted(again | {n for n, e in enumerate(notices) if n not in again and not moved.isdisjoint(e[1])})

    def grams(n: int) -> dict[str, int]:
        found, notices[n][4] = notice_grams(fold, texts["hans"][n], texts["hant"][n], notices[n][3])
        return found

    changed: set[str] | None = None
    if old and len(fresh) <= ANEW * len(ids):
        number = {i: n for n, i in enumerate(ids)}
        again = set(fresh)
        remap = np.array([-1 if (m := number.get(i)) is None or m in again else m for i in old["ids"]], dtype=np.int64)
        flat, changed = _flat(old).update(remap, [(n, grams(n)) for n in fresh])
    else:  # every notice's grams, one notice at a time
        flat = Flat.of(postings(grams(n) for n in range(len(ids))))
    count = shard_count(len(flat.numbers))

    out = Index()
    record: dict[str, list] = {}
    kept: set[str] = set()
    before_files: dict[str, list] = old["files"] if old else {}

    def keep(key: str, source: str | None) -> bool:
        entry = before_files.get(key)
        if source is not None and entry is not None and entry[0] == source and key in available:
            kept.add(key)
            record[key] = entry
            return True
        return False

    def put(key: str, data: object, source: str, level: int = 6) -> None:
        body = payload(key, data, level)
        out.files[key] = body
        record[key] = [source, _sha1(body), len(body)]

    # A shard of the same count whose grams' postings are all as they were is the previous one.
    if changed is not None and old is not None and old.get("count") == count:
        which = {gram_hash(g) % count for g in changed}
        which |= {n for n in range(count) if f"p/{n:03x}" not in available or f"p/{n:03x}" not in before_files}
    else:
        which = set(range(count))
    shards = flat.shards(count, which)
    for n in range(count):
        key = f"p/{n:03x}"
        if n in shards:
            put(key, shards[n], "", SHARD_LEVEL)
        else:
            keep(key, before_files[key][0])
    words = _words_source(curated)
    if not keep("words", words):
        put("words", dictionary(curated), words)
    lengths = [e[4] for e in notices]
    put("meta", {"fold": table, "shards": count, "size": len(ids),
                 "avglen": round(sum(lengths) / max(1, len(lengths)), 1)}, "")
    for script in SCRIPTS:
        rows = []
        for n, i in enumerate(ids):
            doc = by_id[script].get(i) or by_id["hans" if script == "hant" else "hant"][i]
            period = list(doc.period) if doc.period else []
            rows.append([doc.id, doc.title, doc.date, doc.issuer, lengths[n], doc.number, *period])
            key, source = f"{script}/t/{doc.id}", _sha1(doc.text)
            if not keep(key, source):
                put(key, doc.text, source)
        put(f"{script}/docs", rows, "")
        out.text_bytes[script] = sum(len(t.encode("utf-8")) for t in texts[script])  # title + text
    digest = hashlib.sha1()
    for key in sorted(record):
        digest.update(f"{key}\0{record[key][1]}\n".encode())
    out.version = digest.hexdigest()[:12]
    for script in SCRIPTS:
        other = "hant" if script == "hans" else "hans"
        out.index_bytes[script] = sum(size for k, (_, _, size) in record.items() if not k.startswith(other + "/"))
    state = {"format": FORMAT, "version": code_version(), "count": count, "ids": ids,
             "notices": dict(zip(ids, notices, strict=True)), "table": table, "grams": flat.grams,
             "offsets": flat.offsets.tobytes(), "numbers": flat.numbers.tobytes(), "counts": flat.counts.tobytes(),
             "files": record}
    return Built(out, state, kept, changed is not None)


def _flat(record: dict) -> Flat:
    return Flat(list(record["grams"]), np.frombuffer(record["offsets"], dtype=np.int64),
                np.frombuffer(record["numbers"], dtype=np.uint32), np.frombuffer(record["counts"], dtype=np.uint16))


# --------------------------------------------------------------------------- the record


def record_path(cache_dir: Path, site_dir: Path) -> Path:
    """The record of the index built into `site_dir` (one per site folder)."""
    name = hashlib.sha1(str(site_dir.resolve()).encode()).hexdigest()[:16]
    return cache_dir / "search" / f"{name}.record"


def load_record(path: Path) -> dict | None:
    """The record at `path` if it is whole (its checksum holds), else None."""
    try:
        data = path.read_bytes()
        header, body = data.split(b"\n", 1)
        if not header.startswith(MAGIC) or header[len(MAGIC):].decode() != hashlib.sha256(body).hexdigest():
            return None
        record = marshal.loads(body)
    except (OSError, ValueError, EOFError, TypeError, UnicodeDecodeError):
        return None
    return record if isinstance(record, dict) else None


def save_record(path: Path, record: dict) -> None:
    from converters.atomic import save_cache

    body = marshal.dumps(record)
    with suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
    save_cache(path, MAGIC + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    _prune(path.parent)


def _prune(folder: Path) -> None:
    def age(path: Path) -> float:
        try:
            return -path.stat().st_mtime
        except OSError:
            return 0.0

    for old in sorted(folder.glob("*.record"), key=age)[RECORDS:]:
        with suppress(OSError):
            old.unlink()


# --------------------------------------------------------------------------- files


def build_from_docs(docs_dir: Path, out_dir: Path, record: Path | None = None, previous_dir: Path | None = None) -> dict:
    """Read docs/{hans,hant}/notices/*.md, write the index under out_dir (files the previous
    build wrote into previous_dir, unchanged, are moved back), keep the record; the figures.

    Runs in a worker process while MkDocs renders the pages (hooks/search.py)."""
    import time

    from converters.atomic import write_atomic

    start = time.perf_counter()
    previous = load_record(record) if record else None
    if record:
        with suppress(OSError):
            record.unlink()  # a build stopped before the index is whole leaves none
    docs = {s: [read_doc(p) for p in sorted((docs_dir / s / "notices").glob("*.md"))] for s in SCRIPTS}
    available: set[str] = set()
    if previous is not None and previous_dir is not None and previous_dir.is_dir():
        available = {p.relative_to(previous_dir).as_posix()[:-3] for p in previous_dir.rglob("*.js")}
    read = time.perf_counter()
    built = build(docs, previous=previous, available=available)
    made: set[Path] = set()

    def folder_of(path: Path) -> None:
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)

    try:
        for key in sorted(built.kept):
            target = out_dir / f"{key}.js"
            folder_of(target)
            os.replace(previous_dir / f"{key}.js", target)  # type: ignore[operator]
    except OSError:  # a previous file gone meanwhile: everything anew
        built = build(docs)
    done = time.perf_counter()
    for key, data in built.index.files.items():
        path = out_dir / f"{key}.js"
        folder_of(path)
        write_atomic(path, data)
    if record:
        save_record(record, built.record)
    seconds = {"read": read - start, "index": done - read, "write": time.perf_counter() - done}
    index = built.index
    return {"version": index.version, "files": len(built.record["files"]), "notices": len(built.record["ids"]),
            "reused": len(built.kept), "seconds": seconds, "text_bytes": index.text_bytes,
            "index_bytes": index.index_bytes}
