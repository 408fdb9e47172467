"""Script detection and conversion, including every entry of the override file."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from converters.scripts import OVERRIDES_PATH, detect_script, load_overrides, to_script

ROOT = Path(__file__).resolve().parent.parent
ENTRIES = [(d, s, t) for d, table in load_overrides(OVERRIDES_PATH).items() for s, t in table.items()]


@pytest.mark.parametrize(("direction", "wrong", "right"), ENTRIES)
def test_override_entry_is_needed_and_applied(direction, wrong, right):
    assert opencc.OpenCC(direction).convert(wrong) == wrong, "OpenCC now gets this right: drop the override"
    assert to_script(wrong, "hans" if direction == "t2s" else "hant") == right


def test_traditional_sample_is_detected_as_hant_and_simplified_as_hans():
    assert detect_script((ROOT / "notices" / "004_af567c2eb27d93a5.txt").read_text(encoding="utf-8")) == "hant"
    assert detect_script((ROOT / "notices" / "000_cba325303ee0ceab.txt").read_text(encoding="utf-8")) == "hans"


def test_conversion_both_ways():
    assert to_script("巡视整改", "hant") == "巡視整改"
    assert to_script("巡視整改", "hans") == "巡视整改"
    assert to_script("港澳办", "hant") == "港澳辦"
