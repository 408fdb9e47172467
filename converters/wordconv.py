"""Simplified ⇄ Traditional conversion word by word, in a chosen Traditional standard.

OpenCC matches its phrase table greedily over the raw string, so a phrase found across a word
boundary decides a character wrongly (好干部 → 好乾部, 发展并发挥 → 發展併發揮, 新征程 → 新徵程).
Here text is segmented first (jieba, with the archive's dictionary, see converters/words.py) and
each word is converted on its own. Segmenting is the costly part (jieba reads under 1 MB/s), so
only the clauses where it can change anything are segmented (about 6 % of a notice's text):
those holding a dictionary word that converts otherwise than its characters alone
(`sensitive`), a place where a name may start with a surname whose ordinary conversion differs
(余 → 餘), or an entry of the archive's phrase table. Everywhere else every word converts as its
characters alone do, so Simplified → Traditional is one str.translate there (OpenCC's phrase
matching over the whole text, a quarter of the work, would only be undone); Traditional →
Simplified also segments the clauses where OpenCC's output differs from the one-character
conversion, because its words are found in OpenCC's output. tests/test_traditional.py checks
that both equal segmenting everything.

Personal names keep their surname as written (余仁洪, not 餘仁洪): names come from jieba's
part-of-speech tagging (`nr`) and from the names the notice itself lists (signature, byline).

The Traditional standard is a setting: `s2tw` (Taiwan), `s2hk` (Hong Kong) or `s2t` (OpenCC's
own); see the README. Traditional → Simplified is `t2s` with the same word-by-word rule.
"""

from __future__ import annotations

import marshal
import os
import re
import tempfile
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import numpy
import opencc

from .atomic import save_cache
from .words import SortedFreq, tokenizer

STANDARDS = ("s2tw", "s2hk", "s2t")
DEFAULT_STANDARD = "s2tw"
PHRASES_PATH = Path(__file__).parent / "data" / "phrases_hant.tsv"
# Surnames whose ordinary conversion is another word (余 → 餘 "surplus", 范 → 範 "model",
# 党 → 黨 "party", 种 → 種 "kind", 于 → 於 "at", 钟 → 鐘 "bell"): in a name, this form instead.
SURNAMES = {"范": "范", "余": "余", "党": "党", "种": "种", "于": "于", "钟": "鍾"}
_SURNAME = re.compile(f"[{''.join(SURNAMES)}]")
# A clause: what lies between punctuation and spaces; no word spans its ends.
_CLAUSE = re.compile(r"[^\s，。；：、！？（）《》〈〉“”‘’「」『』【】〔〕…—·,.;:!?()\[\]\"']+")
_NAME_TAGS = ("nr", "nrfg", "nrt")
_NAME_TEXT = re.compile(r"[\u4e00-\u9fff]{2,4}")


def check_standard(standard: str) -> str:
    """The standard, or ValueError naming the allowed ones (s2twp rewrites vocabulary)."""
    if standard not in STANDARDS:
        raise ValueError(f"Traditional standard must be one of {', '.join(STANDARDS)}, not {standard!r}")
    return standard


# A regional standard is OpenCC's own Traditional (s2t) followed by the region's variants
# (t2tw, t2hk): OpenCC's s2tw and s2hk chain the same two dictionaries, but segment the text
# first, which makes them half as fast; the output is the same (tests/test_traditional.py).
_CHAINS = {"s2tw": ("s2t", "t2tw"), "s2hk": ("s2t", "t2hk")}


class _Chain:
    """OpenCC configurations applied one after the other: `convert` as on opencc.OpenCC."""

    def __init__(self, configs: tuple[str, ...]) -> None:
        self.steps = [opencc.OpenCC(c) for c in configs]

    def convert(self, text: str) -> str:
        for step in self.steps:
            text = step.convert(text)
        return text


@lru_cache(maxsize=8)
def opencc_converter(config: str) -> opencc.OpenCC | _Chain:
    """One converter per configuration and process: building one reads its dictionaries."""
    return _Chain(_CHAINS[config]) if config in _CHAINS else opencc.OpenCC(config)


@lru_cache(maxsize=1)
def load_phrases(path: Path = PHRASES_PATH) -> dict[str, str]:
    """Simplified word → Traditional word: the archive's own choices."""
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            simplified, traditional = line.split("\t")
            table[simplified] = traditional
    return table


