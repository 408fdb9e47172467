"""Nothing of a notice's text is silently lost: every letter and digit of the raw text
ends up in a block, a metadata field, or the list of removed furniture."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from converters.decode import decode
from converters.normalize import normalize_text
from converters.notice import Notice
from converters.pipeline import convert_file, convert_text
from converters.text import skeleton

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "notices").glob("*.txt"))


def accounted(notice: Notice) -> Counter:
    parts = [b.text for b in notice.blocks] + list(notice.removed)
    if not notice.title_derived:
        parts.append(notice.title)
    return Counter(skeleton("".join(parts)))


def missing(raw_text: str, notice: Notice) -> Counter:
    return Counter(skeleton(normalize_text(raw_text))) - accounted(notice)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_letter_and_digit_of_a_sample_notice_is_accounted_for(path):
    notice = convert_file(path)
    text = decode(path.read_bytes(), path.name).text
    assert missing(text, notice) == Counter()


def test_pinyin_annotations_are_listed_as_removed():
    notice = convert_text("全國(guó)政協(xié)辦公廳近年來著力提升機關干部的政治能力。", "x.txt")
    assert notice.blocks[0].text == "全國政協辦公廳近年來著力提升機關干部的政治能力。"
    assert any("(guó)(xié)" in r for r in notice.removed)


def test_furniture_only_notice_is_an_error_with_everything_in_removed():
    raw = "2025年02月05日16:44 来源:旗帜微平台\n相关专题 |\n· 党建专题 |\n"
    notice = convert_text(raw, "furniture.txt")
    assert notice.errors and notice.blocks == []
    assert missing(raw, notice) == Counter()
