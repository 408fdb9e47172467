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
import html
import json
import re
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from hooks.text import SCRIPTS  # noqa: F401 - the index's scripts, for its users

TERMS_FILE = Path(__file__).with_name("search_terms.txt")
SHARD_TARGET = 24_000  # compressed bytes per postings shard the shard count aims at
# Deflate level of the postings shards, which a new notice makes the build write again (nearly
# every shard holds one of its grams): at 1,000 notices level 4 takes a seventh of level 6's
# time for 7 % more bytes of shards (2 % of the index).
SHARD_LEVEL = 4
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
    from hooks.site import Entry, read_page

    body, meta = read_page(path)  # the converter's JSON front matter without the YAML parser
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
    found = [notice_pairs(a, b) for a, b in zip(texts["hans"], texts["hant"], strict=True)]
    chars = set("".join(texts["hans"] + texts["hant"]))
    return table_from([p for p, _ in found], chars, sample(texts["hans"])), [same for _, same in found]


SAMPLE = 4_000_000  # characters of Simplified text whose counts choose each class's canonical member


def sample(hans: Iterable[str]) -> str:
    """The first SAMPLE characters of the Simplified texts, in the index's order."""
    parts, size = [], 0
    for text in hans:
        parts.append(text)
        size += len(text)
        if size >= SAMPLE:
            break
    return "".join(parts)[:SAMPLE]


