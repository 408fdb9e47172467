"""Script detection and conversion, including every entry of the override file."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converters import scripts
from converters.scripts import OVERRIDES_PATH, detect_script, differences, load_overrides, to_script, to_script_all

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


# Characters OpenCC converts in phrases and alone, override triggers, line ends.
_MIXED = st.text(alphabet="中國国著力发發后後乾干台臺云雲\n a", max_size=40)


@given(a=st.text(max_size=12), b=st.text(max_size=12))
def test_differences_counts_like_comparing_characters(a, b):
    assert differences(a, b) == sum(x != y for x, y in zip(a, b, strict=False))


@given(texts=st.lists(_MIXED.map(lambda t: t.replace("\n", "")), max_size=6), script=st.sampled_from(["hans", "hant"]))
def test_converting_lines_together_is_converting_each(texts, script):
    assert to_script_all(texts, script) == [to_script(t, script) for t in texts]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_MIXED, sample=st.integers(1, 30), script=st.sampled_from(["hans", "hant"]))
def test_detection_sample_is_converted_as_if_on_its_own(monkeypatch, text, sample, script):
    monkeypatch.setattr(scripts, "SAMPLE", sample)
    assert scripts._sample_to_script(text, script) == to_script(text[:sample], script)
