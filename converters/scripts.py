"""Script detection and Simplified⇄Traditional conversion (OpenCC plus our overrides).

OpenCC converts characters and common phrases well but keeps some Traditional forms that
are also valid Simplified characters (著力 should become 着力). Such terms live in
`data/script_overrides.tsv`, one `direction<TAB>from<TAB>to` per line, each pinned by a test.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

import opencc

SCRIPTS = ("hans", "hant")
_CONFIG = {("hans", "hant"): "s2t", ("hant", "hans"): "t2s"}
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


@lru_cache(maxsize=4)
def converter(source: str, target: str) -> Callable[[str], str]:
    """A function converting text from one script to the other; identity if equal."""
    if source == target:
        return lambda text: text
    config = _CONFIG[(source, target)]
    cc = opencc.OpenCC(config)
    fixes = load_overrides()[config]
    if not fixes:
        return cc.convert
    pattern = re.compile("|".join(re.escape(k) for k in sorted(fixes, key=len, reverse=True)))

    def convert(text: str) -> str:
        return pattern.sub(lambda m: fixes[m.group(0)], cc.convert(text))

    return convert


def to_script(text: str, script: str) -> str:
    """Convert text of any script to `script` ("hans" or "hant")."""
    if script == "hant":
        return converter("hans", "hant")(text)
    return converter("hant", "hans")(text)


def to_script_all(texts: Sequence[str], script: str) -> list[str]:
    """`to_script` of each text, in one OpenCC call: the per-call cost dominates short texts.

    Joining at line ends changes nothing: no dictionary entry or override spans one, so
    OpenCC's longest-match segmentation restarts after every "\n".
    """
    if any("\n" in t for t in texts):
        return [to_script(t, script) for t in texts]
    return list(_lines_to_script("\n".join(texts), script)) if texts else []


@lru_cache(maxsize=4)
def _lines_to_script(text: str, script: str) -> tuple[str, ...]:
    """The lines of `text` converted to `script`, kept for the next calls: a notice's body
    is converted to both scripts to detect its script, then again to render its pages."""
    return tuple(to_script(text, script).split("\n"))


SAMPLE = 4000  # characters: a few thousand decide the script; the rest only costs time


def detect_script(text: str) -> str:
    """"hant" when more characters change under t2s than under s2t, else "hans"."""
    sample = text[:SAMPLE]
    trad = differences(sample, _sample_to_script(text, "hans"))
    simple = differences(sample, _sample_to_script(text, "hant"))
    return "hant" if trad > simple else "hans"


def _sample_to_script(text: str, script: str) -> str:
    """`to_script(text[:SAMPLE], script)`, from the converted lines of the whole text (which
    rendering reuses) and the line the sample cuts, converted on its own as its end differs."""
    sample = text[:SAMPLE]
    complete = sample.count("\n")
    if not complete:
        return to_script(sample, script)
    lines = _lines_to_script(text, script)[:complete]
    return "\n".join((*lines, to_script(sample[sample.rfind("\n") + 1 :], script)))


def differences(a: str, b: str) -> int:
    """How many positions (up to the shorter string's end) hold different characters.

    Counted on big integers, in C: each character is a 32-bit lane of the XOR of the two
    strings in UTF-32, and a lane, being below 2**21 like every code point, is nonzero
    exactly when adding 0x1FFFFF to it carries into its bit 21 (and never into the next lane).
    """
    n = min(len(a), len(b))
    x = _lanes(a[:n]) ^ _lanes(b[:n])
    low = int.from_bytes(b"\xff\xff\x1f\x00" * n, "little")
    bit21 = int.from_bytes(b"\x00\x00\x20\x00" * n, "little")
    return ((x + low) & bit21).bit_count()


def _lanes(text: str) -> int:
    return int.from_bytes(text.encode("utf-32-le", "surrogatepass"), "little")