@lru_cache(maxsize=4)
def _phrases(config: str) -> tuple[dict[str, str], re.Pattern[str] | None]:
    """The phrase table in the direction of `config`, and a pattern finding its entries."""
    table = load_phrases()
    if config == "t2s":
        table = {t: s for s, t in table.items()}
    if not table:
        return {}, None
    return table, re.compile("|".join(map(re.escape, sorted(table, key=len, reverse=True))))


# Every character OpenCC converts on its own: CJK Unified (Extension A), the compatibility block,
# and the supplementary planes' ideographs (Extensions B–H: 𠀾 → 𠁞); nothing outside these
# (tests/test_traditional.py).
_IDEOGRAPHS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x323B0))


def _char_table(config: str) -> dict[int, str]:
    """A str.translate table: each ideograph → OpenCC's conversion of it alone, where that
    differs; cached with `sensitive`."""
    return sensitive(config)[2]


SHORT_TEXT = 64  # characters: below this, str.translate is quicker than the array round trip


@lru_cache(maxsize=4)
def by_characters(config: str) -> Callable[[str], str]:
    """Text → each character converted as OpenCC converts it alone: `str.translate` with the
    character table, done as one array lookup per code point (numpy), thirty times quicker
    on a notice's text than the dict lookup per character that `str.translate` makes."""
    table = _char_table(config)
    if any(len(v) != 1 for v in table.values()):  # never seen: a character converted to two
        return lambda text: text.translate(table)
    lookup = numpy.arange(0x110000, dtype=numpy.uint32)
    lookup[numpy.fromiter(table, dtype=numpy.uint32, count=len(table))] = numpy.fromiter(
        map(ord, table.values()), dtype=numpy.uint32, count=len(table))

    def convert(text: str) -> str:
        if len(text) < SHORT_TEXT:
            return text.translate(table)
        codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        return lookup[codes].tobytes().decode("utf-32-le", "surrogatepass")

    return convert


def _compute_char_table(config: str) -> dict[int, str]:
    """One OpenCC call over every ideograph, a line each (a tenth of a second)."""
    chars = [chr(c) for lo, hi in _IDEOGRAPHS for c in range(lo, hi)]
    out = opencc_converter(config).convert("\n".join(chars)).split("\n")
    return {ord(c): t for c, t in zip(chars, out, strict=True) if t != c}


@lru_cache(maxsize=4)
def sensitive(config: str) -> tuple[re.Pattern[str], dict[str, tuple[tuple[int, str], ...]], dict[int, str]]:
    """Where converting word by word can differ from converting character by character: the
    characters a dictionary word converts otherwise than alone (干 in 乾淨, 里 in 公里), and for
    each the words doing so, keyed by the two characters at that place. A clause holding none of
    these words converts the same either way, so it need not be segmented. Third, the
    ideographs' conversions alone, as a str.translate table.

    Read off jieba's dictionary and OpenCC once per machine (a few seconds) and cached.
    """
    path = _sensitive_path(config)
    try:
        chars, words, table = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        table = _compute_char_table(config)
        chars, words = _compute_sensitive(config, table)
        save_cache(path, marshal.dumps((chars, words, table)))
    return re.compile(f"[{re.escape(chars)}]"), words, table


def _sensitive_path(config: str) -> Path:
    from importlib.metadata import version

    from .words import _cache_path, _import_jieba

    jieba = _import_jieba()

    name = f"converters-sensitive-5-{config}-{version('OpenCC')}-{_cache_path(jieba).stem}.cache"
    return Path(tempfile.gettempdir()) / name


def _compute_sensitive(config: str, table: dict[int, str]) -> tuple[str, dict[str, tuple[tuple[int, str], ...]]]:

    freq = tokenizer().FREQ
    words = [w for w in freq if len(w) > 1 and freq.get(w)]
    if config == "t2s":  # the Traditional spellings of each word, in every standard
        words = sorted({f for c in STANDARDS for f in opencc_converter(c).convert("\n".join(words)).split("\n")})
    joined = "\n".join(words)
    whole = opencc_converter(config).convert(joined).split("\n")
    alone = joined.translate(table).split("\n")
    chars: set[str] = set()
    found: dict[str, set[tuple[int, str]]] = {}
    for word, a, b in zip(words, whole, alone, strict=True):
        if a == b or len(a) != len(word):
            continue
        i = next(k for k in range(len(word)) if a[k] != b[k])
        chars.add(word[i])
        start = i if i + 1 < len(word) else i - 1  # the pair at the first differing place
        found.setdefault(word[start:start + 2], set()).add((start, word))
    return "".join(sorted(chars)), {k: tuple(sorted(v)) for k, v in sorted(found.items())}


