"""The archive's search index: character n-grams over script-folded text, in small shards.

Why not Material's search: its index is every section's HTML-free text with jieba's zero-width
spaces between words, written as JSON with every Han character escaped (\\uXXXX, 6 bytes for a
3-byte character), and Lunr must build an inverted index from all of it in the browser before the
first result. Measured on 1,000 notices that is 3× the text per script and tens of seconds.

This index is built once per build (in a background process, see hooks/search.py) and read by
assets/search/worker.js, which speaks Material's worker protocol:

- Every text is *folded* character by character to one canonical form (Traditional → Simplified
  with OpenCC plus the pairs the two scripts of each notice actually differ by, full-width → ASCII,
  upper → lower case). Folding keeps lengths, so a match found in folded text is at the same place
  in the reader's text; a query typed in either script finds the notice in either script.
- Postings: every character and every pair of adjacent word characters (unigrams and bigrams,
  counted over the text with punctuation and spaces left out, so that a phrase copied without the
  text's comma is found) → the notices containing it, in either script, and how often (the term
  frequency BM25 ranks by). Any substring of two or more characters is found by intersecting its
  bigrams (农业 inside 中国农业发展银行, 2023年3月, 第十五巡视组), which no word segmenter can
  promise; the worker then checks the exact phrase against the notice's text. Postings are
  sharded by a hash of the gram, so a query loads a few small shards.
- Docs table per script: id, title, date, issuer, length (for BM25's length normalisation),
  document number, publication period (the result list's year, issuer and status filters).
- Text: each notice's plain text per script, one file each, loaded for the results shown
  (snippets, highlighting, exact scores) and for checking phrases, at most a fixed budget a query.
- Words (loaded only when a query is relaxed): a fixed dictionary, jieba's common words and a
  curated list (hooks/search_terms.txt), that splits a phrase found nowhere into words
  (港澳办巡视整改 → 港澳办 + 巡视整改). It holds nothing of the archive's notices, so adding a
  notice never changes how another query is split.

Every file is `self.__archiveSearch("key","<base64 of deflated JSON>")`: a script that works from
file:// (the offline bundle) and that the worker can also fetch and decode over HTTP. Deflate
keeps the whole index well under the size of the text it indexes.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import operator
import re
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hooks.text import SCRIPTS

TERMS_FILE = Path(__file__).with_name("search_terms.txt")
SHARD_TARGET = 24_000  # compressed bytes per postings shard the shard count aims at
NON_WORD = re.compile(r"[\W_]+")
TAG = re.compile(r"<[^>]*>")
HEADING = re.compile(r"^#{1,6}\s+", re.M)
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
# Dictionary terms gathered from the notices: a title's subject (关于X的通知) and quoted names (《X》).
PAYLOAD = re.compile(rb'self\.__archiveSearch\("([^"]+)","([A-Za-z0-9+/=]*)"\);\n')
WORD_FREQ = 100  # jieba words at least this frequent are in the relaxation dictionary (~30,000)
HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,4}")
TF_MAX = 65535


@dataclass
class Doc:
    """One notice in one script, as the search shows and searches it."""

    id: str
    title: str
    date: str
    issuer: str
    text: str
    number: str = ""  # document number (文号)
    period: tuple[str, str] | None = None  # publication period, ISO start and end


@dataclass
class Index:
    """Every file of the index, keyed by path under the site's search/ folder, plus figures."""

    files: dict[str, bytes] = field(default_factory=dict)
    version: str = ""
    text_bytes: dict[str, int] = field(default_factory=dict)
    index_bytes: dict[str, int] = field(default_factory=dict)


# --------------------------------------------------------------------------- text


def plain_text(body: str) -> str:
    """The reader's text of a converted notice body: no tags, heading marks or entities.

    The converter writes every Markdown-significant character as an entity and marks up only
    headings and the signature/date paragraphs, so this is what the page shows, paragraph per line.
    """
    text = html.unescape(HEADING.sub("", TAG.sub("", body)))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def read_doc(path: Path) -> Doc:
    """A converted notice as the search shows it; front matter read as MkDocs reads it, the date
    chosen as the site shows it (hooks.site.Entry)."""
    from mkdocs.utils.meta import get_data

    from hooks.site import Entry

    body, meta = get_data(path.read_text(encoding="utf-8-sig"))
    meta = meta if isinstance(meta, dict) else {}
    text = plain_text(body)
    title = str(meta.get("title") or path.stem)
    issuer = str(meta.get("issuer") or "")
    if text.startswith(title + "\n") or text == title:  # the title is searched and shown on its own
        text = text[len(title) + 1:]
    extra = [str(meta.get(k)) for k in ("issuer", "doc_number", "source", "editor", "byline") if meta.get(k)]
    extra = [value for value in extra if value not in text and value not in title]
    if extra:
        text = "\n".join([*extra, text])
    notice_id = str(meta.get("notice_id") or path.stem)
    entry = Entry(notice_id, "", path.name, meta)
    period = (str(entry.period["start"]), str(entry.period["end"])) if entry.period else None
    return Doc(notice_id, title, entry.date or "", issuer, text, str(meta.get("doc_number") or ""), period)


