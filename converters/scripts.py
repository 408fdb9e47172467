"""Script detection and Simplified⇄Traditional conversion (OpenCC plus our overrides).

OpenCC converts characters and common phrases well but keeps some Traditional forms that
are also valid Simplified characters (著力 should become 着力). Such terms live in
`data/script_overrides.tsv`, one `direction<TAB>from<TAB>to` per line, each pinned by a test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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


def detect_script(text: str) -> str:
    """"hant" when more characters change under t2s than under s2t, else "hans"."""
    sample = text[:4000]  # a few thousand characters decide it; the rest only costs time
    to_simple = converter("hant", "hans")(sample)
    to_trad = converter("hans", "hant")(sample)
    trad = sum(a != b for a, b in zip(sample, to_simple, strict=False))
    simple = sum(a != b for a, b in zip(sample, to_trad, strict=False))
    return "hant" if trad > simple else "hans"