@lru_cache(maxsize=4)
def _sensitive_words(config: str) -> frozenset[str]:
    """The dictionary words that convert otherwise than their characters alone."""
    return frozenset(word for filed in sensitive(config)[1].values() for _, word in filed)


def _sensitive_at(text: str, config: str) -> Iterator[int]:
    """Places in `text` of a word that converts otherwise than its characters alone."""
    chars, words, _ = sensitive(config)
    for m in chars.finditer(text):
        i = m.start()
        for start in (i, i - 1):
            for offset, word in words.get(text[start:start + 2], ()) if start >= 0 else ():
                if start - offset >= 0 and text.startswith(word, start - offset):
                    yield i
                    break


def _names_at(text: str) -> Iterator[int]:
    """Places in `text` where a personal name may start with a surname: a dictionary word tagged
    as a name (范长江), or a surname that is not part of a two-character dictionary word with the
    character before or after it (关于, 其余, 范围, 党委) where jieba's tagger reads a name from
    the characters after it."""
    _, joined, named = _tagging()
    for m in _SURNAME.finditer(text):
        i = m.start()
        tagged = text[i:i + 2] in named or text[i:i + 3] in named or text[i:i + 4] in named
        free = (text[i - 1:i + 1] not in joined and text[i:i + 2] not in joined
                and _NAME_TEXT.match(text, i) is not None)  # a name goes on in Han characters
        if tagged or (free and _run_name(_leading_singles(text[i:i + 7]), 0)):
            yield i


@lru_cache(maxsize=1 << 14)  # the same windows (党的建设, 于2023年) come back in every notice
def _leading_singles(text: str) -> str:
    """Up to three characters at the start of `text` that no dictionary word joins to what
    follows (where the tagger looks for a name, as `_words` does with jieba's own segmentation;
    this is the cheap reading of it used to decide whether to segment at all)."""
    freq = tokenizer().FREQ
    end = min(len(text), 3)
    for j in range(1, end):
        if any(freq.get(text[j:j + n]) for n in (2, 3, 4) if j + n <= len(text)):
            return text[:j]
    return text[:end]


@lru_cache(maxsize=1)
def _pos_tokenizer():
    """jieba's part-of-speech tagger over the archive's tokenizer, its word → tag table served
    from a sorted key list cached next to jieba's (jieba's own load reads its dictionary file
    again, half a second in every worker)."""
    posseg = _import_posseg()


    tagger = posseg.POSTokenizer.__new__(posseg.POSTokenizer)
    tagger.tokenizer = tokenizer()
    tagger.word_tag_tab = _tagging()[0]
    return tagger


def _import_posseg():
    """jieba.posseg, imported without its module-level default tagger reading jieba's whole
    dictionary again for the tags (half a second in every process): that tagger, which the
    archive never uses, is built over an empty dictionary; the archive's has its own table."""
    import sys

    from .words import _import_jieba

    jieba = _import_jieba()
    if "jieba.posseg" not in sys.modules:
        saved = jieba.dt.dictionary
        jieba.dt.dictionary = os.devnull
        try:
            import jieba.posseg
        finally:
            jieba.dt.dictionary = saved
    return sys.modules["jieba.posseg"]


@lru_cache(maxsize=1)
def _tagging() -> tuple[SortedFreq, frozenset[str], frozenset[str]]:
    """(word → part-of-speech tag, the two-character dictionary words holding a surname, the
    dictionary words tagged as personal names starting with a surname), from a per-machine
    cache."""
    from .words import _cache_path, _import_jieba

    jieba = _import_jieba()
    path = Path(tempfile.gettempdir()) / f"converters-tags-4-{_cache_path(jieba).stem}.cache"
    try:
        keys, tags, pattern, named = marshal.loads(path.read_bytes())
        key_list, tag_list = keys.split("\n"), tags.split("\n")
        if len(key_list) != len(tag_list):
            raise ValueError(path)
    except (OSError, ValueError, EOFError, TypeError):
        table = _import_posseg().POSTokenizer(tokenizer()).word_tag_tab
        key_list = sorted(table)
        tag_list = [table[k] for k in key_list]
        pattern = "\n".join(w for w in key_list if len(w) == 2 and (w[0] in SURNAMES or w[1] in SURNAMES))
        named = "\n".join(w for w, t in zip(key_list, tag_list, strict=True)
                          if len(w) > 1 and w[0] in SURNAMES and t in _NAME_TAGS)
        save_cache(path, marshal.dumps(("\n".join(key_list), "\n".join(tag_list), pattern, named)))
    return SortedFreq(key_list, tag_list), frozenset(pattern.split("\n")), frozenset(named.split("\n"))  # type: ignore[arg-type]