# --------------------------------------------------------------------------- folding


def fold_table(texts: dict[str, list[str]]) -> tuple[dict[str, str], list[bool]]:
    """Character → canonical character, and for each notice whether its two scripts fold alike.

    Classes are joined from OpenCC's Traditional→Simplified mapping of each Han character and from
    the characters at the same place in the two scripts of each notice (著/着, 瞭/了, 覆/复 where
    the conversion chose by phrase). A class's canonical member is the one the Simplified text
    uses most, so that text needs almost no folding. Only classes that touch the archive's text
    are kept. A notice whose two texts have the same line lengths folds to one text.
    """
    import opencc

    parent: dict[str, str] = {}

    def find(c: str) -> str:
        while parent.get(c, c) != c:
            parent[c] = parent.get(parent[c], parent[c])
            c = parent[c]
        return c

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    han = [chr(c) for lo, hi in HAN_RANGES for c in range(lo, hi + 1)]
    for c, s in zip(han, opencc.OpenCC("t2s").convert("\n".join(han)).split("\n"), strict=True):
        if len(s) == 1 and s != c:
            union(c, s)
    pairs: set[tuple[str, str]] = set()
    aligned = []
    for a, b in zip(texts["hans"], texts["hant"], strict=True):
        same_shape = len(a) == len(b) and [len(x) for x in a.split("\n")] == [len(y) for y in b.split("\n")]
        if same_shape and a != b:
            pairs.update(zip(a, b, strict=True))
        aligned.append(same_shape)
    for x, y in sorted(pairs):
        if x != y and x.isalnum() and y.isalnum() and (x > "\uffff") == (y > "\uffff"):
            union(x, y)
    sample = "".join(texts["hans"])[:4_000_000]
    used = Counter(sample)
    used.update(dict.fromkeys(set("".join(texts["hans"] + texts["hant"])) - set(used), 0))
    classes: dict[str, set[str]] = defaultdict(set)
    for c in list(parent):
        classes[find(c)].update((c, find(c)))
    table: dict[str, str] = {}
    for members in classes.values():
        if not any(m in used for m in members):
            continue
        canon = max(sorted(members), key=lambda m: used.get(m, -1))
        table.update({m: canon for m in members if m != canon})
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII
        table[chr(code)] = chr(code - 0xFEE0).lower()
    table["\u3000"] = " "
    for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        table[c] = c.lower()
    return dict(sorted(table.items())), aligned


def folder(table: dict[str, str]) -> Callable[[str], str]:
    """fold(text): every character replaced by its canonical one (lengths are kept)."""
    if not table:
        return lambda text: text
    keys = re.compile("[" + "".join(re.escape(k) for k in table) + "]")

    def fold(text: str) -> str:
        return keys.sub(lambda m: table[m.group()], text)

    return fold


# --------------------------------------------------------------------------- postings


def squeeze(folded: str) -> str:
    """The word characters only: punctuation and spaces left out (phrases match across them)."""
    return NON_WORD.sub("", folded)


def gram_counts(folded: str) -> Counter:
    """Unigrams and bigrams of the word characters and how often each occurs, punctuation and
    spaces left out."""
    run = squeeze(folded)
    counts = Counter(run)
    counts.update(map(str.__add__, run, run[1:]))
    return counts


def grams(folded: str) -> set[str]:
    return set(gram_counts(folded))


def postings(folded_docs: Iterable[Iterable[str]]) -> dict[str, tuple[array, array]]:
    """Gram → sorted numbers of the notices (their position in the list) that contain it, and the
    gram's count in each (the larger of the two scripts').

    Arrays of 32-bit numbers: at 5,000 notices there are some 30 million postings, which as
    lists of int objects would take over a gigabyte."""
    index: dict[str, tuple[array, array]] = defaultdict(lambda: (array("I"), array("H")))
    for number, versions in enumerate(folded_docs):
        found: Counter = Counter()
        for text in versions:
            found |= gram_counts(text)
        for gram, count in found.items():
            numbers, counts = index[gram]
            numbers.append(number)
            counts.append(min(count, TF_MAX))
    return index


def gram_hash(gram: str) -> int:
    """The shard hash the worker computes too: h = h·31 + code point, modulo 2³²."""
    h = 0
    for ch in gram:
        h = (h * 31 + ord(ch)) & 0xFFFFFFFF
    return h


def deltas(numbers: Sequence[int]) -> list[int]:
    return [numbers[0], *map(operator.sub, numbers[1:], numbers)]


# --------------------------------------------------------------------------- dictionary


def dictionary(curated: list[str]) -> list[str]:
    """Words the worker splits a phrase found nowhere into: the curated terms and jieba's common
    words (2–4 Han characters, frequency ≥ WORD_FREQ), as written (the worker folds them with the
    archive's table). Nothing comes from the notices, so the file is the same for every archive."""
    import jieba

    words = set(curated)
    path = Path(jieba.__file__).with_name("dict.txt")
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word, freq, *_ = line.split()
            if int(freq) >= WORD_FREQ and HAN_WORD.fullmatch(word):
                words.add(word)
    words = {w.strip() for w in words if w}
    return sorted(w for w in words if 2 <= len(w) <= 16 and not NON_WORD.search(w))


