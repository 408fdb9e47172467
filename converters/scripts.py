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
# The ideographs OpenCC knows: CJK Unified (with Extension A) and the compatibility block.
_IDEOGRAPHS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


@lru_cache(maxsize=1)
def one_script_characters() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(Traditional forms, Simplified forms) as character classes: the characters OpenCC
    changes when converting to the other script, read off OpenCC itself once per process
    (a quarter of a second)."""
    chars = [chr(c) for lo, hi in _IDEOGRAPHS for c in range(lo, hi)]
    joined = "\n".join(chars)  # one character per line: no phrase spans two
    to_hans = to_script(joined, "hans").split("\n")
    to_hant = to_script(joined, "hant").split("\n")
    traditional = "".join(c for c, s in zip(chars, to_hans, strict=True) if s != c)
    simplified = "".join(c for c, t in zip(chars, to_hant, strict=True) if t != c)
    return re.compile(f"[{traditional}]"), re.compile(f"[{simplified}]")


def detect_script(text: str) -> str:
    """"hant" when more characters of the text have a Simplified form than a Traditional one.

    Counted on the characters, not by converting the text: only the other script's page
    needs a conversion.
    """
    traditional, simplified = one_script_characters()
    sample = text[:SAMPLE]
    return "hant" if len(traditional.findall(sample)) > len(simplified.findall(sample)) else "hans"


def to_page(text: str, original: str, script: str) -> str:
    """A notice's own text on its page in `script`: as written on the page of its own script."""
    return text if script == original else to_script(text, script)