def names_in(texts: Iterable[str | None]) -> frozenset[str]:
    """Names a notice lists (signature, byline, editor): runs of 2–4 Han characters that start
    with one of the surnames whose conversion would change them and are no dictionary word
    (钟表厂), unless the dictionary tags the word as a personal name."""

    freq = tokenizer().FREQ
    found = set()
    for text in texts:
        for run in _NAME_TEXT.findall(text or ""):
            if run[0] in SURNAMES and (not freq.get(run) or _tagging()[0].get(run) in _NAME_TAGS):
                found.add(run)
    return frozenset(found)


def convert(texts: Sequence[str], config: str, names: frozenset[str] = frozenset()) -> list[str]:
    """Each text converted by OpenCC `config` (a standard, or "t2s") word by word.

    The texts are converted in one OpenCC call joined by line ends, which no dictionary entry
    spans; they must not contain line ends themselves.
    """
    if not texts:
        return []
    joined = "\n".join(texts)
    by_char = by_characters(config)(joined)
    if config == "t2s":
        plain = opencc_converter(config).convert(joined)
        if len(plain) != len(joined):  # never seen: a phrase of another length; segment every clause
            spans = [m.span() for m in _CLAUSE.finditer(joined)]
            return _apply(joined, joined, spans, config, names, joined).split("\n")
    else:
        plain = by_char  # where no word converts otherwise than its characters, they are the words
    _, pattern = _phrases(config)
    places = [m.start() for m in pattern.finditer(joined)] if pattern is not None else []
    places += _sensitive_at(joined, config)
    if config != "t2s":
        places += _names_at(joined)
        places += [m.start() for name in names for m in re.finditer(re.escape(name), joined)]
    # Only the lines holding a place or a phrase OpenCC decided are split into clauses (no
    # clause spans a line end): most lines of a notice have neither.
    ends = list(accumulate(len(t) + 1 for t in texts))  # each line's end + 1 in `joined`
    at: dict[int, list[int]] = {}
    for i in places:
        at.setdefault(bisect_right(ends, i), []).append(i)
    todo = []
    for k, end in enumerate(ends):
        start, end = end - len(texts[k]) - 1, end - 1
        if k not in at and (plain is by_char or plain[start:end] == by_char[start:end]):
            continue
        clauses = [m.span() for m in _CLAUSE.finditer(joined, start, end)]
        starts = [a for a, _ in clauses]
        marked = {j for i in at.get(k, ()) if (j := bisect_right(starts, i) - 1) >= 0 and i < clauses[j][1]}
        todo += [(a, b) for j, (a, b) in enumerate(clauses)
                 if j in marked or (plain is not by_char and plain[a:b] != by_char[a:b])]
    if not todo:
        return plain.split("\n")
    return _apply(joined, plain, todo, config, names, joined if config != "t2s" else plain,
                  by_char=plain is by_char).split("\n")


def _apply(text: str, base: str, spans: list[tuple[int, int]], config: str, names: frozenset[str],
           simplified: str, by_char: bool = False) -> str:
    """`base` (aligned with `text`) with each span replaced by its word-by-word conversion.

    Words are found in `simplified`, the text itself or for t2s OpenCC's same-length conversion
    of it: jieba's dictionary is Simplified. Where `base` is the text converted `by_char`, it
    already holds every word that converts as its characters do: only the others are converted.
    """
    differ = _sensitive_words(config) if by_char else None
    words: list[tuple[int, int, str | None]] = []  # (start, end, fixed form or None)
    for a, b in spans:
        for start, end, fixed in _segment(simplified[a:b], text[a:b], config, names):
            if fixed is None and differ is not None and text[a + start:a + end] not in differ:
                continue  # as in `base`
            words.append((a + start, a + end, fixed))
    loose = [text[a:b] for a, b, fixed in words if fixed is None]
    converted = iter(opencc_converter(config).convert("\n".join(loose)).split("\n") if loose else [])
    out, last = [], 0
    for a, b, fixed in words:
        out += [base[last:a], fixed if fixed is not None else next(converted)]
        last = b
    out.append(base[last:])
    return "".join(out)


