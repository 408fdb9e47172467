"""Script detection and conversion, including every entry of the override file."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from converters.markdown import render_markdown
from converters.notice import Block, Notice
from converters.scripts import OVERRIDES_PATH, detect_script, load_overrides, to_script, to_script_all

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


@given(texts=st.lists(_MIXED.map(lambda t: t.replace("\n", "")), max_size=6), script=st.sampled_from(["hans", "hant"]))
def test_converting_lines_together_is_converting_each(texts, script):
    assert to_script_all(texts, script) == [to_script(t, script) for t in texts]


def test_script_is_detected_from_the_characters_only_one_script_uses():
    assert detect_script("国务院办公厅关于进一步加强工作的通知") == "hans"
    assert detect_script("國務院辦公廳關於進一步加強工作的通知") == "hant"
    # A Simplified text quoting a few Traditional names is still Simplified.
    assert detect_script("关于表彰臺灣同胞的决定，请各单位认真学习并贯彻执行。") == "hans"


def test_a_notice_keeps_its_own_words_on_the_page_of_its_own_script():
    notice = Notice(id="x", source_path="x.txt", encoding="utf-8", script="hant",
                    blocks=[Block("para", "秘書長王東峰出席。")], title="臺北市政府秘書處公告")
    page = render_markdown(notice, "hant")
    assert "秘書長王東峰出席。" in page and "臺北市政府秘書處公告" in page
    assert "秘书长" in render_markdown(notice, "hans")