def notice_pairs(hans: str, hant: str) -> tuple[str, bool]:
    """What one notice adds to the fold table: the pairs of word characters its two scripts
    differ by at the same place (as a string of pairs), and whether the two are of one shape."""
    same_shape = len(hans) == len(hant) and [len(x) for x in hans.split("\n")] == [len(y) for y in hant.split("\n")]
    if not same_shape or hans == hant:
        return "", same_shape
    # The places where they differ, found by comparing code points as arrays (a loop over
    # zip() would visit every character of the archive twice).
    x = np.frombuffer(hans.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    y = np.frombuffer(hant.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    differ = x != y
    codes = np.unique((x[differ].astype(np.uint64) << np.uint64(32)) | y[differ].astype(np.uint64)).tolist()
    pairs = (chr(c >> 32) + chr(c & 0xFFFFFFFF) for c in codes)
    kept = (p for p in pairs if p[0].isalnum() and p[1].isalnum() and (p[0] > "\uffff") == (p[1] > "\uffff"))
    return "".join(sorted(kept)), same_shape


@lru_cache(maxsize=1)
def _opencc_pairs() -> tuple[tuple[str, str], ...]:
    import opencc

    han = [chr(c) for lo, hi in HAN_RANGES for c in range(lo, hi + 1)]
    converted = opencc.OpenCC("t2s").convert("\n".join(han)).split("\n")
    return tuple((c, s) for c, s in zip(han, converted, strict=True) if len(s) == 1 and s != c)


def table_from(pairs: Iterable[str], chars: set[str], sampled: str) -> dict[str, str]:
    """The fold table from OpenCC's classes, the notices' pairs (notice_pairs), every character
    of the archive's text and the sample whose counts pick the canonical members. The classes
    do not depend on the order of the joins (a class's root is its least member)."""
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

    for c, s in _opencc_pairs():
        union(c, s)
    for x, y in sorted({(p[i], p[i + 1]) for p in pairs for i in range(0, len(p), 2)}):
        union(x, y)
    used = Counter(sampled)
    used.update(dict.fromkeys(chars - set(used), 0))
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
    return dict(sorted(table.items()))


def folder(table: dict[str, str]) -> Callable[[str], str]:
    """fold(text): every character replaced by its canonical one (lengths are kept)."""
    if not table:
        return lambda text: text
    codes = str.maketrans(table)  # str.translate: one C loop, where a pattern called Python per match

    def fold(text: str) -> str:
        return text.translate(codes)

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


def notice_grams(fold: Callable[[str], str], hans: str, hant: str, aligned: bool) -> tuple[Counter, int]:
    """One notice's grams and their counts (the larger of the two scripts', bounded by TF_MAX),
    and its length (word characters of its longer script) for BM25: all the postings take from it."""
    runs = [squeeze(fold(hans)), squeeze(fold(hant))]
    found = Counter(runs[0])
    found.update(map(str.__add__, runs[0], runs[0][1:]))
    if not aligned:
        other = Counter(runs[1])
        other.update(map(str.__add__, runs[1], runs[1][1:]))
        for gram, count in other.items():
            if count > found.get(gram, 0):
                found[gram] = count
    for gram, count in found.items():
        if count > TF_MAX:
            found[gram] = TF_MAX
    return found, max(map(len, runs))


def postings(notices: Iterable[dict[str, int]]) -> dict[str, tuple[array, array]]:
    """Gram → sorted numbers of the notices (their position in the list) that contain it, and the
    gram's count in each (notice_grams).

    Arrays of 32-bit numbers: at 5,000 notices there are some 30 million postings, which as
    lists of int objects would take over a gigabyte."""
    index: dict[str, tuple[array, array]] = defaultdict(lambda: (array("I"), array("H")))
    for number, found in enumerate(notices):
        for gram, count in found.items():
            numbers, counts = index[gram]
            numbers.append(number)
            counts.append(count)
    return index


@dataclass
class Flat:
    """The postings in three flat arrays, gram by gram (offsets[k]:offsets[k + 1] are gram k's),
    each gram's notices in ascending order: what a rebuild updates in place of building anew."""

    grams: list[str]
    offsets: np.ndarray  # int64, len(grams) + 1
    numbers: np.ndarray  # uint32
    counts: np.ndarray  # uint16

    @classmethod
    def of(cls, index: dict[str, tuple[array, array]]) -> Flat:
        grams = list(index)
        sizes = np.fromiter((len(index[g][0]) for g in grams), dtype=np.int64, count=len(grams))
        offsets = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
        numbers = np.frombuffer(b"".join(index[g][0].tobytes() for g in grams), dtype=np.uint32)
        counts = np.frombuffer(b"".join(index[g][1].tobytes() for g in grams), dtype=np.uint16)
        return cls(grams, offsets, numbers, counts)

    def update(self, remap: np.ndarray, added: list[tuple[int, dict[str, int]]]) -> tuple[Flat, set[str]]:
        """The postings after renumbering (remap: old number → new, -1 for a notice whose
        postings go) and adding notices' grams ((new number, grams) pairs), and the grams whose
        postings changed."""
        gidx = np.repeat(np.arange(len(self.grams), dtype=np.int64), np.diff(self.offsets))
        numbers = remap[self.numbers.astype(np.int64)] if len(remap) else np.zeros(0, np.int64)
        keep = numbers >= 0
        changed = set(np.unique(gidx[~keep | (numbers != self.numbers)]).tolist())
        gidx, numbers, counts = gidx[keep], numbers[keep], self.counts[keep]
        grams = list(self.grams)
        where = {g: k for k, g in enumerate(grams)}
        new_g: list[int] = []
        new_n: list[int] = []
        new_c: list[int] = []
        for number, found in added:
            for gram, count in found.items():
                k = where.get(gram)
                if k is None:
                    k = where[gram] = len(grams)
                    grams.append(gram)
                new_g.append(k)
                new_n.append(number)
                new_c.append(count)
        if new_g:
            ag, an = np.array(new_g, dtype=np.int64), np.array(new_n, dtype=np.int64)
            keys = (ag << 32) | an
            order = np.argsort(keys, kind="stable")
            at = np.searchsorted((gidx << 32) | numbers, keys[order])
            gidx = np.insert(gidx, at, ag[order])
            numbers = np.insert(numbers, at, an[order])
            counts = np.insert(counts, at, np.array(new_c, dtype=np.uint16)[order])
            changed.update(new_g)
        names = {grams[k] for k in changed}
        sizes = np.bincount(gidx, minlength=len(grams))
        live = sizes > 0
        if not live.all():  # grams only the removed notices held
            gidx = (np.cumsum(live) - 1)[gidx]
            grams = [g for g, alive in zip(grams, live.tolist(), strict=True) if alive]
            sizes = sizes[live]
        offsets = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
        return Flat(grams, offsets, numbers.astype(np.uint32), counts.astype(np.uint16)), names

    def shards(self, count: int, which: set[int] | None = None) -> dict[int, dict]:
        """Shard number → its content (gram → delta-coded notice numbers, and under "#tf", which no
        gram has, the counts of grams that occur more than once somewhere), for the shards asked."""
        shards: dict[int, dict] = {n: {"#tf": {}} for n in (range(count) if which is None else which)}
        if not self.grams:
            return shards
        starts = self.offsets[:-1]
        numbers = self.numbers.astype(np.int64)
        steps = numbers.copy()
        steps[1:] -= numbers[:-1]
        steps[starts] = numbers[starts]
        peaks = np.maximum.reduceat(self.counts, starts).tolist()
        offsets = self.offsets.tolist()
        homes = [gram_hash(g) % count for g in self.grams]
        wanted = [k for k, home in enumerate(homes) if home in shards]
        every = len(wanted) == len(self.grams)
        steps_list = steps.tolist() if every else None
        for k in wanted:
            gram, a, b = self.grams[k], offsets[k], offsets[k + 1]
            shard = shards[homes[k]]
            shard[gram] = steps_list[a:b] if steps_list is not None else steps[a:b].tolist()
            if peaks[k] > 1:
                shard["#tf"][gram] = self.counts[a:b].tolist()
        return shards


def gram_hash(gram: str) -> int:
    """The shard hash the worker computes too: h = h·31 + code point, modulo 2³²."""
    h = 0
    for ch in gram:
        h = (h * 31 + ord(ch)) & 0xFFFFFFFF
    return h


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


def payload(key: str, data: object, level: int = 6) -> bytes:
    """A script file carrying deflated JSON (see the module docstring)."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    b64 = base64.b64encode(zlib.compress(raw, level)).decode("ascii")
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
    """All index files for the notices in both scripts (the same notices, in the same order),
    built from nothing (hooks/search_build.py builds them from the previous build's too)."""
    from hooks.search_build import build

    return build(docs, curated).index