def curated_terms(path: Path = TERMS_FILE) -> list[str]:
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


# --------------------------------------------------------------------------- files


def payload(key: str, data: object) -> bytes:
    """A script file carrying deflated JSON (see the module docstring)."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    b64 = base64.b64encode(zlib.compress(raw, 6)).decode("ascii")
    return f'self.__archiveSearch("{key}","{b64}");\n'.encode("ascii")


def decode_payload(data: bytes) -> tuple[str, object]:
    """(key, data) of a file written by payload(): what the worker does in the browser."""
    match = PAYLOAD.fullmatch(data)
    if not match:
        raise ValueError("not a search index file")
    return match.group(1).decode(), json.loads(zlib.decompress(base64.b64decode(match.group(2))))


def shard_count(total_postings: int) -> int:
    """Power of two near one shard per SHARD_TARGET bytes (about 3 bytes of JSON per posting)."""
    estimate = total_postings * 3 // 4  # deflated bytes, roughly
    count = 1
    while count < 4096 and estimate // count > SHARD_TARGET:
        count *= 2
    return count


def build_index(docs: dict[str, list[Doc]], curated: list[str] | None = None) -> Index:
    """All index files for the notices in both scripts (the same notices, in the same order)."""
    ids = [d.id for d in docs["hans"]]
    by_id = {s: {d.id: d for d in docs[s]} for s in SCRIPTS}
    ids = sorted(set(ids) | set(by_id["hant"]))
    # What is searched: title and text (the text files the worker loads leave the title out).
    texts = {s: [f"{by_id[s][i].title}\n{by_id[s][i].text}" if i in by_id[s] else "" for i in ids] for s in SCRIPTS}
    table, aligned = fold_table(texts)
    fold = folder(table)
    index = postings(
        (fold(texts["hans"][n]),) if aligned[n] else (fold(texts["hans"][n]), fold(texts["hant"][n]))
        for n in range(len(ids))
    )
    count = shard_count(sum(len(numbers) for numbers, _ in index.values()))
    # A shard: gram → delta-coded notice numbers, and under "#tf" (no gram has "#") the counts
    # of the grams that occur more than once somewhere.
    shards: list[dict] = [{"#tf": {}} for _ in range(count)]
    for gram, (numbers, counts) in index.items():
        shard = shards[gram_hash(gram) % count]
        shard[gram] = deltas(numbers)
        if max(counts) > 1:
            shard["#tf"][gram] = counts.tolist()
    out = Index()
    for n, shard in enumerate(shards):
        key = f"p/{n:03x}"
        out.files[key] = payload(key, shard)
    words = dictionary(curated if curated is not None else curated_terms())
    out.files["words"] = payload("words", words)
    lengths = [max(len(squeeze(fold(texts[s][n]))) for s in SCRIPTS) for n in range(len(ids))]
    out.files["meta"] = payload("meta", {"fold": table, "shards": count, "size": len(ids),
                                         "avglen": round(sum(lengths) / max(1, len(lengths)), 1)})
    for script in SCRIPTS:
        rows = []
        for n, i in enumerate(ids):
            doc = by_id[script].get(i) or by_id["hans" if script == "hant" else "hant"][i]
            period = list(doc.period) if doc.period else []
            rows.append([doc.id, doc.title, doc.date, doc.issuer, lengths[n], doc.number, *period])
            key = f"{script}/t/{doc.id}"
            out.files[key] = payload(key, doc.text)
        out.files[f"{script}/docs"] = payload(f"{script}/docs", rows)
        out.text_bytes[script] = sum(len(t.encode("utf-8")) for t in texts[script])  # title + text
    digest = hashlib.sha1()
    for key in sorted(out.files):
        digest.update(key.encode() + b"\0" + out.files[key])
    out.version = digest.hexdigest()[:12]
    for script in SCRIPTS:
        other = "hant" if script == "hans" else "hans"
        out.index_bytes[script] = sum(len(v) for k, v in out.files.items() if not k.startswith(other + "/"))
    return out


def build_from_docs(docs_dir: Path, out_dir: Path) -> dict:
    """Read docs/{hans,hant}/notices/*.md, write the index under out_dir; the figures as a dict.

    Runs in a worker process while MkDocs renders the pages (hooks/search.py)."""
    import time

    from converters.atomic import write_atomic

    start = time.perf_counter()
    docs = {s: [read_doc(p) for p in sorted((docs_dir / s / "notices").glob("*.md"))] for s in SCRIPTS}
    read = time.perf_counter()
    index = build_index(docs)
    built = time.perf_counter()
    for key, data in index.files.items():
        path = out_dir / f"{key}.js"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    seconds = {"read": read - start, "index": built - read, "write": time.perf_counter() - built}
    return {"version": index.version, "files": len(index.files), "notices": len(docs["hans"]), "seconds": seconds,
            "text_bytes": index.text_bytes, "index_bytes": index.index_bytes}