def _segment(seen: str, original: str, config: str, names: frozenset[str]) -> list[tuple[int, int, str | None]]:
    """Words of one clause as (start, end, fixed form or None to convert with OpenCC): the
    phrase table's entries and the notice's names first, jieba's words between them."""
    table, pattern = _phrases(config)
    keep_surnames = config != "t2s"
    fixed_at = [(m.start(), m.end(), table[m.group()]) for m in pattern.finditer(original)] if pattern else []
    for name in names if keep_surnames else ():
        fixed_at += [(m.start(), m.end(), _name(name, config)) for m in re.finditer(re.escape(name), original)]
    fixed_at.sort(key=lambda f: (f[0], -f[1]))
    out: list[tuple[int, int, str | None]] = []
    last = 0
    for a, b, form in fixed_at:
        if a < last:
            continue  # overlaps an earlier entry
        out += _words(seen, last, a, config)
        out.append((a, b, form))
        last = b
    out += _words(seen, last, len(seen), config)
    return out


def _words(text: str, a: int, b: int, config: str) -> list[tuple[int, int, str | None]]:
    """jieba's words of text[a:b]; a personal name starting with a surname is fixed."""
    if a >= b:
        return []
    return [(a + start, a + end, fixed) for start, end, fixed in _piece_words(text[a:b], config)]


@lru_cache(maxsize=1 << 15)
def _piece_words(piece: str, config: str) -> tuple[tuple[int, int, str | None], ...]:
    """`_words` of one piece of a clause, remembered: notices repeat their clauses (联系电话,
    特此公告, the issuer's name) and segmenting is the costly part.

    Names are what jieba's tagger calls one (`nr`): a dictionary word tagged so, or a run of
    characters the dictionary does not know, which the tagger reads with its HMM (only those
    runs: the HMM is the costly part).
    """

    tokens = list(tokenizer().cut(piece, HMM=False))
    out: list[tuple[int, int, str | None]] = []
    pos = 0
    if config == "t2s" or not _SURNAME.search(piece):
        for word in tokens:
            out.append((pos, pos + len(word), None))
            pos += len(word)
        return tuple(out)
    tags = _tagging()[0]
    i = 0
    while i < len(tokens):
        word = tokens[i]
        if len(word) == 1:  # a run of characters the dictionary does not join
            j = i
            while j < len(tokens) and len(tokens[j]) == 1:
                j += 1
            run = "".join(tokens[i:j])
            k = 0
            while k < len(run):
                name = _run_name(run, k) if run[k] in SURNAMES else None
                size = len(name) if name else 1
                out.append((pos, pos + size, _name(name, config) if name else None))
                pos += size
                k += size
            i = j
            continue
        flag = tags.get(word, "") if word[0] in SURNAMES else ""
        out.append((pos, pos + len(word), _fixed_name(word, flag, config)))
        pos += len(word)
        i += 1
    return tuple(out)


def _run_name(run: str, k: int) -> str | None:
    """The personal name starting at run[k] (a surname), if jieba's tagger reads one there:
    tagged on the three characters from it only, as a name has at most three."""
    window = run[k:k + 3]
    return _tagged_name(window) if len(window) > 1 and _NAME_TEXT.match(window) else None


@lru_cache(maxsize=4096)
def _tagged_name(window: str) -> str | None:
    """The first word of `window` if the tagger calls it a personal name (the same few windows,
    党的 or 于是, come back in every notice; the tagger's HMM is slow)."""
    first = next(iter(_pos_tokenizer().cut(window, HMM=True)))
    return first.word if first.flag in _NAME_TAGS and len(first.word) > 1 else None


def _fixed_name(word: str, flag: str, config: str) -> str | None:
    """The converted name if jieba's tag says `word` is a personal name starting with a surname."""
    if flag in _NAME_TAGS and len(word) > 1 and word[0] in SURNAMES:
        return _name(word, config)
    return None


def _name(name: str, config: str) -> str:
    """A Simplified personal name in Traditional: the surname as a surname, the rest by OpenCC."""
    return SURNAMES.get(name[0], name[0]) + opencc_converter(config).convert(name[1:])
