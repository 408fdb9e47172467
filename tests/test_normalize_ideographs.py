"""Radicals and compatibility ideographs that broken fonts and OCR produce become the unified
ideographs they are drawn as, for every input; nothing else changes."""

from __future__ import annotations

import unicodedata

from converters.normalize import UNIFIED, normalize_text, unify_ideographs
from converters.pipeline import convert_bytes


def test_kangxi_radicals_become_the_ideographs_they_look_like():
    # U+2F08 KANGXI RADICAL MAN, U+2F1D MOUTH, U+2FA8 GATE, U+2F2F WORK
    assert unify_ideographs("\u2f08\u2f1d\u2fa8\u2f2f") == "人口門工"


def test_radicals_supplement_maps_by_unicode_equivalence_not_nfkc():
    # NFKC leaves U+2EA0 CJK RADICAL CIVILIAN alone; Unicode's equivalence table says 民.
    assert unicodedata.normalize("NFKC", "\u2ea0") == "\u2ea0"
    assert unify_ideographs("人\u2ea0政府") == "人民政府"
    # U+2ED4 CJK RADICAL C-SIMPLIFIED GATE is drawn as 门, U+2EC5 SIMPLIFIED SEE as 见.
    assert unify_ideographs("\u2ed4\u2ec5") == "门见"


def test_a_radical_with_no_equivalent_ideograph_is_kept():
    # U+2E80 CJK RADICAL REPEAT has no unified ideograph that looks the same.
    assert unify_ideographs("\u2e80") == "\u2e80"


def test_compatibility_ideographs_both_planes_become_unified():
    # U+F900 → 豈 (U+8C48); U+F9DC → 隆 (U+9686); U+2F800 → 丽 (U+4E3D)
    assert unify_ideographs("\uf900\uf9dc\U0002f800") == "豈隆丽"


def test_unified_ideographs_inside_the_compatibility_block_stay():
    # U+FA0E and U+FA11 are unified ideographs that happen to live in the compatibility block.
    assert unify_ideographs("\ufa0e\ufa11") == "\ufa0e\ufa11"


def _unified(ch: str) -> bool:
    # By block, not by name: Python's Unicode tables may predate an extension's newest additions.
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x3FFFF


def test_every_mapping_lands_on_a_unified_ideograph():
    assert len(UNIFIED) > 1000  # 214 Kangxi radicals, 114 supplements, about a thousand compatibility ideographs
    for source, target in UNIFIED.items():
        assert len(target) == 1 and _unified(target), (hex(source), target)


def test_full_width_punctuation_and_letters_keep_their_own_rules():
    # Only the ideograph ranges are folded: NFKC would narrow ，：（） and the ideographic space.
    assert normalize_text("\u2f00\u2fa8：（一），《通知》、“好”") == "一門：（一），《通知》、“好”"


def test_a_text_notice_with_kangxi_radicals_reads_as_ideographs():
    raw = "关于\u2f08\u2f1d普查的通知\n\n各单位：\n\n请做好\u2f08\u2f1d普查工作。\n".encode()
    notice = convert_bytes(raw, "radicals.txt")
    text = notice.title + "".join(b.text for b in notice.blocks)
    assert "人口普查" in text
    assert not any(0x2F00 <= ord(c) <= 0x2FDF for c in text)
