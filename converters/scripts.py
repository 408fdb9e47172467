"""Script detection and Simplified⇄Traditional conversion (OpenCC word by word, plus overrides).

Conversion is converters.wordconv: segmented first, word by word, in the configured Traditional
standard (`s2tw` by default; `s2hk`, `s2t`). OpenCC keeps some Traditional forms that are also
valid Simplified characters (著力 should become 着力). Such terms live in
`data/script_overrides.tsv`, one `direction<TAB>from<TAB>to` per line ("s2t" lines apply to
every Traditional standard), each pinned by a test.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy

from .wordconv import DEFAULT_STANDARD, STANDARDS, check_standard, opencc_converter
from .wordconv import convert as convert_words

SCRIPTS = ("hans", "hant")
__all__ = ["DEFAULT_STANDARD", "STANDARDS", "check_standard"]
OVERRIDES_PATH = Path(__file__).parent / "data" / "script_overrides.tsv"


def load_overrides(path: Path = OVERRIDES_PATH) -> dict[str, dict[str, str]]:
    """Direction ("s2t"/"t2s") → {wrong OpenCC output: right form}."""
    table: dict[str, dict[str, str]] = {"s2t": {}, "t2s": {}}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        direction, source, target = line.split("\t")
        table[direction][source] = target
    return table


@lru_cache(maxsize=8)
def converter(source: str, target: str, standard: str = DEFAULT_STANDARD,
              names: frozenset[str] = frozenset()) -> Callable[[Sequence[str]], list[str]]:
    """A function converting lines (without line ends) from one script to the other, word by
    word: Traditional in `standard`, personal names in `names` keeping their surnames."""
    if source == target:
        return list
    config = check_standard(standard) if target == "hant" else "t2s"
    fixes = load_overrides()["t2s" if target == "hans" else "s2t"]
    if not fixes:
        return lambda texts: convert_words(texts, config, names)
    pattern = re.compile("|".join(re.escape(k) for k in sorted(fixes, key=len, reverse=True)))

    def convert(texts: Sequence[str]) -> list[str]:
        return [pattern.sub(lambda m: fixes[m.group(0)], t) for t in convert_words(texts, config, names)]

    return convert


def to_script(text: str, script: str, standard: str = DEFAULT_STANDARD, names: frozenset[str] = frozenset()) -> str:
    """Convert text of any script to `script` ("hans" or "hant")."""
    return "\n".join(to_script_all(text.split("\n"), script, standard, names))


def to_script_all(texts: Sequence[str], script: str, standard: str = DEFAULT_STANDARD,
                  names: frozenset[str] = frozenset()) -> list[str]:
    """`to_script` of each text, in one OpenCC call: the per-call cost dominates short texts.

    Joining at line ends changes nothing: no dictionary entry, override or word spans one.
    """
    if any("\n" in t for t in texts):
        return [to_script(t, script, standard, names) for t in texts]
    return list(_lines_to_script("\n".join(texts), script, standard, names)) if texts else []


@lru_cache(maxsize=8)
def _lines_to_script(text: str, script: str, standard: str, names: frozenset[str]) -> tuple[str, ...]:
    """The lines of `text` converted to `script`, kept for the next calls: a notice's body
    is converted to both scripts to detect its script, then again to render its pages."""
    source = "hant" if script == "hans" else "hans"
    return tuple(converter(source, script, standard, names)(text.split("\n")))


SAMPLE = 4000  # characters: a few thousand decide the script; the rest only costs time
# The ideographs OpenCC knows: CJK Unified (with Extension A) and the compatibility block.
_IDEOGRAPHS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


@lru_cache(maxsize=1)
def _one_script_strings() -> tuple[str, str]:
    """(Traditional forms, Simplified forms): the characters OpenCC changes when converting to
    the other script, read off OpenCC itself once per process (a tenth of a second)."""
    chars = [chr(c) for lo, hi in _IDEOGRAPHS for c in range(lo, hi)]
    joined = "\n".join(chars)  # one character per line: no phrase spans two
    to_hans = opencc_converter("t2s").convert(joined).split("\n")
    to_hant = opencc_converter("s2t").convert(joined).split("\n")
    traditional = "".join(c for c, s in zip(chars, to_hans, strict=True) if s != c)
    simplified = "".join(c for c, t in zip(chars, to_hant, strict=True) if t != c)
    return traditional, simplified


@lru_cache(maxsize=1)
def one_script_characters() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(Traditional forms, Simplified forms) as character classes."""
    traditional, simplified = _one_script_strings()
    return re.compile(f"[{traditional}]"), re.compile(f"[{simplified}]")


_TRADITIONAL, _SIMPLIFIED = 1, 2


@lru_cache(maxsize=1)
def _script_of_code_point() -> numpy.ndarray:
    """For each code point, its bits _TRADITIONAL and _SIMPLIFIED: counted over a text in one array
    lookup instead of two regex scans over thousand-character classes."""
    marks = numpy.zeros(0x110000, dtype=numpy.uint8)
    traditional, simplified = _one_script_strings()
    marks[[ord(c) for c in traditional]] |= _TRADITIONAL
    marks[[ord(c) for c in simplified]] |= _SIMPLIFIED  # some are both (乾): they count for neither
    return marks


def detect_script(text: str) -> str:
    """"hant" when more characters of the text have a Simplified form than a Traditional one.

    Counted on the characters, not by converting the text: only the other script's page
    needs a conversion.
    """
    codes = numpy.frombuffer(text[:SAMPLE].encode("utf-32-le", "surrogatepass"), dtype="<u4")
    counts = numpy.bincount(_script_of_code_point()[codes], minlength=4)
    return "hant" if counts[_TRADITIONAL] > counts[_SIMPLIFIED] else "hans"


def to_page(text: str, original: str, script: str, standard: str = DEFAULT_STANDARD,
            names: frozenset[str] = frozenset()) -> str:
    """A notice's own text on its page in `script`: as written on the page of its own script,
    character for character; only the other script's page is converted."""
    return text if script == original else to_script(text, script, standard, names)
